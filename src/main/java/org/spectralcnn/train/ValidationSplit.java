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
