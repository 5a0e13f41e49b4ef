package org.spectralcnn.data;

import java.util.Arrays;

/**
 * The spectral axis shared by all samples of a dataset: one strictly monotonic value per point
 * (increasing, or decreasing as MIR wavenumbers often are) and its unit.
 */
public final class SpectralAxis {

	/** Relative tolerance under which two grids are the same grid. */
	private static final double SAME_GRID_TOLERANCE = 1e-6;

	private final double[] values;
	private final SpectralUnit unit;

	private SpectralAxis(final double[] values, final SpectralUnit unit) {
		this.values = values;
		this.unit = unit;
	}

	/**
	 * @throws IllegalArgumentException if there are fewer than two values, a value is not finite,
	 *           or the values are not strictly monotonic
	 */
	public static SpectralAxis of(final double[] values, final SpectralUnit unit) {
		if (unit == null) throw new IllegalArgumentException("spectral unit is null");
		if (values.length < 2) throw new IllegalArgumentException(
			"a spectral axis needs at least 2 points, got " + values.length);
		final int bad = firstViolation(values);
		if (bad >= 0) throw new IllegalArgumentException(Double.isFinite(values[bad])
			? "spectral axis is not strictly monotonic at point " + (bad + 1) + " (" + values[bad] +
				" after " + values[bad - 1] + ")"
			: "spectral axis value " + (bad + 1) + " is " + values[bad]);
		return new SpectralAxis(values.clone(), unit);
	}

	/** A regular axis {@code start, start + step, …} with {@code n} points. */
	public static SpectralAxis regular(final double start, final double step, final int n,
		final SpectralUnit unit)
	{
		final double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = start + i * step;
		return of(v, unit);
	}

	/** Channel indices {@code 0 … n-1}. */
	public static SpectralAxis channels(final int n) {
		return regular(0, 1, n, SpectralUnit.CHANNEL);
	}

	/**
	 * Index of the first value that is not finite or breaks strict monotonicity (the direction
	 * is set by the first two values), or -1. Readers use it to point at the offending column.
	 */
	public static int firstViolation(final double[] values) {
		for (int i = 0; i < values.length; i++)
			if (!Double.isFinite(values[i])) return i;
		if (values.length < 2) return -1;
		final boolean increasing = values[1] > values[0];
		for (int i = 1; i < values.length; i++) {
			final boolean ok = increasing ? values[i] > values[i - 1] : values[i] < values[i - 1];
			if (!ok) return i;
		}
		return -1;
	}

	public int size() {
		return values.length;
	}

	public double value(final int i) {
		return values[i];
	}

	/** A copy of the axis values. */
	public double[] values() {
		return values.clone();
	}

	public SpectralUnit unit() {
		return unit;
	}

	public boolean isIncreasing() {
		return values[1] > values[0];
	}

	public double first() {
		return values[0];
	}

	public double last() {
		return values[values.length - 1];
	}

	public double min() {
		return Math.min(first(), last());
	}

	public double max() {
		return Math.max(first(), last());
	}

	/** Mean spacing (signed: negative for a decreasing axis). */
	public double meanStep() {
		return (last() - first()) / (values.length - 1);
	}

	/** True when every step equals the mean step to within 1e-6 of the range. */
	public boolean isRegular() {
		final double step = meanStep();
		final double tol = SAME_GRID_TOLERANCE * Math.abs(last() - first());
		for (int i = 0; i < values.length; i++) {
			if (Math.abs(values[i] - (first() + i * step)) > tol) return false;
		}
		return true;
	}

	/** True when both axes have the same unit and the same values (to 1e-6 of the range). */
	public boolean sameGrid(final SpectralAxis other) {
		if (other.unit != unit || other.values.length != values.length) return false;
		final double tol = SAME_GRID_TOLERANCE * Math.max(Math.abs(last() - first()), 1e-12);
		for (int i = 0; i < values.length; i++) {
			if (Math.abs(values[i] - other.values[i]) > tol) return false;
		}
		return true;
	}

	/**
	 * True when this axis spans the whole range of {@code other}, to within half of this axis's
	 * point spacing at either end: a point that far out is nearer to the end measurement than to
	 * any other, so resampling holds the end value there. Two scans of one instrument whose ranges
	 * differ by rounding (OPUS: 599.74 against 599.76 cm⁻¹, spacing 1.93) cover each other.
	 */
	public boolean covers(final SpectralAxis other) {
		final double tol = SAME_GRID_TOLERANCE * Math.abs(other.last() - other.first());
		final int n = values.length;
		final double atMin = n < 2 ? 0 : Math.abs(isIncreasing() ? values[1] - values[0] : values[n -
			2] - values[n - 1]) / 2;
		final double atMax = n < 2 ? 0 : Math.abs(isIncreasing() ? values[n - 1] - values[n - 2]
			: values[0] - values[1]) / 2;
		return other.unit == unit && min() <= other.min() + Math.max(tol, atMin) && max() >= other
			.max() - Math.max(tol, atMax);
	}

	/** A short description such as {@code 1100–2498 nm, 700 points}. */
	public String describe() {
		// to a hundredth of the mean step: 7497.70–599.74 cm^-1, not 7497.697861283203–599.7386920933837
		final double step = values.length < 2 ? 0 : Math.abs(meanStep());
		final int decimals = step > 0 ? Math.max(0, (int) Math.ceil(-Math.log10(step)) + 2) : 6;
		return format(first(), decimals) + "–" + format(last(), decimals) + " " + unit.symbol() +
			", " + values.length + " points";
	}

	private static String format(final double v, final int decimals) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		final String s = String.format(java.util.Locale.ROOT, "%." + Math.min(decimals, 12) + "f", v);
		return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof SpectralAxis && ((SpectralAxis) o).unit == unit && Arrays.equals(
			((SpectralAxis) o).values, values);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(values) + unit.hashCode();
	}

	@Override
	public String toString() {
		return "SpectralAxis[" + describe() + "]";
	}
}
