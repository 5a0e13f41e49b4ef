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
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.plsr.Mbl;
import org.spectralcnn.plsr.MblWorkflow;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.model.TrainingInput;

/**
 * Train MBL: memory-based learning, the local method of soil spectroscopy (R's resemble). The
 * calibration spectra become the model's library; each prediction finds its nearest library
 * spectra and fits a weighted local PLS model on them. The model file holds the library and is
 * used by Predict with Model, Evaluate Model and Compare Models like any other.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Train MBL", weight = 7.5) }, headless = true,
	description = "Memory-based learning: a local PLS model on the nearest library spectra of every prediction")
public class TrainMblCommand extends SpectralCommand {

	@Parameter(label = "Library spectra", style = FileWidget.OPEN_STYLE,
		description = "spectra table with the target columns (CSV, …): the library kept in the model")
	private File input;

	@Parameter(label = "Targets", description = "comma list of target columns, e.g. clay, soc")
	private String targets;

	@Parameter(label = "Preprocessing steps", required = false,
		description = "preprocessing chain fitted on the calibration samples, e.g. absorbance, sg(11,2,1), snv; empty: raw spectra")
	private String steps = "";

	@Parameter(label = "Neighbours (k)", min = "5", required = false,
		description = "library spectra per local model")
	private int neighbours = Mbl.Settings.DEFAULT_NEIGHBOURS;

	@Parameter(label = "Dissimilarity", choices = { "pls", "correlation" }, required = false,
		description = "pls: Mahalanobis distance in the scores of a global PLS model; correlation: 1 − Pearson correlation of the spectra")
	private String dissimilarity = "pls";

	@Parameter(label = "Fewest local latent variables", min = "1", required = false,
		description = "smallest PLS model of the weighted average")
	private int min_components = 3;

	@Parameter(label = "Most local latent variables", min = "1", required = false,
		description = "largest PLS model of the weighted average (at most neighbours − 2)")
	private int max_components = 15;

	@Parameter(label = "Split column", required = false,
		description = "numeric column, 1 = calibration (the library), 0 = test (predicted for the summary); empty: all samples")
	private String split_column = "";

	@Parameter(label = "Local samples to add", style = FileWidget.OPEN_STYLE, required = false,
		description = "optional: spectra with the target columns from the site or instrument to predict (another grid is resampled onto the input's), added to the library; their leave-one-out errors make the intervals; empty: none")
	private File local_input;

	@Parameter(label = "Model file", style = FileWidget.SAVE_STYLE,
		description = "where to write the model (.zip, holds the preprocessed library)")
	private File model;

	@Parameter(type = ItemIO.OUTPUT, label = "MBL summary")
	private String summary;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input)).reads("local_input", path(local_input)).writes("model",
			path(model));
	}

	@Override
	protected void execute() throws Exception {
		if (input == null) throw new CommandFailure("input: no spectra file given");
		if (model == null) throw new CommandFailure("model: no model file given");
		final Path in = input.toPath();
		final Preprocessing chain;
		try {
			chain = Preprocessing.parse(steps);
		}
		catch (final IllegalArgumentException e) {
			final String m = e.getMessage();
			throw new CommandFailure(m != null && m.startsWith("steps") ? m : "steps: " + m, e);
		}
		final Mbl.Settings settings;
		try {
			settings = new Mbl.Settings(neighbours, min_components, max_components, Mbl.Settings
				.defaults().scoreComponents(), Mbl.Dissimilarity.parse(dissimilarity));
		}
		catch (final IllegalArgumentException e) {
			throw new CommandFailure(e.getMessage(), e);
		}
		status.showStatus("Train MBL: reading " + in.getFileName());
		final SpectralDataset data = SpectraIO.open(in);
		final String split = split_column == null ? "" : split_column.trim();
		final List<String> names = PlsrWorkflow.parseTargets(targets, data, split);
		final boolean[] calibration = SplitColumn.calibration(data, split);
		final JsonObject info = new JsonObject();
		info.addProperty("source", in.getFileName().toString());
		info.addProperty("split_column", split);
		status.showStatus("Train MBL: building the library" + (split.isEmpty() ? ""
			: " and predicting the test samples"));
		final SpectralDataset local = path(local_input) == null ? null : LocalInput.read(local_input,
			data, note -> log.info("Train MBL: local_input: " + note));
		final MblWorkflow.Result result = MblWorkflow.train(data, chain, names, calibration,
			settings, info, local);
		result.model().withManifestEntries(TrainingInput.entries(in, path(local_input))).save(model
			.toPath());
		final StringBuilder sb = new StringBuilder();
		for (final String line : MblWorkflow.summary(result)) {
			log.info("Train MBL: " + line);
			sb.append(line).append('\n');
		}
		log.info("Train MBL: model " + model);
		summary = sb.toString();
		status.showStatus("Train MBL: done");
	}
}
