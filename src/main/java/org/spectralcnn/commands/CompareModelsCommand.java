package org.spectralcnn.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.ComparisonReport;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.io.FileDigest;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;
import org.spectralcnn.plsr.ModelComparison;
import org.spectralcnn.model.TrainingInput;

/**
 * Compare Models: CNN, PLSR and MBL models (any model files) on the same test samples, per target,
 * with the RMSE change relative to the PLSR baseline. Writes {@code comparison.csv},
 * {@code comparison_predictions.csv} and {@code comparison.png} to the output folder.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Compare Models", weight = 8) }, headless = true,
	description = "CNN, PLSR and MBL models on the same test samples: RMSE, R², RPD per target and the RMSE change against PLSR")
public class CompareModelsCommand extends SpectralCommand {

	@Parameter(label = "Model files", description = "comma list of model files (.zip): CNN, PLSR or MBL")
	private String models;

	@Parameter(label = "Input spectra", style = FileWidget.OPEN_STYLE,
		description = "spectra with the observed target columns")
	private File input;

	@Parameter(label = "Split column", required = false,
		description = "numeric column, 0 = test sample (compared), 1 = calibration; empty: compare on all samples")
	private String split_column = "";

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "folder for comparison.csv, comparison_predictions.csv and comparison.png")
	private File output;

	@Parameter(type = ItemIO.OUTPUT, label = "Comparison")
	private String summary;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input));
		for (final String token : models == null ? new String[0] : models.split(","))
			if (!token.isBlank()) files.reads("models", Paths.get(token.trim()));
		files.writesInto("output", path(output), ComparisonReport.FILES);
	}

	@Override
	protected void execute() throws Exception {
		if (input == null) throw new CommandFailure("input: no spectra file given");
		if (output == null) throw new CommandFailure("output: no output folder given");
		final List<SpectralModel> loaded = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		final Set<String> seen = new HashSet<>();
		for (final String token : models == null ? new String[0] : models.split(",")) {
			final String name = token.trim();
			if (name.isEmpty()) continue;
			final Path file = Paths.get(name);
			status.showStatus("Compare Models: loading " + file.getFileName());
			loaded.add(Models.load(file));
			String label = file.getFileName().toString();
			for (int k = 2; !seen.add(label); k++) label = file.getFileName() + " (" + k + ")";
			labels.add(label);
		}
		if (loaded.isEmpty()) throw new CommandFailure("models: name at least one model file");
		final SpectralDataset data = SpectraIO.open(input.toPath());
		final String split = split_column == null ? "" : split_column.trim();
		final boolean[] test = new boolean[data.size()];
		final boolean[] calibration = SplitColumn.calibration(data, split);
		for (int i = 0; i < test.length; i++) test[i] = split.isEmpty() || !calibration[i];
		// on all samples of a file a model was trained on, that model's figures are not a test
		final String sha = split.isEmpty() && Files.isRegularFile(input.toPath()) ? FileDigest.sha256(
			input.toPath()) : null;
		if (sha != null) for (int k = 0; k < loaded.size(); k++)
			if (TrainingInput.trainedOn(loaded.get(k), sha)) log.warn("Compare Models: " + labels.get(
				k) + ": " + TrainingInput.warning(input.toPath()) + "; or give split_column");
		final ModelComparison.Result result = ModelComparison.compare(loaded, labels, data, test,
			note -> log.info("Compare Models: " + note));
		ComparisonReport.write(output.toPath(), result, data);
		final StringBuilder sb = new StringBuilder();
		for (final String line : ModelComparison.summary(result)) {
			log.info("Compare Models: " + line);
			sb.append(line).append('\n');
		}
		log.info("Compare Models: report in " + output);
		summary = sb.toString();
		if (Display.interactive()) Display.show(ComparisonReport.barChart(result));
	}
}
