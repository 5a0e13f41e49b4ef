package org.spectralcnn.commands;

/**
 * The command was cancelled (Cancel in its dialog, Esc during training) rather than failed. The
 * headless launcher still exits with 1; inside a macro the command stops and the macro goes on,
 * and can ask {@code MacroCalls.canceled} what happened.
 */
public class CommandCanceled extends CommandFailure {

	private static final long serialVersionUID = 1L;

	public CommandCanceled(final String message) {
		super(message);
	}
}
