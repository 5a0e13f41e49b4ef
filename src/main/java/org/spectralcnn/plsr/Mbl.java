package org.spectralcnn.plsr;

import java.util.Arrays;
import java.util.Locale;

/**
 * Memory-based learning (MBL, the method of R's {@code resemble}): for each new spectrum, the
 * {@code k} most similar spectra of a library are found and a local PLS model fitted on them alone
 * predicts it. Here, for one target:
 * <ul>
 * <li><b>dissimilarity</b>: {@link Dissimilarity#PLS} (default) — Mahalanobis distance in the
 * score space of a global PLS model of the library (each score divided by its SD; PLS scores are
 * uncorrelated, so this is the full Mahalanobis distance), as resemble's {@code diss_method="pls"};
 * or {@link Dissimilarity#CORRELATION} — 1 − Pearson correlation of the spectra;</li>
 * <li><b>local fit</b>: resemble's weighted-average PLS ({@code local_fit_wapls}): PLS models
 * with {@code minComponents}..{@code maxComponents} latent variables on the neighbours (centred,
 * unscaled), each prediction weighted by {@code 1 / (RMSE_a · ‖p_a‖)}, the root mean square
 * residual of the a-component model on the neighbours times the norm of its last X loading.</li>
 * </ul>
 * The spectra are those the caller has preprocessed; the library is kept whole (the model file
 * stores it).
 */
public final class Mbl {

	/** How neighbours are found. */
	public enum Dissimilarity {
		PLS, CORRELATION;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Dissimilarity parse(final String s) {
			final String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
			for (final Dissimilarity d : values())
				if (d.key().equals(k)) return d;
			throw new IllegalArgumentException("dissimilarity must be pls or correlation, got '" + s +
				"'");
		}
	}

	/**
	 * @param neighbours k, the library spectra per local model (at least 5)
	 * @param minComponents fewest latent variables of the weighted average (≥ 1)
	 * @param maxComponents most (≥ minComponents; fewer when k is small: at most k − 2)
	 * @param scoreComponents latent variables of the global PLS model whose scores span the
	 *          neighbour space ({@link Dissimilarity#PLS})
	 */
	public record Settings(int neighbours, int minComponents, int maxComponents,
		int scoreComponents, Dissimilarity dissimilarity)
	{

		public static final int DEFAULT_NEIGHBOURS = 100;

		/** k = 100, 3..15 latent variables, 20 score components, PLS Mahalanobis. */
		public static Settings defaults() {
			return new Settings(DEFAULT_NEIGHBOURS, 3, 15, 20, Dissimilarity.PLS);
		}

		public Settings {
			if (neighbours < 5) throw new IllegalArgumentException("neighbours must be at least 5, got " +
				neighbours);
			if (minComponents < 1) throw new IllegalArgumentException("min_components must be at least 1, got " +
				minComponents);
			if (maxComponents < minComponents) throw new IllegalArgumentException("max_components (" +
				maxComponents + ") must be at least min_components (" + minComponents + ")");
			if (scoreComponents < 1) throw new IllegalArgumentException("score_components must be at least 1, got " +
				scoreComponents);
			if (dissimilarity == null) dissimilarity = Dissimilarity.PLS;
		}

		public Settings withNeighbours(final int k) {
			return new Settings(k, minComponents, maxComponents, scoreComponents, dissimilarity);
		}
	}

	private final float[] x;
	private final int p;
	private final int[] rows;
	private final double[] y;
	private final Settings settings;
	/** the neighbour space: global PLS scores of the library rows, divided by their SD */
	private final Pls1 space;
	private final double[][] scores;
	private final double[] scoreSd;
	private final double[] spaceMean, spaceScale;
	private final double[][] spaceRotations;
	/** {@link Dissimilarity#CORRELATION}: the library rows centred to unit length */
	private final double[][] unit;

	private Mbl(final float[] x, final int p, final int[] rows, final double[] y,
		final Settings settings)
	{
		this.x = x;
		this.p = p;
		this.rows = rows.clone();
		this.y = y.clone();
		this.settings = settings;
		if (settings.dissimilarity() == Dissimilarity.PLS) {
			space = Pls1.fit(x, p, rows, y, Math.min(settings.scoreComponents(), rows.length - 1),
				false);
			spaceMean = space.xMean();
			spaceScale = space.xScale();
			spaceRotations = space.rotations();
			unit = null;
			final int a = space.components();
			scores = new double[rows.length][];
			scoreSd = new double[a];
			for (int i = 0; i < rows.length; i++) scores[i] = scores(x, rows[i]);
			for (int c = 0; c < a; c++) {
				double s = 0;
				for (final double[] t : scores) s += t[c] * t[c]; // scores are centred
				scoreSd[c] = Math.sqrt(s / (rows.length - 1));
				if (!(scoreSd[c] > 0)) scoreSd[c] = 1;
			}
			for (final double[] t : scores)
				for (int c = 0; c < a; c++) t[c] /= scoreSd[c];
		}
		else {
			space = null;
			scores = null;
			scoreSd = null;
			spaceMean = spaceScale = null;
			spaceRotations = null;
			unit = new double[rows.length][];
			for (int i = 0; i < rows.length; i++) unit[i] = centred(x, rows[i] * p, p);
		}
	}

