package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Lanczos against the dense covariance matrix diagonalised by Jacobi rotations. */
class LeadingComponentsTest {

	/** n centred rows of p points whose variance falls by {@code decay} per direction, rank at most r. */
	private static double[][] rows(final int n, final int p, final int r, final double decay,
		final long seed)
	{
		final SplittableRandom random = new SplittableRandom(seed);
		final double[][] directions = new double[r][p];
		for (final double[] d : directions)
			for (int j = 0; j < p; j++) d[j] = random.nextDouble() - 0.5;
		final double[][] c = new double[n][p];
		for (int i = 0; i < n; i++)
			for (int k = 0; k < r; k++) {
				final double a = Math.pow(decay, k) * (random.nextDouble() - 0.5);
				for (int j = 0; j < p; j++) c[i][j] += a * directions[k][j];
			}
		for (int j = 0; j < p; j++) { // centre
			double m = 0;
			for (final double[] row : c) m += row[j] / n;
			for (final double[] row : c) row[j] -= m;
		}
		return c;
	}

	private static LeadingComponents.Eigen dense(final double[][] c) {
		final int n = c.length, p = c[0].length;
		final double[][] s = new double[p][p];
		for (final double[] row : c)
			for (int a = 0; a < p; a++)
				for (int b = 0; b < p; b++) s[a][b] += row[a] * row[b] / (n - 1);
		final double[][] copy = new double[p][];
		for (int a = 0; a < p; a++) copy[a] = s[a].clone();
		final LeadingComponents.Eigen e = LeadingComponents.Eigen.jacobi(copy);
		for (int i = 0; i < p; i++) { // the reference itself: S·v = λ·v
			if (i > 0) assertTrue(e.values()[i] <= e.values()[i - 1], "descending");
			for (int a = 0; a < p; a++) {
				double sv = 0;
				for (int b = 0; b < p; b++) sv += s[a][b] * e.vectors()[b][i];
				assertEquals(e.values()[i] * e.vectors()[a][i], sv, 1e-12 * e.values()[0]);
			}
		}
		return e;
	}

	private static void assertSamePairs(final LeadingComponents.Eigen expected,
		final LeadingComponents.Result actual, final int k)
	{
		assertEquals(k, actual.values().length);
		for (int i = 0; i < k; i++) {
			assertEquals(expected.values()[i], actual.values()[i], 1e-10 * expected.values()[0],
				"eigenvalue " + i);
			final double[] v = actual.vectors()[i];
			double d = 0;
			for (int j = 0; j < v.length; j++) d += v[j] * expected.vectors()[j][i];
			assertEquals(1, Math.abs(d), 1e-8, "eigenvector " + i + " (up to its sign)");
			assertEquals(1, LeadingComponents.dot(v, v), 1e-12);
			for (int o = 0; o < i; o++)
				assertEquals(0, LeadingComponents.dot(v, actual.vectors()[o]), 1e-10);
		}
	}

	@Test
	void leadingPairsAreTheCovarianceMatrixs() {
		// more rows than points, and fewer (the Krylov space ends at rank n − 1)
		for (final int n : new int[] { 120, 25 }) {
			final double[][] c = rows(n, 60, 60, 0.8, n);
			final LeadingComponents.Eigen all = dense(c);
			assertSamePairs(all, LeadingComponents.of(c, 12, false, 0), 12);
			// by variance: the fewest whose eigenvalues reach 99 % of the trace
			double trace = 0, sum = 0;
			for (final double v : all.values()) trace += v;
			int k = 0;
			while (sum < 0.99 * trace) sum += all.values()[k++];
			assertSamePairs(all, LeadingComponents.of(c, 60, true, 0.99), k);
		}
	}

	@Test
	void aLowRankSetHasOnlyItsComponents() {
		final double[][] c = rows(50, 80, 3, 0.5, 7);
		assertSamePairs(dense(c), LeadingComponents.of(c, 20, false, 0), 3);
		assertEquals(0, LeadingComponents.of(new double[10][5], 3, true, 0.99).values().length,
			"rows that do not vary");
	}
}
