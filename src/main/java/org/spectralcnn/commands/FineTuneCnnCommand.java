package org.spectralcnn.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.TransferReport;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.train.ShutdownGuard;
import org.spectralcnn.train.StopReason;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.train.ValidationSplit;
import org.spectralcnn.transfer.FineTuneWorkflow;
import org.spectralcnn.plsr.Mbl;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.transfer.FineTuning;
import org.spectralcnn.transfer.LibraryMethods;
import org.spectralcnn.transfer.ParentLink;
import org.spectralcnn.transfer.TransferComparison;
import org.spectralcnn.model.TrainingInput;

/**
 * Localises a saved (global) CNN with a few local samples: fine-tunes it with its first layers
 * frozen, writes the fine-tuned model (which records its parent), and optionally a three-way
 * report on held-out local samples: Global (the parent as is), Local (the same network trained
 * from scratch on the local calibration samples) and Transfer (fine-tuned on them).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Fine-tune CNN", weight = 10) }, headless = true,
	description = "Transfer learning: fine-tune a saved CNN on a few local samples and compare it with the global and a local-only model")
public class FineTuneCnnCommand extends SpectralCommand {

	@Parameter(label = "Global model (.zip)", style = FileWidget.OPEN_STYLE,
		description = "A CNN model file written by Train CNN (the global model to localise)")
	private File model;

	@Parameter(label = "Local spectra with lab values", style = FileWidget.OPEN_STYLE,
		description = "Local spectra with a numeric column per target; another grid is resampled onto the model's")
	private File input;

	@Parameter(label = "Targets",
		description = "Comma list of local target columns; those the global model predicts keep its heads, others get new heads")
	private String targets;

	@Parameter(label = "Freeze", description = "conv = every convolution and pooling layer; a number = the first that many layers (0 = none)")
	private String freeze = FineTuning.CONV;

	@Parameter(label = "Re-initialise heads",
		description = "Start every output head from new weights instead of the global model's")
	private boolean reset_heads = false;

	@Parameter(label = "Epochs (max)", min = "1", description = "Most fine-tuning epochs")
	private int epochs = FineTuning.DEFAULT_EPOCHS;

	@Parameter(label = "Learning rate (0 = the architecture's)", min = "0", stepSize = "0.00001",
		description = "Adam learning rate for fine-tuning; 0 = the global model's architecture's (ng2019 0.0003, the others 0.001)")
	private double learning_rate = 0;

	@Parameter(label = "Batch size", min = "1", description = "Local samples per mini-batch")
	private int batch_size = FineTuning.DEFAULT_BATCH_SIZE;

	@Parameter(label = "Early stopping patience (epochs)", min = "1",
		description = "Stop when the validation loss has not improved for this many epochs; the best epoch's weights are kept")
	private int patience = FineTuning.DEFAULT_PATIENCE;

	@Parameter(label = "Validation fraction", min = "0", max = "0.9", stepSize = "0.05",
		description = "Share of the local calibration samples held out (seeded) for early stopping; 0 = watch the training loss")
	private double validation_fraction = FineTuning.DEFAULT_VALIDATION_FRACTION;

	@Parameter(label = "Model soup (fine-tunes averaged)", min = "1",
		description = "1 = one fine-tune stopping on the validation fraction; m >= 2 = m fine-tunes, each stopping on one fold of an inner m-fold cross-validation, their weights averaged (validation_fraction unused)")
	private int soup = FineTuning.DEFAULT_SOUP;

	@Parameter(label = "L2-SP strength", min = "0",
		description = "Pull toward the global model's weights after each step, by learning_rate × l2sp × (w − w_global); 0 = off")
	private double l2sp = FineTuning.DEFAULT_L2SP;

	@Parameter(label = "Local network", choices = { FineTuning.LOCAL_NONE, FineTuning.LOCAL_AVERAGED },
		description = "none: the fine-tuned network alone; averaged: the saved model (and the report's Transfer) averages it with a network trained on the local samples alone, as the report's Local (a hedge where the fine-tune is erratic; worse where Local is poor, docs/transfer.md). Applies to one fine-tune (soup=1, ensemble=1)")
	private String local_network = FineTuning.DEFAULT_LOCAL_NETWORK;

	@Parameter(label = "Input scaling", choices = { FineTuning.SCALING_PARENT, FineTuning.SCALING_LOCAL },
		description = "parent: the global model's per-point centring and scaling of the network input; local: re-fitted on the local training spectra after the global model's preprocessing (try it where the local instrument differs from the library's; it helped on large_visnir and hurt on the synthetic demo, docs/transfer.md)")
	private String input_scaling = FineTuning.DEFAULT_INPUT_SCALING;

	@Parameter(label = "Random seed", description = "New heads, dropout, batch order, validation split and folds")
	private int seed = 0;

	@Parameter(label = "Ensemble members", min = "1", max = "20",
		description = "Networks fine-tuned with seeds seed, seed+1, … each from the global model's member of the same number (of its first, for a single global model) and on another validation fold, saved in one model file that predicts their mean; 1 = one network")
	private int ensemble = 1;

	@Parameter(label = "Split column", required = false,
		description = "Numeric column, 1 = calibration, 0 = test; used for the report with 60 or more local samples (else repeated k-fold)")
	private String split_column = "";

	@Parameter(label = "Folds", min = "2", description = "k of the report's repeated k-fold cross-validation over the local samples; without a report and with validation fraction 0, k fine-tunes each without one fold give the model its interval scores")
	private int folds = TransferComparison.DEFAULT_FOLDS;

	@Parameter(label = "Repeats", min = "1", description = "How many times the k-fold runs, each with another shuffle")
	private int repeats = TransferComparison.DEFAULT_REPEATS;

	@Parameter(label = "Global library (for Spiking and MBL)", style = FileWidget.OPEN_STYLE,
		required = false,
		description = "The global spectra with lab values (e.g. those the global model was trained on); the report then adds Spiking and MBL")
	private File library;

	@Parameter(label = "Library preprocessing", required = false,
		description = "Preprocessing of Spiking and MBL (PLS), fitted on the library")
	private String library_steps = LibraryMethods.DEFAULT_STEPS;

	@Parameter(label = "Spike weight", min = "1",
		description = "Spiking: how many times each local calibration sample is added to the library")
	private int spike_weight = PlsrWorkflow.Spiking.DEFAULT_WEIGHT;

	@Parameter(label = "MBL neighbours", min = "5",
		description = "MBL: library spectra per local PLS model")
	private int neighbours = Mbl.Settings.DEFAULT_NEIGHBOURS;

	@Parameter(label = "Fine-tuned model (.zip)", style = FileWidget.SAVE_STYLE,
		description = "Where to save the fine-tuned model (records the global model's name and SHA-256)")
	private File output_model;

	@Parameter(label = "Report folder", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Global vs Local vs Transfer (and Spiking, MBL with a library) on held-out local samples: transfer_table.csv, transfer_rmse.png, transfer_folds.csv, transfer_predictions.csv, transfer_report.md")
	private File report;

	private TrainingResult result;
	private TransferComparison.Result comparison;

	@Override
	protected void plan(final OutputPlan files) {
		if (model != null && output_model != null && model.toPath().toAbsolutePath().normalize()
			.equals(output_model.toPath().toAbsolutePath().normalize()))
			throw new IllegalArgumentException("output_model must differ from model: the fine-tuned model records the global model's file, which must stay as it is");
		files.reads("model", path(model)).reads("input", path(input)).reads("library", path(library))
			.writes("output_model", path(output_model)).writes(TrainingProgress.CHECKPOINT_KEY,
				TrainingProgress.checkpointFile(path(output_model))).writesInto("report", path(report),
					TransferReport.FILES);
	}

	@Override
	protected void execute() throws Exception {
		final Path parentFile = model.toPath(), in = input.toPath(), out = output_model.toPath();
		final List<String> names = TrainingRequest.parseTargets(targets);
		status.showStatus("Fine-tune CNN: loading " + model.getName());
		final CnnModel parent = CnnModel.load(parentFile);
		final TrainingSettings settings = new TrainingSettings(epochs, batch_size, parent
			.architecture().learningRate(learning_rate), seed, patience, 0, 0.5, 1e-6);
		final FineTuning.Options options = new FineTuning.Options(freeze, reset_heads, settings,
			soup, l2sp, chosen("local_network", local_network, FineTuning.LOCAL_NONE,
				FineTuning.LOCAL_AVERAGED), chosen("input_scaling", input_scaling,
					FineTuning.SCALING_PARENT, FineTuning.SCALING_LOCAL));
		final Mbl.Settings mbl = Mbl.Settings.defaults().withNeighbours(neighbours);
		final LibraryMethods.Options libraryOptions = library == null || library.getPath().isEmpty()
			? null : new LibraryMethods.Options(null, library_steps, spike_weight, mbl);
		final TransferComparison.Protocol protocol = new TransferComparison.Protocol(split_column,
			folds, repeats, seed);
		ValidationSplit.split(2, validation_fraction, 0); // checks the range

		final int frozen = FineTuning.frozenCount(options.freeze(), FineTuning.freezableLayers(
			parent.network()));
		final ParentLink link = ParentLink.of(parentFile, parent);
		log.info("Fine-tune CNN: global model " + parent + " (" + link.file() + ", SHA-256 " + link
			.sha256().substring(0, 12) + "…); freezing " + frozen + " layer(s); learning rate " +
			settings.learningRate());
		final SpectralDataset raw = SpectraIO.open(in);
		final TrainingProgress progress = new TrainingProgress("Fine-tune CNN", out.getFileName()
			.toString(), epochs, log, status);
		final ShutdownGuard shutdown = guardShutdown("Fine-tune CNN");
		final BooleanSupplier stop = progress.stop(() -> isCanceled() || shutdown.requested());
		final FineTuneWorkflow.Result run = FineTuneWorkflow.run(parent, link, raw, names, options,
			validation_fraction, protocol, ensemble, progress, stop);
		final SpectralDataset local = run.local();
		result = run.training();
		if (shutdown.requested()) throw progress.interrupted(result, out);
		status.showStatus("Fine-tune CNN: saving " + out.getFileName());
		// the model goes in place after the report: a report that fails leaves the previous model;
		// a model without held-out samples of its own takes its interval scores from the report,
		// or else from fine-tunes on the report's folds
		String stopped = null; // what the user stopped after the fine-tune, if anything
		if (result.stopReason() != StopReason.CANCELED && report != null) {
			final String why = writeReport(parent, link, local, names, options, libraryOptions,
				protocol, progress, stop, in);
			if (why != null) stopped = "report stopped by the user (" + why + ")";
		}
		CnnModel calibrated = result.model();
		if (comparison != null) calibrated = FineTuneWorkflow.calibratedByReport(calibrated,
			comparison);
		else if (result.stopReason() != StopReason.CANCELED && report == null) {
			try {
				calibrated = FineTuneWorkflow.calibratedByFolds(calibrated, parent, link, local, names,
					options, validation_fraction, protocol, foldProgress("intervals", progress), stop);
			}
			catch (final CancellationException e) {
				stopped = "interval scores stopped by the user (" + e.getMessage() +
					"): its intervals are unbounded";
			}
		}
		if (calibrated != result.model()) {
			log.info("Fine-tune CNN: interval scores: " + calibrated.calibration().residuals());
			result = new TrainingResult(calibrated, result.history(), result.bestEpoch(), result
				.bestValidationLoss(), result.stopReason(), result.trainingSamples(), result
					.validationSamples(), result.seconds());
		}
		// a shutdown that cut the report or the interval folds short: the model named stays as it
		// was (a shutdown after they ended lets the complete run save its model with its report)
		if (shutdown.requested() && stopped != null) throw progress.interrupted(result, out, stopped
			.replace("by the user", "by the shutdown"));
		result.model().withManifestEntries(TrainingInput.entries(in)).save(out);
		log.info("Fine-tune CNN: fine-tuned model saved to " + out + " (" + result.stopReason() +
			", best epoch " + result.bestEpoch() + ")");
		status.clearStatus();
		if (isCanceled()) return;
		if (result.stopReason() == StopReason.CANCELED) cancel("fine-tuning stopped by the user after " +
			result.history().size() + " epochs; the best model so far was saved to " + out +
			"; no report");
		else if (stopped != null) cancel(stopped + "; the fine-tuned model was saved to " + out);
	}

	/** Fold lines into the Log ("report: …", "intervals: …"), steps into the status bar. */
	private TransferComparison.Progress foldProgress(final String what,
		final TrainingProgress progress)
	{
		final boolean gui = Display.interactive();
		return new TransferComparison.Progress() {

			@Override
			public void message(final String text) {
				progress.line(what + ": " + text);
			}

			@Override
			public void step(final int step, final int steps, final String text) {
				status.showProgress(step - 1, steps);
				status.showStatus("Fine-tune CNN " + what + ": " + text + " (" + step + "/" + steps + ")" + (gui
					? "; Esc stops" : ""));
			}
		};
	}

	/**
	 * Runs Global vs Local vs Transfer and writes the report folder.
	 *
	 * @return why the user stopped it, or null when the report was written
	 */
	private String writeReport(final CnnModel parent, final ParentLink link,
		final SpectralDataset local, final List<String> names, final FineTuning.Options options,
		final LibraryMethods.Options libraryOptions, final TransferComparison.Protocol protocol,
		final TrainingProgress progress,
		final BooleanSupplier stop, final Path in) throws IOException, org.spectralcnn.io.SpectraFormatException
	{
		final TransferComparison.Progress folds = foldProgress("report", progress);
		LibraryMethods methods = null;
		if (libraryOptions != null) {
			status.showStatus("Fine-tune CNN report: reading the library " + library.getName());
			final SpectralDataset lib = SpectraIO.open(library.toPath());
			methods = LibraryMethods.prepare(new LibraryMethods.Options(lib, libraryOptions.steps(),
				libraryOptions.spikeWeight(), libraryOptions.mbl()), names, text -> progress.line(
					"report: " + text));
		}
		try {
			comparison = TransferComparison.run(parent, link, local, names, options,
				validation_fraction, protocol, methods, folds, stop);
		}
		catch (final CancellationException e) {
			return e.getMessage();
		}
		final Path folder = report.toPath();
		TransferReport.write(folder, comparison, "Transfer learning: " + link.file() + " → " + in
			.getFileName());
		for (final String line : TransferReport.markdown(comparison).split("\n"))
			if (!line.isBlank()) log.info("Fine-tune CNN: " + line);
		log.info("Fine-tune CNN: report written to " + folder);
		if (Display.interactive()) Display.show(TransferReport.chart(comparison, "Transfer learning: " + link
			.file() + " → " + in.getFileName()));
		return null;
	}

	/** Whether a two-way choice key is {@code on} rather than {@code off}. */
	private static boolean chosen(final String key, final String value, final String off,
		final String on)
	{
		final String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
		if (v.equals(on)) return true;
		if (v.equals(off)) return false;
		throw new IllegalArgumentException(key + " must be " + off + " or " + on + ", got '" + value +
			"'");
	}

	/** The fine-tuning outcome once the command has run (tests). */
	public TrainingResult result() {
		return result;
	}

	/** The three-way comparison, when a report was asked for (tests, experiments). */
	public TransferComparison.Result comparison() {
		return comparison;
	}
}
