package org.spectralcnn.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.image.PredictionPlanes;

/** The maps as an ImageJ stack and TIFF, from the heap and from a temporary file; headless. */
class PredictionMapsTest {

	@TempDir
	Path dir;

	private static PredictionPlanes planes(final long heapLimit) throws Exception {
		final PredictionPlanes p = PredictionPlanes.create(5, 4, List.of("clay", "clay_lower"), 0.25,
			0.5, "mm", heapLimit);
		final float[] line = new float[5];
		for (int s = 0; s < 2; s++)
			for (int y = 0; y < 4; y++) {
				if (y == 2) continue; // stays NaN
				for (int x = 0; x < 5; x++) line[x] = 10 * s + y * 5 + x;
				p.writeLine(s, y, line, 0);
			}
		return p;
	}

	@Test
	void stackFromTheHeapAndFromATemporaryFileSaveTheSameTiff() throws Exception {
		for (final long limit : new long[] { Long.MAX_VALUE, 0 }) {
			try (PredictionPlanes p = planes(limit)) {
				assertEquals(limit == 0, p.onDisk());
				final Path tif = dir.resolve("map" + limit + ".tif");
				PredictionMaps.save(p, "map", tif);
				final ImagePlus imp = IJ.openImage(tif.toString());
				assertEquals(2, imp.getStackSize());
				assertEquals("clay", imp.getStack().getSliceLabel(1));
				assertEquals("clay_lower", imp.getStack().getSliceLabel(2));
				assertEquals(32, imp.getBitDepth());
				assertEquals(0.25, imp.getCalibration().pixelWidth, 1e-12);
				assertEquals(0.5, imp.getCalibration().pixelHeight, 1e-12);
				assertEquals("mm", imp.getCalibration().getUnit());
				for (int s = 0; s < 2; s++)
					assertArrayEquals(p.plane(s), (float[]) imp.getStack().getProcessor(s + 1).getPixels());
				assertTrue(Float.isNaN(imp.getStack().getProcessor(1).getf(3, 2)));
				assertEquals(19f, imp.getStack().getProcessor(1).getf(4, 3));
			}
		}
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(2, files.count(), "only the two maps; no temporary file left beside them");
		}
	}

	@Test
	void lutRangeAndColourBar() throws Exception {
		try (PredictionPlanes p = planes(Long.MAX_VALUE)) {
			final ImagePlus imp = PredictionMaps.image(p, "map");
			PredictionMaps.decorate(imp);
			// 1st and 99th percentile of the 15 finite values 0…19 (line 2 is NaN)
			assertEquals(0, imp.getDisplayRangeMin(), 1e-9);
			assertEquals(19, imp.getDisplayRangeMax(), 1e-9);
			final ImagePlus bar = PredictionMaps.colourBar(imp);
			assertEquals(ImagePlus.COLOR_RGB, bar.getType());
			assertEquals("map colour bar", bar.getTitle());
			// the bar's middle row runs through the LUT: dark at the left end, bright at the right
			final int left = bar.getProcessor().get(62 + 1, 27), right = bar.getProcessor().get(62 +
				254, 27);
			assertTrue(brightness(left) < brightness(right), Integer.toHexString(left) + " " + Integer
				.toHexString(right));
		}
	}

	private static int brightness(final int rgb) {
		return (rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff);
	}

	@Test
	void maskIsNonzeroPixelsAndItsSizeIsChecked() throws Exception {
		final FloatProcessor ip = new FloatProcessor(3, 2);
		ip.setf(0, 0, 2);
		ip.setf(2, 1, Float.NaN);
		ip.setf(1, 1, -1);
		final Path file = dir.resolve("labels.tif");
		ImageFiles.saveTiff(new ImagePlus("labels", ip), file);
		final boolean[] m = PredictionMaps.mask(file, 3, 2, "cube.hdr");
		assertArrayEquals(new boolean[] { true, false, false, false, true, false }, m);
		final String e = assertThrows(IllegalArgumentException.class, () -> PredictionMaps.mask(file,
			4, 2, "cube.hdr")).getMessage();
		assertEquals("mask: " + file + " is 3 × 2 pixels, the image cube.hdr is 4 × 2", e);
		final Path text = Files.writeString(dir.resolve("mask.txt"), "not an image");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> PredictionMaps.mask(text, 3,
			2, "cube.hdr")).getMessage().contains("cannot be read as an image"));
	}
}
