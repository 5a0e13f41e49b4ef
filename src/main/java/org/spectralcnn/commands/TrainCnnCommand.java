package org.spectralcnn.commands;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.CnnReport;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.ReportPlots;
import org.spectralcnn.bridge.ResultsTables;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Evaluation;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.Detrend;
import org.spectralcnn.spectrogram.Scaling;
import org.spectralcnn.spectrogram.StftParameters;
import org.spectralcnn.spectrogram.WindowFunction;
import org.spectralcnn.train.Augmentation;
import org.spectralcnn.train.CnnWorkflow;
import org.spectralcnn.train.ShutdownGuard;
import org.spectralcnn.train.StopReason;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.model.TrainingInput;

/**
 * Trains a 1-D (spectrum) or 2-D (spectrogram) multi-task CNN on spectra with lab values and
 * writes one model file, plus a report on the held-out samples: the test set of the split
 * column, else the validation samples.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Train CNN", weight = 4) }, headless = true,
	description = "Train a 1-D or 2-D multi-task CNN (missing lab values masked) and save it as one model file")
public class TrainCnnCommand extends SpectralCommand {

	@Parameter(label = "Spectra with lab values", style = FileWidget.OPEN_STYLE,
		description = "Table of spectra (CSV/TSV, .gz too) with one numeric column per target; empty cells are missing values")
	private File input;

	@Parameter(label = "Targets", description = "Comma list of the target columns to predict, e.g. Nt,Ciso,CEC")
	private String targets;

	@Parameter(label = "Representation", choices = { "spectrum", "spectrogram" },
		description = "spectrum: 1-D CNN over the preprocessed spectrum; spectrogram: 2-D CNN over its STFT image")
	private String representation = "spectrum";

	@Parameter(label = "Architecture", choices = { Architecture.FAST, Architecture.NG2019,
		Architecture.PADARIAN2019, Architecture.TINY },
		description = "fast (either representation), ng2019 (spectrum), padarian2019 (spectrogram), tiny (tests, demo)")
	private String architecture = Architecture.FAST;

	@Parameter(label = "Preprocessing steps", required = false,
		description = "Chain applied to every spectrum before the network, e.g. sg(11,2,1), snv; empty = none. Steps: " +
			Preprocessing.STEPS)
	private String steps = "";

	@Parameter(label = "STFT window size (points)", min = "2",
		description = "Spectrogram only: points per STFT segment")
	private int window_size = StftParameters.DEFAULT_WINDOW_SIZE;

	@Parameter(label = "STFT hop (points)", min = "1",
		description = "Spectrogram only: points between segment starts")
	private int hop = StftParameters.DEFAULT_HOP;

	@Parameter(label = "STFT window", choices = { "hann", "hamming", "blackman", "rectangular" },
		description = "Spectrogram only: window function")
	private String window = WindowFunction.HANN.key();

	@Parameter(label = "STFT detrend", choices = { "constant", "linear", "none" },
		description = "Spectrogram only: removed from each segment before windowing")
	private String detrend = Detrend.CONSTANT.key();

	@Parameter(label = "STFT scaling", choices = { "log_psd", "psd", "magnitude", "db" },
		description = "Spectrogram only: pixel values")
	private String scaling = Scaling.LOG_PSD.key();

	@Parameter(label = "Split column", required = false,
		description = "Numeric column with 1 = calibration, 0 = test (e.g. train); empty = all samples calibrate")
	private String split_column = "";

	@Parameter(label = "Validation fraction", min = "0", max = "0.9", stepSize = "0.05",
		description = "Share of the calibration samples held out (seeded) for early stopping")
	private double validation_fraction = 0.1;

	@Parameter(label = "Epochs (max)", min = "1", description = "Most epochs to train")
	private int epochs = TrainingSettings.DEFAULT_EPOCHS;

	@Parameter(label = "Batch size", min = "1", description = "Samples per mini-batch")
	private int batch_size = TrainingSettings.DEFAULT_BATCH_SIZE;

	@Parameter(label = "Learning rate (0 = the architecture's)", min = "0", stepSize = "0.0001",
		description = "Adam learning rate; 0 = the architecture's (ng2019 0.0003, the others 0.001)")
	private double learning_rate = 0;

	@Parameter(label = "Early stopping patience (epochs)", min = "1",
		description = "Stop when the validation loss has not improved for this many epochs; the best epoch's weights are kept")
	private int patience = TrainingSettings.DEFAULT_PATIENCE;

	@Parameter(label = "Reduce LR on plateau after (epochs)", min = "0",
		description = "Halve the learning rate after this many epochs without improvement; 0 = never")
	private int lr_patience = 0;

	@Parameter(label = "Random seed", description = "Weights, dropout, batch order and validation split: same seed + same data = same model")
	private int seed = 0;

	@Parameter(label = "Ensemble members", min = "1", max = "20",
		description = "Networks trained with seeds seed, seed+1, … each on another validation fold, saved in one model file that predicts their mean (their SD is a Predict column); 1 = one network")
	private int ensemble = 1;

	@Parameter(label = "Augment: offset", min = "0", max = "10", stepSize = "0.05",
		description = "Adds a random constant per spectrum, within ± this many SDs of the preprocessed training spectra; 0 = off")
	private double augment_offset = 0;

	@Parameter(label = "Augment: slope", min = "0", max = "0.9", stepSize = "0.01",
		description = "Multiplies each spectrum by a random factor within 1 ± this; 0 = off")
	private double augment_slope = 0;

	@Parameter(label = "Augment: shift (points)", min = "0", max = "100", stepSize = "0.5",
		description = "Moves each spectrum along the axis by a random amount within ± this many points; 0 = off")
	private double augment_shift = 0;

	@Parameter(label = "Augment: noise", min = "0", max = "10", stepSize = "0.01",
		description = "Adds Gaussian noise with this many SDs of the preprocessed training spectra; 0 = off")
	private double augment_noise = 0;

	@Parameter(label = "Augment: mixup", min = "0", max = "0.5", stepSize = "0.05",
		description = "Mixes each spectrum and its targets with another sample's, its weight random within 0 … this; 0 = off")
	private double augment_mixup = 0;

	@Parameter(label = "Model file (.zip)", style = FileWidget.SAVE_STYLE,
		description = "Where to save the trained model (replaced only after a complete write)")
	private File model;

	@Parameter(label = "Report folder", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Where to write metrics.csv, predictions.csv, scatter_<target>.png, loss.png and history.csv for the held-out samples")
	private File report;

	/** The training outcome, for callers in Java (tests, benchmarks). */
	private TrainingResult result;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input)).writes("model", path(model)).writes(
			TrainingProgress.CHECKPOINT_KEY, TrainingProgress.checkpointFile(path(model))).writesInto(
				"report", path(report), CnnReport.FILES);
	}

	@Override
	protected void execute() throws Exception {
		final Path in = input.toPath();
		final Path modelFile = model.toPath();
		final List<String> names = TrainingRequest.parseTargets(targets);
		final Representation rep = Representation.parse(representation);
		final Architecture arch = Architecture.preset(architecture, rep);
		final Preprocessing prep = Preprocessing.parse(steps);
		final StftParameters stft = rep == Representation.SPECTROGRAM ? StftParameters.fromKeys(
			window_size, hop, window, detrend, scaling) : null;
		final TrainingSettings settings = new TrainingSettings(epochs, batch_size, arch.learningRate(
			learning_rate), seed, patience, lr_patience, 0.5, 1e-6,
			new Augmentation(augment_offset, augment_slope, augment_shift, augment_noise, augment_mixup));
		final TrainingRequest request = new TrainingRequest(names, null, rep, arch, prep, stft,
			settings);

		status.showStatus("Train CNN: reading " + in.getFileName());
		final SpectralDataset data = SpectraIO.open(in);
		final TrainingProgress progress = new TrainingProgress("Train CNN", modelFile.getFileName()
			.toString(), epochs, log, status);
		final ShutdownGuard shutdown = guardShutdown("Train CNN");
		final CnnWorkflow.Result r = CnnWorkflow.run(data, request, split_column,
			validation_fraction, ensemble, progress, progress.stop(() -> isCanceled() || shutdown.requested()));
		result = r.training();
		if (shutdown.requested()) throw progress.interrupted(result, modelFile);

		status.showStatus("Train CNN: saving " + modelFile.getFileName());
		// the model goes in place last: a report that fails leaves the previous model as it was
		final Evaluation evaluation = r.evaluation();
		try (AtomicFiles.Staged staged = r.model().withManifestEntries(TrainingInput.entries(in))
			.stage(modelFile))
		{
			if (evaluation != null) {
				for (final Evaluation.Target t : evaluation.targets())
					log.info(String.format(Locale.ROOT,
						"Train CNN: %s %s: n=%d RMSE=%.4g R2=%.3f RPD=%.2f RPIQ=%.2f bias=%.3g CCC=%.3f",
						r.heldOut(), t.name(), t.metrics().n(), t.metrics().rmse(), t.metrics().r2(), t
							.metrics().rpd(), t.metrics().rpiq(), t.metrics().bias(), t.metrics().ccc()));
				for (final String line : evaluation.collapsedTargets())
					log.warn("Train CNN: " + r.heldOut() + " " + line);
			}
			if (report != null) {
				CnnReport.write(report.toPath(), r);
				log.info("Train CNN: report written to " + report.toPath());
			}
			staged.commit();
		}
		log.info("Train CNN: model saved to " + modelFile + " (" + result.stopReason() +
			", best epoch " + result.bestEpoch() + ")");
		if (evaluation != null) {
			Display.show(ResultsTables.metrics(evaluation), "Train CNN metrics (" + r.heldOut() + ")");
			for (final Evaluation.Target t : evaluation.targets())
				Display.show(ReportPlots.scatter(t.name(), t.observed(), t.predicted(), t.metrics()));
		}
		status.clearStatus();
		if (result.stopReason() == StopReason.CANCELED && !isCanceled()) cancel(
			"training stopped by the user after " + result.history().size() +
				" epochs; the best model so far was saved to " + modelFile);
	}

	/** The training outcome once the command has run (tests, benchmarks). */
	public TrainingResult result() {
		return result;
	}
}
