package org.spectralcnn.launcher;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import java.awt.HeadlessException;

/**
 * Runs an ImageJ 1 macro without a display and turns how it ended into an exit code and at
 * most one line on stderr:
 * <ul>
 * <li>{@code exit;} and {@code exit("message")} end the macro normally (exit code 0); ImageJ
 * ends them by throwing "Macro canceled", which is not a failure.</li>
 * <li>Calls that open a dialog ({@code waitForUser}, {@code getString}, {@code getNumber},
 * {@code Dialog.show}, file choosers) fail with the macro line and why, not a stack trace of
 * {@code HeadlessException}; so does a directory chooser, which headless cancels the macro as
 * if the user had pressed Cancel.</li>
 * <li>An ImageJ error such as {@code open()} of a missing file, which ImageJ only prints when
 * headless, stops the macro there and fails the run.</li>
 * </ul>
 * The macro runs on a thread whose name ends in {@code Macro$}, as ImageJ's own macro runner
 * names its threads: only on such a thread does ImageJ's {@code Macro.abort()} (called by
 * {@code IJ.error}) stop the macro instead of letting it go on with the failed step's result.
 */
final class HeadlessMacro {

	private final String name;
	private final String code;
	private final String argument;
	private final Interpreter interpreter = new Interpreter();
	/** The failure line, or null when the macro ended normally. */
	private String failure;
	/** What the macro's thread threw that is not the macro's fault: rethrown to the launcher. */
	private Throwable bug;

	/**
	 * @param name the macro file's name, which starts every message
	 */
	HeadlessMacro(final String name, final String code, final String argument) {
		this.name = name;
		this.code = code;
		this.argument = argument;
	}

	/**
	 * Runs the macro to its end.
	 *
	 * @return null when it ended normally, else the one-line reason it failed
	 */
	String run() {
		Interpreter.batchMode = true;
		IJ.getErrorMessage(); // clears an error left from before
		final Thread thread = new Thread(this::interpret, name + "_Macro$");
		thread.start();
		try {
			thread.join();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return name + ": interrupted";
		}
		if (bug instanceof RuntimeException) throw (RuntimeException) bug;
		if (bug instanceof Error) throw (Error) bug;
		return failure;
	}

	private void interpret() {
		RuntimeException thrown = null;
		try {
			interpreter.run(code, argument);
		}
		catch (final RuntimeException e) {
			thrown = e;
		}
		catch (final Error e) {
			bug = e;
			return;
		}
		// set by IJ.error, which aborts the macro; read once, reading clears it
		final String error = IJ.getErrorMessage();
		if (interpreter.wasError()) failure = name + ": " + interpreter.getErrorMessage();
		else if (error != null) failure = at() + error.replaceAll("\\s*\\n\\s*", " ").trim();
		else if (thrown != null) {
			final boolean canceled = Macro.MACRO_CANCELED.equals(thrown.getMessage());
			if (canceled && byExit(thrown)) return; // exit; or exit("message"): a normal end
			// a cancel without exit: a directory chooser that found no display
			if (canceled || needsDisplay(thrown)) failure = at() + statement() +
				" needs a display (it opens a dialog or window), and this macro runs headless; pass the value as the macro's argument (getArgument()) or run the macro in Fiji";
			else bug = thrown;
		}
	}

	/** "name line N: " for the statement the interpreter was at. */
	private String at() {
		final int line = interpreter.getLineNumber();
		return name + (line > 0 ? " line " + line : "") + ": ";
	}

	/** The text of the current macro line, shortened. */
	private String statement() {
		final int line = interpreter.getLineNumber();
		final String[] lines = code.split("\n", -1);
		if (line < 1 || line > lines.length) return "this call";
		final String text = lines[line - 1].trim();
		return text.length() > 80 ? text.substring(0, 77) + "..." : text;
	}

	/** Whether the macro's own {@code exit} ended it (ImageJ throws the same "canceled" then). */
	private static boolean byExit(final RuntimeException e) {
		for (final StackTraceElement frame : e.getStackTrace())
			if (frame.getClassName().equals("ij.macro.Functions")) return frame.getMethodName()
				.equals("exit");
		return false;
	}

	/**
	 * Whether ImageJ failed for want of a display: AWT's {@link HeadlessException}, or
	 * ij1-patcher's refusal of a dialog that a macro's options cannot fill.
	 */
	private static boolean needsDisplay(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof HeadlessException) return true;
			if (t.getMessage() != null && t.getMessage().contains("headless dialog")) return true;
		}
		return false;
	}
}
