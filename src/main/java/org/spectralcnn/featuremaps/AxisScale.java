package org.spectralcnn.featuremaps;

import java.util.Arrays;

/**
 * Where the pixels of one image axis of a feature map lie: {@code values[i]} is pixel
 * {@code i}'s position (the centre of its receptive field on the network input) in {@code unit},
 * and {@code origin + i · step} the linear calibration ImageJ uses (exact on regular grids).
 *
 * @param name what the axis is, e.g. {@code window centre}, {@code frequency}, {@code filter}
 * @param unit e.g. {@code nm}, {@code cycles/nm}, {@code filter}
 */
public record AxisScale(String name, String unit, double origin, double step, double[] values) {

	public AxisScale {
		values = values.clone();
	}

	/** A linear axis of {@code n} pixels. */
	public static AxisScale linear(final String name, final String unit, final double origin,
		final double step, final int n)
	{
		final double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = origin + i * step;
		return new AxisScale(name, unit, origin, step, v);
	}

	/**
	 * An axis through given pixel positions: origin at the first, step the mean spacing (or
	 * {@code fallbackStep} for a single pixel).
	 */
	static AxisScale through(final String name, final String unit, final double[] values,
		final double fallbackStep)
	{
		final int n = values.length;
		final double step = n > 1 ? (values[n - 1] - values[0]) / (n - 1) : fallbackStep;
		return new AxisScale(name, unit, values[0], step, values);
	}

	/** Number of pixels. */
	public int size() {
		return values.length;
	}

	/** Position of pixel {@code i}. */
	public double value(final int i) {
		return values[i];
	}

	@Override
	public double[] values() {
		return values.clone();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof AxisScale a && a.name.equals(name) && a.unit.equals(unit) &&
			Double.compare(a.origin, origin) == 0 && Double.compare(a.step, step) == 0 && Arrays
				.equals(a.values, values);
	}

	@Override
	public int hashCode() {
		return 31 * name.hashCode() + Arrays.hashCode(values);
	}

	@Override
	public String toString() {
		return name + " " + values[0] + (values.length > 1 ? "…" + values[values.length - 1] : "") +
			" " + unit + " (" + values.length + " pixels, step " + step + ")";
	}
}
