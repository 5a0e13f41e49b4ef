package org.spectralcnn.spectrogram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;
import org.spectralcnn.bridge.SpectraImages;
import org.spectralcnn.bridge.SpectrogramImages;
import org.spectralcnn.data.SpectralDataset;

class SpectrogramsTest {

	private static final SpectralDataset DATA = StftTest.randomSpectra(40, 700, 11);

	@Test
	void stackHasFramesFrequenciesAndSamples() {
		final StftParameters p = StftParameters.defaults();
		final PlanarImg<FloatType, FloatArray> img = Spectrograms.compute(DATA, p);
		assertArrayEquals(new long[] { 13, 51, 40 }, img.dimensionsAsLongArray());
		final Stft stft = new Stft(p);
		for (final int z : new int[] { 0, 17, 39 })
			assertArrayEquals(stft.transform(DATA.spectrum(z)), img.getPlane(z)
				.getCurrentStorageArray());
	}

	@Test
	void imagePlusSharesPlanesAndIsCalibrated() {
		final StftParameters p = StftParameters.defaults();
		final PlanarImg<FloatType, FloatArray> img = Spectrograms.compute(DATA, p);
		final ImagePlus imp = SpectrogramImages.toImagePlus(img, DATA, p);
		assertEquals(13, imp.getWidth());
		assertEquals(51, imp.getHeight());
		assertEquals(40, imp.getStackSize());
		assertEquals(ImagePlus.GRAY32, imp.getType());
		assertSame(img.getPlane(5).getCurrentStorageArray(), imp.getStack().getPixels(6));
		assertEquals("s5", imp.getStack().getSliceLabel(6));
		assertEquals("random spectrograms", imp.getTitle());
		final Calibration cal = imp.getCalibration();
		// axis 1000, 1002, …: window centres at points 50, 100, … are 1100, 1200, … nm
		assertEquals(1100, cal.getX(0), 1e-9);
		assertEquals(2300, cal.getX(12), 1e-9);
		assertEquals("nm", cal.getXUnit());
		// bin k is k / (100 points × 2 nm) cycles per nm
		assertEquals(0.25, cal.getY(50), 1e-12);
		assertEquals("cycles/nm", cal.getYUnit());
		assertArrayEquals(DATA.ids().toArray(), SpectraImages.sampleIds(imp));
		assertEquals(p, StftParameters.fromJson(JsonParser.parseString(imp.getProp(
			SpectrogramImages.STFT_PROPERTY)).getAsJsonObject()));
	}

	@Test
	void frameCentresInterpolateForOddWindows() {
		final StftParameters odd = StftParameters.of(5, 2, WindowFunction.HANN, Detrend.CONSTANT,
			Scaling.PSD);
		assertArrayEquals(new double[] { 1005, 1009, 1013 }, Spectrograms.frameCentres(StftTest
			.randomSpectra(1, 10, 1).axis(), odd), 1e-12);
	}

	@Test
	void scalerLearnsPerPixelStatisticsOnCalibrationOnly() {
		final StftParameters p = StftParameters.defaults();
		final Stft stft = new Stft(p);
		final PlanarImg<FloatType, FloatArray> img = Spectrograms.compute(DATA, p);
		final int[] calibration = new int[30];
		for (int i = 0; i < 30; i++) calibration[i] = i;
		final SpectrogramScaler fromStack = SpectrogramScaler.fit(img, calibration);
		final SpectrogramScaler streamed = SpectrogramScaler.fit(stft, DATA.subset(calibration));
		assertEquals(fromStack.toJson(), streamed.toJson());

		// calibration pixels end with mean 0 and SD 1
		final int plane = stft.planeSize(700);
		final float[] batch = new float[30 * plane];
		stft.transformBatch(DATA, calibration, batch, streamed);
		for (final int i : new int[] { 0, 100, plane - 1 }) {
			double s = 0, ss = 0;
			for (int r = 0; r < 30; r++) {
				s += batch[r * plane + i];
				ss += batch[r * plane + i] * (double) batch[r * plane + i];
			}
			assertEquals(0, s / 30, 1e-4);
			assertEquals(1, Math.sqrt(ss / 30 - s * s / 900), 1e-3);
		}
		// the same scaling in place on the stack, and after a JSON round trip
		final SpectrogramScaler restored = SpectrogramScaler.fromJson(JsonParser.parseString(
			streamed.toJson().toString()).getAsJsonObject());
		restored.apply(img);
		for (int i = 0; i < plane; i++) assertEquals(batch[3 * plane + i], img.getPlane(3)
			.getCurrentStorageArray()[i], 1e-6f);
		// spectrograms of another shape are refused
		final SpectralDataset shorter = StftTest.randomSpectra(2, 600, 1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stft
			.transformBatch(shorter, new int[] { 0 }, new float[plane], restored));
		assertEquals("the spectrogram scaler was fitted on 51 frequencies × 13 frames, not 51 × 11", e
			.getMessage());
	}
}
