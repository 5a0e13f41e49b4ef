package org.spectralcnn.plsr;

import java.util.Arrays;

/**
 * One PLS1 regression (one response) fitted by NIPALS: the algorithm and the numbers of
 * scikit-learn's {@code PLSRegression} (centring, optional scaling by the standard deviation,
 * unit-length weights with the sign of their largest element made positive, regression
 * deflation), so predictions agree with it to rounding.
 * <p>
 * <b>Computation.</b> For a single response NIPALS converges in one step: the weight of
 * component a is {@code w_a = X_a'y_a / ‖X_a'y_a‖}. Instead of deflating the n × p matrix X after
 * every component, this implementation keeps X as it is and uses the identities of Dayal and
 * MacGregor (1997, J. Chemometrics 11:73): {@code X_a'y_a = X'y_a}, which is updated as
 * {@code X'y_{a+1} = X'y_a − q_a X't_a}; and {@code t_a = X_a w_a = X r_a} with the rotation
 * {@code r_a = w_a − Σ_{j<a} (p_j'w_a) r_j} (the columns of {@code W(P'W)⁻¹}, scikit-learn's
 * {@code x_rotations_}). Each component then costs one pass over the rows of X that computes
 * {@code t_i = x_i·r_a} and adds {@code t_i x_i} into {@code X't} while the row is in cache:
 * about 2np multiply-adds, no n × p writes, no p × p matrix. Centring and scaling are applied
 * algebraically to the caller's float spectra (no centred copy), and the folds of a
 * cross-validation share each pass over X ({@link NipalsBatch}).
 * <p>
 * Regression coefficients of k components are {@code β_k = Σ_{a≤k} q_a r_a} (in scaled units),
 * so one fit with K components gives the predictions of every k ≤ K, which is what
 * {@link CrossValidation} uses.
 */
public final class Pls1 {

	private final int points;
	private final double[] xMean;
	private final double[] xScale;
	private final double yMean;
	private final double[][] weights;
	private final double[][] loadings;
	private final double[][] rotations;
	private final double[] yLoadings;
	private final double[] scoreSumSquares;
	private final double[] explainedY;

	/** A model from its stored parts (see {@link PlsrModel}); arrays are taken as they are. */
	public Pls1(final double[] xMean, final double[] xScale, final double yMean,
		final double[][] weights, final double[][] loadings, final double[][] rotations,
		final double[] yLoadings, final double[] scoreSumSquares, final double[] explainedY)
	{
		this.points = xMean.length;
		this.xMean = xMean;
		this.xScale = xScale;
		this.yMean = yMean;
		this.weights = weights;
		this.loadings = loadings;
		this.rotations = rotations;
		this.yLoadings = yLoadings;
		this.scoreSumSquares = scoreSumSquares;
		this.explainedY = explainedY;
		final int k = yLoadings.length;
		if (xScale.length != points || weights.length != k || loadings.length != k ||
			rotations.length != k || scoreSumSquares.length != k || explainedY.length != k)
			throw new IllegalArgumentException("inconsistent PLS model arrays");
		for (int a = 0; a < k; a++)
			if (weights[a].length != points || loadings[a].length != points ||
				rotations[a].length != points) throw new IllegalArgumentException(
					"inconsistent PLS model arrays");
	}

	/**
	 * Fits up to {@code components} latent variables. Fewer are fitted when the response
	 * residual is exhausted first (it is orthogonal to X, e.g. more components than the rank);
	 * {@link #components()} says how many.
	 *
	 * @param x spectra, row-major, {@code p} values per row (all rows of a dataset)
	 * @param p points per spectrum
	 * @param rows the rows of {@code x} to fit on
	 * @param y the response of each of {@code rows} (no NaN)
	 * @param components latent variables wanted, ≥ 1
	 * @param scale divide each centred column by its standard deviation (n − 1), as
	 *          {@code PLSRegression(scale=True)}; a constant column keeps scale 1
	 */
	public static Pls1 fit(final float[] x, final int p, final int[] rows, final double[] y,
		final int components, final boolean scale)
	{
		return NipalsBatch.fit(x, null, p, rows, y, null, new int[] { -1 }, components, scale)
			.models[0];
	}

	/** Latent variables fitted. */
	public int components() {
		return yLoadings.length;
	}

	/** Points per spectrum p. */
	public int points() {
		return points;
	}

