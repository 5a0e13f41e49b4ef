package org.spectralcnn.plsr;

import java.util.Arrays;

/**
 * Cross-validation folds that are the same as scikit-learn's
 * {@code KFold(n_splits=k, shuffle=True, random_state=seed)}, so that a PLSR model trained here
 * chooses its number of latent variables from exactly the same RMSECV curve as a Python or R
 * script using that splitter.
 * <p>
 * KFold shuffles {@code 0..n-1} with numpy's legacy {@code RandomState(seed).shuffle}: a
 * Fisher–Yates shuffle from the last position down, where position {@code i} swaps with a
 * position drawn uniformly from {@code 0..i} by numpy's {@code random_interval} (32-bit MT19937
 * outputs masked to the smallest all-ones bit mask covering {@code i}, redrawn while above
 * {@code i}). The generator is MT19937 seeded with {@code init_genrand(seed)}, numpy's seeding
 * for an integer seed. The shuffled order is then cut into {@code k} consecutive test folds; the
 * first {@code n mod k} folds hold one sample more.
 */
public final class Folds {

	private Folds() {}

	/**
	 * Fold of each sample, 0..k-1.
	 *
	 * @param n samples
	 * @param k folds, 2..n
	 * @param seed 0..2³²−1, as numpy accepts
	 */
	public static int[] kFold(final int n, final int k, final long seed) {
		if (k < 2 || k > n) throw new IllegalArgumentException("folds must be between 2 and the " +
			"number of samples (" + n + "), got " + k);
		final int[] order = shuffled(n, seed);
		final int[] fold = new int[n];
		int start = 0;
		for (int f = 0; f < k; f++) {
			final int size = n / k + (f < n % k ? 1 : 0);
			for (int i = start; i < start + size; i++) fold[order[i]] = f;
			start += size;
		}
		return fold;
	}

	/** {@code numpy.random.RandomState(seed).permutation(n)}. */
	public static int[] shuffled(final int n, final long seed) {
		if (seed < 0 || seed > 0xffffffffL) throw new IllegalArgumentException(
			"seed must be between 0 and 4294967295, got " + seed);
		final int[] a = new int[n];
		Arrays.setAll(a, i -> i);
		final Mt19937 mt = new Mt19937(seed);
		for (int i = n - 1; i > 0; i--) {
			final int j = (int) mt.interval(i);
			final int t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
		return a;
	}

	/**
	 * The Mersenne Twister MT19937 (Matsumoto and Nishimura 1998), 32-bit outputs, seeded as
	 * numpy's {@code RandomState(seed)}. Not commons-math3's {@code MersenneTwister}: its
	 * {@code setSeed(int)} sign-extends the seed, so for seeds from 2³¹ to 2³² − 1 (valid numpy
	 * seeds) it gives another sequence (checked: equal for 0, 42 and 2³¹ − 1, no output equal for
	 * 2³¹ + 5 and 2³² − 1), and its {@code setSeed(long)} seeds another way altogether.
	 */
	static final class Mt19937 {

		private static final int N = 624, M = 397;
		private final int[] mt = new int[N];
		private int index = N;

		Mt19937(final long seed) {
			mt[0] = (int) seed;
			for (int i = 1; i < N; i++)
				mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
		}

		/** The next output as an unsigned value in a long. */
		long next32() {
			if (index >= N) {
				for (int i = 0; i < N; i++) {
					final int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
					mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
				}
				index = 0;
			}
			int y = mt[index++];
			y ^= y >>> 11;
			y ^= (y << 7) & 0x9d2c5680;
			y ^= (y << 15) & 0xefc60000;
			y ^= y >>> 18;
			return y & 0xffffffffL;
		}

		/** numpy's {@code random_interval(max)} for max below 2³²: uniform on 0..max. */
		long interval(final long max) {
			if (max == 0) return 0;
			long mask = max;
			mask |= mask >>> 1;
			mask |= mask >>> 2;
			mask |= mask >>> 4;
			mask |= mask >>> 8;
			mask |= mask >>> 16;
			long value;
			while ((value = next32() & mask) > max) {}
			return value;
		}
	}
}
