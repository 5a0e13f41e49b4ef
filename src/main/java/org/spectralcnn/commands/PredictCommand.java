package org.spectralcnn.commands;

import ij.measure.ResultsTable;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Evaluation;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.io.SpectraWriter;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;

/**
 * Predicts soil properties of new spectra with a saved model (CNN, PLSR or MBL): the model's own
 * preprocessing and STFT are applied; spectra on another grid that spans the model's range are
 * resampled (with a note in the log).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Predict with Model", weight = 5) },
	headless = true, description = "Predict soil properties of spectra with a saved model (CNN, PLSR or MBL)")
public class PredictCommand extends SpectralCommand {

	/** Suffix of an ensemble's column: the SD of its members' predictions. */
	public static final String MEMBER_SD = "_member_sd";

	@Parameter(label = "Model file (.zip)", style = FileWidget.OPEN_STYLE,
		description = "A model saved by Train CNN, Fine-tune CNN, Train PLSR or Train MBL")
	private File model;

	@Parameter(label = "Spectra", style = FileWidget.OPEN_STYLE,
		description = "Spectra to predict (any format Import Spectra reads)")
	private File input;

	@Parameter(label = "Predictions (CSV)", style = FileWidget.SAVE_STYLE,
		description = "Where to write id, per target the prediction and <target>_lower, <target>_upper (an ensemble also <target>_member_sd), then t2, q, out_of_domain")
	private File output;

	@Parameter(label = "Interval confidence", min = "0.5", max = "0.999", stepSize = "0.05",
		description = "Share of new samples whose true value the interval should hold (split conformal / MC-CP)")
	private double confidence = 0.9;

	@Parameter(label = "Monte Carlo dropout passes", min = "0",
		description = "CNN with dropout: passes for MC conformal intervals (0 = split conformal, else at least 2)")
	private int mc_passes = McDropout.DEFAULT_PASSES;

	@Parameter(label = "Random seed", description = "Dropout masks of the passes: same seed, same intervals")
	private int seed = 0;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("model", path(model)).reads("input", path(input)).writes("output", path(output));
	}

	@Override
	protected void execute() throws Exception {
		McDropout.checkPasses(mc_passes);
		final Path out = output.toPath();
		status.showStatus("Predict with Model: loading " + model.getName());
		final SpectralModel m = Models.load(model.toPath());
		log.info("Predict with Model: " + m);
		if (m instanceof org.spectralcnn.model.CnnModel cnn && cnn.memberCount() > 1) log.info(
			"Predict with Model: the mean of " + cnn.memberCount() +
				" members; <target>" + MEMBER_SD + " is their SD (a spread, not an interval)");
		final SpectralDataset raw = SpectraIO.open(input.toPath());
		final SpectralDataset data = InputGrid.conform(raw, m.inputAxis(), note -> log.info(
			"Predict with Model: " + note));
		status.showStatus("Predict with Model: " + data.size() + " spectra");
		final TrustedPredictions tp = predict(m, data, confidence, mc_passes, seed, "Predict with Model",
			log);
		final double[][] p = tp.prediction();
		final List<String> targets = m.targets();
		final Map<String, double[]> columns = new LinkedHashMap<>();
		for (int t = 0; t < targets.size(); t++) {
			columns.put(targets.get(t), column(p, t));
			if (tp.hasIntervals()) {
				columns.put(targets.get(t) + "_lower", column(tp.lower(), t));
				columns.put(targets.get(t) + "_upper", column(tp.upper(), t));
			}
			if (tp.hasMemberSd()) columns.put(targets.get(t) + MEMBER_SD, column(tp.memberSd(), t));
		}
		if (tp.hasDomain()) {
			columns.put("t2", tp.t2());
			columns.put("q", tp.q());
			final double[] flag = new double[p.length];
			for (int i = 0; i < flag.length; i++) flag[i] = tp.outOfDomain()[i] ? 1 : 0;
			columns.put("out_of_domain", flag);
		}
		SpectraWriter.writeColumns(out, raw.idColumn(), raw.ids(), columns);
		log.info("Predict with Model: " + p.length + " predictions of " + String.join(", ",
			targets) + " written to " + out);
		for (int t = 0; t < targets.size(); t++) {
			final String line = Evaluation.oneValue(targets.get(t), column(p, t));
			if (line != null) log.warn("Predict with Model: " + line);
		}
		if (Display.interactive()) {
			final ResultsTable table = new ResultsTable();
			for (int i = 0; i < p.length; i++) {
				table.incrementCounter();
				table.addValue(raw.idColumn(), raw.id(i));
				for (final Map.Entry<String, double[]> c : columns.entrySet())
					table.addValue(c.getKey(), c.getValue()[i]);
			}
			Display.show(table, "Predictions " + input.getName());
		}
		status.clearStatus();
	}

	/** Why a model gives no intervals, for the log (Predict, Evaluate, Predict Image). */
	static String noCalibration(final SpectralModel m) {
		return "the " + m.kind().toUpperCase(Locale.ROOT) +
			" model file has no calibration (written before prediction intervals existed; train it again to get them)";
	}

	/**
	 * Predicts with intervals and flags and says in the log how (or why there are none): shared
	 * by Predict and Evaluate.
	 */
	static TrustedPredictions predict(final SpectralModel m, final SpectralDataset data,
		final double confidence, final int mcPasses, final long seed, final String command,
		final org.scijava.log.LogService log)
	{
		final TrustedPredictions tp = Intervals.predict(m, data, confidence, mcPasses, seed);
		final Calibration cal = m.calibration();
		if (cal == null) log.warn(command + ": " + noCalibration(m) +
			": no intervals and no out-of-domain flag");
		else {
			log.info(String.format(Locale.ROOT, "%s: %.0f %% intervals by %s (%s%s)", command,
				confidence * 100, Intervals.MC_CP.equals(tp.method()) ? "Monte Carlo conformal prediction, " +
					mcPasses + " dropout passes, seed " + seed : "split conformal prediction", cal
						.residuals(), Intervals.MC_CP.equals(tp.method()) && mcPasses != cal.mcPasses()
							? "; calibrated with " + cal.mcPasses() + " passes" : ""));
			for (final Calibration.Target ct : cal.targets())
				if (Double.isInfinite(ct.split().quantile(confidence))) log.warn(command + ": target " + ct
					.name() + ": only " + ct.split().size() + " calibration residuals, too few for " +
					confidence + " intervals (needs at least " + (int) Math.ceil(confidence / (1 -
						confidence)) + "); its intervals are unbounded");
			if (tp.hasDomain()) log.info(String.format(Locale.ROOT,
				"%s: %d of %d spectra out of the calibration domain (T² > %.4g or Q > %.4g)", command, tp
					.flagged(), data.size(), cal.domain().t2Limit(), cal.domain().qLimit()));
		}
		return tp;
	}

	private static double[] column(final double[][] v, final int t) {
		final double[] c = new double[v.length];
		for (int i = 0; i < v.length; i++) c[i] = v[i][t];
		return c;
	}
}
