package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.module.Module;
import org.spectralcnn.bridge.ImageFiles;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.image.CubeFiles;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.io.SpectraWriter;
import org.spectralcnn.launcher.CommandCatalog;
import org.spectralcnn.launcher.CommandInvoker;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Predict Image headless, through the launcher's text path: the map of a cube equals Predict
 * with Model on the same spectra as a table; masks, folder batch, refusals.
 */
class PredictImageCommandTest extends HeadlessCommandTest {

	private static final int W = 8, H = 5;

	@TempDir
	static Path dir;

	private static Path model, cube;
	private static SpectralDataset pixels;

	@BeforeAll
	static void prepare() throws Exception {
		final SpectralDataset soils = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
		model = dir.resolve("plsr.zip");
		PlsrWorkflow.train(soils, Preprocessing.parse("sg(11,2,1), snv"), List.of("clay", "soc"),
			SplitColumn.calibration(soils, "train"), new PlsrTraining.Settings(8, 5, Selection.MIN, 0,
				false, 2), null).model().save(model);
		cube = CubeFiles.write(dir, "core", soils, W, H);
		pixels = CubeFiles.pixels(soils, W, H);
	}

	private static Module launch(final String label, final String... kv) {
		final Map<String, String> args = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) args.put(kv[i], kv[i + 1]);
		return new CommandInvoker(context()).run(new CommandCatalog(context()).find(label), args);
	}

	private static void expect(final String message, final String... kv) {
		final CommandFailure e = assertThrowsQuietly(CommandFailure.class, () -> launch(
			"Predict Image", kv));
		assertTrue(e.getMessage().contains(message), "'" + e.getMessage() + "' should contain '" +
			message + "'");
	}

	@Test
	void mapEqualsPredictWithModelOnTheSameSpectra() throws Exception {
		// the cube read as a table (one row per pixel) and the same spectra written as a CSV
		final Path table = dir.resolve("pixels.csv"), csv = dir.resolve("pred.csv"), fromCube = dir
			.resolve("pred_cube.csv");
		SpectraWriter.write(pixels, table);
		launch("Predict with Model", "model", model.toString(), "input", table.toString(), "output",
			csv.toString());
		launch("Predict with Model", "model", model.toString(), "input", cube.toString(), "output",
			fromCube.toString());
		assertEquals(Files.readAllLines(csv), Files.readAllLines(fromCube));
		final Path tif = dir.resolve("map.tif");
		launch("Predict Image", "model", model.toString(), "input", cube.toString(), "output", tif
			.toString());
		final List<String> rows = Files.readAllLines(csv);
		final List<String> header = List.of(rows.get(0).split(","));
		final ImagePlus map = IJ.openImage(tif.toString());
		assertEquals(W, map.getWidth());
		assertEquals(H, map.getHeight());
		assertEquals(0.5, map.getCalibration().pixelWidth, 1e-12);
		assertEquals("mm", map.getCalibration().getUnit());
		final String[] labels = { "clay", "clay_lower", "clay_upper", "soc", "soc_lower",
			"soc_upper", "t2", "q", "out_of_domain" };
		assertEquals(labels.length, map.getStackSize());
		for (int s = 0; s < labels.length; s++) {
			assertEquals(labels[s], map.getStack().getSliceLabel(s + 1));
			final int c = header.indexOf(labels[s]);
			final float[] plane = (float[]) map.getStack().getProcessor(s + 1).getPixels();
			for (int i = 0; i < W * H; i++) {
				final String[] row = rows.get(i + 1).split(",");
				assertEquals(pixels.id(i), row[0]);
				final double v = Double.parseDouble(row[c]);
				assertEquals((float) v, plane[i], 1e-6 * (1 + Math.abs(v)), labels[s] + " " + row[0]);
			}
		}
	}

	@Test
	void maskLeavesNaNAndMustHaveTheCubesSize() throws Exception {
		final ByteProcessor ip = new ByteProcessor(W, H);
		ip.set(255);
		ip.set(3, 2, 0);
		final Path mask = dir.resolve("mask.tif");
		ImageFiles.saveTiff(new ImagePlus("mask", ip), mask);
		final Path tif = dir.resolve("masked.tif");
		launch("Predict Image", "model", model.toString(), "input", cube.toString(), "output", tif
			.toString(), "mask", mask.toString());
		final ImagePlus map = IJ.openImage(tif.toString());
		for (int s = 1; s <= map.getStackSize(); s++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					assertEquals(x == 3 && y == 2, Float.isNaN(map.getStack().getProcessor(s).getf(x, y)));

		final Path small = dir.resolve("small_mask.tif");
		ImageFiles.saveTiff(new ImagePlus("small", new ByteProcessor(W - 1, H)), small);
		expect("mask: " + small + " is 7 × 5 pixels, the image core.hdr is 8 × 5", "model", model
			.toString(), "input", cube.toString(), "output", dir.resolve("x.tif").toString(), "mask",
			small.toString());
		assertTrue(Files.notExists(dir.resolve("x.tif")), "nothing written after a refusal");
	}

	@Test
	void folderOfCubesGivesAFolderOfMaps() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("cubes"));
		final SpectralDataset soils = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
		CubeFiles.write(in, "a", soils, 4, 3);
		CubeFiles.write(in, "b", soils, 3, 2);
		// a spectral library beside the cubes is left out, not a reason to stop
		Files.writeString(in.resolve("library.hdr"), "ENVI\nsamples = 3\nlines = 1\nbands = 1\n" +
			"header offset = 0\nfile type = ENVI Spectral Library\ndata type = 4\n" +
			"interleave = bsq\nbyte order = 0\nwavelength = {400, 500, 600}\n");
		Files.write(in.resolve("library.sli"), new byte[12]);
		final Path out = dir.resolve("maps");
		launch("Predict Image", "model", model.toString(), "input", in.toString(), "output", out
			.toString());
		assertEquals(4, IJ.openImage(out.resolve("a.tif").toString()).getWidth());
		assertEquals(2, IJ.openImage(out.resolve("b.tif").toString()).getHeight());
		try (Stream<Path> maps = Files.list(out)) {
			assertEquals(2, maps.count(), "a map per cube, none for the library");
		}
		// a cube on another range does not stop the others; the command names it at the end
		final Path mixed = Files.createDirectories(dir.resolve("mixed"));
		CubeFiles.write(mixed, "a", soils, 4, 3);
		CubeFiles.write(mixed, "b_short", org.spectralcnn.data.Resampling.onto(soils,
			org.spectralcnn.data.SpectralAxis.regular(500, 5, 300, soils.axis().unit())), 3, 2);
		CubeFiles.write(mixed, "c", soils, 3, 2);
		final Path out2 = dir.resolve("maps2");
		final CommandFailure e = assertThrowsQuietly(CommandFailure.class, () -> launch(
			"Predict Image", "model", model.toString(), "input", mixed.toString(), "output", out2
				.toString()));
		assertTrue(e.getMessage().contains("1 of 3 cubes failed") && e.getMessage().contains(
			"b_short.hdr: "), e.getMessage());
		assertTrue(Files.isRegularFile(out2.resolve("a.tif")) && Files.isRegularFile(out2.resolve(
			"c.tif")) && Files.notExists(out2.resolve("b_short.tif")));
	}

	@Test
	void refusals() {
		expect("would overwrite the input", "model", model.toString(), "input", cube.toString(),
			"output", cube.toString());
		expect("should be a TIFF file", "model", model.toString(), "input", cube.toString(),
			"output", dir.resolve("map.png").toString());
		expect("mc_passes", "model", model.toString(), "input", cube.toString(), "output", dir
			.resolve("y.tif").toString(), "mc_passes", "1");
		expect("input: give an ENVI header (.hdr) or a folder", "model", model.toString(), "output",
			dir.resolve("z.tif").toString());
		expect("no .hdr file", "model", model.toString(), "input", Paths.get("test-data/batch")
			.toAbsolutePath().toString(), "output", dir.resolve("none").toString());
	}

	@Test
	void cancelWritesNothing() throws Exception {
		final Map<String, Object> in = new java.util.HashMap<>();
		in.put("model", model.toFile());
		in.put("input", cube.toFile());
		in.put("mask", null);
		in.put("output", dir.resolve("stopped.tif").toFile());
		assertTrue(runCancellingAt(PredictImageCommand.class, in, " model of ").isCanceled());
		assertTrue(Files.notExists(dir.resolve("stopped.tif")));
	}
}
