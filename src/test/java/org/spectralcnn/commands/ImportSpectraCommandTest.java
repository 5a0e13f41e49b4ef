package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.SharedData;
import org.spectralcnn.bridge.SpectraImages;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;

/** Import Spectra in a headless SciJava context, as Fiji runs it. */
class ImportSpectraCommandTest extends HeadlessCommandTest {

	@TempDir
	Path tmp;

	@Test
	void nirsoilToCalibratedTiffAndLabValues() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		in.put("input", SharedData.nirsoil().toFile());
		in.put("output", tmp.resolve("n.tif").toFile());
		in.put("targets_output", tmp.resolve("n.csv").toFile());
		in.put("plot", tmp.resolve("n.png").toFile());
		run(ImportSpectraCommand.class, in);

		final ImagePlus imp = IJ.openImage(tmp.resolve("n.tif").toString());
		assertEquals(700, imp.getWidth());
		assertEquals(825, imp.getHeight());
		assertEquals(ImagePlus.GRAY32, imp.getBitDepth() == 32 ? ImagePlus.GRAY32 : -1);
		assertEquals("nm", imp.getCalibration().getXUnit());
		assertEquals(1100, imp.getCalibration().getX(0), 1e-9);
		assertEquals(2498, imp.getCalibration().getX(699), 1e-9);
		final String[] ids = SpectraImages.sampleIds(imp);
		assertEquals(825, ids.length);
		assertEquals("825", ids[824]);
		assertEquals(0.3386885f, imp.getProcessor().getf(0, 0), 0f);

		final List<String> lines = Files.readAllLines(tmp.resolve("n.csv"), StandardCharsets.UTF_8);
		assertEquals("id,train,Nt,Ciso,CEC", lines.get(0));
		assertEquals(826, lines.size());
		final int[] missing = new int[3];
		for (final String line : lines.subList(1, lines.size())) {
			final String[] cells = line.split(",", -1);
			for (int t = 0; t < 3; t++) if (cells[2 + t].isEmpty()) missing[t]++;
		}
		assertEquals(180, missing[0]);
		assertEquals(93, missing[1]);
		assertEquals(378, missing[2]);
		assertTrue(Files.size(tmp.resolve("n.png")) > 1000);
	}

	@Test
	void gammaFolderGetsAnEnergyAxis() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		in.put("input", Path.of("test-data", "gamma").toFile());
		in.put("output", tmp.resolve("g.tif").toFile());
		run(ImportSpectraCommand.class, in);
		final ImagePlus imp = IJ.openImage(tmp.resolve("g.tif").toString());
		assertEquals(1024, imp.getWidth());
		assertEquals(2, imp.getHeight());
		assertEquals("keV", imp.getCalibration().getXUnit());
	}

	@Test
	void badInputFailsWithTheReaderMessageAndWritesNothing() throws Exception {
		final Path bad = tmp.resolve("ragged.csv");
		Files.write(bad, "id,1100,1102\na,0.1,0.2\nb,0.3\n".getBytes(StandardCharsets.UTF_8));
		final Map<String, Object> in = new HashMap<>();
		in.put("input", bad.toFile());
		in.put("output", tmp.resolve("never.tif").toFile());
		final String message = failure(ImportSpectraCommand.class, in);
		assertTrue(message.contains("ragged.csv, line 3"), message);
		assertFalse(Files.exists(tmp.resolve("never.tif")));
	}

	@Test
	void headlessWithNothingToWriteIsRefused() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		in.put("input", new File("test-data/soil_visnir.csv"));
		final String message = failure(ImportSpectraCommand.class, in);
		assertTrue(message.contains("output: give a .tif or .csv file"), message);
	}

	@Test
	void jcampAndEnviLibraryConvertToCsv() throws Exception {
		for (final String name : new String[] { "jcamp/example_compound_file.jdx",
			"envi/soil_library.hdr" })
		{
			final Path file = SharedData.require("instruments/" + name);
			final Path csv = tmp.resolve(file.getFileName() + ".csv");
			final Map<String, Object> in = new HashMap<>();
			in.put("input", file.toFile());
			in.put("output", csv.toFile());
			run(ImportSpectraCommand.class, in);
			// the table reads back as the same spectra on the same axis
			final SpectralDataset original = SpectraIO.open(file), table = SpectraIO.open(csv);
			assertEquals(original.ids(), table.ids(), name);
			assertEquals(original.axis(), table.axis(), name);
			assertArrayEquals(original.data(), table.data(), name);
			final String header = Files.readAllLines(csv, StandardCharsets.UTF_8).get(0);
			assertTrue(header.startsWith("id,"), header);
		}
	}

	@Test
	void resampleKeyPutsAFolderOnTheFirstGrid() throws Exception {
		final Path folder = Files.createDirectories(tmp.resolve("grids"));
		Files.write(folder.resolve("a.csv"), "nm,r\n1100,1\n1102,2\n1104,3\n".getBytes(
			StandardCharsets.UTF_8));
		Files.write(folder.resolve("b.csv"), "nm,r\n1100,1\n1104,3\n".getBytes(
			StandardCharsets.UTF_8));
		final Map<String, Object> in = new HashMap<>();
		in.put("input", folder.toFile());
		in.put("output", tmp.resolve("g.csv").toFile());
		final String message = failure(ImportSpectraCommand.class, in);
		assertTrue(message.contains("1 of 2 files differ: b.csv"), message);
		in.put("resample", true);
		run(ImportSpectraCommand.class, in);
		final SpectralDataset d = SpectraIO.open(tmp.resolve("g.csv"));
		assertEquals(2f, d.value(1, 1), 1e-6f);
	}

	@Test
	void refusesToOverwriteTheInput() throws Exception {
		final Path csv = tmp.resolve("soils.csv");
		Files.copy(Path.of("test-data", "soil_visnir.csv"), csv);
		final byte[] before = Files.readAllBytes(csv);
		final Map<String, Object> in = new HashMap<>();
		in.put("input", csv.toFile());
		in.put("targets_output", csv.toFile());
		assertThrows(ExecutionException.class, () -> run(ImportSpectraCommand.class, in));
		assertEquals(before.length, Files.readAllBytes(csv).length);
	}
}
