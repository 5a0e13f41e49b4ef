package org.spectralcnn.commands;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * Base of the Spectral CNN commands: thin SciJava shells over the plain-Java core. Subclasses
 * implement {@link #execute()}; any exception it throws reaches the caller (launcher, macro,
 * Fiji) as one {@link CommandFailure} whose message says what went wrong, so bad input never
 * fails silently.
 */
public abstract class SpectralCommand extends ContextCommand {

	/** Root of every Spectral CNN menu path. */
	public static final String MENU = "Plugins>Spectral CNN>";

	@Parameter
	protected LogService log;

	@Parameter
	protected StatusService status;

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (final CommandFailure e) {
			throw e;
		}
		catch (final Exception e) {
			final String message = e.getMessage() != null ? e.getMessage() : e.toString();
			throw new CommandFailure(message, e);
		}
	}

	/** Does the command's work; inputs are set and validated by the caller's conversions. */
	protected abstract void execute() throws Exception;
}
