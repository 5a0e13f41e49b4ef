package org.spectralcnn.launcher;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;
import org.spectralcnn.commands.CommandCanceled;
import org.spectralcnn.commands.CommandFailure;
import org.spectralcnn.commands.ParameterNumbers;
import org.spectralcnn.train.ShutdownGuard;

/**
 * Runs a command with text arguments keyed by parameter name, the way the launcher, the macro
 * bridge and the demo all do: unknown keys and missing required keys are errors, values are
 * converted to the parameter types, and unset parameters keep the command's defaults (never
 * values remembered from an earlier GUI session), so a batch run means the same every time.
 */
public final class CommandInvoker {

	private final Context context;

	public CommandInvoker(final Context context) {
		this.context = context;
	}

	/** The parameters a user sets (not services, not messages), in declaration order. */
	public static List<ModuleItem<?>> userInputs(final CommandInfo info) {
		final List<ModuleItem<?>> items = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item
				.getType()) || item.getVisibility() == ItemVisibility.MESSAGE) continue;
			items.add(item);
		}
		return items;
	}

	/**
	 * Runs the command and waits for it.
	 *
	 * @return the finished module (outputs readable from it)
	 * @throws CommandFailure with a one-line message naming the command and what went wrong
	 * @throws CommandCanceled when the command was cancelled (its message names the command and
	 *           the reason)
	 */
	public Module run(final CommandInfo info, final Map<String, String> args) {
		final String label = CommandCatalog.label(info);
		final ModuleService modules = context.service(ModuleService.class);
		final ConvertService convert = context.service(ConvertService.class);
		final List<ModuleItem<?>> inputs = userInputs(info);
		final Map<String, ModuleItem<?>> byName = new LinkedHashMap<>();
		for (final ModuleItem<?> item : inputs) byName.put(item.getName(), item);

		for (final String key : args.keySet()) {
			if (!byName.containsKey(key)) throw new CommandFailure(label + ": unknown key '" + key +
				"'; keys: " + String.join(", ", byName.keySet()) + ("true".equals(args.get(key))
					? " (a value that is a list needs brackets: e.g. sample=[S001,S017])" : ""));
		}
		final Module module = modules.createModule(info);
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final ModuleItem<?> item : inputs) {
			final String name = item.getName();
			final String text = args.get(name);
			// an empty file (a dialog's blank field, "key=" in a macro) means none, not the working folder
			if (text == null || text.isEmpty() && File.class.isAssignableFrom(item.getType())) {
				if (item.isRequired() && module.getInput(name) == null) throw new CommandFailure(label +
					": missing key '" + name + "' (" + describe(item) + ")" + spacedKey(args, name));
				module.resolveInput(name); // keep the command's own default
				continue;
			}
			// "out/maps/" for a file to write: a folder was meant, and the slash would vanish from
			// the path (keys whose label says "or folder" take either)
			if (File.class.isAssignableFrom(item.getType()) && FileWidget.SAVE_STYLE.equals(item
				.getWidgetStyle()) && !String.valueOf(item.getLabel()).contains("folder") && (text
					.endsWith("/") || text.endsWith(File.separator)))
				throw new CommandFailure(label + ": " + name + ": '" + text +
					"' ends with a folder separator; give a file name (e.g. " + text + "result" + ")");
			// numbers and yes/no strictly: SciJava's conversion reads "abc", "0,2" and int overflow
			// as 0, and anything but "true" ("1", "yes", a typo) as false
			final Object value = ParameterNumbers.isNumber(item.getType()) ? ParameterNumbers.parse(
				label + ": " + name, text, item.getType()) : isBoolean(item.getType()) ? parseBoolean(
					label + ": " + name, text) : convert.convert(text, item.getType());
			if (value == null) throw new CommandFailure(label + ": " + name + "=" + text +
				" is not a valid " + item.getType().getSimpleName().toLowerCase());
			values.put(name, value);
		}
		// a shutdown (SIGTERM, Ctrl-C) ends a command that guards nothing at once: say so, and
		// what that means for its files (guarded training says itself what it kept)
		final Thread notice = new Thread(() -> {
			if (!ShutdownGuard.anyOpen()) System.err.println(label +
				": stopped by a shutdown before it ended; each file it had written is complete, " +
				"a file it was writing was not put in place");
		}, "spectral-cnn shutdown notice: " + label);
		Runtime.getRuntime().addShutdownHook(notice);
		try {
			modules.run(module, true, values).get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CommandFailure(label + ": interrupted");
		}
		catch (final ExecutionException e) {
			throw new CommandFailure(label + ": " + rootMessage(e), e.getCause());
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(notice);
			}
			catch (final IllegalStateException e) {
				// the shutdown has started: the notice runs
			}
		}
		final Object delegate = module.getDelegateObject();
		if (delegate instanceof Cancelable && ((Cancelable) delegate).isCanceled()) {
			final String reason = ((Cancelable) delegate).getCancelReason();
			throw new CommandCanceled(label + ": canceled: " + (reason != null ? reason
				: "by the user"));
		}
		return module;
	}

	private static String describe(final ModuleItem<?> item) {
		final String d = item.getDescription();
		return d != null && !d.isEmpty() ? d : item.getLabel();
	}

	/** The innermost message, which is the one that names the real problem. */
	static String rootMessage(final Throwable e) {
		Throwable t = e;
		String message = null;
		while (t != null) {
			if (t.getMessage() != null && !(t instanceof ExecutionException)) message = t
				.getMessage();
			if (t instanceof CommandFailure) return t.getMessage();
			t = t.getCause();
		}
		return message != null ? message : e.toString();
	}

	/**
	 * A hint when the key was typed inside another key's value, as the macro syntax separates
	 * keys with spaces where {@code --run} takes commas.
	 */
	private static String spacedKey(final Map<String, String> args, final String name) {
		for (final Map.Entry<String, String> a : args.entrySet())
			if (a.getValue() != null && a.getValue().contains(" " + name + "=")) return "; '" + name +
				"=' is inside the value of '" + a.getKey() + "': separate keys with commas " +
				"(\"input=a.csv,output=b.tif\"; spaces separate them in run() of a macro)";
		return "";
	}

	private static boolean isBoolean(final Class<?> type) {
		return type == boolean.class || type == Boolean.class;
	}

	/** {@code true} or {@code false} (any case); a checkbox in a macro is its bare name. */
	private static Boolean parseBoolean(final String key, final String text) {
		final String t = text.trim();
		if (t.equalsIgnoreCase("true")) return Boolean.TRUE;
		if (t.equalsIgnoreCase("false")) return Boolean.FALSE;
		throw new CommandFailure(key + ": expected true or false, got '" + text + "'");
	}
}
