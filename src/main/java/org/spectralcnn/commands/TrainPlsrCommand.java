package org.spectralcnn.commands;

import com.google.gson.JsonObject;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.PlsrPlots;
import org.spectralcnn.bridge.PlsrReport;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.model.TrainingInput;

/**
 * Train PLSR: the chemometrics baseline beside every CNN. One PLS1 model per target on the
 * (optionally preprocessed) spectra of the calibration samples; the number of latent variables
 * is chosen by k-fold cross-validation. Writes a model file that Predict, Evaluate and Compare
 * Models read like a CNN's, and a report folder (metrics, RMSECV curve, VIP and coefficients,
 * predictions).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Train PLSR", weight = 7) }, headless = true,
	description = "PLS regression per target with the number of latent variables chosen by cross-validation")
public class TrainPlsrCommand extends SpectralCommand {

	@Parameter(label = "Input spectra", style = FileWidget.OPEN_STYLE,
		description = "spectra table with the target columns (CSV, …)")
	private File input;

	@Parameter(label = "Targets", description = "comma list of target columns, e.g. Nt, Ciso, CEC")
	private String targets;

	@Parameter(label = "Preprocessing steps", required = false,
		description = "preprocessing chain fitted on the calibration samples, e.g. sg(11,2,1), snv; empty: raw spectra")
	private String steps = "";

	@Parameter(label = "Maximum latent variables", min = "1", required = false,
		description = "latent variables tried: 1 … max_components")
	private int max_components = 30;

	@Parameter(label = "Cross-validation folds", min = "2", required = false,
		description = "k of the k-fold cross-validation on the calibration samples")
	private int folds = 10;

	@Parameter(label = "Selection rule", choices = { "min", "1se" }, required = false,
		description = "min: lowest RMSECV; 1se: fewest latent variables within one standard error of the lowest")
	private String selection = "min";

	@Parameter(label = "Split column", required = false,
		description = "numeric column, 1 = calibration, 0 = test; empty: calibrate on all samples")
	private String split_column = "";

	@Parameter(label = "Scale wavelengths", required = false,
		description = "scale each wavelength to unit variance after centring (default: centring only)")
	private boolean scale = false;

	@Parameter(label = "Fold seed", min = "0", required = false,
		description = "seed of the fold shuffle (scikit-learn KFold(shuffle=True, random_state=seed))")
	private long seed = 0;

	@Parameter(label = "Local samples to spike", style = FileWidget.OPEN_STYLE, required = false,
		description = "optional: spectra with the target columns from the site or instrument to predict (another grid is resampled onto the input's), added to the calibration spike_weight times each; empty: none")
	private File local_input;

	@Parameter(label = "Spike weight", min = "1", required = false,
		description = "with local_input: how many times each local sample enters the calibration")
	private int spike_weight = PlsrWorkflow.Spiking.DEFAULT_WEIGHT;

	@Parameter(label = "Model file", style = FileWidget.SAVE_STYLE,
		description = "where to write the model (.zip)")
	private File model;

	@Parameter(label = "Report folder", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "folder for metrics, RMSECV curve, VIP and coefficient plots, predictions; empty: no report")
	private File report;

	@Parameter(type = ItemIO.OUTPUT, label = "PLSR summary")
	private String summary;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input)).reads("local_input", path(local_input)).writes("model",
			path(model)).writesInto("report", path(report), PlsrReport.FILES);
	}

	@Override
	protected void execute() throws Exception {
		if (input == null) throw new CommandFailure("input: no spectra file given");
		if (model == null) throw new CommandFailure("model: no model file given");
		final Path in = input.toPath();
		final Selection rule = Selection.parse(selection);
		final Preprocessing chain;
		try {
			chain = Preprocessing.parse(steps);
		}
		catch (final IllegalArgumentException e) {
			final String m = e.getMessage();
			throw new CommandFailure(m != null && m.startsWith("steps") ? m : "steps: " + m, e);
		}
		final PlsrTraining.Settings settings;
		try {
			settings = new PlsrTraining.Settings(max_components, folds, rule, seed, scale, Runtime
				.getRuntime().availableProcessors());
		}
		catch (final IllegalArgumentException e) {
			throw new CommandFailure(e.getMessage(), e);
		}
		status.showStatus("Train PLSR: reading " + in.getFileName());
		final SpectralDataset data = SpectraIO.open(in);
		final String split = split_column == null ? "" : split_column.trim();
		final List<String> names = PlsrWorkflow.parseTargets(targets, data, split);
		final boolean[] calibration = SplitColumn.calibration(data, split);
		final PlsrWorkflow.Spiking spiking = path(local_input) == null ? null
			: new PlsrWorkflow.Spiking(LocalInput.read(local_input, data, note -> log.info(
				"Train PLSR: local_input: " + note)), spike_weight);

		final JsonObject info = new JsonObject();
		info.addProperty("source", in.getFileName().toString());
		info.addProperty("split_column", split);
		status.showStatus("Train PLSR: cross-validating " + names.size() + " target(s)");
		final long t0 = System.nanoTime();
		final PlsrWorkflow.Result result = PlsrWorkflow.train(data, chain, names, calibration,
			settings, info, spiking);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		// the model goes in place last: a report that fails leaves the previous model as it was
		try (AtomicFiles.Staged staged = result.model().withManifestEntries(TrainingInput.entries(in,
			path(local_input))).stage(model.toPath()))
		{
			if (report != null && !report.getPath().isEmpty()) {
				PlsrReport.write(report.toPath(), result);
				log.info("Train PLSR: report in " + report);
			}
			staged.commit();
		}
		final StringBuilder sb = new StringBuilder();
		for (final String line : PlsrWorkflow.summary(result)) {
			log.info("Train PLSR: " + line);
			sb.append(line).append('\n');
		}
		log.info(String.format(java.util.Locale.ROOT,
			"Train PLSR: %d target(s), %d-fold CV over 1..%d latent variables in %.2f s; model %s",
			names.size(), folds, max_components, seconds, model));
		summary = sb.toString();
		for (final PlsrTraining.TargetFit f : result.fits())
			Display.show(PlsrPlots.rmsecv(f.target(), f.cv(), f.components(), rule.key()));
		status.showStatus("Train PLSR: done");
	}
}
