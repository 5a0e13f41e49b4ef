package org.spectralcnn.plsr;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

	/** Metrics of one target; {@code test} has n = 0 without test rows. */
	public record TargetMetrics(String target, int components, Metrics calibration,
		Metrics crossValidation, Metrics test)
	{}

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
				name + "' in " + data.name() + "; numeric columns: " + (candidates.isEmpty() ? "(none)"
					: String.join(", ", candidates)));
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
		final Preprocessing fitted = steps.fit(raw.select(calibration));
		final SpectralDataset preprocessed = fitted.apply(raw);
		final double[][] y = preprocessed.targets(targets);
		final List<PlsrTraining.TargetFit> fits = PlsrTraining.fit(preprocessed.data(), preprocessed
			.points(), y, targets, calibration, settings);
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
		final PlsrModel model = PlsrModel.of(raw.axis(), fitted, preprocessed.axis(), fits,
			manifestInfo).withCalibration(calibration(fits, preprocessed, calibration, settings));

		final int n = preprocessed.size();
		final boolean[] test = new boolean[n];
		for (int i = 0; i < n; i++) test[i] = !calibration[i];
		final int[] all = new int[n];
		for (int i = 0; i < n; i++) all[i] = i;
		final double[][] pred = new double[n][targets.size()];
		final List<TargetMetrics> metrics = new ArrayList<>();
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
				.of(f.y(), cvPred), Metrics.of(obsTest, pr)));
		}
		return new Result(model, fits, preprocessed, calibration, test, pred, metrics);
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
			lines.add(sb.toString());
		}
		return lines;
	}
}
