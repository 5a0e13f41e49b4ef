package org.spectralcnn.evaluate;

import java.util.Arrays;

/**
 * Regression metrics of one target, the set the Open Soil Spectral Library reports. Samples whose
 * observed or predicted value is NaN (missing lab value) are left out.
 *
 * @param n samples compared
 * @param rmse root mean squared error √mean((ŷ − y)²) (RMSEP on a test set)
 * @param r2 coefficient of determination 1 − SSE/SST
 * @param rpd ratio of performance to deviation SD(y, n − 1) / RMSE
 * @param rpiq ratio of performance to inter-quartile distance (Q3 − Q1) / RMSE
 * @param bias mean(ŷ − y)
 * @param ccc Lin's concordance correlation coefficient
 */
public record Metrics(int n, double rmse, double r2, double rpd, double rpiq, double bias,
	double ccc)
{

	/** Metric names in the order of {@link #values()}, as written in CSV headers. */
	public static final String[] NAMES = { "n", "RMSE", "R2", "RPD", "RPIQ", "bias", "CCC" };

	public double[] values() {
		return new double[] { n, rmse, r2, rpd, rpiq, bias, ccc };
	}

	/** Metrics of predictions against observations; NaN pairs are skipped. */
	public static Metrics of(final double[] observed, final double[] predicted) {
		if (observed.length != predicted.length) throw new IllegalArgumentException(observed.length +
			" observations but " + predicted.length + " predictions");
		int n = 0;
		for (int i = 0; i < observed.length; i++)
			if (!Double.isNaN(observed[i]) && !Double.isNaN(predicted[i])) n++;
		final double[] y = new double[n], p = new double[n];
		for (int i = 0, k = 0; i < observed.length; i++) {
			if (Double.isNaN(observed[i]) || Double.isNaN(predicted[i])) continue;
			y[k] = observed[i];
			p[k++] = predicted[i];
		}
		if (n == 0) return new Metrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
			Double.NaN, Double.NaN);
		final double meanY = mean(y), meanP = mean(p);
		double sse = 0, sst = 0, bias = 0, covariance = 0, varP = 0;
		for (int i = 0; i < n; i++) {
			final double e = p[i] - y[i];
			sse += e * e;
			bias += e;
			sst += (y[i] - meanY) * (y[i] - meanY);
			covariance += (y[i] - meanY) * (p[i] - meanP);
			varP += (p[i] - meanP) * (p[i] - meanP);
		}
		final double rmse = Math.sqrt(sse / n);
		final double sd = n > 1 ? Math.sqrt(sst / (n - 1)) : Double.NaN;
		// Lin (1989) with population (1/n) moments
		final double ccc = 2 * covariance / n / (sst / n + varP / n + (meanY - meanP) * (meanY -
			meanP));
		return new Metrics(n, rmse, 1 - sse / sst, sd / rmse, interQuartileRange(y) / rmse, bias / n,
			ccc);
	}

	private static double mean(final double[] v) {
		double s = 0;
		for (final double x : v) s += x;
		return s / v.length;
	}

	/** Q3 − Q1 with linear interpolation between order statistics (R type 7, numpy default). */
	static double interQuartileRange(final double[] values) {
		final double[] s = values.clone();
		Arrays.sort(s);
		return quantile(s, 0.75) - quantile(s, 0.25);
	}

	private static double quantile(final double[] sorted, final double q) {
		final double h = (sorted.length - 1) * q;
		final int lo = (int) Math.floor(h);
		final int hi = Math.min(lo + 1, sorted.length - 1);
		return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
	}
}
