package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.models.Models;

/** Train PLSR and Compare Models through {@code ./spectral-cnn}: --run, -macro and a failure. */
class PlsrLauncherIT {

	@TempDir
	Path tmp;

	@Test
	void runAndMacro() throws Exception {
		final Path data = Path.of("test-data", "soil_visnir.csv").toAbsolutePath();
		final Path model = tmp.resolve("plsr.zip");
		final Launcher.Result r = Launcher.run(180, "--headless", "--run", "Train PLSR", "input=" +
			data + ",targets=\"clay, soc\",max_components=10,folds=5,selection=1se,model=" + model +
			",report=" + tmp.resolve("report"));
		assertEquals(0, r.exitCode(), r.toString());
		assertTrue(Files.size(model) > 0);
		assertTrue(Files.isRegularFile(tmp.resolve("report/rmsecv_clay.png")));

		// intervals and flags of a PLSR model through --run; the old label still works (alias)
		final Launcher.Result p = Launcher.run(180, "--headless", "--run", "Predict with CNN",
			"model=" + model + ",input=" + data + ",output=" + tmp.resolve("p.csv") +
				",confidence=0.8");
		assertEquals(0, p.exitCode(), p.toString());
		final java.util.List<String> lines = Files.readAllLines(tmp.resolve("p.csv"));
		assertEquals("id,clay,clay_lower,clay_upper,soc,soc_lower,soc_upper,t2,q,out_of_domain",
			lines.get(0));
		final String[] row = lines.get(1).split(",");
		assertTrue(Double.parseDouble(row[2]) < Double.parseDouble(row[1]) && Double.parseDouble(
			row[1]) < Double.parseDouble(row[3]), lines.get(1));
		assertTrue((p.stdout() + p.stderr()).contains("80 % intervals by split conformal prediction"),
			p.toString());

		final Path macro = tmp.resolve("plsr.ijm");
		final Path second = tmp.resolve("with space.zip");
		Files.write(macro, String.join("\n", "setBatchMode(true);",
			"run(\"Train PLSR\", \"input=[" + data + "] targets=clay max_components=8 folds=5 model=[" +
				second + "]\");",
			"run(\"Compare Models\", \"models=[" + second + "," + model + "] input=[" + data +
				"] output=[" + tmp.resolve("compare") + "]\");",
			// the old label, kept as an alias in ImageJ's command table
			"run(\"Evaluate CNN\", \"model=[" + second + "] input=[" + data + "] output=[" + tmp
				.resolve("metrics.csv") + "] plots=[" + tmp.resolve("plots") + "] confidence=0.9\");",
			// spiking: the demo's local samples (another grid) added to a library's PLSR
			"run(\"Train PLSR\", \"input=[" + Path.of("test-data", "global_visnir.csv")
				.toAbsolutePath() + "] targets=clay max_components=8 local_input=[" + Path.of(
					"test-data", "local_visnir_shifted.csv").toAbsolutePath() + "] spike_weight=3 model=[" +
				tmp.resolve("spiked.zip") + "]\");",
			"print(\"done\");").getBytes(StandardCharsets.UTF_8));
		final Launcher.Result m = Launcher.run(180, "-macro", macro.toString());
		assertEquals(0, m.exitCode(), m.toString());
		assertTrue(m.stdout().contains("done"), m.toString());
		assertTrue(Files.readString(tmp.resolve("compare/comparison.csv")).contains(
			"clay,with space.zip,plsr,"));
		assertTrue(Files.readAllLines(tmp.resolve("metrics.csv")).get(0).endsWith(
			"coverage,mean_width,n_flagged,RMSE_unflagged,RMSE_flagged"));
		assertTrue(Files.readAllLines(tmp.resolve("plots/predictions.csv")).get(0).contains(
			"clay_lower,clay_upper"));
		assertEquals(3, Models.load(tmp.resolve("spiked.zip")).manifest().getAsJsonObject("spiking")
			.get("weight").getAsInt());

		final Launcher.Result bad = Launcher.run(120, "--headless", "--run", "Train PLSR", "input=" +
			data + ",targets=clay,max_components=0,model=" + tmp.resolve("bad.zip"));
		assertEquals(1, bad.exitCode(), bad.toString());
		assertEquals(1, bad.stderrLines().size(), bad.toString());
		assertTrue(bad.stderr().contains("max_components must be at least 1"), bad.toString());
		assertFalse(Files.exists(tmp.resolve("bad.zip")));
	}
}
