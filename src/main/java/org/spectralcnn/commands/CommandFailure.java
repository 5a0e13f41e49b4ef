package org.spectralcnn.commands;

/**
 * A command could not do its job for a reason the user can act on (bad file, bad parameter).
 * The message is one line meant for the user; launchers print it without a stack trace.
 */
public class CommandFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CommandFailure(final String message) {
		super(message);
	}

	public CommandFailure(final String message, final Throwable cause) {
		super(message, cause);
	}
}
