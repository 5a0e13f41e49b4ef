package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.SharedData;

/** {@code ./spectral-cnn} called as a user calls it: --run, -macro, demo, and failures. */
class LauncherIT {

	@TempDir
	Path tmp;

	@Test
	void runImportSpectraOnNirsoil() throws Exception {
		final Path nirsoil = SharedData.nirsoil();
		final Launcher.Result r = Launcher.run(120, "--headless", "--run", "Import Spectra",
			"input=" + nirsoil + ",output=" + tmp.resolve("n.tif") + ",targets_output=" + tmp.resolve(
				"n.csv"));
		assertEquals(0, r.exitCode(), r.toString());
		final ImagePlus imp = IJ.openImage(tmp.resolve("n.tif").toString());
		assertEquals(700, imp.getWidth());
		assertEquals(825, imp.getHeight());
		assertEquals(32, imp.getBitDepth());
		assertEquals(1100, imp.getCalibration().getX(0), 1e-9);
		assertEquals(2498, imp.getCalibration().getX(699), 1e-9);
		final List<String> csv = Files.readAllLines(tmp.resolve("n.csv"), StandardCharsets.UTF_8);
		assertEquals(826, csv.size());
		final List<String> header = List.of(csv.get(0).split(",", -1));
		final String[] targets = { "Nt", "Ciso", "CEC" };
		final long[] missing = { 180, 93, 378 };
		for (int t = 0; t < targets.length; t++) {
			final int column = header.indexOf(targets[t]);
			assertTrue(column > 0, targets[t] + " in " + header);
			assertEquals(missing[t], csv.stream().skip(1).filter(l -> l.split(",", -1)[column]
				.isEmpty()).count(), targets[t]);
		}
	}

	@Test
	void instrumentFilesConvertToCsvFromLauncherAndMacro() throws Exception {
		final Path jdx = SharedData.require("instruments/jcamp/sqzdupd1.jdx");
		final Launcher.Result r = Launcher.run(120, "--headless", "--run", "Import Spectra",
			"input=" + jdx + ",output=" + tmp.resolve("jdx.csv"));
		assertEquals(0, r.exitCode(), r.toString());
		final List<String> rows = Files.readAllLines(tmp.resolve("jdx.csv"), StandardCharsets.UTF_8);
		assertEquals(2, rows.size());
		// id, then title, data_type, yunits, date, then the 18669 points
		assertEquals(1 + 4 + 18669, rows.get(0).split(",").length, rows.get(0).substring(0, 80));

		final Path sli = SharedData.require("instruments/envi/soil_library.sli");
		final Path macro = tmp.resolve("envi.ijm");
		Files.write(macro, String.join("\n", "setBatchMode(true);", "run(\"Import Spectra\", " +
			"\"input=[" + sli + "] output=[" + tmp.resolve("lib.csv") + "]\");",
			"print(\"image \" + getWidth() + \" x \" + getHeight());").getBytes(
				StandardCharsets.UTF_8));
		final Launcher.Result m = Launcher.run(120, "-macro", macro.toString());
		assertEquals(0, m.exitCode(), m.toString());
		assertTrue(m.stdout().contains("image 1076 x 20"), m.toString());
		assertEquals(21, Files.readAllLines(tmp.resolve("lib.csv"), StandardCharsets.UTF_8).size());
	}

	@Test
	void failureIsOneLineAndExitCodeOne() throws Exception {
		final Path bad = tmp.resolve("ragged.csv");
		Files.write(bad, "id,1100,1102\na,0.1,0.2\nb,0.3\n".getBytes(StandardCharsets.UTF_8));
		final Launcher.Result r = Launcher.run(120, "--headless", "--run", "Import Spectra",
			"input=" + bad + ",output=" + tmp.resolve("x.tif"));
		assertEquals(1, r.exitCode(), r.toString());
		assertEquals(1, r.stderrLines().size(), r.toString());
		assertTrue(r.stderr().contains("ragged.csv, line 3, column 3 ('1102')"), r.toString());
		assertFalse(Files.exists(tmp.resolve("x.tif")));

		final Launcher.Result unknown = Launcher.run(120, "--headless", "--run", "Import Spectrum",
			"input=a");
		assertEquals(1, unknown.exitCode());
		assertTrue(unknown.stderr().contains("unknown command 'Import Spectrum'"), unknown
			.toString());
		final Launcher.Result badKey = Launcher.run(120, "--headless", "--run", "Import Spectra",
			"inptu=a");
		assertEquals(1, badKey.exitCode());
		assertTrue(badKey.stderr().contains("unknown key 'inptu'; keys: input, output"), badKey
			.toString());
	}

	@Test
	void macroReachesTheCommandWithTheSameKeys() throws Exception {
		final Path macro = tmp.resolve("import.ijm");
		final Path tif = tmp.resolve("with space.tif");
		Files.write(macro, String.join("\n", "setBatchMode(true);",
			"run(\"Import Spectra\", \"input=[" + Path.of("test-data", "soil_visnir.csv")
				.toAbsolutePath() + "] output=[" + tif + "] targets_output=[]\");", // empty: no file
			"print(\"image \" + getWidth() + \" x \" + getHeight() + \" \" + getInfo(\"image.subtitle\"));",
			"print(\"argument \" + getArgument());").getBytes(StandardCharsets.UTF_8));
		final Launcher.Result r = Launcher.run(120, "-macro", macro.toString(), "hello");
		assertEquals(0, r.exitCode(), r.toString());
		assertTrue(r.stdout().contains("image 421 x 200"), r.toString());
		assertTrue(r.stdout().contains("argument hello"), r.toString());
		assertTrue(Files.exists(tif));

		final Path failing = tmp.resolve("failing.ijm");
		Files.write(failing, ("run(\"Import Spectra\", \"input=[" + tmp.resolve("missing.csv") +
			"]\");\nprint(\"not reached\");").getBytes(StandardCharsets.UTF_8));
		final Launcher.Result f = Launcher.run(120, "-macro", failing.toString());
		assertEquals(1, f.exitCode(), f.toString());
		assertFalse(f.stdout().contains("not reached"), f.toString());
		assertTrue(f.stderr().contains("missing.csv"), f.toString());
	}

	@Test
	void demoWritesEveryStepsOutput() throws Exception {
		final Path out = tmp.resolve("demo");
		final Launcher.Result r = Launcher.run(600, "demo", out.toString());
		assertEquals(0, r.exitCode(), r.toString());
		for (final String f : new String[] { "spectra.tif", "lab_values.csv", "spectra.png",
			"xrf.tif", "gamma.tif", "preprocessed.csv", "spectrograms.tif", "spectrograms.png",
			"feature_maps/01_conv1.tif", "feature_maps/01_conv1_profile.png" })
			assertTrue(Files.size(out.resolve(f)) > 0, f);
	}
}
