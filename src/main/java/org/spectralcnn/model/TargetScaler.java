package org.spectralcnn.model;

/**
 * Standardisation of one target with its training mean and population SD, missing values (NaN)
 * left out; the network learns {@code (y - mean) / sd} and predictions are mapped back to the
 * target's units. A constant target keeps SD 1.
 *
 * @param name the target (column) name
 * @param unit its unit, empty when unknown
 */
public record TargetScaler(String name, String unit, double mean, double sd) {

	public TargetScaler {
		if (!Double.isFinite(mean) || !(sd > 0) || !Double.isFinite(sd))
			throw new IllegalArgumentException("target '" + name + "': scaler mean " + mean +
				", SD " + sd);
	}

	/**
	 * Fits on the values of some rows.
	 *
	 * @throws IllegalArgumentException when every value is missing
	 */
	public static TargetScaler fit(final String name, final String unit, final double[] values,
		final int[] rows)
	{
		double mean = 0, m2 = 0;
		long n = 0;
		for (final int r : rows) {
			final double v = values[r];
			if (Double.isNaN(v)) continue;
			n++;
			final double d = v - mean;
			mean += d / n;
			m2 += d * (v - mean);
		}
		if (n == 0) throw new IllegalArgumentException("target '" + name +
			"' is missing in every training sample");
		final double sd = Math.sqrt(m2 / n);
		return new TargetScaler(name, unit == null ? "" : unit, mean, sd > 0 ? sd : 1);
	}

	public double scale(final double v) {
		return (v - mean) / sd;
	}

	public double unscale(final double z) {
		return z * sd + mean;
	}
}
