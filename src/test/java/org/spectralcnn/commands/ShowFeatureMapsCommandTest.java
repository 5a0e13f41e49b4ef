package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.bridge.FeatureMapFiles;
import org.spectralcnn.bridge.FeatureMapImages;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.featuremaps.FeatureMapSet;
import org.spectralcnn.featuremaps.FeatureMaps;
import org.spectralcnn.image.CubeFiles;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.train.CnnFixtures;

/**
 * Show Feature Maps headless on tiny 1-D and 2-D models trained by Train CNN on the synthetic
 * soils: one TIFF per layer, a hyperstack with a channel per filter and a slice per sample (its
 * stack size is the filter count for one sample), the values the model computes, and one-line
 * failures.
 */
class ShowFeatureMapsCommandTest extends HeadlessCommandTest {

	private static Path models;
	private static Path spectrum, spectrogram;

	@TempDir
	Path tmp;

	@BeforeAll
	static void train() throws Exception {
		models = Files.createTempDirectory("feature-map-models");
		spectrum = models.resolve("soil 1d.zip");
		spectrogram = models.resolve("soil2d.zip");
		run(TrainCnnCommand.class, training(spectrum, "spectrum", "snv", 2));
		run(TrainCnnCommand.class, training(spectrogram, "spectrogram", "", 1));
	}

	@AfterAll
	static void deleteModels() throws Exception {
		try (Stream<Path> files = Files.list(models)) {
			for (final Path f : files.toList()) Files.delete(f);
		}
		Files.delete(models);
	}

	/** Train CNN's tiny model, with windows that suit the 2-D one. */
	private static Map<String, Object> training(final Path model, final String representation,
		final String steps, final int epochs)
	{
		final Map<String, Object> in = tinyCnnTraining(model);
		in.put("representation", representation);
		in.put("steps", steps);
		in.put("window_size", 64);
		in.put("hop", 32);
		in.put("epochs", epochs);
		return in;
	}

	private static Map<String, Object> show(final Path model, final String sample,
		final String layers, final File output)
	{
		final Map<String, Object> in = new HashMap<>();
		in.put("model", model.toFile());
		in.put("input", CnnFixtures.SOIL.toFile());
		in.put("sample", sample);
		in.put("layers", layers);
		in.put("output", output);
		return in;
	}

