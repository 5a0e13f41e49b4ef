package org.spectralcnn.preprocess;

/**
 * {@code sg(window, poly, deriv)}: Savitzky–Golay smoothing ({@code deriv} 0) or derivative,
 * equal to {@code scipy.signal.savgol_filter(x, window, poly, deriv, mode='interp')}: inside,
 * the polynomial fitted to the window around each point; within half a window of either end, the
 * polynomial fitted to the first (last) window, so the spectrum keeps its length. Derivatives
 * are per point (scipy's {@code delta=1}), as prospectr's {@code savitzkyGolay} without
 * {@code delta.wav}.
 */
final class SavitzkyGolay extends RowStep {

	private final int window, poly, deriv;
	/** weights[pos][t]: the value at window position {@code pos} is {@code Σ_t weights[pos][t] x_t}. */
	private final double[][] weights;

	/**
	 * @throws IllegalArgumentException unless window is odd and ≥ 3, 0 ≤ poly < window and
	 *           0 ≤ deriv ≤ poly
	 */
	SavitzkyGolay(final int window, final int poly, final int deriv) {
		final String step = "sg(" + window + "," + poly + "," + deriv + ")";
		if (window < 3 || window % 2 == 0) throw new IllegalArgumentException(step +
			": window must be an odd number of points ≥ 3, got " + window);
		if (poly < 0 || poly >= window) throw new IllegalArgumentException(step +
			": poly must be between 0 and window - 1 (" + (window - 1) + "), got " + poly);
		if (deriv < 0 || deriv > poly) throw new IllegalArgumentException(step +
			": deriv must be between 0 and poly (" + poly + "), got " + deriv);
		this.window = window;
		this.poly = poly;
		this.deriv = deriv;
		weights = new double[window][];
		for (int pos = 0; pos < window; pos++) weights[pos] = weights(pos);
	}

	/**
	 * Least-squares weights of the {@code deriv}-th derivative at {@code pos} of the degree-
	 * {@code poly} polynomial through the window: {@code d! e_dᵀ (AᵀA)⁻¹ Aᵀ} with
	 * {@code A[t][q] = u_t^q}, {@code u_t = (t - pos) / window} (scaled so that AᵀA stays well
	 * conditioned; the derivative is scaled back by {@code window^-deriv}).
	 */
	private double[] weights(final int pos) {
		final int q = poly + 1;
		final double[][] a = new double[window][q];
		for (int t = 0; t < window; t++) {
			final double u = (t - pos) / (double) window;
			a[t][0] = 1;
			for (int k = 1; k < q; k++) a[t][k] = a[t][k - 1] * u;
		}
		final double[][] normal = new double[q][q + 1]; // augmented with e_deriv
		for (int i = 0; i < q; i++) {
			for (int k = 0; k < q; k++) {
				double s = 0;
				for (int t = 0; t < window; t++) s += a[t][i] * a[t][k];
				normal[i][k] = s;
			}
			normal[i][q] = i == deriv ? 1 : 0;
		}
		final double[] z = solve(normal);
		double factor = 1;
		for (int k = 2; k <= deriv; k++) factor *= k;
		factor /= Math.pow(window, deriv);
		final double[] w = new double[window];
		for (int t = 0; t < window; t++) {
			double s = 0;
			for (int k = 0; k < q; k++) s += a[t][k] * z[k];
			w[t] = factor * s;
		}
		return w;
	}

	/** Gaussian elimination with partial pivoting on an augmented q × (q + 1) system. */
	private static double[] solve(final double[][] m) {
		final int q = m.length;
		for (int c = 0; c < q; c++) {
			int pivot = c;
			for (int r = c + 1; r < q; r++)
				if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
			final double[] tmp = m[c];
			m[c] = m[pivot];
			m[pivot] = tmp;
			for (int r = c + 1; r < q; r++) {
				final double f = m[r][c] / m[c][c];
				for (int k = c; k <= q; k++) m[r][k] -= f * m[c][k];
			}
		}
		final double[] z = new double[q];
		for (int r = q - 1; r >= 0; r--) {
			double s = m[r][q];
			for (int k = r + 1; k < q; k++) s -= m[r][k] * z[k];
			z[r] = s / m[r][r];
		}
		return z;
	}

	@Override
	void transform(final double[] x, final double[] axis) {
		final int p = x.length, half = window / 2;
		if (p < window) throw new IllegalArgumentException("the window of " + window +
			" points is longer than the spectrum (" + p + " points)");
		final double[] out = new double[p];
		for (int i = 0; i < p; i++) {
			final int start = i < half ? 0 : i >= p - half ? p - window : i - half;
			final double[] w = weights[i - start];
			double s = 0;
			for (int t = 0; t < window; t++) s += w[t] * x[start + t];
			out[i] = s;
		}
		System.arraycopy(out, 0, x, 0, p);
	}

	@Override
	public String toString() {
		return "sg(" + window + "," + poly + "," + deriv + ")";
	}
}
