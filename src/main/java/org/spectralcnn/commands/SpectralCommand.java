package org.spectralcnn.commands;

import ij.IJ;
import ij.Macro;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.io.FileProblems;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.train.ShutdownGuard;

/**
 * Base of the Spectral CNN commands: thin SciJava shells over the plain-Java core. Subclasses
 * implement {@link #execute()}; any exception it throws reaches the caller (launcher, macro,
 * Fiji) as one {@link CommandFailure} whose message says what went wrong, so bad input never
 * fails silently.
 */
public abstract class SpectralCommand extends ContextCommand {

	/**
	 * The submenu of Plugins that holds every command; each command's menu weight is its place in
	 * the pipeline (import, preprocess, spectrograms, train, predict, evaluate, PLSR, compare,
	 * feature maps, fine-tune, system check), so that the menu reads in the order of the work.
	 */
	public static final String SUBMENU = "Spectral CNN";

	@Parameter
	protected LogService log;

	@Parameter
	protected StatusService status;

	/** Open from {@link #guardShutdown(String)} until the command ends. */
	private ShutdownGuard shutdown;

	@Override
	public final void run() {
		try {
			checkMacroNumbers();
			final OutputPlan files = new OutputPlan();
			plan(files);
			files.check();
			execute();
		}
		catch (final CommandFailure e) {
			throw tell(e);
		}
		catch (final Exception e) {
			throw tell(new CommandFailure(FileProblems.message(e), e));
		}
		finally {
			if (shutdown != null) shutdown.close();
		}
	}

	/**
	 * Declares the files and folders the command reads and writes, with every name it writes
	 * into a folder; {@link OutputPlan#check()} runs on them before {@link #execute()}, so that a
	 * bad output fails before any work and no output overwrites an input.
	 */
	protected void plan(final OutputPlan files) {}

	/** The path of a file parameter; null when not given (an empty field means none). */
	protected static Path path(final File file) {
		return file == null || file.getPath().isEmpty() ? null : file.toPath();
	}

	/**
	 * In Fiji's own macro path imagej-legacy converts the macro text to int/double before the
	 * command runs, "abc" to 0; where the macro options are still at hand (the macro's thread),
	 * the number keys are read again here, strictly, so that the typed text reaches the message.
	 */
	private void checkMacroNumbers() {
		final String options = Macro.getOptions();
		if (options == null) return;
		for (Class<?> c = getClass(); c != null && c != SpectralCommand.class; c = c
			.getSuperclass())
		{
			for (final Field f : c.getDeclaredFields()) {
				if (f.getAnnotation(Parameter.class) == null || !ParameterNumbers.isNumber(f
					.getType())) continue;
				final String text = Macro.getValue(options, f.getName(), null);
				if (text != null) ParameterNumbers.parse(f.getName(), text, f.getType());
			}
		}
	}

	/**
	 * From now until the command ends, a JVM shutdown (SIGTERM, Ctrl-C, Fiji closed) waits for it
	 * instead of tearing down ND4J's native code under a running training step; training polls
	 * the returned guard to stop early and keep its best-so-far model.
	 */
	protected final ShutdownGuard guardShutdown(final String label) {
		if (shutdown == null) shutdown = ShutdownGuard.open(label);
		return shutdown;
	}

	/** In the GUI (not in a macro) the user sees the failure in a dialog, not only in a log. */
	private static CommandFailure tell(final CommandFailure failure) {
		if (Display.interactive() && !IJ.isMacro()) IJ.error("Spectral CNN", failure.getMessage());
		return failure;
	}

	/** Does the command's work; inputs are set and validated by the caller's conversions. */
	protected abstract void execute() throws Exception;
}
