package org.spectralcnn.plsr;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.ConformalScores;
import org.spectralcnn.model.DomainModel;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Train PLSR from a dataset to a model and the numbers of its report: preprocessing fitted on the
 * calibration rows, one PLS1 per target with its number of latent variables chosen by
 * cross-validation, metrics of calibration, cross-validation and test rows. Plain Java; the
 * command and the demo are thin shells over it.
 */
public final class PlsrWorkflow {

	/**
	 * @param model the trained model
	 * @param fits per target: rows, cross-validation, chosen k
	 * @param input the preprocessed input (all rows)
	 * @param calibration calibration rows of the input
	 * @param test test rows of the input (split column 0), none without a split column
	 * @param predictions model predictions of every input row, row × target
	 * @param metrics per target: calibration, cross-validation (chosen k) and test metrics
	 */
	public record Result(PlsrModel model, List<PlsrTraining.TargetFit> fits, SpectralDataset input,
		boolean[] calibration, boolean[] test, double[][] predictions, List<TargetMetrics> metrics)
	{}

	/**
	 * Metrics of one target; {@code test} has n = 0 without test rows, {@code spikedLocal} and
	 * {@code libraryLocal} n = 0 without spiking.
	 *
	 * @param spikedLocal the local samples, each predicted by a model spiked without its fold
	 * @param libraryLocal the local samples predicted by the same PLSR without spiking
	 */
	public record TargetMetrics(String target, int components, Metrics calibration,
		Metrics crossValidation, Metrics test, Metrics spikedLocal, Metrics libraryLocal)
	{}

	/**
	 * Local samples added to the calibration ("spiking", as in Fine-tune CNN's report): each enters
	 * every target's PLS model {@code weight} times, with the number of latent variables that the
	 * cross-validation chose on the input's calibration rows alone (copies of one sample in
	 * several folds would make that choice see its own samples).
	 *
	 * @param local spectra on the input's grid ({@code InputGrid}), with every target's column
	 *          (empty = missing)
	 * @param weight how many times each local sample enters (key {@code spike_weight})
	 */
	public record Spiking(SpectralDataset local, int weight) {

		public static final int DEFAULT_WEIGHT = 5;

		public Spiking {
			requireWeight(weight);
		}

		/** @throws IllegalArgumentException naming the {@code spike_weight} key */
		public static void requireWeight(final int weight) {
			if (weight < 1) throw new IllegalArgumentException("spike_weight must be at least 1, got " +
				weight);
		}

		/**
		 * A target's calibration: the library rows, then row {@code offset + i} for each local
		 * sample i with a value, {@code weight} times, except those {@code leftOut}.
		 *
		 * @param leftOut local samples to leave out; null: none
		 */
		public static Rows rows(final int[] libraryRows, final double[] libraryValues,
			final int offset, final double[] local, final int weight, final boolean[] leftOut)
		{
			int count = libraryRows.length;
			for (int i = 0; i < local.length; i++)
				if (!Double.isNaN(local[i]) && (leftOut == null || !leftOut[i])) count += weight;
			final int[] rows = Arrays.copyOf(libraryRows, count);
			final double[] values = Arrays.copyOf(libraryValues, count);
			for (int i = 0, c = libraryRows.length; i < local.length; i++) {
				if (Double.isNaN(local[i]) || leftOut != null && leftOut[i]) continue;
				for (int w = 0; w < weight; w++, c++) {
					rows[c] = offset + i;
					values[c] = local[i];
				}
			}
			return new Rows(rows, values);
		}
	}

	/** Rows of a spectra array and the response at each. */
	public record Rows(int[] rows, double[] values) {}

	private PlsrWorkflow() {}

