package org.spectralcnn.launcher;

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
 */
public final class MacroCalls {

	private MacroCalls() {}

	/**
	 * Runs a command with macro options (same keys and syntax as {@code run}); returns "" on
	 * success, else the one-line error.
	 */
	public static String tryRun(final String command, final String options) {
		try {
			final SpectralCnnRuntime runtime = SpectralCnnRuntime.get();
			runtime.invoker().run(runtime.catalog().find(command), CommandArguments
				.parseMacroOptions(options));
			return "";
		}
		catch (final CommandFailure e) {
			return e.getMessage();
		}
	}
}
