package org.spectralcnn.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccess;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;

/**
 * Region mean spectra against the mean of the same pixels' spectra, with masked pixels and bad
 * bands left out and counted; label images; the ImgLib2 view against line reads; the soil-core
 * cube against its reference values.
 */
class RegionSpectraTest {

	@TempDir
	Path dir;

	private static final int W = 6, H = 5, B = 4;

	private static int at(final int x, final int y) {
		return y * W + x;
	}

	@Test
	void meanIsTheMeanOfThePixelSpectraWithMaskedPixelsLeftOut() throws Exception {
		// raw = (7x + 13y + 3b) % 97 + 1 - 40 (int16): 14 - 40 at (x 1, y 0, band 2)
		final Path hdr = TestCubes.write(dir, "cube", W, H, B, "bsq", 2, ByteOrder.LITTLE_ENDIAN, 0,
			"bbl = {1, 1, 1, 0}\ndata ignore value = -26\nreflectance scale factor = 100\n");
		try (EnviImage image = EnviImage.open(hdr)) {
			final Region a = Region.of("soil A", W, H, new int[] { at(1, 0), at(0, 0), at(2, 3), at(
				1, 0) });
			final Region b = Region.of("soil A", W, H, new int[] { at(5, 4), at(4, 4) });
			final Region none = Region.of("masked only", W, H, new int[] { at(1, 0) });
			final RegionSpectra.Result r = RegionSpectra.compute(image, List.of(a, b, none), true,
				null);
			final SpectralDataset t = r.table();
			assertEquals(List.of("masked only"), r.emptyRegions());
			assertEquals(2, r.maskedPixels(), "(1,0) once in a, once in 'masked only'");
			assertEquals(3, t.points(), "the bad band is left out");
			assertEquals(List.of("soil A", "soil A_y0_x0", "soil A_y3_x2", "soil A-2",
				"soil A-2_y4_x4", "soil A-2_y4_x5"), t.ids());
			assertArrayEquals(new double[] { 2, 1, 1, 2, 1, 1 }, t.column("pixels"));
			assertArrayEquals(new double[] { 1, 0, 0, 0, 0, 0 }, t.column("masked_pixels"));
			assertEquals("soil A-2", t.textColumn("roi")[4]);
			for (int k = 0; k < 3; k++) {
				final double expected = (TestCubes.raw(2, 0, 0, k) + TestCubes.raw(2, 2, 3, k)) / 200;
				assertEquals((float) expected, t.value(0, k), 1e-6);
				assertEquals((t.value(1, k) + t.value(2, k)) / 2, t.value(0, k), 1e-6);
				assertEquals((float) (TestCubes.raw(2, 2, 3, k) / 100), t.value(2, k), 0);
			}
		}
	}

	@Test
	void labelImagesMakeOneRegionPerLabel() throws Exception {
		final Path hdr = TestCubes.write(dir, "cube", W, H, B, "bip", 4, ByteOrder.BIG_ENDIAN, 0, "");
		final float[] labels = new float[W * H];
		labels[at(0, 0)] = 3;
		labels[at(5, 4)] = 3;
		labels[at(2, 2)] = 1;
		labels[at(3, 2)] = Float.NaN;
		final List<Region> regions = Region.fromLabels(labels, W, H);
		assertEquals("[label_1 (1 pixels), label_3 (2 pixels)]", regions.toString());
		try (EnviImage image = EnviImage.open(hdr)) {
			final SpectralDataset t = RegionSpectra.compute(image, regions, false, null).table();
			assertEquals(List.of("label_1", "label_3"), t.ids());
			assertEquals((float) ((TestCubes.raw(4, 0, 0, 1) + TestCubes.raw(4, 5, 4, 1)) / 2), t
				.value(1, 1), 0);
		}
		labels[0] = 1.5f;
		final String m = assertThrows(IllegalArgumentException.class, () -> Region.fromLabels(labels,
			W, H)).getMessage();
		assertTrue(m.contains("label 1.5 at x 0, y 0"), m);
	}

	@Test
	void progressCanStopAndRegionsMustFitTheImage() throws Exception {
		final Path hdr = TestCubes.write(dir, "cube", W, H, B, "bil", 1, ByteOrder.BIG_ENDIAN, 0, "");
		try (EnviImage image = EnviImage.open(hdr)) {
			final Region all = Region.of("all", W, H, java.util.stream.IntStream.range(0, W * H)
				.toArray());
			assertThrows(CancellationException.class, () -> RegionSpectra.compute(image, List.of(all),
				false, (done, total) -> done < 2));
			final String m = assertThrows(IllegalArgumentException.class, () -> RegionSpectra.compute(
				image, List.of(Region.of("x", 7, 5, new int[] { 0 })), false, null)).getMessage();
			assertTrue(m.contains("7 × 5 image, not to cube.hdr (6 × 5)"), m);
			// a ROI past the image's edge covers no pixel: the message says so
			final String outside = assertThrows(IllegalArgumentException.class, () -> RegionSpectra
				.compute(image, List.of(Region.of("outside", W, H, new int[0])), false, null))
				.getMessage();
			assertTrue(outside.contains("1 of 1 regions cover no pixel of the 6 × 5 image"), outside);
		}
	}

	@Test
	void imgLib2ViewMatchesLineReads() throws Exception {
		final Path hdr = TestCubes.write(dir, "cube", W, H, B, "bsq", 5, ByteOrder.LITTLE_ENDIAN, 8,
			"");
		try (EnviImage image = EnviImage.open(hdr)) {
			final LazyCellImg<FloatType, FloatArray> view = SpectralImages.view(image);
			assertArrayEquals(new long[] { W, H, B }, view.dimensionsAsLongArray());
			final RandomAccess<FloatType> ra = view.randomAccess();
			for (int b = 0; b < B; b++)
				for (int y = 0; y < H; y++)
					for (int x = 0; x < W; x++)
						assertEquals(TestCubes.raw(5, x, y, b), ra.setPositionAndGet(x, y, b).get(), 0);
		}
	}

	/** A block of the soil core: its mean against the mean of the reference CSV's pixels. */
	@Test
	void soilCoreRegionMeanMatchesTheReference() throws Exception {
		final Path hdr = SharedData.require("instruments/envi/soilcore_bil_float32.hdr");
		final List<String> rows = Files.readAllLines(hdr.resolveSibling(
			"soilcore_bil_float32.hdr.reference.csv"));
		// lines 10–13, samples 20–29: 40 pixels
		final int[] pixels = new int[40];
		for (int i = 0; i < 40; i++) pixels[i] = (10 + i / 10) * 64 + 20 + i % 10;
		try (EnviImage image = EnviImage.open(hdr)) {
			final SpectralDataset t = RegionSpectra.compute(image, List.of(Region.of("horizon", 64, 48,
				pixels)), false, null).table();
			assertEquals(40, t.column("pixels")[0], 0);
			for (int b = 0; b < 106; b++) {
				final String[] cells = rows.get(b + 1).split(",");
				double sum = 0;
				for (final int p : pixels) sum += Float.parseFloat(cells[1 + p]);
				assertEquals(sum / 40, t.value(0, b), 1e-6, "band " + b);
			}
		}
	}
}
