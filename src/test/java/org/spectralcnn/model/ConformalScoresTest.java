package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Split conformal coverage where it is known exactly: with n calibration scores and a new score
 * from the same continuous distribution (exchangeable Gaussian noise around a fixed model), the
 * new score lies at or below the k-th smallest calibration score with probability k/(n + 1),
 * k = ⌈(n + 1)·c⌉: at least c and at most c + 1/(n + 1).
 */
class ConformalScoresTest {

	/** Mean coverage of {@code trials} calibrations, each checked on {@code perTrial} new samples. */
	private static double coverage(final int n, final double c, final int trials,
		final int perTrial, final long seed)
	{
		final SplittableRandom random = new SplittableRandom(seed);
		long inside = 0;
		for (int r = 0; r < trials; r++) {
			// y = f(x) + N(0, σ²) with the model's prediction f(x): residuals are the noise
			final double sigma = 0.5 + random.nextDouble();
			final double[] observed = new double[n], predicted = new double[n];
			for (int i = 0; i < n; i++) {
				predicted[i] = 10 * random.nextDouble();
				observed[i] = predicted[i] + sigma * gaussian(random);
			}
			final double q = ConformalScores.absoluteResiduals(observed, predicted).quantile(c);
			for (int j = 0; j < perTrial; j++) {
				final double pred = 10 * random.nextDouble();
				final double y = pred + sigma * gaussian(random);
				if (y >= pred - q && y <= pred + q) inside++;
			}
		}
		return inside / (double) ((long) trials * perTrial);
	}

	private static double gaussian(final SplittableRandom random) {
		return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random
			.nextDouble());
	}

	@Test
	void coverageIsTheExactConformalLevel() {
		for (final int[] nc : new int[][] { { 19, 90 }, { 10, 80 }, { 50, 90 } }) {
			final int n = nc[0];
			final double c = nc[1] / 100.0;
			final double exact = Math.ceil((n + 1) * c - 1e-9) / (n + 1);
			assertTrue(exact >= c && exact <= c + 1.0 / (n + 1), "the bound itself");
			final double observed = coverage(n, c, 4000, 25, n);
			// SD of one trial's coverage is at most √(c(1−c)/(n+2)); 4000 trials: SE < 0.0011
			assertEquals(exact, observed, 0.006, "n=" + n + " c=" + c);
			assertTrue(observed >= c - 0.006 && observed <= c + 1.0 / (n + 1) + 0.006, "n=" + n +
				" c=" + c + ": " + observed);
		}
	}

	@Test
	void normalisedScoresCoverHeteroscedasticNoise() {
		// noise SD known per sample: |y − μ| / σ is exchangeable, so μ ± q·σ covers at level c
		final SplittableRandom random = new SplittableRandom(3);
		final int n = 99, trials = 3000;
		long inside = 0;
		double width = 0, splitWidth = 0;
		for (int r = 0; r < trials; r++) {
			final double[] y = new double[n], mu = new double[n], sd = new double[n];
			for (int i = 0; i < n; i++) {
				sd[i] = 0.1 + 2 * random.nextDouble();
				y[i] = sd[i] * gaussian(random);
			}
			final double q = ConformalScores.normalisedResiduals(y, mu, sd).quantile(0.9);
			splitWidth += 2 * ConformalScores.absoluteResiduals(y, mu).quantile(0.9);
			final double s = 0.1 + 2 * random.nextDouble();
			if (Math.abs(s * gaussian(random)) <= q * s) inside++;
			width += 2 * q * s;
		}
		assertEquals(0.9, inside / (double) trials, 0.02);
		assertTrue(width < splitWidth, "adapting to σ narrows the mean width: " + width / trials +
			" vs " + splitWidth / trials);
	}

	@Test
	void tooFewSamplesGiveUnboundedIntervals() {
		final ConformalScores s = ConformalScores.of(new double[] { 3, 1, 2, Double.NaN });
		assertEquals(3, s.size(), "missing lab values are left out");
		assertEquals(2, s.quantile(0.5)); // ⌈4 · 0.5⌉ = 2nd smallest
		assertEquals(3, s.quantile(0.75));
		assertEquals(Double.POSITIVE_INFINITY, s.quantile(0.9), "needs 9 samples for 90 %");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s
			.quantile(1.5));
		assertTrue(e.getMessage().contains("confidence"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ConformalScores.of(new double[] { -1 }));
	}
}
