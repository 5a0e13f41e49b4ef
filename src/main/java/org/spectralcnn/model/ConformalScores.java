package org.spectralcnn.model;

import java.util.Arrays;

/**
 * One target's conformity scores on calibration samples the model did not fit, sorted. Split
 * conformal prediction: for exchangeable samples, the ⌈(n + 1)·c⌉-th smallest score bounds the
 * score of a new sample with probability at least c (and at most c + 1/(n + 1) without ties).
 * The score is |y − ŷ| (split conformal) or |y − μ| / s (normalised: Monte Carlo conformal
 * prediction, μ the mean of the Monte Carlo dropout passes, s their SD plus an offset).
 */
public final class ConformalScores {

	private final double[] sorted;

	private ConformalScores(final double[] sorted) {
		this.sorted = sorted;
	}

	/** Scores of the calibration samples (NaN ones, missing lab values, are left out). */
	public static ConformalScores of(final double[] scores) {
		final double[] s = Arrays.stream(scores).filter(v -> !Double.isNaN(v)).sorted().toArray();
		for (final double v : s)
			if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(
				"conformity score " + v + ": scores are finite and ≥ 0");
		return new ConformalScores(s);
	}

	/** |observed − predicted| per sample. */
	public static ConformalScores absoluteResiduals(final double[] observed,
		final double[] predicted)
	{
		final double[] s = new double[observed.length];
		for (int i = 0; i < s.length; i++) s[i] = Math.abs(observed[i] - predicted[i]);
		return of(s);
	}

	/** |observed − mean| / sd per sample. */
	public static ConformalScores normalisedResiduals(final double[] observed,
		final double[] mean, final double[] sd)
	{
		final double[] s = new double[observed.length];
		for (int i = 0; i < s.length; i++) s[i] = Math.abs(observed[i] - mean[i]) / sd[i];
		return of(s);
	}

	public int size() {
		return sorted.length;
	}

	/** The i-th smallest score (0-based). */
	public double at(final int i) {
		return sorted[i];
	}

	/** All scores of several members, pooled. */
	public static ConformalScores pooled(final java.util.List<ConformalScores> members) {
		return members.size() == 1 ? members.get(0) : new ConformalScores(members.stream()
			.flatMapToDouble(m -> Arrays.stream(m.sorted)).sorted().toArray());
	}

	/** The scores in increasing order (a copy). */
	public double[] sorted() {
		return sorted.clone();
	}

	/**
	 * The conformal quantile at confidence {@code c}: the ⌈(n + 1)·c⌉-th smallest score, or +∞
	 * when there are too few calibration samples for that level (an interval that is honest).
	 *
	 * @throws IllegalArgumentException if c is not in (0, 1)
	 */
	public double quantile(final double c) {
		requireLevel(c);
		final int k = (int) Math.ceil((sorted.length + 1) * c - 1e-9);
		return k > sorted.length ? Double.POSITIVE_INFINITY : sorted[Math.max(k, 1) - 1];
	}

	/** {@link #quantile}, or the largest score when there are too few for the level. */
	public double quantileOrMax(final double c) {
		final double q = quantile(c);
		return Double.isInfinite(q) && sorted.length > 0 ? sorted[sorted.length - 1] : q;
	}

	/** @throws IllegalArgumentException if the level is not in (0, 1) */
	public static void requireLevel(final double c) {
		if (!(c > 0 && c < 1)) throw new IllegalArgumentException(
			"confidence must be between 0 and 1 (e.g. 0.9 for 90 % intervals), got " + c);
	}

	/** The commands' {@code confidence} key: the range their dialogs allow. */
	public static final double MIN_CONFIDENCE = 0.5, MAX_CONFIDENCE = 0.999;

	/**
	 * A macro or the launcher sets the key without the dialog's bounds; the same range holds for
	 * them (a level under ½ is no prediction interval a lab would act on, one over 0.999 needs
	 * more calibration samples than any model file holds).
	 *
	 * @throws IllegalArgumentException naming the {@code confidence} key
	 */
	public static void requireConfidence(final double c) {
		if (!(c >= MIN_CONFIDENCE && c <= MAX_CONFIDENCE)) throw new IllegalArgumentException(
			"confidence must be between " + MIN_CONFIDENCE + " and " + MAX_CONFIDENCE +
				" (e.g. 0.9 for 90 % intervals), got " + c);
	}
}
