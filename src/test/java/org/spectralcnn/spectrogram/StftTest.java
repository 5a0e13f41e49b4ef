package org.spectralcnn.spectrogram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.testdata.ProcessingFixtures;
import org.spectralcnn.testdata.SyntheticSpectra;

class StftTest {

	/** Random-walk spectra: smooth like real ones, so high bins are many decades below low ones. */
	static SpectralDataset randomSpectra(final int n, final int points, final long seed) {
		final SplittableRandom rnd = new SplittableRandom(seed);
		final float[] x = new float[n * points];
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) {
			ids[i] = "s" + i;
			double v = 0.5;
			for (int j = 0; j < points; j++) {
				v += 0.01 * (rnd.nextDouble() - 0.5);
				x[i * points + j] = (float) v;
			}
		}
		return SpectralDataset.builder("random.csv", SpectralAxis.regular(1000, 2, points,
			SpectralUnit.NM), ids, x).build();
	}

	@Test
	void shapesFollowScipy() {
		final StftParameters p = StftParameters.defaults();
		assertEquals(51, p.frequencies());
		assertEquals(13, p.frames(700));
		assertEquals(42, p.frames(2151));
		assertEquals(0, p.frames(99));
		assertEquals(50.0, p.frameCentre(0));
		assertEquals(33, StftParameters.of(64, 16, WindowFunction.HANN, Detrend.CONSTANT,
			Scaling.PSD).frequencies());
	}

	@Test
	void windowsArePeriodic() {
		assertArrayEquals(new double[] { 0, 0.5, 1, 0.5 }, WindowFunction.HANN.values(4), 1e-15);
		assertArrayEquals(new double[] { 0.08, 0.54, 1, 0.54 }, WindowFunction.HAMMING.values(4),
			1e-15);
		assertArrayEquals(new double[] { 0, 0.34, 1, 0.34 }, WindowFunction.BLACKMAN.values(4),
			1e-15);
		assertArrayEquals(new double[] { 1, 1, 1 }, WindowFunction.RECTANGULAR.values(3), 0);
	}

	@Test
	void oddLengthSyntheticSpectrumEqualsScipy() {
		final JsonObject e = ProcessingFixtures.entry("spectrograms", "stft_synthetic_psd");
		final float[] spectrum = ProcessingFixtures.values("synthetic_input");
		assertEquals(2151, spectrum.length);
		final Stft stft = new Stft(parameters(e));
		final float[] plane = stft.transform(spectrum);
		assertEquals(51 * 42, plane.length);
		assertEquals(51, stft.frequencies());
		assertEquals(42, stft.frames(2151));
		assertTrue(maxRelativeError(plane, ProcessingFixtures.values("stft_synthetic_psd")) < 1e-5);
	}

	@Test
	void everyWindowDetrendScalingAndParityMatchesPlainDft() {
		final SpectralDataset data = randomSpectra(3, 301, 7);
		final int[][] sizes = { { 2, 1 }, { 3, 2 }, { 4, 4 }, { 5, 3 }, { 8, 3 }, { 12, 6 }, { 63,
			20 }, { 64, 16 }, { 100, 50 }, { 101, 37 }, { 128, 32 }, { 130, 65 } };
		for (final int[] size : sizes)
			for (final WindowFunction w : WindowFunction.values())
				for (final Detrend d : Detrend.values())
					for (final Scaling s : Scaling.values()) {
						final StftParameters p = StftParameters.of(size[0], size[1], w, d, s);
						final float[] plane = new Stft(p).transform(data.spectrum(1));
						final float[] expected = PlainDft.spectrogram(data.spectrum(1), p);
						final double err = maxError(plane, expected, PlainDft.spectrogram(data.spectrum(1), p
							.withScaling(Scaling.PSD)), s == Scaling.PSD || s == Scaling.MAGNITUDE);
						assertTrue(err < 1e-5, p + ": error " + err);
					}
	}

	@Test
	void fftOfLongWindowsMatchesPlainDft() {
		final SpectralDataset data = randomSpectra(40, 1200, 11);
		final int[][] sizes = { { 4, 2 }, { 7, 3 }, { 100, 50 }, { 257, 100 }, { 300, 120 }, { 301,
			77 }, { 512, 256 } };
		for (final int[] size : sizes)
			for (final WindowFunction w : WindowFunction.values())
				for (final Detrend d : Detrend.values())
					for (final Scaling s : Scaling.values()) {
						final StftParameters p = StftParameters.of(size[0], size[1], w, d, s);
						final float[] plane = new Stft(p, true).transform(data.spectrum(2));
						final float[] expected = PlainDft.spectrogram(data.spectrum(2), p);
						final double err = maxError(plane, expected, PlainDft.spectrogram(data.spectrum(2), p
							.withScaling(Scaling.PSD)), s == Scaling.PSD || s == Scaling.MAGNITUDE);
						assertTrue(err < 1e-5, p + ": error " + err);
					}
		// windows above DIRECT_MAX_WINDOW take the FFT by themselves, in batches as one at a time
		final Stft auto = new Stft(StftParameters.of(Stft.DIRECT_MAX_WINDOW + 44, 150,
			WindowFunction.HANN, Detrend.CONSTANT, Scaling.LOG_PSD));
		final int plane = auto.planeSize(1200);
		final int[] all = new int[data.size()];
		for (int i = 0; i < all.length; i++) all[i] = i;
		final float[] batch = new float[all.length * plane];
		auto.transformBatch(data, all, batch);
		for (final int r : new int[] { 0, 17, 39 }) {
			final float[] expected = PlainDft.spectrogram(data.spectrum(r), auto.parameters());
			for (int i = 0; i < plane; i++)
				assertEquals(expected[i], batch[r * plane + i], 1e-4, "row " + r + " pixel " + i);
		}
	}

	@Test
	void batchesAreNchwPlanesEqualToSingleTransforms() {
		final SpectralDataset data = randomSpectra(150, 700, 3);
		final Stft stft = new Stft(StftParameters.defaults());
		final int plane = stft.planeSize(700);
		final int[] rows = { 149, 0, 77, 3 };
		final float[] out = new float[rows.length * plane + 5];
		stft.transformBatch(data, rows, out);
		for (int r = 0; r < rows.length; r++) {
			final float[] single = stft.transform(data.spectrum(rows[r]));
			for (int i = 0; i < plane; i++) assertEquals(single[i], out[r * plane + i], 0, "row " + r);
		}
		// many rows go through the worker pool: still the same numbers
		final int[] all = new int[data.size()];
		for (int i = 0; i < all.length; i++) all[i] = i;
		final float[] everything = new float[all.length * plane];
		stft.transformBatch(data, all, everything);
		for (final int r : rows) {
			final float[] single = stft.transform(data.spectrum(r));
			for (int i = 0; i < plane; i++) assertEquals(single[i], everything[r * plane + i], 0);
		}
	}

	@Test
	void batchTooSmallIsRefused() {
		final SpectralDataset data = randomSpectra(2, 700, 3);
		final Stft stft = new Stft(StftParameters.defaults());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stft
			.transformBatch(data, new int[] { 0, 1 }, new float[10]));
		assertTrue(e.getMessage().contains("need " + 2 * 51 * 13), e.getMessage());
	}

	@Test
	void badParametersNameTheKeyAndAllowedValues() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
			StftParameters.defaults().validate(99));
		assertTrue(e.getMessage().startsWith("window_size (100) is longer than the spectra (99 points)"),
			e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> StftParameters.of(100, 0,
			WindowFunction.HANN, Detrend.CONSTANT, Scaling.PSD));
		assertTrue(e.getMessage().startsWith("hop must be between 1 and window_size (100), got 0"),
			e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> StftParameters.of(100, 101,
			WindowFunction.HANN, Detrend.CONSTANT, Scaling.PSD));
		assertThrows(IllegalArgumentException.class, () -> StftParameters.of(1, 1,
			WindowFunction.HANN, Detrend.CONSTANT, Scaling.PSD));
		e = assertThrows(IllegalArgumentException.class, () -> WindowFunction.parse("gauss"));
		assertEquals("window: unknown value 'gauss'; allowed: hann, hamming, blackman, rectangular",
			e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Scaling.parse("power"));
		assertEquals("scaling: unknown value 'power'; allowed: psd, log_psd, magnitude, db", e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Detrend.parse("quadratic"));
		assertEquals("detrend: unknown value 'quadratic'; allowed: constant, linear, none", e
			.getMessage());
		assertEquals(WindowFunction.HAMMING, WindowFunction.parse(" Hamming "));
		assertThrows(IllegalArgumentException.class, () -> new Stft(StftParameters.defaults())
			.transform(new float[50]));
	}

	@Test
	void parametersRoundTripThroughJson() {
		final StftParameters p = StftParameters.of(64, 16, WindowFunction.BLACKMAN, Detrend.LINEAR,
			Scaling.DB);
		final JsonObject json = p.toJson();
		assertEquals("{\"window_size\":64,\"hop\":16,\"window\":\"blackman\",\"detrend\":\"linear\",\"scaling\":\"db\"}",
			json.toString());
		assertEquals(p, StftParameters.fromJson(json));
		json.remove("hop");
		assertThrows(IllegalArgumentException.class, () -> StftParameters.fromJson(json));
	}

	@Test
	void syntheticSoilSpectraGiveFiniteLogSpectrograms() {
		final SyntheticSpectra.Soil soil = SyntheticSpectra.soil(4, SyntheticSpectra.grid(400, 2500,
			5), 1, 0);
		final float[] plane = new Stft(StftParameters.defaults()).transform(java.util.Arrays.copyOf(
			soil.reflectance, soil.wavelengths.length));
		for (final float v : plane) assertTrue(Float.isFinite(v));
	}

	static StftParameters parameters(final JsonObject e) {
		return StftParameters.of(e.get("window_size").getAsInt(), e.get("hop").getAsInt(),
			WindowFunction.parse(e.get("window").getAsString()), Detrend.parse(e.get("detrend")
				.getAsString()), Scaling.parse(e.get("scaling").getAsString()));
	}

	/** Largest |a - b| / |b| over all values (b = reference). */
	static double maxRelativeError(final float[] a, final float[] b) {
		assertEquals(b.length, a.length);
		double max = 0;
		for (int i = 0; i < a.length; i++) {
			final double d = Math.abs((double) a[i] - b[i]);
			max = Math.max(max, d == 0 ? 0 : d / Math.abs(b[i]));
		}
		return max;
	}

	static double maxAbsoluteError(final float[] a, final float[] b) {
		assertEquals(b.length, a.length);
		double max = 0;
		for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs((double) a[i] - b[i]));
		return max;
	}

	/**
	 * Largest relative (or absolute, for logarithms) difference over the pixels whose reference
	 * psd is above 1e-12 of the largest: below that are bins that are 0 by construction (the DC
	 * bin of a linearly detrended segment under a rectangular window), whose values are rounding
	 * noise.
	 */
	static double maxError(final float[] a, final float[] b, final float[] psd,
		final boolean relative)
	{
		assertEquals(b.length, a.length);
		double top = 0;
		for (final float v : psd) top = Math.max(top, v);
		double max = 0;
		for (int i = 0; i < a.length; i++) {
			if (!(psd[i] > 1e-12 * top)) continue;
			final double d = Math.abs((double) a[i] - b[i]);
			max = Math.max(max, relative ? d / Math.abs(b[i]) : d);
		}
		return max;
	}
}
