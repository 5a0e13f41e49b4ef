package org.spectralcnn.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The signed-rank test against the exact tables (all signs alike: p = 2 / 2ⁿ) and
 * {@code scipy.stats.wilcoxon} 1.10 (defaults) on fixed differences.
 */
class WilcoxonTest {

	@Test
	void allPositiveGivesTheSmallestExactP() {
		assertEquals(0.0625, Wilcoxon.test(new double[] { 1, 2, 3, 4, 5 }).p(), 1e-15);
		final double[] d = new double[15];
		for (int i = 0; i < d.length; i++) d[i] = -(i + 1) * 0.1;
		final Wilcoxon.Result r = Wilcoxon.test(d);
		assertEquals(2 / Math.pow(2, 15), r.p(), 1e-18);
		assertEquals(0, r.statistic());
		assertTrue(r.exact());
	}

	@Test
	void exactPMatchesScipy() {
		// scipy.stats.wilcoxon([1.5,-0.3,2.1,0.8,-1.2,0.4,1.9,0.7,-0.1,1.1]) -> (10.0, 0.083984375)
		final Wilcoxon.Result r = Wilcoxon.test(new double[] { 1.5, -0.3, 2.1, 0.8, -1.2, 0.4, 1.9,
			0.7, -0.1, 1.1 });
		assertEquals(10.0, r.statistic());
		assertEquals(0.083984375, r.p(), 1e-15);
		// scipy.stats.wilcoxon([1,-2,3,4,5,6,-7,8]) -> (9.0, 0.25)
		assertEquals(0.25, Wilcoxon.test(new double[] { 1, -2, 3, 4, 5, 6, -7, 8 }).p(), 1e-15);
	}

	@Test
	void pairedDropsZerosAndNaN() {
		final double[] a = { 2, 3, 4, 5, 6, 7, Double.NaN };
		final double[] b = { 2, 2, 2, 2, 2, 2, 1 };
		final Wilcoxon.Result r = Wilcoxon.paired(a, b);
		assertEquals(5, r.n());
		assertEquals(0.0625, r.p(), 1e-15);
	}

	@Test
	void normalApproximationAboveFiftyMatchesScipy() {
		// scipy.stats.wilcoxon([(i % 7) - 2.2 for i in range(60)]) -> (612.0, 0.025344128431736623)
		final double[] d = new double[60];
		for (int i = 0; i < d.length; i++) d[i] = (i % 7) - 2.2;
		final Wilcoxon.Result r = Wilcoxon.test(d);
		assertFalse(r.exact());
		assertEquals(612.0, r.statistic(), 1e-9);
		assertEquals(0.025344128431736623, r.p(), 1e-6);
	}

	@Test
	void exactWithTiesCountsTheMidRanks() {
		// ranks 1.5, 1.5, 3: sign patterns give R+ in {0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6}
		final Wilcoxon.Result r = Wilcoxon.test(new double[] { 1, 1, 2 });
		assertEquals(0, r.statistic());
		assertEquals(2 * 1 / 8.0, r.p(), 1e-15);
		assertTrue(Double.isNaN(Wilcoxon.test(new double[] { 0, 0 }).p()));
	}
}
