package org.spectralcnn.plsr;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits one PLS1 model per target on the calibration samples: rows whose target is missing (NaN)
 * are left out of that target's model only. For each target the number of latent variables is
 * chosen by k-fold cross-validation ({@link Folds}, the same folds as scikit-learn's shuffled
 * KFold) over 1..max_components with a {@link Selection} rule; the model on all of the target's
 * calibration samples is fitted alongside the folds (with max_components latent variables, then
 * cut to the chosen number: NIPALS components do not depend on how many follow). Targets are
 * fitted one after the other, each one's folds in parallel on {@code threads} threads.
 */
public final class PlsrTraining {

	/**
	 * @param maxComponents largest number of latent variables tried (key {@code max_components})
	 * @param folds cross-validation folds (key {@code folds})
	 * @param selection rule that picks k from the RMSECV curve (key {@code selection})
	 * @param seed fold shuffle seed, 0..2³²−1 (key {@code seed})
	 * @param scale scale each wavelength to unit variance after centring
	 * @param threads worker threads, ≥ 1
	 */
	public record Settings(int maxComponents, int folds, Selection selection, long seed,
		boolean scale, int threads)
	{

		/** 1..30 components, 10 folds, lowest RMSECV, seed 0, centring only, all cores. */
		public static Settings defaults() {
			return new Settings(30, 10, Selection.MIN, 0, false, Runtime.getRuntime()
				.availableProcessors());
		}

		public Settings {
			if (maxComponents < 1) throw new IllegalArgumentException("max_components must be at least 1, got " +
				maxComponents);
			if (folds < 2) throw new IllegalArgumentException("folds must be at least 2, got " +
				folds);
			if (seed < 0 || seed > 0xffffffffL) throw new IllegalArgumentException(
				"seed must be between 0 and 4294967295, got " + seed);
			if (selection == null) throw new IllegalArgumentException("selection is missing");
			if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
		}
	}

	/**
	 * One target's fit.
	 *
	 * @param rows dataset rows it was calibrated on (calibration rows with the target present)
	 * @param y the target at those rows
	 * @param cv the cross-validation over 1..max_components
	 * @param components the chosen number of latent variables
	 * @param model refitted on all {@code rows} with {@code components} latent variables
	 */
	public record TargetFit(String target, int[] rows, double[] y, CrossValidation.Result cv,
		int components, Pls1 model)
	{}

	private PlsrTraining() {}

	/**
	 * @param x spectra (already preprocessed) of all n rows, row-major, p per row (a dataset's
	 *          {@code data()}, used as it is)
	 * @param y n × targets, NaN = missing
	 * @param calibration rows to calibrate on (null: all)
	 * @throws IllegalArgumentException naming the key ({@code max_components}, {@code folds},
	 *           {@code targets}) when the data cannot support the settings
	 */
	public static List<TargetFit> fit(final float[] x, final int p, final double[][] y,
		final List<String> targets, final boolean[] calibration, final Settings s)
	{
		final int n = y.length;
		if (targets.isEmpty()) throw new IllegalArgumentException("targets: name at least one target");
		if ((long) n * p != x.length) throw new IllegalArgumentException("spectra hold " + x.length +
			" values, expected " + n + " × " + p);
		final int nt = targets.size();
		final int[][] rows = new int[nt][];
		final double[][] ys = new double[nt][];
		final int[][] fold = new int[nt][];
		for (int t = 0; t < nt; t++) {
			int count = 0;
			for (int i = 0; i < n; i++)
				if ((calibration == null || calibration[i]) && !Double.isNaN(y[i][t])) count++;
			rows[t] = new int[count];
			ys[t] = new double[count];
			for (int i = 0, c = 0; i < n; i++) {
				if ((calibration == null || calibration[i]) && !Double.isNaN(y[i][t])) {
					rows[t][c] = i;
					ys[t][c++] = y[i][t];
				}
			}
			check(targets.get(t), count, p, s);
			fold[t] = Folds.kFold(count, s.folds(), s.seed());
		}

		// one target after the other (one column-major copy at a time), its folds in parallel
		final List<TargetFit> fits = new ArrayList<>();
		for (int t = 0; t < nt; t++) {
			final CrossValidation.Outcome o = CrossValidation.run(x, p, rows[t], ys[t], s
				.maxComponents(), fold[t], s.folds(), s.scale(), s.threads());
			final int chosen = Math.min(s.selection().choose(o.cv()), o.full().components());
			fits.add(new TargetFit(targets.get(t), rows[t], ys[t], o.cv(), chosen, o.full().truncate(
				chosen)));
		}
		return fits;
	}

	/** The checks that depend on a target's sample count, with messages naming the key. */
	static void check(final String target, final int n, final int p, final Settings s) {
		if (n < 3) throw new IllegalArgumentException("target '" + target + "' has " + n +
			" calibration samples with a value; PLSR with cross-validation needs at least 3");
		if (s.folds() > n) throw new IllegalArgumentException("folds=" + s.folds() +
			" is more than the " + n + " calibration samples with target '" + target +
			"'; use at most " + n);
		// the smallest training part of a fold, centred, has rank ≤ its size − 1
		final int smallestTraining = n - (n + s.folds() - 1) / s.folds();
		final int limit = Math.min(smallestTraining - 1, p);
		if (s.maxComponents() > limit) throw new IllegalArgumentException("max_components=" + s
			.maxComponents() + " is more than target '" + target + "' supports: " + (limit == p
				? "the spectra have " + p + " points" : n + " calibration samples in " + s.folds() +
					" folds leave " + smallestTraining + " training samples per fold (rank ≤ " +
					(smallestTraining - 1) + ")") +
			"; use at most " + limit);
	}
}