	/**
	 * Predictions of the given rows for every number of components: {@code out[i][k-1]} is the
	 * prediction of row {@code rows[i]} with k components (k beyond {@link #components()}
	 * repeats the last).
	 *
	 * @param maxComponents columns of the result
	 */
	public double[][] predictAll(final float[] x, final int[] rows, final int maxComponents) {
		final int k = components(), p = points;
		final double[][] out = new double[rows.length][maxComponents];
		final double[] xc = new double[p];
		for (int i = 0; i < rows.length; i++) {
			final int o = rows[i] * p;
			for (int j = 0; j < p; j++) xc[j] = (x[o + j] - xMean[j]) / xScale[j];
			double sum = yMean;
			for (int a = 0; a < maxComponents; a++) {
				if (a < k) sum += yLoadings[a] * dot(xc, 0, rotations[a], p);
				out[i][a] = sum;
			}
		}
		return out;
	}

	/**
	 * Regression coefficients of k components on the original (centred, unscaled) spectra:
	 * {@code ŷ = intercept(k) + Σ_j β_j x_j}.
	 */
	public double[] coefficients(final int k) {
		final double[] beta = new double[points];
		for (int a = 0; a < Math.min(k, components()); a++) {
			final double[] ra = rotations[a];
			for (int j = 0; j < points; j++) beta[j] += yLoadings[a] * ra[j];
		}
		for (int j = 0; j < points; j++) beta[j] /= xScale[j];
		return beta;
	}

	/** Intercept of k components: {@code ȳ − x̄·β}. */
	public double intercept(final int k) {
		final double[] beta = coefficients(k);
		double s = yMean;
		for (int j = 0; j < points; j++) s -= xMean[j] * beta[j];
		return s;
	}

	/**
	 * Variable importance in projection of the first k components (Wold et al. 1993):
	 * {@code VIP_j = √(p Σ_a SSY_a w_aj² / Σ_a SSY_a)}, SSY_a = q_a² t_a't_a the response variance
	 * explained by component a, weights of unit length. Their mean square is 1; values above 1
	 * mark the wavelengths the model relies on.
	 */
	public double[] vip(final int k) {
		final int m = Math.min(k, components());
		final double[] vip = new double[points];
		double total = 0;
		for (int a = 0; a < m; a++) {
			final double ssy = yLoadings[a] * yLoadings[a] * scoreSumSquares[a];
			total += ssy;
			final double[] wa = weights[a];
			for (int j = 0; j < points; j++) vip[j] += ssy * wa[j] * wa[j];
		}
		for (int j = 0; j < points; j++) vip[j] = total > 0 ? Math.sqrt(points * vip[j] / total)
			: 0;
		return vip;
	}

	/** This model cut to its first k components (k ≤ {@link #components()}). */
	public Pls1 truncate(final int k) {
		if (k < 1 || k > components()) throw new IllegalArgumentException("k = " + k +
			" outside 1.." + components());
		return new Pls1(xMean, xScale, yMean, Arrays.copyOf(weights, k), Arrays.copyOf(loadings, k),
			Arrays.copyOf(rotations, k), Arrays.copyOf(yLoadings, k), Arrays.copyOf(scoreSumSquares,
				k), Arrays.copyOf(explainedY, k));
	}

	public double[] xMean() {
		return xMean.clone();
	}

	/** Column scales (all 1 without scaling). */
	public double[] xScale() {
		return xScale.clone();
	}

	public double yMean() {
		return yMean;
	}

	/** Weights w_a (unit length), components × p. */
	public double[][] weights() {
		return deepCopy(weights);
	}

	/** X loadings p_a, components × p. */
	public double[][] loadings() {
		return deepCopy(loadings);
	}

	/** Rotations r_a (t = X r), components × p. */
	public double[][] rotations() {
		return deepCopy(rotations);
	}

	/** Response loadings q_a. */
	public double[] yLoadings() {
		return yLoadings.clone();
	}

	/** t_a't_a of the calibration scores. */
	public double[] scoreSumSquares() {
		return scoreSumSquares.clone();
	}

	/** Fraction of the calibration response variance explained by the first a+1 components. */
	public double[] explainedY() {
		return explainedY.clone();
	}

	private static double[][] deepCopy(final double[][] m) {
		final double[][] c = new double[m.length][];
		for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
		return c;
	}

	static double dot(final double[] a, final double[] b, final int n) {
		return dot(a, 0, b, n);
	}

	/** a[offset..offset+n) · b[0..n), four partial sums for instruction-level parallelism. */
	static double dot(final double[] a, final int offset, final double[] b, final int n) {
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		int j = 0;
		for (; j + 3 < n; j += 4) {
			s0 += a[offset + j] * b[j];
			s1 += a[offset + j + 1] * b[j + 1];
			s2 += a[offset + j + 2] * b[j + 2];
			s3 += a[offset + j + 3] * b[j + 3];
		}
		for (; j < n; j++) s0 += a[offset + j] * b[j];
		return (s0 + s1) + (s2 + s3);
	}
}
