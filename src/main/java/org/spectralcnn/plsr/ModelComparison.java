package org.spectralcnn.plsr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.SpectralModel;

/**
 * Models side by side on the same test samples, per target, with the relative RMSE change
 * against a PLSR baseline: {@code 100 × (RMSE_model − RMSE_PLSR) / RMSE_PLSR}, negative when the
 * model beats PLSR (the number papers print). For each target, only the models that predict it
 * take part, and only the test samples where the target is measured and every one of those
 * models gives a finite prediction are compared, so the numbers are paired. The reference of a
 * target is the first PLSR model (in the given order) that predicts it, or the first model when
 * no PLSR model does.
 */
public final class ModelComparison {

	/**
	 * One model on one target.
	 *
	 * @param change relative RMSE change against the reference in %, 0 for the reference itself
	 */
	public record Row(String target, String model, String kind, boolean reference, Metrics metrics,
		double change)
	{}

	/**
	 * @param rows per target, one row per model predicting it (targets in first-seen order)
	 * @param modelTargets per model, its targets (the columns of its predictions)
	 * @param predictions per model, samples × that model's targets (input rows)
	 */
	public record Result(List<String> models, List<String> kinds, List<String> targets,
		List<Row> rows, List<List<String>> modelTargets, List<double[][]> predictions,
		boolean[] test)
	{}

	private ModelComparison() {}

	/**
	 * @param labels a name for each model (file names), unique
	 * @param data spectra with the observed targets
	 * @param test the samples to compare on
	 * @param notes receives messages about resampling onto a model's grid
	 */
	public static Result compare(final List<SpectralModel> models, final List<String> labels,
		final SpectralDataset data, final boolean[] test, final Consumer<String> notes)
	{
		if (models.isEmpty()) throw new IllegalArgumentException("models: name at least one model file");
		final List<double[][]> predictions = new ArrayList<>();
		final List<String> kinds = new ArrayList<>();
		final List<List<String>> modelTargets = new ArrayList<>();
		final LinkedHashSet<String> targets = new LinkedHashSet<>();
		for (int m = 0; m < models.size(); m++) {
			final SpectralModel model = models.get(m);
			final SpectralDataset on = InputGrid.conform(data, model.inputAxis(), notes);
			predictions.add(model.predict(on));
			kinds.add(model.kind());
			modelTargets.add(List.copyOf(model.targets()));
			targets.addAll(model.targets());
		}
		final List<String> measured = new ArrayList<>();
		for (final String t : targets)
			if (data.hasNumericColumn(t)) measured.add(t);
			else notes.accept("target " + t + ": no column '" + t + "' in " + data.name() +
				"; not compared");
		if (measured.isEmpty()) throw new IllegalArgumentException(data.name() +
			" has none of the models' targets (" + String.join(", ", targets) + ")");
		final List<Row> rows = new ArrayList<>();
		final int n = data.size();
		for (final String target : measured) {
			final double[] observed = data.column(target);
			final List<Integer> users = new ArrayList<>();
			for (int m = 0; m < models.size(); m++)
				if (models.get(m).targets().contains(target)) users.add(m);
			final boolean[] common = new boolean[n];
			int count = 0;
			for (int i = 0; i < n; i++) {
				boolean ok = test[i] && !Double.isNaN(observed[i]);
				for (final int m : users)
					ok &= Double.isFinite(predictions.get(m)[i][models.get(m).targets().indexOf(target)]);
				common[i] = ok;
				if (ok) count++;
			}
			if (count == 0) {
				notes.accept("target " + target + ": no test sample with a measured value; not compared");
				continue;
			}
			int ref = users.get(0);
			for (final int m : users)
				if (PlsrModel.KIND.equals(kinds.get(m))) {
					ref = m;
					break;
				}
			final Metrics[] metrics = new Metrics[models.size()];
			for (final int m : users) {
				final double[] obs = new double[n], pred = new double[n];
				final int col = models.get(m).targets().indexOf(target);
				for (int i = 0; i < n; i++) {
					obs[i] = common[i] ? observed[i] : Double.NaN;
					pred[i] = common[i] ? predictions.get(m)[i][col] : Double.NaN;
				}
				metrics[m] = Metrics.of(obs, pred);
			}
			for (final int m : users)
				rows.add(new Row(target, labels.get(m), kinds.get(m), m == ref, metrics[m], 100 *
					(metrics[m].rmse() - metrics[ref].rmse()) / metrics[ref].rmse()));
		}
		return new Result(List.copyOf(labels), kinds, measured, rows, modelTargets, predictions, test
			.clone());
	}

	/** One line per target and model for the log. */
	public static List<String> summary(final Result r) {
		final List<String> lines = new ArrayList<>();
		for (final Row row : r.rows())
			lines.add(String.format(Locale.ROOT, "%s, %s (%s): RMSE %.4g, R² %.3f, RPD %.2f (n = %d)%s",
				row.target(), row.model(), row.kind(), row.metrics().rmse(), row.metrics().r2(), row
					.metrics().rpd(), row.metrics().n(), row.reference() ? ", reference" : String.format(
						Locale.ROOT, ", %+.1f %% RMSE vs reference", row.change())));
		return lines;
	}
}
