package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Show Feature Maps through {@code ./spectral-cnn}: a macro trains a tiny 2-D CNN and opens its
 * feature maps as images (batch mode: what the GUI shows), then {@code --run} writes them.
 */
class FeatureMapsLauncherIT {

	@TempDir
	Path tmp;

	private static final Path SOIL = Path.of("test-data", "soil_visnir.csv").toAbsolutePath();

	@Test
	void macroOpensTheStacksAndRunWritesThem() throws Exception {
		final Path macro = tmp.resolve("fm.ijm");
		final Path model = tmp.resolve("soil2d.zip");
		Files.write(macro, String.join("\n", "setBatchMode(true);",
			"run(\"Train CNN\", \"input=[" + SOIL + "] targets=clay,soc representation=spectrogram window_size=64 hop=32 detrend=none architecture=tiny split_column=train epochs=1 batch_size=16 model=[" +
				model + "]\");",
			"run(\"Show Feature Maps\", \"model=[" + model + "] input=[" + SOIL +
				"] sample=S003,S004 layers=conv2\");",
			"print(\"images \" + nImages);", "selectImage(\"soil2d conv2\");",
			"Stack.getDimensions(w, h, c, z, t);",
			"print(\"conv2 \" + w + \" x \" + h + \", \" + c + \" channels, \" + z + \" slices\");",
			"Stack.setPosition(3, 2, 1);", "print(\"label \" + getInfo(\"slice.label\"));",
			"getPixelSize(unit, pw, ph);", "print(\"unit \" + unit);")
			.getBytes(StandardCharsets.UTF_8));
		final Launcher.Result r = Launcher.run(300, "-macro", macro.toString());
		assertEquals(0, r.exitCode(), r.toString());
		assertTrue(r.stdout().contains("images 3"), "input, conv2, kernels: " + r);
		assertTrue(r.stdout().contains("conv2 6 x 16, 16 channels, 2 slices"), r.toString());
		assertTrue(r.stdout().contains("label conv2 · filter 3 · S004"), r.toString());
		assertTrue(r.stdout().contains("unit nm"), r.toString());

		final Path out = tmp.resolve("fm");
		final Launcher.Result w = Launcher.run(180, "--headless", "--run", "Show Feature Maps",
			"model=" + model + ",input=" + SOIL + ",sample=1,output=" + out);
		assertEquals(0, w.exitCode(), w.toString());
		final ImagePlus pool2 = IJ.openImage(out.resolve("04_pool2.tif").toString());
		assertEquals(16, pool2.getStackSize(), "a slice per filter");
		assertTrue(Files.size(out.resolve("04_pool2.png")) > 0);

		final Launcher.Result bad = Launcher.run(180, "--headless", "--run", "Show Feature Maps",
			"model=" + model + ",input=" + SOIL + ",layers=pool9,output=" + tmp.resolve("x"));
		assertEquals(1, bad.exitCode(), bad.toString());
		assertTrue(bad.stderr().contains("no layer 'pool9' in this model"), bad.toString());
		assertFalse(Files.exists(tmp.resolve("x")));
	}
}