	/**
	 * @param x library spectra, row-major, {@code p} points each
	 * @param rows the library rows with a value of the target
	 * @param y the target at those rows (no NaN)
	 * @throws IllegalArgumentException with fewer library rows than neighbours
	 */
	public static Mbl fit(final float[] x, final int p, final int[] rows, final double[] y,
		final Settings settings)
	{
		if (rows.length != y.length) throw new IllegalArgumentException(rows.length + " rows, " +
			y.length + " values");
		if (rows.length < settings.neighbours()) throw new IllegalArgumentException(
			"neighbours (" + settings.neighbours() + ") must not exceed the library samples with a value (" +
				rows.length + ")");
		return new Mbl(x, p, rows, y, settings);
	}

	public Settings settings() {
		return settings;
	}

	/** Library rows the local models choose from. */
	public int librarySize() {
		return rows.length;
	}

	/**
	 * The positions in the library (indices into the fitted rows) of the k neighbours of row
	 * {@code row} of {@code data} ({@code p} points a row), nearest first.
	 */
	public int[] neighbours(final float[] data, final int row) {
		return neighbours(data, row, settings.neighbours());
	}

	private int[] neighbours(final float[] data, final int row, final int count) {
		final int n = rows.length;
		final double[] d = new double[n];
		if (space != null) {
			final double[] q = scores(data, row);
			for (int c = 0; c < q.length; c++) q[c] /= scoreSd[c];
			for (int i = 0; i < n; i++) {
				double s = 0;
				for (int c = 0; c < q.length; c++) {
					final double e = scores[i][c] - q[c];
					s += e * e;
				}
				d[i] = s;
			}
		}
		else {
			final double[] q = centred(data, row * p, p);
			for (int i = 0; i < n; i++) d[i] = 1 - Pls1.dot(q, unit[i], p);
		}
		final Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
		final int[] k = new int[count];
		for (int i = 0; i < k.length; i++) k[i] = order[i];
		return k;
	}

	/** Predicts row {@code row} of {@code data} ({@code p} points a row). */
	public double predict(final float[] data, final int row) {
		return predict(data, row, neighbours(data, row));
	}

	/**
	 * The prediction of library position {@code position} by the others, leave-one-out: its
	 * nearest neighbours but itself (the neighbour space stays the one fitted on the whole
	 * library). Its error is one a new sample like it would see.
	 */
	public double predictHeldOut(final int position) {
		final int[] nb = neighbours(x, rows[position], Math.min(settings.neighbours() + 1,
			rows.length));
		final int[] others = new int[Math.min(settings.neighbours(), rows.length - 1)];
		for (int i = 0, c = 0; i < nb.length && c < others.length; i++)
			if (nb[i] != position) others[c++] = nb[i];
		return predict(x, rows[position], others);
	}

	private double predict(final float[] data, final int row, final int[] nb) {
		final int[] local = new int[nb.length];
		final double[] yl = new double[nb.length];
		for (int i = 0; i < nb.length; i++) {
			local[i] = rows[nb[i]];
			yl[i] = y[nb[i]];
		}
		return weightedPls(x, p, local, yl, data, row, settings.minComponents(), settings
			.maxComponents());
	}

	/**
	 * resemble's weighted-average PLS prediction of row {@code queryRow} of {@code query} from a
	 * PLS fit on {@code rows} of {@code x}.
	 */
	static double weightedPls(final float[] x, final int p, final int[] rows, final double[] y,
		final float[] q, final int queryRow, final int min, final int max)
	{
		final Pls1 m = Pls1.fit(x, p, rows, y, Math.max(1, Math.min(max, rows.length - 2)), false);
		final int hi = m.components(), lo = Math.min(min, hi);
		final double[][] fitted = m.predictAll(x, rows, hi);
		final double[] pred = m.predictAll(q, new int[] { queryRow }, hi)[0];
		final double[][] loadings = m.loadings();
		double num = 0, den = 0;
		for (int a = lo; a <= hi; a++) {
			double ss = 0;
			for (int i = 0; i < rows.length; i++) {
				final double e = y[i] - fitted[i][a - 1];
				ss += e * e;
			}
			final double rmse = Math.sqrt(ss / rows.length);
			final double w = 1 / (rmse * Math.sqrt(Pls1.dot(loadings[a - 1], loadings[a - 1], p)) +
				1e-12);
			num += w * pred[a - 1];
			den += w;
		}
		return num / den;
	}

	private double[] scores(final float[] data, final int row) {
		final double[] xc = new double[p];
		for (int j = 0; j < p; j++) xc[j] = (data[row * p + j] - spaceMean[j]) / spaceScale[j];
		final double[] t = new double[spaceRotations.length];
		for (int a = 0; a < t.length; a++) t[a] = Pls1.dot(xc, spaceRotations[a], p);
		return t;
	}

	/** A spectrum centred to mean 0 and scaled to unit length (dot products are correlations). */
	private static double[] centred(final float[] data, final int offset, final int p) {
		double m = 0;
		for (int j = 0; j < p; j++) m += data[offset + j];
		m /= p;
		double s = 0;
		final double[] c = new double[p];
		for (int j = 0; j < p; j++) {
			c[j] = data[offset + j] - m;
			s += c[j] * c[j];
		}
		final double norm = Math.sqrt(s);
		if (norm > 0) for (int j = 0; j < p; j++) c[j] /= norm;
		return c;
	}
}
