package org.spectralcnn.model;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Out-of-domain check: a PCA model of the calibration spectra after the model's own
 * preprocessing. A new spectrum gets Hotelling's T² (distance inside the principal-component
 * space, in units of each component's variance) and Q (squared spectral residual outside it);
 * beyond either limit it is not represented by the calibration set.
 * <p>
 * Components: the fewest that explain {@value #EXPLAINED} of the variance, at most
 * {@value #MAX_COMPONENTS}. Limits at level {@code level} (default {@value #LEVEL}): the
 * larger of two conformal quantiles ({@link ConformalScores#quantile}): that of the calibration
 * spectra's own T² or Q, and that of their held-out T² or Q, each computed by a PCA (same number
 * of components) fitted without it, in {@value #FOLDS} folds. (The parametric limits, χ² for T² and Box's g·χ²(h) for Q, flagged 15 % of new
 * spectra of the calibration kind in a synthetic test: the components also fit the calibration
 * spectra's noise, so their own Q is smaller than a new spectrum's.)
 */
public final class DomainModel {

	public static final double EXPLAINED = 0.99;
	public static final int MAX_COMPONENTS = 20;
	/** Default level of the T² and Q limits. */
	public static final double LEVEL = 0.99;
	/** Fewest calibration spectra a domain model is fitted on. */
	public static final int MIN_SPECTRA = 5;

	private final double[] mean;
	private final double[][] loadings;
	private final double[] eigenvalues;
	private final double t2Limit;
	private final double qLimit;
	private final double level;
	private final int samples;

	DomainModel(final double[] mean, final double[][] loadings, final double[] eigenvalues,
		final double t2Limit, final double qLimit, final double level, final int samples)
	{
		this.mean = mean;
		this.loadings = loadings;
		this.eigenvalues = eigenvalues;
		this.t2Limit = t2Limit;
		this.qLimit = qLimit;
		this.level = level;
		this.samples = samples;
	}

	/**
	 * Fits the PCA model on all spectra and sets its limits from held-out statistics.
	 *
	 * @param x n × p spectra, row-major (preprocessed as the model preprocesses)
	 * @throws IllegalArgumentException with fewer than 5 spectra
	 */
	public static DomainModel fit(final float[] x, final int n, final int p, final double level) {
		if (n < MIN_SPECTRA) throw new IllegalArgumentException("the out-of-domain model needs at least " +
			MIN_SPECTRA + " calibration spectra, got " + n);
		ConformalScores.requireLevel(level);
		final int[] all = new int[n];
		for (int i = 0; i < n; i++) all[i] = i;
		final Pca full = pca(x, all, p, Math.min(MAX_COMPONENTS, Math.min(n - 2, p)), true);
		if (full == null) throw new IllegalArgumentException(
			"the calibration spectra are all the same after preprocessing; no out-of-domain model can be fitted");
		// limits from spectra each fold's PCA did not see: the calibration spectra's own T² and
		// Q are too small (the components fit their noise), new spectra's are not
		final double[] t2 = new double[n], q = new double[n];
		final int folds = Math.min(FOLDS, n);
		for (int f = 0; f < folds; f++) {
			final int ff = f;
			final int[] train = java.util.stream.IntStream.range(0, n).filter(i -> i % folds != ff)
				.toArray();
			final int[] test = java.util.stream.IntStream.range(0, n).filter(i -> i % folds == ff)
				.toArray();
			final Pca part = pca(x, train, p, Math.min(full.eigenvalues.length, train.length - 2),
				false);
			if (part == null) throw new IllegalArgumentException(
				"the calibration spectra are nearly all the same after preprocessing; no out-of-domain model can be fitted");
			for (final int i : test) {
				final double[] s = part.statistics(x, i * p);
				t2[i] = s[0];
				q[i] = s[1];
			}
		}
		// a component that fits noise has a larger variance in the spectra it was fitted on than
		// in new ones: T² of new spectra is smaller, Q larger. Each limit is the larger of the
		// held-out and the calibration spectra's own quantile, so that neither is flagged at more
		// than the level says.
		final double[] t2Own = new double[n], qOwn = new double[n];
		for (int i = 0; i < n; i++) {
			final double[] s = full.statistics(x, i * p);
			t2Own[i] = s[0];
			qOwn[i] = s[1];
		}
		return new DomainModel(full.mean, full.loadings, full.eigenvalues, Math.max(ConformalScores
			.of(t2).quantileOrMax(level), ConformalScores.of(t2Own).quantileOrMax(level)), Math.max(
				ConformalScores.of(q).quantileOrMax(level), ConformalScores.of(qOwn).quantileOrMax(
					level)), level, n);
	}

	/** Folds of the held-out statistics that set the limits. */
	static final int FOLDS = 5;

	/** A PCA: mean, k orthonormal loadings, their variances. */
	private record Pca(double[] mean, double[][] loadings, double[] eigenvalues) {

		/** {T², Q} of the spectrum at {@code offset} of x. */
		double[] statistics(final float[] x, final int offset) {
			final int p = mean.length;
			final double[] r = new double[p];
			double total = 0;
			for (int j = 0; j < p; j++) {
				r[j] = x[offset + j] - mean[j];
				total += r[j] * r[j];
			}
			double inside = 0, t = 0;
			for (int c = 0; c < loadings.length; c++) {
				final double score = LeadingComponents.dot(r, loadings[c]);
				inside += score * score;
				t += score * score / eigenvalues[c];
			}
			return new double[] { t, Math.max(total - inside, 0) };
		}
	}

	/**
	 * PCA of some rows of x: with {@code byVariance} the fewest components that explain
	 * {@value #EXPLAINED} of the variance (at most maxK), else exactly maxK (fewer if the data
	 * have fewer); null when the rows do not vary.
	 */
	private static Pca pca(final float[] x, final int[] rows, final int p, final int maxK,
		final boolean byVariance)
	{
		final int n = rows.length;
		final double[] mean = new double[p];
		for (final int i : rows)
			for (int j = 0; j < p; j++) mean[j] += x[i * p + j];
		for (int j = 0; j < p; j++) mean[j] /= n;
		final double[][] c = new double[n][p];
		for (int r = 0; r < n; r++)
			for (int j = 0; j < p; j++) c[r][j] = x[rows[r] * p + j] - mean[j];
		final LeadingComponents.Result r = LeadingComponents.of(c, maxK, byVariance, EXPLAINED);
		return r.values().length == 0 ? null : new Pca(mean, r.vectors(), r.values());
	}

	/** T² and Q of each spectrum: {t2[], q[]}. */
	public double[][] statistics(final float[] x, final int n) {
		final int p = mean.length;
		if ((long) n * p != x.length) throw new IllegalArgumentException("spectra hold " + x.length +
			" values, the out-of-domain model expects " + n + " × " + p);
		final Pca pca = new Pca(mean, loadings, eigenvalues);
		final double[] t2 = new double[n], q = new double[n];
		for (int i = 0; i < n; i++) {
			final double[] s = pca.statistics(x, i * p);
			t2[i] = s[0];
			q[i] = s[1];
		}
		return new double[][] { t2, q };
	}

	/**
	 * T² and Q of many spectra stored band by band, as an image block is: value j of spectrum i
	 * is {@code x[rows[j] * stride + i]}. A scratch space for one thread ({@link #lanes()}).
	 * Each spectrum gets exactly the arithmetic of {@link #statistics(float[], int)} (the same
	 * operations in the same order, so the same doubles and flags), but the loops run over
	 * spectra, contiguous in memory, instead of over one spectrum's points.
	 */
	public final class Lanes {

		private static final int CHUNK = 128;
		private final double[] r = new double[mean.length * CHUNK];
		private final double[] total = new double[CHUNK], inside = new double[CHUNK],
			t = new double[CHUNK], score = new double[CHUNK], score1 = new double[CHUNK],
			score2 = new double[CHUNK], score3 = new double[CHUNK];

		private Lanes() {}

		/**
		 * @param rows for each of the model's points, the row of {@code x} holding it
		 * @param n spectra (columns 0 to n − 1 of each row)
		 * @param t2 receives T², n values
		 * @param q receives Q, n values
		 */
		public void statistics(final float[] x, final int[] rows, final int stride, final int n,
			final double[] t2, final double[] q)
		{
			final int p = mean.length;
			if (rows.length != p) throw new IllegalArgumentException(rows.length +
				" points for an out-of-domain model of " + p);
			for (int i0 = 0; i0 < n; i0 += CHUNK) {
				final int m = Math.min(CHUNK, n - i0);
				java.util.Arrays.fill(total, 0);
				java.util.Arrays.fill(inside, 0);
				java.util.Arrays.fill(t, 0);
				for (int j = 0; j < p; j++) {
					final int o = rows[j] * stride + i0, ro = j * CHUNK;
					final double mj = mean[j];
					for (int i = 0; i < m; i++) {
						final double d = x[o + i] - mj;
						r[ro + i] = d;
						total[i] += d * d;
					}
				}
				// four components and two points per pass: far fewer loads and stores of r and the
				// scores, which limit these loops (1.7× with 20 components); each score is still
				// summed over j in order and added in component order, so the doubles are the same
				int c = 0;
				for (; c + 4 <= loadings.length; c += 4) {
					final double[] l0 = loadings[c], l1 = loadings[c + 1], l2 = loadings[c + 2],
						l3 = loadings[c + 3];
					java.util.Arrays.fill(score, 0);
					java.util.Arrays.fill(score1, 0);
					java.util.Arrays.fill(score2, 0);
					java.util.Arrays.fill(score3, 0);
					int j = 0;
					for (; j + 2 <= p; j += 2) {
						final double a0 = l0[j], a1 = l1[j], a2 = l2[j], a3 = l3[j];
						final double b0 = l0[j + 1], b1 = l1[j + 1], b2 = l2[j + 1], b3 = l3[j + 1];
						final int ro = j * CHUNK, ro1 = ro + CHUNK;
						for (int i = 0; i < m; i++) {
							final double v = r[ro + i], w = r[ro1 + i];
							score[i] = score[i] + v * a0 + w * b0;
							score1[i] = score1[i] + v * a1 + w * b1;
							score2[i] = score2[i] + v * a2 + w * b2;
							score3[i] = score3[i] + v * a3 + w * b3;
						}
					}
					for (; j < p; j++) {
						final double a0 = l0[j], a1 = l1[j], a2 = l2[j], a3 = l3[j];
						final int ro = j * CHUNK;
						for (int i = 0; i < m; i++) {
							final double v = r[ro + i];
							score[i] += v * a0;
							score1[i] += v * a1;
							score2[i] += v * a2;
							score3[i] += v * a3;
						}
					}
					add(score, eigenvalues[c], m);
					add(score1, eigenvalues[c + 1], m);
					add(score2, eigenvalues[c + 2], m);
					add(score3, eigenvalues[c + 3], m);
				}
				for (; c < loadings.length; c++) {
					final double[] l = loadings[c];
					java.util.Arrays.fill(score, 0);
					for (int j = 0; j < p; j++) {
						final double lj = l[j];
						final int ro = j * CHUNK;
						for (int i = 0; i < m; i++) score[i] += r[ro + i] * lj;
					}
					add(score, eigenvalues[c], m);
				}
				for (int i = 0; i < m; i++) {
					t2[i0 + i] = t[i];
					q[i0 + i] = Math.max(total[i] - inside[i], 0);
				}
			}
		}

		/** One component's squared scores into Q's inside part and T². */
		private void add(final double[] sc, final double e, final int m) {
			for (int i = 0; i < m; i++) {
				final double s2 = sc[i] * sc[i];
				inside[i] += s2;
				t[i] += s2 / e;
			}
		}
	}

	/** A scratch space for {@link Lanes#statistics}, one per thread. */
	public Lanes lanes() {
		return new Lanes();
	}

	/** Whether a sample with these statistics lies beyond either limit. */
	public boolean outOfDomain(final double t2, final double q) {
		return !(t2 <= t2Limit && q <= qLimit);
	}

	public int points() {
		return mean.length;
	}

	public int components() {
		return loadings.length;
	}

	public double t2Limit() {
		return t2Limit;
	}

	public double qLimit() {
		return qLimit;
	}

	public double level() {
		return level;
	}

	// ------------------------------------------------------------------ model file

	/** The manifest part; the arrays go to entries under {@code prefix}. */
	JsonObject toJson(final String prefix, final Map<String, byte[]> entries) {
		final JsonObject o = new JsonObject();
		o.addProperty("method",
			"PCA of the calibration spectra after the model's preprocessing; Hotelling T² and Q residual");
		o.addProperty("calibration_samples", samples);
		o.addProperty("points", mean.length);
		o.addProperty("components", loadings.length);
		o.addProperty("level", level);
		o.addProperty("t2_limit", t2Limit);
		o.addProperty("q_limit", qLimit);
		o.addProperty("entries", prefix);
		entries.put(prefix + "mean.f64", Float64Entries.bytes(mean));
		entries.put(prefix + "loadings.f64", Float64Entries.bytes(loadings));
		entries.put(prefix + "eigenvalues.f64", Float64Entries.bytes(eigenvalues));
		return o;
	}

	static DomainModel fromJson(final JsonObject o, final ModelArchive archive)
		throws ModelFileException
	{
		final String prefix = o.get("entries").getAsString();
		final int p = o.get("points").getAsInt(), k = o.get("components").getAsInt();
		if (p < 1 || k < 1) throw new IllegalArgumentException("domain model with " + p +
			" points and " + k + " components");
		final double[] eig = Float64Entries.array(archive, prefix + "eigenvalues.f64", k);
		for (final double v : eig)
			if (!(v > 0)) throw new IllegalArgumentException("domain model eigenvalue " + v);
		return new DomainModel(Float64Entries.array(archive, prefix + "mean.f64", p),
			Float64Entries.matrix(archive, prefix + "loadings.f64", k, p), eig, o.get("t2_limit")
				.getAsDouble(), o.get("q_limit").getAsDouble(), o.get("level").getAsDouble(), o.get(
					"calibration_samples").getAsInt());
	}

	// ------------------------------------------------------------------ normal quantile

	/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
	static double normalQuantile(final double p) {
		final double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
			1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
		final double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
			6.680131188771972e+01, -1.328068155288572e+01 };
		final double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
			-2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
		final double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
			3.754408661907416e+00 };
		final double low = 0.02425;
		if (p < low) {
			final double q = Math.sqrt(-2 * Math.log(p));
			return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
				((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
		}
		if (p > 1 - low) return -normalQuantile(1 - p);
		final double q = p - 0.5, r = q * q;
		return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
			(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
}
