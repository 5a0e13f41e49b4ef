package org.spectralcnn.plsr;

import java.util.Arrays;

/**
 * PLS1 NIPALS for several models at once on the same rows of X: model f is fitted on the rows
 * whose fold is not f (all rows for f = −1), and predicts its held-out rows (fold f) for every
 * number of components as it goes. Each component costs two blocked passes over the spectra,
 * shared by all folds: the scores {@code t = X r} (column-major copy, four columns at a time,
 * vectorised over a block of rows) and the cross products {@code X't} (row-major, four rows at a
 * time, vectorised over a block of columns); a block stays in cache while every fold uses it.
 * <p>
 * X stays the caller's float array: centring and scaling are applied algebraically,
 * {@code t_i = Σ_j x_ij r_j/s_j − Σ_j m_j r_j/s_j} and
 * {@code (X_z't)_j = (Σ_i t_i x_ij − m_j Σ_i t_i)/s_j}, in double precision. No centred copy of X
 * is made. The algorithm is that of {@link Pls1} (see there), whose numbers it reproduces.
 */
final class NipalsBatch {

	/** Models fitted, in the order of {@code foldIds}. */
	final Pls1[] models;
	/** Held-out predictions, row (index into rows) × component; null for rows not held out. */
	final double[][] heldOut;

	private NipalsBatch(final Pls1[] models, final double[][] heldOut) {
		this.models = models;
		this.heldOut = heldOut;
	}

	/**
	 * @param x spectra, row-major, p per row
	 * @param xT the rows of x column-major ({@link #transpose}), shared by concurrent batches; null:
	 *          made here
	 * @param rows rows of x taking part
	 * @param y response of each of rows
	 * @param fold fold of each of rows, or null (all rows are training rows of every model)
	 * @param foldIds the folds to fit (model f leaves out fold f); {-1} fits on all rows
	 * @param components latent variables per model
	 * @param scale scale the centred columns to unit variance (n − 1)
	 */
	static NipalsBatch fit(final float[] x, final float[] xT, final int p, final int[] rows,
		final double[] y, final int[] fold, final int[] foldIds, final int components,
		final boolean scale)
	{
		if (y.length != rows.length) throw new IllegalArgumentException(rows.length +
			" rows but " + y.length + " responses");
		if (components < 1) throw new IllegalArgumentException("components must be ≥ 1");
		final Fit fit = new Fit(x, p, rows, y, fold, foldIds, components);
		fit.centreAndScale(scale);
		fit.startResiduals();
		fit.prepareComponents(xT);
		for (int a = 0; a < components; a++)
			if (!fit.component(a)) break;
		return fit.result();
	}

	/**
	 * One batch fit, its phases as methods over the shared state: f indexes the models (folds),
	 * i the rows, j the spectral points, a the components.
	 */
	private static final class Fit {

		final float[] x;
		final int p, n, nm, components;
		final int[] rows;
		final double[] y;
		/** whether row i is a training row of model f */
		final boolean[][] train;
		final int[] count;
		/** the model that holds row i out, or −1 */
		final int[] heldBy;
		double[][] mean, scales;
		double[] yMean;
		/** response residuals (0 on held-out rows), their initial sum of squares, X_z'y */
		double[][] yk, xy;
		double[] ySs0, xy0;
		final double[][][] w, pl, r;
		final double[][] q, tt, explained;
		final int[] fitted;
		final boolean[] active;
		final double[][] heldOut;
		double[][] scores, rs, acc, weighted;
		double[] offset;
		int[] act;
		float[] columns;

