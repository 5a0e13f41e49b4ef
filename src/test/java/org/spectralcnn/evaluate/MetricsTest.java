package org.spectralcnn.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

	/** Expected values computed with numpy (np.percentile, np.cov(ddof=0), std(ddof=1)). */
	@Test
	void matchesNumpyAndSkipsMissingPairs() {
		final double nan = Double.NaN;
		final double[] y = { 1.0, 2.5, nan, 3.1, 4.8, 5.0, 6.2, 7.7, 9 };
		final double[] p = { 1.2, 2.1, 3, 3.5, 4.4, 5.6, 6.0, 7.1, nan };
		final Metrics m = Metrics.of(y, p);
		assertEquals(7, m.n());
		assertEquals(0.42761798705987897, m.rmse(), 1e-12);
		assertEquals(0.9593318809005084, m.r2(), 1e-12);
		assertEquals(5.356071321407138, m.rpd(), 1e-12);
		assertEquals(6.547900426854397, m.rpiq(), 1e-12);
		assertEquals(-0.057142857142857224, m.bias(), 1e-12);
		assertEquals(0.978309286336787, m.ccc(), 1e-12);
	}

	@Test
	void perfectPredictionAndNoData() {
		final Metrics m = Metrics.of(new double[] { 1, 2, 3 }, new double[] { 1, 2, 3 });
		assertEquals(0, m.rmse());
		assertEquals(1, m.r2());
		assertEquals(1, m.ccc(), 1e-15);
		assertTrue(Double.isNaN(Metrics.of(new double[] { Double.NaN }, new double[] { 1 }).rmse()));
	}
}
