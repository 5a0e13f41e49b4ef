package org.spectralcnn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The leading eigenpairs of a covariance matrix CᵀC / (n − 1), C the n × p centred spectra,
 * without forming it: Lanczos iteration with full reorthogonalisation, from a seeded start
 * vector, until the Ritz pairs needed have residuals below {@value #TOLERANCE} of the largest
 * eigenvalue. Each step multiplies by C and Cᵀ (4·n·p operations); the small tridiagonal matrix
 * is diagonalised by Jacobi rotations. Spectra need tens of steps for 20 components, where power
 * iteration with deflation needed up to 500 products per component (3.2 s for NIRsoil's domain
 * model, now 0.13–0.24 s).
 */
final class LeadingComponents {

	/** Residual ‖S·v − λ·v‖ of a converged pair, relative to the largest eigenvalue. */
	static final double TOLERANCE = 1e-11;

	/** Lanczos steps between convergence checks. */
	private static final int CHECK_EVERY = 8;

	/**
	 * @param vectors orthonormal eigenvectors of length p, largest eigenvalue first
	 * @param values their eigenvalues
	 */
	record Result(double[][] vectors, double[] values) {}

	private LeadingComponents() {}

	/**
	 * @param c n × p centred rows
	 * @param maxK the most components
	 * @param explained with {@code byVariance}, the fewest components whose eigenvalues sum to this
	 *          share of the trace (at most maxK); else exactly maxK
	 * @return the components with eigenvalues above 1e-12 of the trace (none when the rows do not
	 *         vary)
	 */
	static Result of(final double[][] c, final int maxK, final boolean byVariance,
		final double explained)
	{
		final int n = c.length, p = n == 0 ? 0 : c[0].length;
		double trace = 0;
		for (final double[] row : c)
			for (final double v : row) trace += v * v;
		trace /= Math.max(n - 1, 1);
		final int rank = Math.min(p, n - 1);
		if (!(trace > 0) || maxK < 1 || rank < 1) return new Result(new double[0][], new double[0]);
		final List<double[]> basis = new ArrayList<>();
		final double[] alpha = new double[rank], beta = new double[rank];
		final SplittableRandom random = new SplittableRandom(42);
		double[] q = randomUnit(p, basis, random);
		final double[] u = new double[n];
		Eigen ritz = null;
		int k = 0;
		for (int j = 0; j < rank; j++) {
			basis.add(q);
			final double[] w = multiply(c, q, u);
			alpha[j] = dot(q, w);
			// full reorthogonalisation (twice is enough) keeps the basis orthonormal in floating point
			for (int pass = 0; pass < 2; pass++)
				for (final double[] b : basis) axpy(-dot(b, w), b, w);
			beta[j] = Math.sqrt(dot(w, w));
			final boolean invariant = beta[j] <= 1e-12 * trace;
			final boolean last = j + 1 == rank;
			if (invariant || last || (j + 1) % CHECK_EVERY == 0) {
				ritz = Eigen.symmetricTridiagonal(alpha, beta, j + 1);
				k = needed(ritz.values, maxK, byVariance, explained * trace);
				boolean converged = k > 0 && (!byVariance || k == maxK || sum(ritz.values, k) >= explained *
					trace);
				for (int i = 0; converged && i < k; i++)
					converged = beta[j] * Math.abs(ritz.vectors[j][i]) <= TOLERANCE * ritz.values[0];
				if (converged || last) break;
			}
			if (invariant) { // the start vector's Krylov space is exhausted: go on in a new direction
				beta[j] = 0;
				q = randomUnit(p, basis, random);
				if (q == null) break;
			}
			else {
				final double scale = 1 / beta[j];
				for (int i = 0; i < p; i++) w[i] *= scale;
				q = w;
			}
		}
		int kept = 0;
		while (kept < k && ritz.values[kept] > 1e-12 * trace) kept++;
		final double[][] vectors = new double[kept][];
		final double[] values = new double[kept];
		final int m = basis.size();
		for (int i = 0; i < kept; i++) {
			final double[] v = new double[p];
			for (int j = 0; j < m; j++) axpy(ritz.vectors[j][i], basis.get(j), v);
			final double norm = Math.sqrt(dot(v, v));
			for (int t = 0; t < p; t++) v[t] /= norm;
			vectors[i] = v;
			values[i] = ritz.values[i];
		}
		return new Result(vectors, values);
	}

	/** How many of the (descending) values the caller wants. */
	private static int needed(final double[] values, final int maxK, final boolean byVariance,
		final double target)
	{
		final int most = Math.min(maxK, values.length);
		if (!byVariance) return most;
		double sum = 0;
		for (int k = 0; k < most; k++) {
			sum += values[k];
			if (sum >= target) return k + 1;
		}
		return most;
	}

	private static double sum(final double[] values, final int k) {
		double s = 0;
		for (int i = 0; i < k; i++) s += values[i];
		return s;
	}

	/** CᵀC·q / (n − 1), with u = C·q as workspace. */
	private static double[] multiply(final double[][] c, final double[] q, final double[] u) {
		final int n = c.length, p = q.length;
		for (int r = 0; r < n; r++) u[r] = dot(c[r], q);
		final double[] w = new double[p];
		for (int r = 0; r < n; r++) axpy(u[r] / (n - 1), c[r], w);
		return w;
	}

	/** A seeded random unit vector orthogonal to the basis; null when the basis spans all. */
	private static double[] randomUnit(final int p, final List<double[]> basis,
		final SplittableRandom random)
	{
		if (basis.size() >= p) return null;
		final double[] v = new double[p];
		for (int i = 0; i < p; i++) v[i] = random.nextDouble() - 0.5;
		for (int pass = 0; pass < 2; pass++)
			for (final double[] b : basis) axpy(-dot(b, v), b, v);
		final double norm = Math.sqrt(dot(v, v));
		if (!(norm > 1e-8)) return null;
		for (int i = 0; i < p; i++) v[i] /= norm;
		return v;
	}

	static double dot(final double[] a, final double[] b) {
		double d = 0;
		for (int i = 0; i < a.length; i++) d += a[i] * b[i];
		return d;
	}

	/** y += a·x */
	private static void axpy(final double a, final double[] x, final double[] y) {
		for (int i = 0; i < x.length; i++) y[i] += a * x[i];
	}

	/** Eigenvalues (descending) and eigenvectors (columns, same order) of a small symmetric matrix. */
	record Eigen(double[] values, double[][] vectors) {

		/** Of the m × m tridiagonal matrix with diagonal a and off-diagonal b (b[i] links i, i + 1). */
		static Eigen symmetricTridiagonal(final double[] a, final double[] b, final int m) {
			final double[][] t = new double[m][m];
			for (int i = 0; i < m; i++) {
				t[i][i] = a[i];
				if (i + 1 < m) t[i][i + 1] = t[i + 1][i] = b[i];
			}
			return jacobi(t);
		}

		/** Cyclic Jacobi rotations until the off-diagonal part is negligible; {@code s} is overwritten. */
		static Eigen jacobi(final double[][] s) {
			final int m = s.length;
			final double[][] v = new double[m][m];
			for (int i = 0; i < m; i++) v[i][i] = 1;
			double norm = 0;
			for (final double[] row : s)
				for (final double x : row) norm += x * x;
			for (int sweep = 0; sweep < 50; sweep++) {
				double off = 0;
				for (int i = 0; i < m; i++)
					for (int j = i + 1; j < m; j++) off += s[i][j] * s[i][j];
				if (off <= 1e-26 * norm) break; // off-diagonal at rounding level
				for (int pi = 0; pi < m; pi++)
					for (int qi = pi + 1; qi < m; qi++) {
						final double apq = s[pi][qi];
						if (apq == 0) continue;
						final double theta = (s[qi][qi] - s[pi][pi]) / (2 * apq);
						final double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(
							theta * theta + 1));
						final double cos = 1 / Math.sqrt(t * t + 1), sin = t * cos;
						for (int r = 0; r < m; r++) { // columns p and q
							final double rp = s[r][pi], rq = s[r][qi];
							s[r][pi] = cos * rp - sin * rq;
							s[r][qi] = sin * rp + cos * rq;
						}
						for (int r = 0; r < m; r++) { // rows p and q
							final double pr = s[pi][r], qr = s[qi][r];
							s[pi][r] = cos * pr - sin * qr;
							s[qi][r] = sin * pr + cos * qr;
						}
						for (int r = 0; r < m; r++) {
							final double rp = v[r][pi], rq = v[r][qi];
							v[r][pi] = cos * rp - sin * rq;
							v[r][qi] = sin * rp + cos * rq;
						}
					}
			}
			final Integer[] order = new Integer[m];
			for (int i = 0; i < m; i++) order[i] = i;
			java.util.Arrays.sort(order, (x, y) -> Double.compare(s[y][y], s[x][x]));
			final double[] values = new double[m];
			final double[][] vectors = new double[m][m];
			for (int col = 0; col < m; col++) {
				values[col] = s[order[col]][order[col]];
				for (int r = 0; r < m; r++) vectors[r][col] = v[r][order[col]];
			}
			return new Eigen(values, vectors);
		}
	}
}
