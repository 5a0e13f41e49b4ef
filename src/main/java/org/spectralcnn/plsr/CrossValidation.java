package org.spectralcnn.plsr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spectralcnn.parallel.Workers;

/**
 * k-fold cross-validation of PLS1 over 1..K latent variables. Each fold is fitted once with K
 * components; the predictions of every k ≤ K come from that one fit (NIPALS components do not
 * depend on how many follow), so the whole curve costs one fit per fold, not one per fold and
 * k. The folds share their passes over the spectra ({@link NipalsBatch}).
 * <p>
 * RMSECV(k) is pooled over all samples, {@code √(Σ (ŷ_cv − y)² / n)}, as
 * {@code cross_val_predict} followed by one RMSE. The standard error used by the
 * one-standard-error rule is that of the per-fold RMSEs: {@code SD(RMSE_f(k)) / √folds}.
 */
public final class CrossValidation {

	/**
	 * @param fold fold of each sample (0..folds-1)
	 * @param rmsecv RMSECV of k = 1..K at index k − 1
	 * @param standardError SD over folds (n − 1) of the fold RMSE, divided by √folds
	 * @param foldRmse fold × component RMSE
	 * @param predictions cross-validated predictions, sample × component
	 */
	public record Result(int folds, int[] fold, double[] rmsecv, double[] standardError,
		double[][] foldRmse, double[][] predictions)
	{

		public int maxComponents() {
			return rmsecv.length;
		}
	}

	private CrossValidation() {}

	/**
	 * The cross-validation of one target and its model on all calibration samples, with
	 * {@code maxComponents} latent variables (cut to the chosen number with
	 * {@link Pls1#truncate}: components do not depend on how many follow).
	 */
	public record Outcome(Result cv, Pls1 full) {}

	/**
	 * Cross-validates one target and fits its full model, in {@code threads} tasks that each
	 * fit a group of folds in shared passes over X ({@link NipalsBatch}); the full model goes
	 * with the last group. The column-major copy of the rows is made once and shared.
	 *
	 * @param x spectra of all rows, row-major, p per row
	 * @param rows calibration rows of x (with a response)
	 * @param y response of each of rows
	 * @param fold fold of each of rows, 0..folds-1
	 */
	public static Outcome run(final float[] x, final int p, final int[] rows, final double[] y,
		final int maxComponents, final int[] fold, final int folds, final boolean scale,
		final int threads)
	{
		final float[] xT = NipalsBatch.transpose(x, p, rows);
		final int g = Math.max(1, Math.min(threads, folds));
		final List<Callable<NipalsBatch>> tasks = new ArrayList<>();
		for (int k = 0; k < g; k++) {
			final int from = k * folds / g, to = (k + 1) * folds / g;
			final int[] ids = new int[to - from + (k == g - 1 ? 1 : 0)];
			for (int f = from; f < to; f++) ids[f - from] = f;
			if (k == g - 1) ids[ids.length - 1] = -1;
			tasks.add(() -> NipalsBatch.fit(x, xT, p, rows, y, fold, ids, maxComponents, scale));
		}
		final List<double[][]> heldOut = new ArrayList<>();
		Pls1 full = null;
		for (final NipalsBatch b : Workers.all(tasks, g)) {
			heldOut.add(b.heldOut);
			full = b.models[b.models.length - 1];
		}
		return new Outcome(collect(y, fold, folds, maxComponents, heldOut), full);
	}

	/** Assembles the held-out predictions of the fold groups (null rows: not held out there). */
	static Result collect(final double[] y, final int[] fold, final int folds,
		final int maxComponents, final List<double[][]> groupOutputs)
	{
		final int n = y.length;
		final double[][] pred = new double[n][];
		for (final double[][] out : groupOutputs)
			for (int i = 0; i < n; i++)
				if (out[i] != null) pred[i] = out[i];
		for (int i = 0; i < n; i++)
			if (pred[i] == null) throw new IllegalStateException("row " + i + " was not held out");
		final double[] rmsecv = new double[maxComponents], se = new double[maxComponents];
		final double[][] foldRmse = new double[folds][maxComponents];
		final int[] count = new int[folds];
		for (final int f : fold) count[f]++;
		for (int k = 0; k < maxComponents; k++) {
			double total = 0;
			final double[] foldSs = new double[folds];
			for (int i = 0; i < n; i++) {
				final double e = pred[i][k] - y[i];
				total += e * e;
				foldSs[fold[i]] += e * e;
			}
			rmsecv[k] = Math.sqrt(total / n);
			double mean = 0;
			for (int f = 0; f < folds; f++) {
				foldRmse[f][k] = Math.sqrt(foldSs[f] / count[f]);
				mean += foldRmse[f][k];
			}
			mean /= folds;
			double var = 0;
			for (int f = 0; f < folds; f++) var += (foldRmse[f][k] - mean) * (foldRmse[f][k] - mean);
			se[k] = Math.sqrt(var / (folds - 1)) / Math.sqrt(folds);
		}
		return new Result(folds, fold.clone(), rmsecv, se, foldRmse, pred);
	}
}