		Fit(final float[] x, final int p, final int[] rows, final double[] y, final int[] fold,
			final int[] foldIds, final int components)
		{
			this.x = x;
			this.p = p;
			this.rows = rows;
			this.y = y;
			this.components = components;
			n = rows.length;
			nm = foldIds.length;
			train = new boolean[nm][n];
			count = new int[nm];
			for (int f = 0; f < nm; f++)
				for (int i = 0; i < n; i++) {
					train[f][i] = fold == null || fold[i] != foldIds[f];
					if (train[f][i]) count[f]++;
				}
			for (int f = 0; f < nm; f++)
				if (count[f] < 2) throw new IllegalArgumentException(
					"PLS needs at least 2 training samples, got " + count[f]);
			heldBy = new int[n];
			Arrays.fill(heldBy, -1);
			for (int i = 0; i < n; i++)
				for (int f = 0; f < nm; f++)
					if (!train[f][i]) heldBy[i] = f;
			w = new double[nm][components][];
			pl = new double[nm][components][];
			r = new double[nm][components][];
			q = new double[nm][components];
			tt = new double[nm][components];
			explained = new double[nm][components];
			fitted = new int[nm];
			active = new boolean[nm];
			Arrays.fill(active, true);
			heldOut = new double[n][];
			for (int i = 0; i < n; i++)
				if (heldBy[i] >= 0) heldOut[i] = new double[components];
		}

		/** Means and scales of each model's training rows, and the response means. */
		void centreAndScale(final boolean scale) {
			final double[] total = new double[p];
			final double[][] foldSum = new double[nm][p];
			for (int i = 0; i < n; i++) {
				final int o = rows[i] * p;
				for (int j = 0; j < p; j++) total[j] += x[o + j];
				for (int f = 0; f < nm; f++)
					if (!train[f][i]) add(x, o, foldSum[f], p);
			}
			mean = new double[nm][p];
			scales = new double[nm][p];
			yMean = new double[nm];
			for (int f = 0; f < nm; f++) {
				for (int j = 0; j < p; j++) mean[f][j] = (total[j] - foldSum[f][j]) / count[f];
				Arrays.fill(scales[f], 1);
				double sy = 0;
				for (int i = 0; i < n; i++)
					if (train[f][i]) sy += y[i];
				yMean[f] = sy / count[f];
			}
			if (!scale) return;
			for (int f = 0; f < nm; f++) {
				final double[] ss = new double[p], m = mean[f];
				for (int i = 0; i < n; i++) {
					if (!train[f][i]) continue;
					final int o = rows[i] * p;
					for (int j = 0; j < p; j++) {
						final double d = x[o + j] - m[j];
						ss[j] += d * d;
					}
				}
				for (int j = 0; j < p; j++) {
					final double sd = Math.sqrt(ss[j] / (count[f] - 1));
					scales[f][j] = sd == 0 ? 1 : sd;
				}
			}
		}

		/** Response residuals (0 on held-out rows) and X_z'y. */
		void startResiduals() {
			yk = new double[nm][n];
			ySs0 = new double[nm];
			xy = new double[nm][p];
			for (int f = 0; f < nm; f++)
				for (int i = 0; i < n; i++)
					if (train[f][i]) {
						yk[f][i] = y[i] - yMean[f];
						ySs0[f] += yk[f][i] * yk[f][i];
					}
			for (int i = 0; i < n; i++) {
				final int o = rows[i] * p;
				for (int f = 0; f < nm; f++)
					if (train[f][i]) axpy(yk[f][i], x, o, xy[f], p);
			}
			for (int f = 0; f < nm; f++) {
				double sum = 0;
				for (int i = 0; i < n; i++) sum += yk[f][i];
				for (int j = 0; j < p; j++) xy[f][j] = (xy[f][j] - mean[f][j] * sum) / scales[f][j];
			}
			xy0 = new double[nm];
			for (int f = 0; f < nm; f++) xy0[f] = Math.sqrt(Pls1.dot(xy[f], xy[f], p));
		}

		/** Buffers of the shared passes. */
		void prepareComponents(final float[] xT) {
			scores = new double[nm][n];
			rs = new double[nm][p];
			offset = new double[nm];
			acc = new double[nm][p];
			act = new int[nm];
			columns = xT != null ? xT : transpose(x, p, rows);
			weighted = new double[nm][n];
		}

