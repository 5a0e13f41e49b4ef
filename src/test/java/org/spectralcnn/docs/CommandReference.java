package org.spectralcnn.docs;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.CommandInfo;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;
import org.spectralcnn.launcher.CommandCatalog;

/**
 * The key tables of docs/user-guide.md, written from the commands' {@code @Parameter}
 * annotations (snake_case field name = macro and launcher key; label = Fiji's dialog; default =
 * the field's initial value), so that the reference cannot drift from the code. The user guide
 * holds each table between two markers; {@link UserGuideTest} compares them and, with
 * {@code -DwriteUserGuide=true}, rewrites them.
 */
final class CommandReference {

	static final String BEGIN = "<!-- keys of %s: generated from @Parameter by UserGuideTest; do not edit -->";

	static final String END = "<!-- end of keys -->";

	private CommandReference() {}

	/** Menu label → its key table (with markers), in menu order. */
	static Map<String, String> tables(final List<CommandInfo> commands) throws Exception {
		final Map<String, String> out = new LinkedHashMap<>();
		for (final CommandInfo info : commands) {
			final String label = CommandCatalog.label(info);
			out.put(label, String.format(BEGIN, label) + "\n" + table(Class.forName(info
				.getClassName())) + END);
		}
		return out;
	}

	/** The Markdown table of one command's input keys. */
	static String table(final Class<?> command) throws Exception {
		final Object instance = command.getDeclaredConstructor().newInstance();
		final List<String> rows = new ArrayList<>();
		for (final Field f : fields(command)) {
			final Parameter p = f.getAnnotation(Parameter.class);
			if (p == null || p.type() == ItemIO.OUTPUT || Service.class.isAssignableFrom(f
				.getType()) || Context.class.isAssignableFrom(f.getType()) || Modifier.isStatic(f
					.getModifiers())) continue;
			f.setAccessible(true);
			rows.add("| `" + f.getName() + "` | " + cell(p.label()) + " | " + defaultOf(p, f.get(
				instance)) + " | " + allowed(p, f) + " | " + cell(p.description()) + " |");
		}
		if (rows.isEmpty()) return "This command has no keys.\n";
		return "| key | Fiji dialog | default | allowed | meaning |\n|---|---|---|---|---|\n" + String
			.join("\n", rows) + "\n";
	}

	/** Fields of the class and its superclasses, superclass fields first, in declaration order. */
	private static List<Field> fields(final Class<?> c) {
		final List<Field> out = new ArrayList<>();
		if (c.getSuperclass() != null) out.addAll(fields(c.getSuperclass()));
		for (final Field f : c.getDeclaredFields()) out.add(f);
		return out;
	}

	private static String defaultOf(final Parameter p, final Object value) {
		if (value == null) return p.required() ? "required" : "none";
		if (value instanceof String s) return s.isEmpty() ? "empty" : "`" + cell(s) + "`";
		if (value instanceof Double d) return "`" + trim(d) + "`";
		return "`" + cell(String.valueOf(value)) + "`";
	}

	private static String allowed(final Parameter p, final Field f) {
		if (p.choices().length > 0) {
			final List<String> c = new ArrayList<>();
			for (final String choice : p.choices()) c.add("`" + cell(choice) + "`");
			return String.join(", ", c);
		}
		if (f.getType() == File.class) {
			switch (p.style()) {
				case FileWidget.DIRECTORY_STYLE:
					return "folder";
				case FileWidget.FILE_AND_DIRECTORY_STYLE:
					return "file or folder";
				case FileWidget.SAVE_STYLE:
					return "file to write";
				default:
					return "file";
			}
		}
		if (f.getType() == boolean.class || f.getType() == Boolean.class) return "`true`, `false`";
		final String kind = f.getType() == int.class || f.getType() == long.class ? "integer"
			: f.getType() == double.class || f.getType() == float.class ? "number" : "text";
		if (!p.min().isEmpty() && !p.max().isEmpty()) return kind + " " + p.min() + " … " + p.max();
		if (!p.min().isEmpty()) return kind + " ≥ " + p.min();
		if (!p.max().isEmpty()) return kind + " ≤ " + p.max();
		return kind;
	}

	private static String trim(final double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(
			Locale.ROOT, "%s", d);
	}

	/** Text safe inside a Markdown table cell. */
	private static String cell(final String s) {
		return s.replace("|", "\\|").replace("\n", " ");
	}
}
