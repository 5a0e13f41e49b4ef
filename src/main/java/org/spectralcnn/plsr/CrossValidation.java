package org.spectralcnn.plsr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * k-fold cross-validation of PLS1 over 1..K latent variables. Each fold is fitted once with K
 * components; the predictions of every k ≤ K come from that one fit (NIPALS components do not
 * depend on how many follow), so the whole curve costs k fits, not k × K.
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
	 * The fold fits as tasks (one per fold), so that callers can run the folds of several
	 * targets on one pool; {@link #collect} turns their outputs into the result.
	 *
	 * @param x spectra of all rows, row-major, p per row
	 * @param rows calibration rows of x (with a response)
	 * @param y response of each of rows
	 * @param fold fold of each of rows, 0..folds-1
	 */
	public static List<Callable<double[][]>> tasks(final double[] x, final int p, final int[] rows,
		final double[] y, final int maxComponents, final int[] fold, final int folds,
		final boolean scale)
	{
		final List<Callable<double[][]>> tasks = new ArrayList<>();
		for (int f = 0; f < folds; f++) {
			final int ff = f;
			tasks.add(() -> {
				int nTest = 0;
				for (final int g : fold)
					if (g == ff) nTest++;
				final int[] train = new int[rows.length - nTest], test = new int[nTest];
				final double[] yTrain = new double[train.length];
				for (int i = 0, a = 0, b = 0; i < rows.length; i++) {
					if (fold[i] == ff) test[b++] = rows[i];
					else {
						yTrain[a] = y[i];
						train[a++] = rows[i];
					}
				}
				final Pls1 model = Pls1.fit(x, p, train, yTrain, maxComponents, scale);
				return model.predictAll(x, test, maxComponents);
			});
		}
		return tasks;
	}

	/** Assembles the fold outputs of {@link #tasks} (in fold order). */
	public static Result collect(final double[] y, final int[] fold, final int folds,
		final int maxComponents, final List<double[][]> foldPredictions)
	{
		final int n = y.length;
		final double[][] pred = new double[n][];
		final int[] at = new int[folds];
		for (int i = 0; i < n; i++) pred[i] = foldPredictions.get(fold[i])[at[fold[i]]++];
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

	/** Runs the folds one after the other (see {@link PlsrTraining} for the parallel run). */
	public static Result run(final double[] x, final int p, final int[] rows, final double[] y,
		final int maxComponents, final int[] fold, final int folds, final boolean scale)
	{
		final List<double[][]> out = new ArrayList<>();
		try {
			for (final Callable<double[][]> task : tasks(x, p, rows, y, maxComponents, fold, folds,
				scale)) out.add(task.call());
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
