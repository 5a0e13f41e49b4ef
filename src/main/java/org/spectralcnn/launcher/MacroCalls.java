package org.spectralcnn.launcher;

import org.spectralcnn.commands.CommandCanceled;
import org.spectralcnn.commands.CommandFailure;

/**
 * Functions for ImageJ macros through {@code call(…)}. The macro language has no try/catch: a
 * failing {@code run(…)} ends the macro. Batch macros that must log a bad file and go on use
 * {@link #tryRun} instead:
 *
 * <pre>
 * error = call("org.spectralcnn.launcher.MacroCalls.tryRun", "Predict with Model", options);
 * if (error != "") print("skipped: " + error);
 * </pre>
 *
 * A cancelled command (Cancel in the dialog of {@code run("Train CNN")}, Esc during training) does
 * not end the macro: {@code run} logs one line and returns, and the macro decides:
 *
 * <pre>
 * run("Train CNN", options);
 * reason = call("org.spectralcnn.launcher.MacroCalls.canceled");
 * if (reason != "") exit("stopped: " + reason);
 * </pre>
 */
public final class MacroCalls {

	/** Why the last command run from a macro was cancelled; "" when it was not. */
	private static volatile String canceled = "";

	private MacroCalls() {}

	/**
	 * Why the last Spectral CNN command that a macro ran was cancelled (the logged line, naming
	 * the command); "" when it ran to the end.
	 */
	public static String canceled() {
		return canceled;
	}

	/** Records how the macro's latest command ended: "" done, else the cancel message. */
	static void recordCanceled(final String message) {
		canceled = message;
	}

	/**
	 * Runs a command with macro options (same keys and syntax as {@code run}); returns "" on
	 * success, else the one-line error.
	 */
	public static String tryRun(final String command, final String options) {
		try {
			final SpectralCnnRuntime runtime = SpectralCnnRuntime.get();
			recordCanceled("");
			runtime.invoker().run(runtime.catalog().find(command), CommandArguments
				.parseMacroOptions(options));
			return "";
		}
		catch (final CommandCanceled e) {
			recordCanceled(e.getMessage());
			return e.getMessage();
		}
		catch (final CommandFailure e) {
			return e.getMessage();
		}
	}
}
