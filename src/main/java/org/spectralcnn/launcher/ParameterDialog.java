package org.spectralcnn.launcher;

import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;

/**
 * The dialog of a command run from the menu in plain ImageJ 1 (Fiji builds its own from the
 * same {@code @Parameter}s): one field per parameter with its label, file and folder pickers,
 * choice lists, message items as group headings, every description under Help, and the last
 * values used remembered in ImageJ's preferences. The values are recorded under the parameter
 * names, so the macro recorder writes a {@code run(…)} line that replays.
 */
final class ParameterDialog {

	private ParameterDialog() {}

	/** Shows the dialog; the values by parameter name, or null when the user cancels. */
	static Map<String, String> show(final CommandInfo info) {
		final String label = CommandCatalog.label(info);
		final GenericDialog gd = new GenericDialog(label);
		final List<ModuleItem<?>> inputs = CommandInvoker.userInputs(info);
		if (inputs.isEmpty()) return new LinkedHashMap<>(); // nothing to ask (System Check)
		final StringBuilder help = new StringBuilder("<html><h2>" + label + "</h2><p>" + (info
			.getDescription() != null ? info.getDescription() : "") + "</p><table>");
		for (final ModuleItem<?> item : info.inputs()) {
			if (item.getVisibility() == ItemVisibility.MESSAGE) {
				final Object text = item.getDefaultValue();
				if (text != null) gd.addMessage(text.toString());
				continue;
			}
			if (!inputs.contains(item)) continue;
			final String name = item.getName();
			final String fieldLabel = item.getLabel() != null ? item.getLabel() : name;
			final String remembered = Prefs.get(prefKey(info, name), defaultText(item));
			final Class<?> type = item.getType();
			if (type == boolean.class || type == Boolean.class) gd.addCheckbox(fieldLabel, Boolean
				.parseBoolean(remembered));
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
				final String[] choices = item.getChoices().stream().map(Object::toString).toArray(
					String[]::new);
				gd.addChoice(fieldLabel, choices, remembered);
			}
			else if (File.class.isAssignableFrom(type)) {
				if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) gd.addDirectoryField(
					fieldLabel, remembered, 40);
				else gd.addFileField(fieldLabel, remembered, 40);
			}
			else if (Number.class.isAssignableFrom(box(type))) {
				final double value = remembered.isEmpty() ? 0 : Double.parseDouble(remembered);
				final boolean integral = type == int.class || type == long.class || type == Integer.class ||
					type == Long.class;
				gd.addNumericField(fieldLabel, value, integral ? 0 : decimals(value));
			}
			else gd.addStringField(fieldLabel, remembered, 30);
			help.append("<tr><td><b>").append(fieldLabel).append("</b> (<code>").append(name).append(
				"</code>)</td><td>").append(item.getDescription() != null ? item.getDescription() : "")
				.append("</td></tr>");
		}
		gd.addHelp(help.append("</table></html>").toString());
		// the dialog would record its own keys (first words of the labels); ours are the names
		final boolean recording = Recorder.record;
		Recorder.record = false;
		final Map<String, String> values = new LinkedHashMap<>();
		try {
			gd.showDialog();
			if (gd.wasCanceled()) return null;
			for (final ModuleItem<?> item : info.inputs()) {
				if (!inputs.contains(item)) continue;
				final Class<?> type = item.getType();
				final String value;
				if (type == boolean.class || type == Boolean.class) value = Boolean.toString(gd
					.getNextBoolean());
				else if (item.getChoices() != null && !item.getChoices().isEmpty()) value = gd
					.getNextChoice();
				else if (Number.class.isAssignableFrom(box(type))) {
					final double v = gd.getNextNumber();
					value = type == int.class || type == long.class || type == Integer.class ||
						type == Long.class ? Long.toString(Math.round(v)) : Double.toString(v);
				}
				else value = gd.getNextString().trim();
				values.put(item.getName(), value);
			}
		}
		finally {
			Recorder.record = recording;
		}
		for (final Map.Entry<String, String> e : values.entrySet()) {
			Prefs.set(prefKey(info, e.getKey()), e.getValue());
			record(info, e.getKey(), e.getValue());
		}
		return values;
	}

	/** What the macro recorder writes for one value: bare key for a checked box, nothing for an
	 * empty optional value. */
	private static void record(final CommandInfo info, final String name, final String value) {
		final ModuleItem<?> item = info.getInput(name);
		if (item.getType() == boolean.class || item.getType() == Boolean.class) {
			if (Boolean.parseBoolean(value)) Recorder.recordOption(name);
		}
		else if (!value.isEmpty()) Recorder.recordOption(name, value);
	}

	private static String prefKey(final CommandInfo info, final String name) {
		return "spectralcnn." + info.getClassName().substring(info.getClassName().lastIndexOf('.') +
			1) + "." + name;
	}

	private static String defaultText(final ModuleItem<?> item) {
		final Object v = item.getDefaultValue();
		return v == null ? "" : v.toString();
	}

	private static int decimals(final double v) {
		if (v == Math.rint(v)) return 0;
		final String s = Double.toString(Math.abs(v));
		return s.contains("E") ? 6 : Math.min(6, s.length() - s.indexOf('.') - 1);
	}

	private static Class<?> box(final Class<?> type) {
		if (type == int.class) return Integer.class;
		if (type == long.class) return Long.class;
		if (type == double.class) return Double.class;
		if (type == float.class) return Float.class;
		return type;
	}
}
