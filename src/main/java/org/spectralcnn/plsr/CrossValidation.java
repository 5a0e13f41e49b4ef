package org.spectralcnn.plsr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

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
	 * The fold fits as tasks, so that callers can run the folds of several targets on one pool;
	 * {@link #collect} turns their outputs into the result. Each task fits a group of folds in
	 * shared passes over X ({@link NipalsBatch}); more groups give more parallelism, fewer give
	 * less memory traffic.
	 *
	 * @param x spectra of all rows, row-major, p per row
	 * @param rows calibration rows of x (with a response)
	 * @param y response of each of rows
	 * @param fold fold of each of rows, 0..folds-1
	 * @param groups tasks to split the folds into, 1..folds
	 * @return tasks whose outputs hold, per row, its held-out predictions for k = 1..K (null for
	 *         rows of other tasks' folds)
	 */
	public static List<Callable<double[][]>> tasks(final float[] x, final int p, final int[] rows,
		final double[] y, final int maxComponents, final int[] fold, final int folds,
		final boolean scale, final int groups)
	{
		final int g = Math.max(1, Math.min(groups, folds));
		final List<Callable<double[][]>> tasks = new ArrayList<>();
		for (int k = 0; k < g; k++) {
			final int from = k * folds / g, to = (k + 1) * folds / g;
			final int[] ids = new int[to - from];
			for (int f = from; f < to; f++) ids[f - from] = f;
			tasks.add(() -> NipalsBatch.fit(x, p, rows, y, fold, ids, maxComponents, scale).heldOut);
		}
		return tasks;
	}

	/** Assembles the outputs of {@link #tasks}. */
	public static Result collect(final double[] y, final int[] fold, final int folds,
		final int maxComponents, final List<double[][]> taskOutputs)
	{
		final int n = y.length;
		final double[][] pred = new double[n][];
		for (final double[][] out : taskOutputs)
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

	/** Runs all folds in one task (see {@link PlsrTraining} for the parallel run). */
	public static Result run(final float[] x, final int p, final int[] rows, final double[] y,
		final int maxComponents, final int[] fold, final int folds, final boolean scale)
	{
		final List<double[][]> out = new ArrayList<>();
		try {
			for (final Callable<double[][]> task : tasks(x, p, rows, y, maxComponents, fold, folds,
				scale, 1)) out.add(task.call());
		}
		catch (final RuntimeException e) {
			throw e;
		}
		catch (final Exception e) {
			throw new IllegalStateException(e);
		}
		return collect(y, fold, folds, maxComponents, out);
	}
}