		/** Component a of every model still active; false when none is. */
		boolean component(final int a) {
			final int na = weights(a);
			if (na == 0) return false;
			// the shared passes: scores of every model, then X't over each model's training rows
			scores(columns, n, p, rs, offset, act, na, scores);
			for (int m = 0; m < na; m++) {
				final int f = act[m];
				final double[] wf = weighted[f];
				System.arraycopy(scores[f], 0, wf, 0, n);
				for (int i = 0; i < n; i++)
					if (heldBy[i] == f) wf[i] = 0;
			}
			crossProducts(x, p, rows, weighted, act, na, acc);
			for (int m = 0; m < na; m++) deflate(act[m], a);
			return true;
		}

		/**
		 * The weights w, r of component a for each active model, and the rows of the scores pass;
		 * returns how many models take part ({@code act[0..na)}).
		 */
		private int weights(final int a) {
			int na = 0;
			for (int f = 0; f < nm; f++) {
				if (!active[f]) continue;
				final double norm = Math.sqrt(Pls1.dot(xy[f], xy[f], p));
				final double ySs = Pls1.dot(yk[f], yk[f], n);
				// residual exhausted (or orthogonal to X): no further component exists
				if (!(norm > 1e-13 * xy0[f]) || !(ySs > 1e-26 * ySs0[f])) {
					active[f] = false;
					continue;
				}
				final double[] wa = new double[p];
				int big = 0;
				for (int j = 0; j < p; j++) {
					wa[j] = xy[f][j] / norm;
					if (Math.abs(wa[j]) > Math.abs(wa[big])) big = j;
				}
				if (wa[big] < 0) for (int j = 0; j < p; j++) wa[j] = -wa[j];
				final double[] ra = wa.clone();
				for (int b = 0; b < a; b++) {
					final double c = Pls1.dot(pl[f][b], wa, p);
					final double[] rb = r[f][b];
					for (int j = 0; j < p; j++) ra[j] -= c * rb[j];
				}
				w[f][a] = wa;
				r[f][a] = ra;
				double c = 0;
				for (int j = 0; j < p; j++) {
					rs[f][j] = ra[j] / scales[f][j];
					c += mean[f][j] * rs[f][j];
				}
				offset[f] = c;
				Arrays.fill(acc[f], 0);
				act[na++] = f;
			}
			return na;
		}

		/** Loadings, y loading and deflation of model f after component a; its held-out predictions. */
		private void deflate(final int f, final int a) {
			double tsum = 0, tss = 0, yt = 0;
			final double[] s = scores[f], ykf = yk[f];
			for (int i = 0; i < n; i++)
				if (train[f][i]) {
					tsum += s[i];
					tss += s[i] * s[i];
					yt += ykf[i] * s[i];
				}
			if (!(tss > 0)) {
				active[f] = false;
				return;
			}
			final double qa = yt / tss;
			for (int i = 0; i < n; i++)
				if (train[f][i]) ykf[i] -= qa * s[i];
			final double[] xt = acc[f], pa = new double[p];
			for (int j = 0; j < p; j++) {
				final double v = (xt[j] - mean[f][j] * tsum) / scales[f][j];
				xy[f][j] -= qa * v;
				pa[j] = v / tss;
			}
			pl[f][a] = pa;
			q[f][a] = qa;
			tt[f][a] = tss;
			explained[f][a] = ySs0[f] > 0 ? 1 - Pls1.dot(ykf, ykf, n) / ySs0[f] : 0;
			fitted[f] = a + 1;
			for (int i = 0; i < n; i++)
				if (heldBy[i] == f) heldOut[i][a] = (a == 0 ? yMean[f] : heldOut[i][a - 1]) + qa * s[i];
		}

		/** The models; held-out rows of models that stopped early keep their last prediction. */
		NipalsBatch result() {
			for (int i = 0; i < n; i++) {
				if (heldOut[i] == null) continue;
				final int f = heldBy[i];
				if (fitted[f] == 0) throw new IllegalArgumentException(
					"the response is constant or not related to the spectra: no PLS component can be fitted");
				for (int a = fitted[f]; a < components; a++) heldOut[i][a] = heldOut[i][a - 1];
			}
			final Pls1[] models = new Pls1[nm];
			for (int f = 0; f < nm; f++) {
				final int k = fitted[f];
				if (k == 0) throw new IllegalArgumentException(
					"the response is constant or not related to the spectra: no PLS component can be fitted");
				models[f] = new Pls1(mean[f], scales[f], yMean[f], Arrays.copyOf(w[f], k), Arrays
					.copyOf(pl[f], k), Arrays.copyOf(r[f], k), Arrays.copyOf(q[f], k), Arrays.copyOf(
						tt[f], k), Arrays.copyOf(explained[f], k));
			}
			return new NipalsBatch(models, heldOut);
		}
	}