	/**
	 * Parses a comma list of target names (blanks trimmed, duplicates refused).
	 *
	 * @throws IllegalArgumentException naming the key {@code targets} and the numeric columns
	 */
	public static List<String> parseTargets(final String text, final SpectralDataset data,
		final String splitColumn)
	{
		final LinkedHashSet<String> names = new LinkedHashSet<>();
		if (text != null) for (final String t : text.split(",")) {
			final String name = t.trim();
			if (name.isEmpty()) continue;
			if (!names.add(name)) throw new IllegalArgumentException("targets: '" + name +
				"' is named twice");
		}
		final List<String> candidates = new ArrayList<>(data.numericColumns());
		candidates.remove(splitColumn);
		if (names.isEmpty()) throw new IllegalArgumentException(
			"targets: name at least one numeric column of " + data.name() + " (" + (candidates
				.isEmpty() ? "it has none" : String.join(", ", candidates)) + ")");
		for (final String name : names) {
			if (!data.hasNumericColumn(name)) throw new IllegalArgumentException("targets: no numeric column '" +
				name + "' in " + data.name() + data.notNumeric(name) + "; numeric columns: " + (candidates
					.isEmpty() ? "(none)" : String.join(", ", candidates)));
			if (name.equals(splitColumn)) throw new IllegalArgumentException("targets: '" + name +
				"' is the split column");
		}
		return new ArrayList<>(names);
	}

	/**
	 * Trains the model: fits the preprocessing on the calibration rows, applies it to all rows,
	 * fits the PLS models.
	 *
	 * @param raw the input spectra with the target (and split) columns
	 * @param steps the preprocessing chain (fitted here on the calibration rows); may be empty
	 * @param info manifest facts to record (source, split column); may be null
	 */
	public static Result train(final SpectralDataset raw, final Preprocessing steps,
		final List<String> targets, final boolean[] calibration, final PlsrTraining.Settings settings,
		final JsonObject info)
	{
		return train(raw, steps, targets, calibration, settings, info, null);
	}

	/**
	 * As {@link #train(SpectralDataset, Preprocessing, List, boolean[], PlsrTraining.Settings,
	 * JsonObject)}, with local samples spiked into every target's model; the model's conformal
	 * scores are then the local samples' cross-validated residuals (the errors it makes on samples
	 * like them), and its out-of-domain model is fitted on the calibration and local spectra.
	 *
	 * @param spiking null: none
	 * @throws IllegalArgumentException naming {@code local_input} when the local samples lack a
	 *           target or lie on another grid
	 */
	public static Result train(final SpectralDataset raw, final Preprocessing steps,
		final List<String> targets, final boolean[] calibration, final PlsrTraining.Settings settings,
		final JsonObject info, final Spiking spiking)
	{
		final Preprocessing fitted = steps.fit(raw.select(calibration));
		final SpectralDataset preprocessed = fitted.apply(raw);
		final double[][] y = preprocessed.targets(targets);
		List<PlsrTraining.TargetFit> fits = PlsrTraining.fit(preprocessed.data(), preprocessed
			.points(), y, targets, calibration, settings);
		final Spiked spiked = spiking == null ? null : spike(raw, fitted, preprocessed, calibration,
			fits, targets, settings, spiking);
		if (spiked != null) fits = spiked.fits();
		final JsonObject manifestInfo = info != null ? info.deepCopy() : new JsonObject();
		final JsonObject training = new JsonObject();
		training.addProperty("max_components", settings.maxComponents());
		training.addProperty("folds", settings.folds());
		training.addProperty("fold_assignment",
			"scikit-learn KFold(n_splits=folds, shuffle=True, random_state=seed) over each target's calibration rows in file order");
		training.addProperty("selection", settings.selection().key());
		training.addProperty("seed", settings.seed());
		training.addProperty("scale", settings.scale());
		training.addProperty("created", Instant.now().toString());
		manifestInfo.add("training", training);
		if (spiking != null) {
			final JsonObject o = new JsonObject();
			o.addProperty("source", spiking.local().name());
			o.addProperty("samples", spiking.local().size());
			o.addProperty("weight", spiking.weight());
			manifestInfo.add("spiking", o);
		}
		final PlsrModel model = PlsrModel.of(raw.axis(), fitted, preprocessed.axis(), fits,
			manifestInfo).withCalibration(spiked != null ? spiked.calibration() : calibration(fits,
				preprocessed, calibration, settings));

		final int n = preprocessed.size();
		final boolean[] test = new boolean[n];
		for (int i = 0; i < n; i++) test[i] = !calibration[i];
		final int[] all = new int[n];
		for (int i = 0; i < n; i++) all[i] = i;
		final double[][] pred = new double[n][targets.size()];
		final List<TargetMetrics> metrics = new ArrayList<>();
		final Metrics none = Metrics.of(new double[0], new double[0]);
		for (int t = 0; t < targets.size(); t++) {
			final PlsrTraining.TargetFit f = fits.get(t);
			final double[][] p = f.model().predictAll(preprocessed.data(), all, f.components());
			final double[] obsCal = new double[n], obsTest = new double[n], pr = new double[n];
			for (int i = 0; i < n; i++) {
				pred[i][t] = p[i][f.components() - 1];
				pr[i] = pred[i][t];
				obsCal[i] = calibration[i] ? y[i][t] : Double.NaN;
				obsTest[i] = test[i] ? y[i][t] : Double.NaN;
			}
			final double[] cvPred = new double[f.rows().length];
			for (int i = 0; i < cvPred.length; i++) cvPred[i] = f.cv().predictions()[i][f
				.components() - 1];
			metrics.add(new TargetMetrics(f.target(), f.components(), Metrics.of(obsCal, pr), Metrics
				.of(f.y(), cvPred), Metrics.of(obsTest, pr), spiked != null ? spiked.local().get(t)
					: none, spiked != null ? spiked.library().get(t) : none));
		}
		return new Result(model, fits, preprocessed, calibration, test, pred, metrics);
	}

