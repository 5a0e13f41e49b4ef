package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

class SpectrogramDemoTest {

	@TempDir
	Path dir;

	@Test
	void writesPreprocessedSpectraStackAndMontage() throws Exception {
		final Context context = new Context();
		try {
			final List<Path> files = SpectrogramDemo.run(Paths.get("test-data"), dir.resolve("demo"),
				SpectralCnnRuntime.use(context));
			assertEquals(3, files.size());
			for (final Path f : files) assertTrue(Files.size(f) > 0, f.toString());
			final ImagePlus stack = IJ.openImage(files.get(1).toString());
			assertEquals(200, stack.getStackSize());
			final ImagePlus png = IJ.openImage(files.get(2).toString());
			assertTrue(png.getWidth() >= 3 * 4 * stack.getWidth()); // 3 columns at 4×
		}
		finally {
			SpectralCnnRuntime.dispose();
		}
	}
}
