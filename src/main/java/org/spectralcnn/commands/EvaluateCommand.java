package org.spectralcnn.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.ReportPlots;
import org.spectralcnn.bridge.ResultsTables;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Evaluation;
import org.spectralcnn.evaluate.IntervalMetrics;
import org.spectralcnn.evaluate.EvaluationTables;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.io.FileDigest;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;
import org.spectralcnn.model.TrainingInput;

/**
 * Compares a saved model's predictions with lab values: n, RMSE, R², RPD, RPIQ, bias and Lin's
 * CCC per target (missing lab values left out), a table and observed-vs-predicted plots.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Evaluate Model", weight = 6) }, headless = true,
	description = "Metrics and observed-vs-predicted plots of a saved model (CNN, PLSR or MBL) on spectra with lab values")
public class EvaluateCommand extends SpectralCommand {

	@Parameter(label = "Model file (.zip)", style = FileWidget.OPEN_STYLE,
		description = "A model saved by Train CNN, Fine-tune CNN, Train PLSR or Train MBL")
	private File model;

	@Parameter(label = "Spectra with lab values", style = FileWidget.OPEN_STYLE,
		description = "Spectra with a column for each of the model's targets (empty = missing)")
	private File input;

	@Parameter(label = "Metrics (CSV)", style = FileWidget.SAVE_STYLE,
		description = "Where to write target,n,RMSE,R2,RPD,RPIQ,bias,CCC (+ coverage,mean_width,n_flagged,RMSE_unflagged,RMSE_flagged)")
	private File output;

	@Parameter(label = "Plots folder", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Where to write scatter_<target>.png and predictions.csv")
	private File plots;

	@Parameter(label = "Interval confidence", min = "0.5", max = "0.999", stepSize = "0.05",
		description = "Level of the prediction intervals whose coverage is reported")
	private double confidence = 0.9;

	@Parameter(label = "Monte Carlo dropout passes", min = "0",
		description = "CNN with dropout: passes for MC conformal intervals (0 = split conformal, else at least 2)")
	private int mc_passes = McDropout.DEFAULT_PASSES;

	@Parameter(label = "Random seed", description = "Dropout masks of the passes: same seed, same intervals")
	private int seed = 0;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("model", path(model)).reads("input", path(input)).writes("output", path(output))
			.writesInto("plots", path(plots), List.of("predictions.csv", ReportPlots.SCATTER_FILES));
	}

	@Override
	protected void execute() throws Exception {
		McDropout.checkPasses(mc_passes);
		final Path out = output.toPath();
		status.showStatus("Evaluate Model: loading " + model.getName());
		final SpectralModel m = Models.load(model.toPath());
		if (Files.isRegularFile(input.toPath()) && TrainingInput.trainedOn(m, FileDigest.sha256(input
			.toPath()))) log.warn(
			"Evaluate Model: " + TrainingInput.warning(input.toPath()));
		final SpectralDataset raw = SpectraIO.open(input.toPath());
		for (final String t : m.targets())
			if (!raw.hasNumericColumn(t)) throw new IllegalArgumentException(input.getName() +
				" has no lab values for the model's target '" + t + "'" + raw.notNumeric(t) +
				"; numeric columns: " + String.join(", ", raw.numericColumns()));
		final SpectralDataset data = InputGrid.conform(raw, m.inputAxis(), note -> log.info(
			"Evaluate Model: " + note));
		final TrustedPredictions tp = PredictCommand.predict(m, data, confidence, mc_passes, seed,
			"Evaluate Model", log);
		final Evaluation evaluation = Evaluation.of(data, m.targets(), tp.prediction(), tp.lower(),
			tp.upper(), tp.outOfDomain());
		// the metrics and the plots go in place together: a failure leaves the previous ones
		AtomicFiles.together(() -> {
			EvaluationTables.writeMetrics(evaluation, out);
			if (plots != null) {
				final Path folder = plots.toPath();
				Files.createDirectories(folder);
				ReportPlots.saveScatterPlots(evaluation, folder);
				EvaluationTables.writePredictions(evaluation, folder.resolve("predictions.csv"));
			}
			return null;
		});
		for (final Evaluation.Target t : evaluation.targets())
			log.info(String.format(Locale.ROOT,
				"Evaluate Model: %s: n=%d RMSE=%.4g R2=%.3f RPD=%.2f RPIQ=%.2f bias=%.3g CCC=%.3f", t
					.name(), t.metrics().n(), t.metrics().rmse(), t.metrics().r2(), t.metrics().rpd(), t
						.metrics().rpiq(), t.metrics().bias(), t.metrics().ccc()));
		for (final String line : evaluation.collapsedTargets())
			log.warn("Evaluate Model: " + line);
		Display.show(ResultsTables.metrics(evaluation), "Evaluate Model: " + input.getName());
		if (evaluation.hasIntervals()) for (int k = 0; k < m.targets().size(); k++) {
			final IntervalMetrics im = evaluation.interval(k).metrics();
			log.info(String.format(Locale.ROOT,
				"Evaluate Model: %s: %.0f %% intervals cover %.3f, mean width %.4g; RMSE %.4g in domain, %.4g on %d flagged",
				im.target(), confidence * 100, im.coverage(), im.meanWidth(), im.rmseUnflagged(), im
					.rmseFlagged(), im.flagged()));
		}
		for (int k = 0; k < m.targets().size(); k++)
			Display.show(ReportPlots.scatter(evaluation, k));
		status.clearStatus();
	}
}