	private static final int ROW_BLOCK = 128, COL_BLOCK = 256;

	/** The given rows of x, column-major: p × rows.length. */
	static float[] transpose(final float[] x, final int p, final int[] rows) {
		final int n = rows.length;
		final float[] t = new float[p * n];
		for (int i = 0; i < n; i++) {
			final int o = rows[i] * p;
			for (int j = 0; j < p; j++) t[j * n + i] = x[o + j];
		}
		return t;
	}

	/**
	 * Scores {@code t_f = X r_f − c_f} of the active models, from the column-major spectra: for a
	 * block of rows (kept in cache for all models), four columns at a time are added into the
	 * scores, a loop the JIT vectorises over rows.
	 */
	static void scores(final float[] xT, final int n, final int p, final double[][] rs,
		final double[] offset, final int[] act, final int na, final double[][] scores)
	{
		for (int m = 0; m < na; m++) Arrays.fill(scores[act[m]], -offset[act[m]]);
		for (int i0 = 0; i0 < n; i0 += ROW_BLOCK) {
			final int i1 = Math.min(n, i0 + ROW_BLOCK);
			for (int m = 0; m < na; m++) {
				final double[] t = scores[act[m]], r = rs[act[m]];
				int j = 0;
				for (; j + 3 < p; j += 4) {
					final double r0 = r[j], r1 = r[j + 1], r2 = r[j + 2], r3 = r[j + 3];
					final int o0 = j * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
					for (int i = i0; i < i1; i++)
						t[i] += r0 * xT[o0 + i] + r1 * xT[o1 + i] + r2 * xT[o2 + i] + r3 * xT[o3 + i];
				}
				for (; j < p; j++) {
					final double r0 = r[j];
					final int o0 = j * n;
					for (int i = i0; i < i1; i++) t[i] += r0 * xT[o0 + i];
				}
			}
		}
	}

	/**
	 * {@code acc_f = Σ_i w_f[i] x_i} for the active models, from the row-major spectra: for a block
	 * of columns (kept in cache for all models), four rows at a time are added into the sums.
	 */
	static void crossProducts(final float[] x, final int p, final int[] rows,
		final double[][] weights, final int[] act, final int na, final double[][] acc)
	{
		final int n = rows.length;
		for (int j0 = 0; j0 < p; j0 += COL_BLOCK) {
			final int j1 = Math.min(p, j0 + COL_BLOCK);
			for (int m = 0; m < na; m++) {
				final double[] a = acc[act[m]], w = weights[act[m]];
				int i = 0;
				for (; i + 3 < n; i += 4) {
					final double c0 = w[i], c1 = w[i + 1], c2 = w[i + 2], c3 = w[i + 3];
					final int o0 = rows[i] * p, o1 = rows[i + 1] * p, o2 = rows[i + 2] * p, o3 = rows[i +
						3] * p;
					for (int j = j0; j < j1; j++)
						a[j] += c0 * x[o0 + j] + c1 * x[o1 + j] + c2 * x[o2 + j] + c3 * x[o3 + j];
				}
				for (; i < n; i++) {
					final double c0 = w[i];
					final int o0 = rows[i] * p;
					for (int j = j0; j < j1; j++) a[j] += c0 * x[o0 + j];
				}
			}
		}
	}

	private static void add(final float[] x, final int o, final double[] acc, final int p) {
		for (int j = 0; j < p; j++) acc[j] += x[o + j];
	}

	/** acc += c · x[offset..offset+n). */
	static void axpy(final double c, final float[] x, final int offset, final double[] acc,
		final int n)
	{
		for (int j = 0; j < n; j++) acc[j] += c * x[offset + j];
	}
}
