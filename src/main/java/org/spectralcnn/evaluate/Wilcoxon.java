package org.spectralcnn.evaluate;

import java.util.Arrays;

/**
 * Wilcoxon signed-rank test of paired differences (two-sided), as {@code scipy.stats.wilcoxon}
 * with its defaults computes it: zero differences are dropped ({@code zero_method="wilcox"}),
 * absolute differences get mid-ranks, the statistic is the smaller of the positive and negative
 * rank sums. Up to {@value #EXACT_MAX} differences the p-value is exact: the permutation
 * distribution of the signs over the (mid-)ranks, counted by dynamic programming; above that,
 * the normal approximation with the tie correction and no continuity correction.
 */
public final class Wilcoxon {

	/** Largest number of non-zero differences with an exact p-value (scipy's limit too). */
	public static final int EXACT_MAX = 50;

	/**
	 * @param n non-zero differences used
	 * @param statistic min(R+, R−)
	 * @param p two-sided p-value (NaN when no difference is non-zero)
	 * @param exact whether {@code p} is exact
	 */
	public record Result(int n, double statistic, double p, boolean exact) {}

	private Wilcoxon() {}

	/** Tests {@code a − b} (NaN pairs skipped). */
	public static Result paired(final double[] a, final double[] b) {
		if (a.length != b.length) throw new IllegalArgumentException("paired test: " + a.length +
			" and " + b.length + " values");
		final double[] d = new double[a.length];
		for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
		return test(d);
	}

	/** Tests whether the differences are centred on zero (NaN skipped). */
	public static Result test(final double[] differences) {
		final double[] d = Arrays.stream(differences).filter(x -> !Double.isNaN(x) && x != 0)
			.toArray();
		final int n = d.length;
		if (n == 0) return new Result(0, Double.NaN, Double.NaN, true);
		// mid-ranks of |d|, doubled so that they are integers
		final Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) order[i] = i;
		Arrays.sort(order, (x, y) -> Double.compare(Math.abs(d[x]), Math.abs(d[y])));
		final int[] rank2 = new int[n];
		double tieTerm = 0;
		for (int i = 0; i < n;) {
			int j = i;
			while (j + 1 < n && Math.abs(d[order[j + 1]]) == Math.abs(d[order[i]])) j++;
			final int t = j - i + 1;
			for (int k = i; k <= j; k++) rank2[order[k]] = i + j + 2; // 2 × mean of ranks i+1..j+1
			tieTerm += (double) t * t * t - t;
			i = j + 1;
		}
		long plus2 = 0, total2 = 0;
		for (int i = 0; i < n; i++) {
			total2 += rank2[i];
			if (d[i] > 0) plus2 += rank2[i];
		}
		final long stat2 = Math.min(plus2, total2 - plus2);
		final double statistic = stat2 / 2.0;
		if (n <= EXACT_MAX) {
			// count sign patterns by their doubled positive rank sum
			final double[] count = new double[(int) total2 + 1];
			count[0] = 1;
			int reach = 0;
			for (final int r : rank2) {
				for (int s = reach; s >= 0; s--)
					if (count[s] != 0) count[s + r] += count[s];
				reach += r;
			}
			double low = 0;
			for (int s = 0; s <= stat2; s++) low += count[s];
			final double p = Math.min(1, 2 * low / Math.pow(2, n));
			return new Result(n, statistic, p, true);
		}
		final double mean = n * (n + 1) / 4.0;
		final double var = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieTerm / 48.0;
		final double z = (statistic - mean) / Math.sqrt(var);
		return new Result(n, statistic, Math.min(1, 2 * normalCdf(-Math.abs(z))), false);
	}

	/** Φ(x) through erfc (W. J. Cody's rational approximation via {@link #erfc}). */
	static double normalCdf(final double x) {
		return 0.5 * erfc(-x / Math.sqrt(2));
	}

	/** Complementary error function, relative error below 1.2e-7 (Numerical Recipes' erfcc). */
	private static double erfc(final double x) {
		final double z = Math.abs(x);
		final double t = 1 / (1 + 0.5 * z);
		final double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t *
			(0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t *
				(-0.82215223 + t * 0.17087277)))))))));
		return x >= 0 ? r : 2 - r;
	}
}
