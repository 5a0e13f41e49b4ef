package org.spectralcnn.model;

import java.util.List;

/**
 * Conformal intervals from several models, each with the scores of the calibration samples it
 * did not fit: CV+ (Barber, Candès, Ramdas & Tibshirani 2021, "Predictive inference with the
 * jackknife+"). Member k predicts a new sample as μ_k with scale s_k (1 for plain residuals, its
 * Monte Carlo spread for normalised ones); every calibration score R of member k gives the
 * candidate bounds μ_k ± R·s_k, and the interval runs from the ⌈c(n + 1)⌉-th largest lower to
 * the ⌈c(n + 1)⌉-th smallest upper candidate, n the number of scores of all members. An
 * ensemble whose members each held out another fold is so calibrated on every training sample
 * instead of one validation split. With one member this is split conformal prediction:
 * μ ± q̂·s, q̂ = {@link ConformalScores#quantile}.
 */
public final class CrossConformal {

	private CrossConformal() {}

	/**
	 * The interval {lower, upper} at confidence {@code c}; unbounded (±∞) when the members have
	 * too few scores together for the level.
	 *
	 * @param scores per member, the scores of the calibration samples it did not fit
	 * @param centre per member, its prediction μ_k for the new sample
	 * @param scale per member, s_k ≥ 0 (all 1 for absolute residuals)
	 */
	public static double[] interval(final List<ConformalScores> scores, final double[] centre,
		final double[] scale, final double c)
	{
		ConformalScores.requireLevel(c);
		if (scores.size() != centre.length || centre.length != scale.length)
			throw new IllegalArgumentException(scores.size() + " members' scores for " +
				centre.length + " centres and " + scale.length + " scales");
		final double[] negated = new double[centre.length];
		for (int k = 0; k < centre.length; k++) negated[k] = -centre[k];
		return new double[] { -upper(scores, negated, scale, c), upper(scores, centre, scale, c) };
	}

	/** The ⌈c(n + 1)⌉-th smallest of {μ_k + R·s_k}, found as the (n + 1 − ⌈c(n + 1)⌉)-th largest. */
	private static double upper(final List<ConformalScores> scores, final double[] centre,
		final double[] scale, final double c)
	{
		int n = 0;
		for (final ConformalScores s : scores) n += s.size();
		final int rank = (int) Math.ceil((n + 1) * c - 1e-9);
		if (rank > n) return Double.POSITIVE_INFINITY;
		// s_k ≥ 0, so each member's candidates rise with its scores: walk down from the tops
		final int members = scores.size();
		final int[] next = new int[members];
		for (int k = 0; k < members; k++) next[k] = scores.get(k).size() - 1;
		double value = Double.NaN;
		for (int taken = 0; taken <= n - Math.max(rank, 1); taken++) {
			int best = -1;
			double bestValue = Double.NEGATIVE_INFINITY;
			for (int k = 0; k < members; k++) {
				if (next[k] < 0) continue;
				final double v = centre[k] + scores.get(k).at(next[k]) * scale[k];
				if (best < 0 || v > bestValue) {
					best = k;
					bestValue = v;
				}
			}
			value = bestValue;
			next[best]--;
		}
		return value;
	}
}
