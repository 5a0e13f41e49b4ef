package org.spectralcnn.commands;

import ij.IJ;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.LiveLossPlot;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.train.EpochRecord;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingResult;

/**
 * How a training command shows its progress: Fiji's progress bar and status line, one line per
 * epoch (the Log window in the GUI, stderr headless, so that stdout stays for results) and a
 * live loss plot; in the GUI, Esc stops training.
 */
final class TrainingProgress implements TrainingListener {

	private final String command;
	private final LogService log;
	private final StatusService status;
	private final int epochs;
	private final boolean gui = Display.interactive();
	private final LiveLossPlot live;
	private int best;

	/**
	 * @param command the command's label, which starts every line
	 * @param target the file being trained, named in the plot's title
	 */
	TrainingProgress(final String command, final String target, final int epochs,
		final LogService log, final StatusService status)
	{
		this.command = command;
		this.log = log;
		this.status = status;
		this.epochs = epochs;
		live = new LiveLossPlot(command + " loss: " + target);
		if (gui) {
			IJ.resetEscape();
			Display.log(command + ": Esc stops training and keeps the best model so far");
		}
	}

	/** Whether training should stop: the command was cancelled, or Esc was pressed in the GUI. */
	BooleanSupplier stop(final BooleanSupplier canceled) {
		return () -> canceled.getAsBoolean() || gui && IJ.escapePressed();
	}

	/** A progress line that is not an epoch (e.g. a fold of a report). */
	void line(final String text) {
		Display.log(command + ": " + text);
	}

	/**
	 * After a shutdown (SIGTERM, Ctrl-C, Fiji closed) stopped training: keeps the best-so-far
	 * model in {@link #checkpointFile} beside the model file — never over it, so that an earlier
	 * model there stays as it was — says where, and returns the failure that ends the command.
	 */
	CommandFailure interrupted(final TrainingResult result, final Path modelFile)
		throws IOException
	{
		return interrupted(result, modelFile, null);
	}

	/**
	 * As {@link #interrupted(TrainingResult, Path)}, after training ended, while {@code after}
	 * (e.g. "report stopped by the shutdown (…)") was under way; null while training.
	 */
	CommandFailure interrupted(final TrainingResult result, final Path modelFile,
		final String after) throws IOException
	{
		final String text;
		if (result.bestEpoch() == 0) text =
			"interrupted by a shutdown before the first epoch ended; no model was kept";
		else {
			final Path checkpoint = checkpointFile(modelFile);
			result.model().save(checkpoint);
			text = "interrupted by a shutdown " + (after == null ? "after " + result.history().size() +
				" epochs; the best model so far (epoch " + result.bestEpoch() + ")" : "after training, " +
					after + "; the trained model (epoch " + result.bestEpoch() + (hasIntervalScores(result
						.model()) ? "" : ", without interval scores: its intervals are unbounded") + ")") +
				" was saved to " + checkpoint + (Files.exists(modelFile) ? "; " + modelFile
					.getFileName() + " was left as it was" : "");
		}
		// said now: once the command ends, the JVM may halt before the caller prints the failure;
		// in Fiji the Log window may be closing, the console keeps the line
		line(text);
		if (gui) System.err.println(command + ": " + text);
		return new CommandFailure(text); // the invoker puts the label before it
	}

	private static boolean hasIntervalScores(final CnnModel model) {
		final Calibration c = model.calibration();
		if (c == null) return false;
		for (final Calibration.Target t : c.targets())
			if (t.split().size() == 0) return false;
		return true;
	}

	/** How a run's plan names {@link #checkpointFile}, checked with the outputs before training. */
	static final String CHECKPOINT_KEY = "checkpoint (named after the model; the best model goes there if training is interrupted)";

	/**
	 * Where an interrupted run keeps its best model: {@code soil.zip} → {@code soil.interrupted.zip};
	 * null for null.
	 */
	static Path checkpointFile(final Path modelFile) {
		if (modelFile == null || modelFile.getFileName() == null) return null;
		final String name = modelFile.getFileName().toString();
		final int dot = name.toLowerCase(Locale.ROOT).endsWith(".zip") ? name.length() - 4 : name
			.length();
		return modelFile.resolveSibling(name.substring(0, dot) + ".interrupted.zip");
	}

	/** The longest status line that ImageJ's status bar shows whole at its default width. */
	static final int STATUS_MAX = 64;

	/**
	 * The status-bar line of an epoch: the Esc hint first (the bar cuts the end of long text),
	 * then the epoch and the loss early stopping watches (validation, or training without
	 * validation samples), at most {@link #STATUS_MAX} characters.
	 */
	static String statusText(final String command, final EpochRecord r, final boolean gui) {
		// without validation samples early stopping watches the training loss
		final boolean val = !Double.isNaN(r.validationLoss());
		final String text = String.format(Locale.ROOT, "%s%s epoch %d/%d %s %.4f%s", gui
			? "Esc stops. " : "", command, r.epoch(), r.epochs(), val ? "val" : "train", val ? r
				.validationLoss() : r.trainLoss(), r.improved() ? " best" : "");
		return text.length() <= STATUS_MAX ? text : text.substring(0, STATUS_MAX - 1) + "…";
	}

	@Override
	public void message(final String text) {
		log.info(command + ": " + text);
	}

	@Override
	public void iteration(final int epoch, final int iteration, final int perEpoch) {
		status.showProgress((epoch - 1) * perEpoch + iteration, epochs * perEpoch);
	}

	@Override
	public void epoch(final EpochRecord r) {
		if (r.improved()) best = r.epoch();
		final String losses = Double.isNaN(r.validationLoss()) ? String.format(Locale.ROOT,
			"training loss %.4f", r.trainLoss()) : String.format(Locale.ROOT,
				"training loss %.4f, validation loss %.4f", r.trainLoss(), r.validationLoss());
		final String text = String.format(Locale.ROOT, "epoch %d/%d: %s%s (%.1f s)", r.epoch(), r
			.epochs(), losses, r.improved() ? " (best)" : "", r.seconds());
		status.showStatus(statusText(command, r, gui));
		line(text);
		live.add(r.trainLoss(), r.validationLoss(), best);
	}
}