	/**
	 * Local samples added to a library's model (Train PLSR's and Train MBL's {@code local_input})
	 * lie on the input's grid and have every target's column.
	 *
	 * @throws IllegalArgumentException naming {@code local_input}
	 */
	static void checkLocal(final SpectralDataset local, final SpectralDataset input,
		final List<String> targets)
	{
		if (!local.axis().sameGrid(input.axis())) throw new IllegalArgumentException("local_input: " +
			local.name() + " is on " + local.axis().describe() + ", not on the input's grid " + input
				.axis().describe());
		for (final String t : targets)
			if (!local.hasNumericColumn(t)) throw new IllegalArgumentException("local_input: no numeric column '" +
				t + "' in " + local.name() + local.notNumeric(t) +
				"; the local samples need every target's column (empty = missing)");
	}

	/** The spiked fits, their calibration, and per target the local metrics. */
	private record Spiked(List<PlsrTraining.TargetFit> fits, Calibration calibration,
		List<Metrics> local, List<Metrics> library)
	{}

	/**
	 * Refits each target's model on its calibration rows plus the spiked local samples, with the
	 * latent variables chosen without them; the same refit without each fold of the local samples
	 * (the {@code folds} key, at most one fold per sample) predicts that fold.
	 */
	private static Spiked spike(final SpectralDataset raw, final Preprocessing fitted,
		final SpectralDataset preprocessed, final boolean[] calibration,
		final List<PlsrTraining.TargetFit> fits, final List<String> targets,
		final PlsrTraining.Settings settings, final Spiking spiking)
	{
		final SpectralDataset rawLocal = spiking.local();
		checkLocal(rawLocal, raw, targets);
		final SpectralDataset local = fitted.apply(rawLocal);
		final int n = preprocessed.size(), p = preprocessed.points(), m = local.size();
		final float[] x = preprocessed.dataFollowedBy(local);
		final double[][] yLocal = local.targets(targets);
		final int[] localRows = IntStream.range(n, n + m).toArray();
		final List<PlsrTraining.TargetFit> out = new ArrayList<>();
		final List<Calibration.Target> scores = new ArrayList<>();
		final List<Metrics> spikedMetrics = new ArrayList<>(), libraryMetrics = new ArrayList<>();
		for (int t = 0; t < targets.size(); t++) {
			final PlsrTraining.TargetFit f = fits.get(t);
			final double[] yl = new double[m];
			final List<Integer> present = new ArrayList<>();
			for (int i = 0; i < m; i++) {
				yl[i] = yLocal[i][t];
				if (!Double.isNaN(yl[i])) present.add(i);
			}
			if (present.size() < 2) throw new IllegalArgumentException("local_input: " + rawLocal
				.name() + " has " + present.size() + " value(s) of '" + targets.get(t) +
				"'; spiking needs at least 2 (each is checked by a model spiked without it)");
			final int k = f.components();
			final Rows all = Spiking.rows(f.rows(), f.y(), n, yl, spiking.weight(), null);
			out.add(new PlsrTraining.TargetFit(f.target(), f.rows(), f.y(), f.cv(), k, Pls1.fit(x, p,
				all.rows(), all.values(), k, settings.scale())));
			final int folds = Math.min(settings.folds(), present.size());
			final int[] fold = Folds.kFold(present.size(), folds, settings.seed());
			final double[] cv = new double[m], alone = new double[m];
			Arrays.fill(cv, Double.NaN);
			final double[][] lib = f.model().predictAll(x, localRows, k);
			for (int i = 0; i < m; i++) alone[i] = lib[i][k - 1];
			for (int j = 0; j < folds; j++) {
				final boolean[] held = new boolean[m];
				for (int q = 0; q < fold.length; q++) if (fold[q] == j) held[present.get(q)] = true;
				final Rows r = Spiking.rows(f.rows(), f.y(), n, yl, spiking.weight(), held);
				final Pls1 without = Pls1.fit(x, p, r.rows(), r.values(), k, settings.scale());
				final double[][] pr = without.predictAll(x, localRows, k);
				for (int i = 0; i < m; i++) if (held[i]) cv[i] = pr[i][k - 1];
			}
			final double[] obs = new double[present.size()], res = new double[present.size()];
			for (int q = 0; q < obs.length; q++) {
				obs[q] = yl[present.get(q)];
				res[q] = cv[present.get(q)];
			}
			scores.add(new Calibration.Target(f.target(), ConformalScores.absoluteResiduals(obs, res),
				null, 0));
			spikedMetrics.add(Metrics.of(yl, cv));
			libraryMetrics.add(Metrics.of(yl, alone));
		}
		final SpectralDataset cal = preprocessed.select(calibration);
		return new Spiked(out, new Calibration("cross-validated residuals of the " + m +
			" spiked local samples (" + settings.folds() + " folds at most, each spiked without its own)",
			scores, 0, settings.seed(), DomainModel.fit(cal.dataFollowedBy(local), cal.size() + m, p,
				DomainModel.LEVEL)),
			spikedMetrics, libraryMetrics);
	}

