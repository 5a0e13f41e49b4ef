package org.spectralcnn.launcher;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.commands.CommandCanceled;
import org.spectralcnn.commands.CommandFailure;

/**
 * ImageJ 1 plugin that runs a Spectral CNN SciJava command, so that
 * {@code run("Import Spectra", "input=[…] output=[…]")} works in macros outside Fiji — the part of
 * imagej-legacy this project needs, with the same keys (the snake_case parameter names). Its
 * argument is the command's class name; {@link SpectralCnnRuntime#installMacroCommands} puts one
 * entry per command into ImageJ's command table.
 */
public class MacroCommandBridge implements PlugIn {

	@Override
	public void run(final String className) {
		final SpectralCnnRuntime runtime = SpectralCnnRuntime.get();
		final CommandInfo info = runtime.catalog().find(className);
		final String options = Macro.getOptions();
		final boolean inMacro = Interpreter.getInstance() != null;
		if (inMacro) MacroCalls.recordCanceled("");
		// no options: from the menu, or a macro's run("Label") that asks as ImageJ's own commands do
		if (options == null && Display.interactive()) {
			final Map<String, String> values = ParameterDialog.show(info);
			if (values == null && inMacro) canceled(new CommandCanceled(CommandCatalog.label(info) +
				": canceled: Cancel in the dialog"));
			else if (values != null && inMacro) runInMacro(runtime.invoker(), info, values);
			else if (values != null) runFromMenu(runtime, info, values);
			return;
		}
		final Map<String, String> given = CommandArguments.parseMacroOptions(options);
		final Map<String, String> args = new LinkedHashMap<>();
		// ImageJ 1 writes unchecked checkboxes by leaving them out: false unless named
		for (final ModuleItem<?> item : CommandInvoker.userInputs(info)) {
			final String value = given.remove(item.getName());
			if (value != null) args.put(item.getName(), value);
			else if (options != null && (item.getType() == boolean.class || item
				.getType() == Boolean.class)) args.put(item.getName(), "false");
		}
		args.putAll(given); // unknown keys: let the invoker name them
		runInMacro(runtime.invoker(), info, args);
	}

	/**
	 * Runs the command for a macro: a failure ends the macro with its message; a cancel only
	 * ends the command ({@link #canceled}).
	 */
	static void runInMacro(final CommandInvoker invoker, final CommandInfo info,
		final Map<String, String> args)
	{
		try {
			invoker.run(info, args);
		}
		catch (final CommandCanceled e) {
			canceled(e);
		}
		catch (final CommandFailure e) {
			fail(e.getMessage());
		}
	}

	/**
	 * Cancel is the user's decision, not an error: one line in the log, and the macro goes on and
	 * can ask {@link MacroCalls#canceled()} (ImageJ's own dialogs would end the macro instead).
	 */
	static void canceled(final CommandCanceled e) {
		MacroCalls.recordCanceled(e.getMessage());
		IJ.log(e.getMessage());
	}

	/** From the menu there is no macro to stop: failures are shown. */
	private static void runFromMenu(final SpectralCnnRuntime runtime, final CommandInfo info,
		final Map<String, String> values)
	{
		try {
			runtime.invoker().run(info, values);
		}
		catch (final CommandCanceled e) {
			IJ.log(e.getMessage()); // the user's own decision: no error dialog
		}
		catch (final CommandFailure e) {
			IJ.error("Spectral CNN", e.getMessage());
		}
	}

	/** Stops the calling macro with the message (or shows it when run from the menu). */
	private static void fail(final String message) {
		final Interpreter interpreter = Interpreter.getInstance();
		if (interpreter != null) interpreter.abort(message);
		else IJ.error("Spectral CNN", message);
	}
}
