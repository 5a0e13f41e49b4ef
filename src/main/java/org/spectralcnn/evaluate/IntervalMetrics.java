package org.spectralcnn.evaluate;

/**
 * How trustworthy one target's intervals and flags were on samples with lab values (missing
 * ones left out): the share of observed values inside their interval, the mean interval width,
 * and the RMSE of the samples inside the calibration domain against those flagged outside.
 *
 * @param n samples with a lab value
 * @param coverage fraction of them inside [lower, upper]
 * @param meanWidth mean of upper − lower
 * @param flagged how many of them are flagged out of domain
 * @param rmseUnflagged RMSE of the others (NaN when none)
 * @param rmseFlagged RMSE of the flagged ones (NaN when none)
 */
public record IntervalMetrics(String target, int n, double coverage, double meanWidth,
	int flagged, double rmseUnflagged, double rmseFlagged)
{

	/** Column names for tables, after the point-prediction metrics. */
	public static final String[] NAMES = { "coverage", "mean_width", "n_flagged",
		"RMSE_unflagged", "RMSE_flagged" };

	/**
	 * @param flags out-of-domain flag per sample, or null (no flags: all unflagged)
	 */
	public static IntervalMetrics of(final String target, final double[] observed,
		final double[] predicted, final double[] lower, final double[] upper, final boolean[] flags)
	{
		int n = 0, inside = 0, flagged = 0, unflagged = 0;
		double width = 0, ssIn = 0, ssOut = 0;
		for (int i = 0; i < observed.length; i++) {
			if (Double.isNaN(observed[i])) continue;
			n++;
			if (observed[i] >= lower[i] && observed[i] <= upper[i]) inside++;
			width += upper[i] - lower[i];
			final double e = predicted[i] - observed[i];
			if (flags != null && flags[i]) {
				flagged++;
				ssOut += e * e;
			}
			else {
				unflagged++;
				ssIn += e * e;
			}
		}
		return new IntervalMetrics(target, n, n == 0 ? Double.NaN : inside / (double) n, n == 0
			? Double.NaN : width / n, flagged, unflagged == 0 ? Double.NaN : Math.sqrt(ssIn /
				unflagged), flagged == 0 ? Double.NaN : Math.sqrt(ssOut / flagged));
	}

	/** The values in {@link #NAMES} order. */
	public double[] values() {
		return new double[] { coverage, meanWidth, flagged, rmseUnflagged, rmseFlagged };
	}
}
