package org.spectralcnn.data;

/**
 * Linear interpolation of spectra onto another axis: how spectra from another instrument or
 * another grid (XRF, gamma, a 10 nm local set) are put on the grid a model was trained on.
 */
public final class Resampling {

	private Resampling() {}

	/**
	 * The dataset on {@code target}, by linear interpolation between the two nearest source
	 * points. Either axis may be increasing or decreasing.
	 *
	 * @throws IllegalArgumentException if the units differ or {@code target} reaches outside the
	 *           source range (no extrapolation), naming both ranges
	 */
	public static SpectralDataset onto(final SpectralDataset data, final SpectralAxis target) {
		final SpectralAxis source = data.axis();
		if (source.unit() != target.unit()) throw new IllegalArgumentException("cannot resample " +
			source.unit() + " spectra onto a " + target.unit() + " axis");
		if (!source.covers(target)) throw new IllegalArgumentException("spectra of " + data.name() +
			" cover " + source.describe() + ", which does not span the required " + target
				.describe());
		final int n = data.size(), p = source.size(), q = target.size();
		final String tooLarge = MemoryLimits.tooLarge((long) n * q, Float.BYTES, n + " spectra × " +
			q + " points");
		if (tooLarge != null) throw new IllegalArgumentException("resampling " + data.name() +
			" onto " + target.describe() + ": " + tooLarge);
		// source positions as an increasing array, so one forward scan finds each bracket
		final double[] x = new double[p];
		final boolean increasing = source.isIncreasing();
		for (int j = 0; j < p; j++) x[j] = source.value(increasing ? j : p - 1 - j);
		final int[] lower = new int[q];
		final double[] weight = new double[q];
		for (int k = 0; k < q; k++) {
			final double t = Math.min(Math.max(target.value(k), x[0]), x[p - 1]);
			int lo = java.util.Arrays.binarySearch(x, t);
			if (lo >= 0) {
				lower[k] = Math.min(lo, p - 2);
				weight[k] = lo == p - 1 ? 1 : 0;
				continue;
			}
			lo = -lo - 2; // x[lo] < t < x[lo + 1]
			lower[k] = lo;
			weight[k] = (t - x[lo]) / (x[lo + 1] - x[lo]);
		}
		final float[] in = data.data();
		final float[] out = new float[n * q];
		for (int i = 0; i < n; i++) {
			final int row = i * p;
			for (int k = 0; k < q; k++) {
				final int a = increasing ? lower[k] : p - 1 - lower[k];
				final int b = increasing ? a + 1 : a - 1;
				out[i * q + k] = (float) ((1 - weight[k]) * in[row + a] + weight[k] * in[row + b]);
			}
		}
		return data.withSpectra(target, out);
	}
}