	/**
	 * Conformal scores from the cross-validated residuals at the chosen number of latent
	 * variables: every calibration sample is predicted by a model that did not see it, and no
	 * sample is taken away from the fit (PLSR loses accuracy with fewer samples; a CNN holds out
	 * its validation samples anyway). The final model sees all folds, so its errors are if anything
	 * smaller than these residuals (the CV+ argument of Barber et al. 2021). The domain model is
	 * fitted on the preprocessed calibration spectra.
	 */
	static Calibration calibration(final List<PlsrTraining.TargetFit> fits,
		final SpectralDataset preprocessed, final boolean[] calibration,
		final PlsrTraining.Settings settings)
	{
		final List<Calibration.Target> targets = new ArrayList<>();
		for (final PlsrTraining.TargetFit f : fits) {
			final double[] cv = new double[f.rows().length];
			for (int i = 0; i < cv.length; i++) cv[i] = f.cv().predictions()[i][f.components() - 1];
			targets.add(new Calibration.Target(f.target(), ConformalScores.absoluteResiduals(f.y(),
				cv), null, 0));
		}
		final SpectralDataset cal = preprocessed.select(calibration);
		return new Calibration(settings.folds() + "-fold cross-validated residuals at the chosen number of latent variables",
			targets, 0, settings.seed(), DomainModel.fit(cal.data(), cal.size(), cal.points(),
				DomainModel.LEVEL));
	}

	/** One line per target for the log. */
	public static List<String> summary(final Result r) {
		final List<String> lines = new ArrayList<>();
		for (final TargetMetrics m : r.metrics()) {
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"%s: %d latent variables, RMSECV %.4g (n = %d)", m.target(), m.components(), m
					.crossValidation().rmse(), m.crossValidation().n()));
			if (m.test().n() > 0) sb.append(String.format(Locale.ROOT,
				", test RMSEP %.4g, R² %.3f, RPD %.2f, bias %+.3g (n = %d)", m.test().rmse(), m.test()
					.r2(), m.test().rpd(), m.test().bias(), m.test().n()));
			if (m.spikedLocal().n() > 0) sb.append(String.format(Locale.ROOT,
				"; spiked local samples, cross-validated: RMSE %.4g (the model without spiking: %.4g, n = %d)",
				m.spikedLocal().rmse(), m.libraryLocal().rmse(), m.spikedLocal().n()));
			lines.add(sb.toString());
		}
		return lines;
	}
}
