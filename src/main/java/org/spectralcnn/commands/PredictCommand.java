package org.spectralcnn.commands;

import ij.measure.ResultsTable;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.io.SpectraWriter;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;

/**
 * Predicts soil properties of new spectra with a saved model (CNN or PLSR): the model's own
 * preprocessing and STFT are applied; spectra on another grid that spans the model's range are
 * resampled (with a note in the log).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Predict with CNN", weight = 5) },
	headless = true, description = "Predict soil properties of spectra with a saved model (CNN or PLSR)")
public class PredictCommand extends SpectralCommand {

	@Parameter(label = "Model file (.zip)", style = FileWidget.OPEN_STYLE,
		description = "A model saved by Train CNN (or a PLSR model)")
	private File model;

	@Parameter(label = "Spectra", style = FileWidget.OPEN_STYLE,
		description = "Spectra to predict (any format Import Spectra reads)")
	private File input;

	@Parameter(label = "Predictions (CSV)", style = FileWidget.SAVE_STYLE,
		description = "Where to write id + one column per target")
	private File output;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("model", path(model)).reads("input", path(input)).writes("output", path(output));
	}

	@Override
	protected void execute() throws Exception {
		final Path out = output.toPath();
		status.showStatus("Predict with CNN: loading " + model.getName());
		final SpectralModel m = Models.load(model.toPath());
		log.info("Predict with CNN: " + m);
		final SpectralDataset raw = SpectraIO.open(input.toPath());
		final SpectralDataset data = InputGrid.conform(raw, m.inputAxis(), note -> log.info(
			"Predict with CNN: " + note));
		status.showStatus("Predict with CNN: " + data.size() + " spectra");
		final double[][] p = m.predict(data);
		final List<String> targets = m.targets();
		final Map<String, double[]> columns = new LinkedHashMap<>();
		for (int t = 0; t < targets.size(); t++) {
			final double[] c = new double[p.length];
			for (int i = 0; i < p.length; i++) c[i] = p[i][t];
			columns.put(targets.get(t), c);
		}
		SpectraWriter.writeColumns(out, raw.idColumn(), raw.ids(), columns);
		log.info("Predict with CNN: " + p.length + " predictions of " + String.join(", ",
			targets) + " written to " + out);
		if (Display.interactive()) {
			final ResultsTable table = new ResultsTable();
			for (int i = 0; i < p.length; i++) {
				table.incrementCounter();
				table.addValue(raw.idColumn(), raw.id(i));
				for (int t = 0; t < targets.size(); t++) table.addValue(targets.get(t), p[i][t]);
			}
			Display.show(table, "Predictions " + input.getName());
		}
		status.clearStatus();
	}
}
