package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The PCA out-of-domain model on synthetic spectra: a few smooth bands plus noise. */
class DomainModelTest {

	private static final int P = 120;

	/** n spectra: 3 Gaussian bands with random amounts, white noise of SD {@code noise}. */
	static float[] spectra(final int n, final long seed, final double noise, final double shift) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] x = new float[n * P];
		for (int i = 0; i < n; i++) {
			final double a = 1 + 0.3 * r.nextDouble(), b = 0.5 * r.nextDouble(), c = 0.2 * r
				.nextDouble();
			for (int j = 0; j < P; j++) {
				final double v = a * band(j, 30 + shift) + b * band(j, 60) + c * band(j, 90);
				x[i * P + j] = (float) (v + noise * (r.nextDouble() - 0.5) * Math.sqrt(12));
			}
		}
		return x;
	}

	private static double band(final int j, final double centre) {
		return Math.exp(-(j - centre) * (j - centre) / 50.0);
	}

	private static double flagged(final DomainModel m, final float[] x, final int n) {
		final double[][] s = m.statistics(x, n);
		int f = 0;
		for (int i = 0; i < n; i++)
			if (m.outOfDomain(s[0][i], s[1][i])) f++;
		return f / (double) n;
	}

	@Test
	void flagsFarSpectraAndNotTheCalibrationOnes() {
		final int n = 300;
		final float[] cal = spectra(n, 1, 0.01, 0);
		final DomainModel m = DomainModel.fit(cal, n, P, 0.99);
		assertEquals(P, m.points());
		assertTrue(m.components() >= 3 && m.components() <= DomainModel.MAX_COMPONENTS, "" + m
			.components());
		assertTrue(flagged(m, cal, n) <= 0.05, "calibration spectra: " + flagged(m, cal, n));
		final float[] fresh = spectra(200, 2, 0.01, 0);
		assertTrue(flagged(m, fresh, 200) <= 0.10, "new spectra of the same kind: " + flagged(m,
			fresh, 200));
		// a band 8 points off: another instrument or material
		assertEquals(1.0, flagged(m, spectra(100, 3, 0.01, 8), 100));
		// noise only
		final float[] noise = new float[50 * P];
		final SplittableRandom r = new SplittableRandom(4);
		for (int i = 0; i < noise.length; i++) noise[i] = (float) r.nextDouble();
		assertEquals(1.0, flagged(m, noise, 50));
	}

	@Test
	void statisticsAreThoseOfThePcaModel() {
		final int n = 80; // fewer spectra than points: the Gram-matrix route
		final float[] x = spectra(n, 5, 0.05, 0);
		final DomainModel m = DomainModel.fit(x, n, P, 0.95);
		final double[][] s = m.statistics(x, n);
		// on the calibration spectra the mean T² is the number of components × (n−1)/n
		double mean = 0;
		for (final double t : s[0]) mean += t / n;
		assertEquals(m.components() * (n - 1.0) / n, mean, 1e-6 * m.components());
		// the mean spectrum sits at the centre: T² = 0, Q = 0
		final float[] centre = new float[P];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < P; j++) centre[j] += x[i * P + j] / n;
		final double[][] c = m.statistics(centre, 1);
		assertEquals(0, c[0][0], 1e-6);
		assertEquals(0, c[1][0], 1e-6);
	}

	/**
	 * 20 components (five blocks of four) and 7 (a block of four, then three one by one), on 120
	 * points (pairs of points) and 119 (pairs, then one).
	 */
	@Test
	void laneStatisticsAreTheSameDoublesAsRowByRow() {
		final int n = 300; // more than one chunk of lanes, the last one partial
		for (final int p : new int[] { P, P - 1 })
			for (final double noise : new double[] { 0.05, 0.0056 }) {
				final DomainModel m = DomainModel.fit(points(spectra(n, 6, noise, 0), n, p), 60, p, 0.95);
				if (p == P) assertEquals(noise == 0.05 ? 20 : 7, m.components());
				final float[] far = points(spectra(n, 7, 0.2, 8), n, p); // some outside the domain
				final double[][] s = m.statistics(far, n);
				// band by band with a spare band first and a gap after each row, as an image block
				final int stride = n + 5;
				final float[] bands = new float[(p + 1) * stride];
				final int[] rows = new int[p];
				for (int j = 0; j < p; j++) {
					rows[j] = j + 1;
					for (int i = 0; i < n; i++) bands[rows[j] * stride + i] = far[i * p + j];
				}
				final double[] t2 = new double[n], q = new double[n];
				m.lanes().statistics(bands, rows, stride, n, t2, q);
				for (int i = 0; i < n; i++) {
					assertEquals(s[0][i], t2[i], 0, p + " points, T² of spectrum " + i);
					assertEquals(s[1][i], q[i], 0, p + " points, Q of spectrum " + i);
				}
			}
	}

	/** The first p of the P points of n spectra. */
	private static float[] points(final float[] x, final int n, final int p) {
		final float[] out = new float[n * p];
		for (int i = 0; i < n; i++) System.arraycopy(x, i * P, out, i * p, p);
		return out;
	}

	@Test
	void normalQuantile() {
		assertEquals(1.959964, DomainModel.normalQuantile(0.975), 1e-6);
		assertEquals(-2.326348, DomainModel.normalQuantile(0.01), 1e-6);
		assertEquals(1.644854, DomainModel.normalQuantile(0.95), 1e-6);
	}
}
