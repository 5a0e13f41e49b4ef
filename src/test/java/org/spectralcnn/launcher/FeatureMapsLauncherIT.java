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

/**
 * Show Feature Maps through {@code ./spectral-cnn}: a macro trains a tiny 2-D and a tiny 1-D CNN
 * and opens their feature maps as images (batch mode: what the GUI shows), then {@code --run}
 * writes them: for both, one TIFF per layer whose slice count is the layer's filter count.
 */
class FeatureMapsLauncherIT {

	@TempDir
	Path tmp;

	private static final Path SOIL = Path.of("test-data", "soil_visnir.csv").toAbsolutePath();

	@Test
	void macroOpensTheStacksAndRunWritesThem() throws Exception {
		final Path macro = tmp.resolve("fm.ijm");
		final Path model = tmp.resolve("soil2d.zip");
		final Path model1d = tmp.resolve("soil1d.zip");
		Files.write(macro, String.join("\n", "setBatchMode(true);",
			"run(\"Train CNN\", \"input=[" + SOIL + "] targets=clay,soc representation=spectrogram window_size=64 hop=32 detrend=none architecture=tiny split_column=train epochs=1 batch_size=16 model=[" +
				model + "]\");",
			"run(\"Show Feature Maps\", \"model=[" + model + "] input=[" + SOIL +
				"] sample=S003,S004 layers=conv2\");",
			"print(\"images \" + nImages);", "selectImage(\"soil2d conv2\");",
			"Stack.getDimensions(w, h, c, z, t);",
			"print(\"conv2 \" + w + \" x \" + h + \", \" + c + \" channels, \" + z + \" slices\");",
			"Stack.setPosition(3, 2, 1);", "print(\"label \" + getInfo(\"slice.label\"));",
			"getPixelSize(unit, pw, ph);", "print(\"unit \" + unit);",
			"run(\"Train CNN\", \"input=[" + SOIL + "] targets=clay,soc representation=spectrum steps=snv architecture=tiny split_column=train epochs=1 batch_size=16 model=[" +
				model1d + "]\");",
			"run(\"Show Feature Maps\", \"model=[" + model1d + "] input=[" + SOIL +
				"] sample=S003,S004 layers=conv1\");", "selectImage(\"soil1d conv1\");",
			"Stack.getDimensions(w, h, c, z, t);",
			"print(\"1-D conv1 \" + w + \" x \" + h + \", \" + c + \" channels, \" + z + \" slices\");",
			"Stack.setPosition(5, 2, 1);", "print(\"1-D label \" + getInfo(\"slice.label\"));")
			.getBytes(StandardCharsets.UTF_8));
		final Launcher.Result r = Launcher.run(300, "-macro", macro.toString());
		assertEquals(0, r.exitCode(), r.toString());
		assertTrue(r.stdout().contains("images 3"), "input, conv2, kernels: " + r);
		assertTrue(r.stdout().contains("conv2 6 x 16, 16 channels, 2 slices"), r.toString());
		assertTrue(r.stdout().contains("label conv2 · filter 3 · S004"), r.toString());
		assertTrue(r.stdout().contains("unit nm"), r.toString());
		assertTrue(r.stdout().contains("1-D conv1 421 x 1, 8 channels, 2 slices"), r.toString());
		assertTrue(r.stdout().contains("1-D label conv1 · filter 5 · S004"), r.toString());

		final Path out = tmp.resolve("fm");
		final Launcher.Result w = Launcher.run(180, "--headless", "--run", "Show Feature Maps",
			"model=" + model + ",input=" + SOIL + ",sample=1,output=" + out);
		assertEquals(0, w.exitCode(), w.toString());
		final ImagePlus pool2 = IJ.openImage(out.resolve("04_pool2.tif").toString());
		assertEquals(16, pool2.getStackSize(), "a slice per filter");
		assertTrue(Files.size(out.resolve("04_pool2.png")) > 0);
		assertSliceCountIsFilterCount(out);

		final Path out1d = tmp.resolve("fm1d");
		final Launcher.Result w1 = Launcher.run(180, "--headless", "--run", "Show Feature Maps",
			"model=" + model1d + ",input=" + SOIL + ",sample=1,output=" + out1d);
		assertEquals(0, w1.exitCode(), w1.toString());
		final ImagePlus pool2d1 = IJ.openImage(out1d.resolve("04_pool2.tif").toString());
		assertEquals(16, pool2d1.getStackSize(), "1-D: a slice per filter too");
		assertEquals(1, pool2d1.getHeight());
		assertTrue(Files.size(out1d.resolve("04_pool2.png")) > 0);
		assertTrue(Files.size(out1d.resolve("04_pool2_profile.png")) > 0);
		assertSliceCountIsFilterCount(out1d);

		final Launcher.Result bad = Launcher.run(180, "--headless", "--run", "Show Feature Maps",
			"model=" + model + ",input=" + SOIL + ",layers=pool9,output=" + tmp.resolve("x"));
		assertEquals(1, bad.exitCode(), bad.toString());
		assertTrue(bad.stderr().contains("no layer 'pool9' in this model"), bad.toString());
		assertFalse(Files.exists(tmp.resolve("x")));
	}

	/** One sample: every TIFF in layers.csv has as many slices (and channels) as its layer has filters. */
	private static void assertSliceCountIsFilterCount(final Path folder) throws Exception {
		final List<String> table = Files.readAllLines(folder.resolve("layers.csv"));
		assertEquals(6, table.size() - 1, "input, conv1, pool1, conv2, pool2, kernels: " + table);
		for (final String line : table.subList(1, table.size())) {
			final String[] c = line.split(",");
			final int filters = Integer.parseInt(c[3]);
			assertEquals(filters, Integer.parseInt(c[6]), "slices column: " + line);
			final ImagePlus imp = IJ.openImage(folder.resolve(c[17]).toString());
			assertEquals(filters, imp.getStackSize(), c[17]);
			assertEquals(filters, imp.getNChannels(), c[17]);
		}
	}
}