	private static List<String> tiffs(final Path folder) throws Exception {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".tif")).sorted()
				.collect(Collectors.toList());
		}
	}

	/** The {@code filters} and {@code slices} columns of layers.csv, by file. */
	private static Map<String, int[]> table(final Path folder) throws Exception {
		final Map<String, int[]> rows = new HashMap<>();
		final List<String> lines = Files.readAllLines(folder.resolve("layers.csv"));
		for (final String line : lines.subList(1, lines.size())) {
			final String[] c = line.split(",");
			rows.put(c[17], new int[] { Integer.parseInt(c[3]), Integer.parseInt(c[6]) });
		}
		return rows;
	}

	@Test
	void spectrumModelWritesAStackPerLayerWithASlicePerFilter() throws Exception {
		final Path out = tmp.resolve("fm 1d");
		run(ShowFeatureMapsCommand.class, show(spectrum, "1", "all", out.toFile()));
		assertEquals(List.of("00_input.tif", "01_conv1.tif", "02_pool1.tif", "03_conv2.tif",
			"04_pool2.tif", "kernels_conv1.tif"), tiffs(out));
		final int[][] filtersAndWidth = { { 1, 421 }, { 8, 421 }, { 8, 105 }, { 16, 105 }, { 16,
			26 } };
		final List<String> tifs = tiffs(out);
		assertPlanned(out, FeatureMapFiles.FILES);
		final Map<String, int[]> table = table(out);
		for (int k = 0; k < 5; k++) {
			final ImagePlus imp = IJ.openImage(out.resolve(tifs.get(k)).toString());
			assertEquals(filtersAndWidth[k][0], imp.getStackSize(), tifs.get(k) +
				": a slice per filter (one sample)");
			assertEquals(filtersAndWidth[k][0], imp.getNChannels(), tifs.get(k));
			assertEquals(1, imp.getNSlices(), "one sample");
			assertEquals(1, imp.getHeight(), tifs.get(k));
			assertEquals(filtersAndWidth[k][1], imp.getWidth(), tifs.get(k));
			assertEquals("nm", imp.getCalibration().getXUnit());
			assertArrayEquals(new int[] { filtersAndWidth[k][0], filtersAndWidth[k][0] }, table.get(
				tifs.get(k)), "layers.csv: filters and slices of " + tifs.get(k));
		}
		final ImagePlus kernels = IJ.openImage(out.resolve("kernels_conv1.tif").toString());
		assertEquals(8, kernels.getStackSize(), "a kernel per filter");
		assertEquals(1, kernels.getHeight());
		for (final String png : new String[] { "00_input.png", "01_conv1.png",
			"01_conv1_profile.png", "04_pool2.png", "04_pool2_profile.png", "kernels_conv1.png" })
			assertTrue(Files.size(out.resolve(png)) > 0, png);
		assertEquals(7, Files.readAllLines(out.resolve("layers.csv")).size());

		// the values are those of the saved model
		final CnnModel model = CnnModel.load(spectrum);
		final FeatureMapSet set = FeatureMaps.extract(model, SpectraIO.open(CnnFixtures.SOIL),
			new int[] { 0 }, null);
		final ImagePlus pool2 = IJ.openImage(out.resolve("04_pool2.tif").toString());
		for (int f = 0; f < 16; f++)
			assertArrayEquals(set.layer("pool2").plane(f), (float[]) pool2.getStack().getPixels(f + 1),
				0);
		assertEquals("pool2 · filter 16", pool2.getStack().getSliceLabel(16));
		final ImagePlus input = IJ.openImage(out.resolve("00_input.tif").toString());
		assertEquals("input · S001", input.getProp("Slice_Label"),
			"ImageJ keeps a single image's label here");

		// several samples: channels = filters, slices = samples
		final Path two = tmp.resolve("fm 1d two");
		run(ShowFeatureMapsCommand.class, show(spectrum, "S002, 5", "conv2", two.toFile()));
		assertEquals(List.of("00_input.tif", "03_conv2.tif", "kernels_conv1.tif"), tiffs(two));
		final ImagePlus conv2 = IJ.openImage(two.resolve("03_conv2.tif").toString());
		assertEquals(16, conv2.getNChannels());
		assertEquals(2, conv2.getNSlices());
		assertEquals(32, conv2.getStackSize());
		assertEquals("conv2 · filter 16 · S005", conv2.getStack().getSliceLabel(32));
		assertArrayEquals(new int[] { 16, 32 }, table(two).get("03_conv2.tif"));
		assertTrue(Files.size(two.resolve("03_conv2_profile_S005.png")) > 0);
	}

	@Test
	void onePixelOfACubeGivesTheMapsOfItsSpectrum() throws Exception {
		final SpectralDataset soils = SpectraIO.open(CnnFixtures.SOIL);
		final Path cube = CubeFiles.write(tmp, "core", soils, 4, 3);
		final Path out = tmp.resolve("pixel");
		final Map<String, Object> in = show(spectrum, "", "pool2", out.toFile());
		in.put("input", cube.toFile());
		in.put("x", 2);
		in.put("y", 1);
		run(ShowFeatureMapsCommand.class, in);
		// pixel (2, 1) of a 4-wide cube holds soil row 6
		final FeatureMapSet set = FeatureMaps.extract(CnnModel.load(spectrum), soils, new int[] { 6 },
			null);
		final ImagePlus pool2 = IJ.openImage(out.resolve("04_pool2.tif").toString());
		for (int f = 0; f < 16; f++)
			assertArrayEquals(set.layer("pool2").plane(f), (float[]) pool2.getStack().getPixels(f + 1),
				1e-6f);
		assertEquals("input · y1_x2", IJ.openImage(out.resolve("00_input.tif").toString()).getProp(
			"Slice_Label"));
		final Map<String, String> text = new java.util.LinkedHashMap<>(Map.of("model", spectrum
			.toString(), "input", cube.toString(), "output", tmp.resolve("bad").toString(), "x", "2",
			"y", "3"));
		final org.spectralcnn.launcher.CommandInvoker invoker = new org.spectralcnn.launcher.CommandInvoker(
			context());
		final org.scijava.command.CommandInfo info = context().service(
			org.scijava.command.CommandService.class).getCommand(ShowFeatureMapsCommand.class);
		assertEquals("Show Feature Maps: y: 3 is outside the image core.hdr (0 to 2)",
			assertThrowsQuietly(CommandFailure.class, () -> invoker.run(info, text)).getMessage());
		text.put("input", CnnFixtures.SOIL.toString());
		final String m = assertThrowsQuietly(CommandFailure.class, () -> invoker.run(info,
			text)).getMessage();
		assertTrue(m.contains("x, y: a pixel needs an ENVI image (.hdr)"), m);
	}

	@Test
	void spectrogramModelWritesAStackPerLayerWithASlicePerFilter() throws Exception {
		final Path out = tmp.resolve("fm2d");
		run(ShowFeatureMapsCommand.class, show(spectrogram, "S002, 5", "all", out.toFile()));
		final List<String> tifs = tiffs(out);
		assertEquals(List.of("00_input.tif", "01_conv1.tif", "02_pool1.tif", "03_conv2.tif",
			"04_pool2.tif", "kernels_conv1.tif"), tifs);
		final int[][] expected = { { 1, 33, 12 }, { 8, 33, 12 }, { 8, 16, 6 }, { 16, 16, 6 }, { 16, 8,
			3 } };
		for (int k = 0; k < 5; k++) {
			final ImagePlus imp = IJ.openImage(out.resolve(tifs.get(k)).toString());
			assertEquals(expected[k][0], imp.getNChannels(), tifs.get(k) + ": a channel per filter");
			assertEquals(2, imp.getNSlices(), "a slice per sample");
			assertEquals(expected[k][0] * 2, imp.getStackSize());
			assertEquals(expected[k][1], imp.getHeight(), "frequencies");
			assertEquals(expected[k][2], imp.getWidth(), "window positions");
			assertEquals("cycles/nm", imp.getCalibration().getYUnit());
		}
		final ImagePlus conv2 = IJ.openImage(out.resolve("03_conv2.tif").toString());
		assertEquals("conv2 · filter 1 · S002", conv2.getStack().getSliceLabel(1));
		assertEquals("conv2 · filter 16 · S005", conv2.getStack().getSliceLabel(32));
		for (final String png : new String[] { "01_conv1_S002.png", "01_conv1_S005.png",
			"00_input_S002.png", "kernels_conv1.png" })
			assertTrue(Files.size(out.resolve(png)) > 0, png);
		assertFalse(Files.exists(out.resolve("01_conv1_profile_S002.png")), "plots are for 1-D models");

		final Path some = tmp.resolve("some");
		run(ShowFeatureMapsCommand.class, show(spectrogram, "3", "pool2, CONV1", some.toFile()));
		assertEquals(List.of("00_input.tif", "01_conv1.tif", "04_pool2.tif", "kernels_conv1.tif"),
			tiffs(some));
		final ImagePlus pool2 = IJ.openImage(some.resolve("04_pool2.tif").toString());
		assertEquals(16, pool2.getStackSize(), "one sample: a slice per filter");
		assertArrayEquals(new int[] { 16, 16 }, table(some).get("04_pool2.tif"));
	}

	@Test
	void badRequestsFailInOneLineAndWriteNothing() throws Exception {
		final Path out = tmp.resolve("none");
		assertEquals(
			"output: give a folder to write the feature maps to (required when nothing can be shown)",
			failure(ShowFeatureMapsCommand.class, show(spectrum, "1", "all", null)));
		assertEquals(
			"layers: no layer 'conv7' in this model; its layers are conv1, pool1, conv2, pool2 (or all)",
			failure(ShowFeatureMapsCommand.class, show(spectrum, "1", "conv1,conv7", out
				.toFile())));
		assertEquals("sample 'S999' is neither an id in soil_visnir.csv nor a row between 1 and 200",
			failure(ShowFeatureMapsCommand.class, show(spectrogram, "S999", "all", out.toFile())));
		assertFalse(Files.exists(out));
		final Path file = tmp.resolve("file.txt");
		Files.writeString(file, "x");
		assertEquals("output: " + file + " is a file, not a folder", failure(
			ShowFeatureMapsCommand.class, show(spectrum, "1", "all", file.toFile())));
	}
}
