package org.spectralcnn.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A seeded random split of calibration rows into training and validation rows. */
public final class ValidationSplit {

	private ValidationSplit() {}

	/**
	 * @param n calibration samples
	 * @param fraction share for validation, rounded to a whole number of samples (0 = none)
	 * @return {training rows, validation rows}, each in increasing order
	 * @throws IllegalArgumentException if the fraction is not in [0, 0.9]
	 */
	public static int[][] split(final int n, final double fraction, final long seed) {
		if (!(fraction >= 0 && fraction <= 0.9)) throw new IllegalArgumentException(
			"validation_fraction must be between 0 and 0.9, got " + fraction);
		final int[] order = permutation(n, new SplittableRandom(seed));
		final int nVal = (int) Math.round(fraction * n);
		final int[] val = Arrays.copyOfRange(order, 0, nVal);
		final int[] train = Arrays.copyOfRange(order, nVal, n);
		Arrays.sort(val);
		Arrays.sort(train);
		return new int[][] { train, val };
	}

	/**
	 * Ensemble member k's split: the seed's permutation (as {@link #split}) cut into folds of
	 * round(fraction·n) samples; member k validates on fold k modulo the number of whole folds, so
	 * that members hold out different samples and each member's validation residuals are
	 * out-of-fold (the ensemble's intervals pool them). Member 0's split is {@link #split}'s.
	 *
	 * @return {training rows, validation rows}, each in increasing order
	 * @throws IllegalArgumentException if the fraction is not in [0, 0.9] or k is negative
	 */
	public static int[][] fold(final int n, final double fraction, final long seed, final int k) {
		if (k < 0) throw new IllegalArgumentException("member " + k);
		final int[][] first = split(n, fraction, seed);
		final int nVal = first[1].length;
		if (k == 0 || nVal == 0) return first;
		final int folds = n / nVal;
		final int f = k % folds;
		final int[] order = permutation(n, new SplittableRandom(seed));
		final int[] val = Arrays.copyOfRange(order, f * nVal, (f + 1) * nVal);
		final boolean[] held = new boolean[n];
		for (final int r : val) held[r] = true;
		final int[] train = new int[n - nVal];
		for (int i = 0, t = 0; i < n; i++)
			if (!held[i]) train[t++] = i;
		Arrays.sort(val);
		return new int[][] { train, val };
	}

	/** A random permutation of 0 … n-1 (Fisher–Yates). */
	static int[] permutation(final int n, final SplittableRandom random) {
		final int[] p = new int[n];
		for (int i = 0; i < n; i++) p[i] = i;
		shuffle(p, random);
		return p;
	}

	/** Shuffles in place (Fisher–Yates). */
	static void shuffle(final int[] a, final SplittableRandom random) {
		for (int i = a.length - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}
}
