package org.spectralcnn.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scijava.command.CommandInfo;
import org.spectralcnn.launcher.CommandCatalog;
import org.spectralcnn.launcher.KeyDescriptions;

/**
 * The key tables of docs/user-guide.md, written from the commands' {@code @Parameter}
 * annotations as {@link KeyDescriptions} reads them (the same source as {@code --list}), so that
 * the reference cannot drift from the code. The user guide
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
	static String table(final Class<?> command) {
		final List<String> rows = new ArrayList<>();
		for (final KeyDescriptions.Key k : KeyDescriptions.of(command)) {
			rows.add("| `" + k.name() + "` | " + cell(k.label()) + " | " + defaultOf(k) + " | " +
				allowed(k) + " | " + cell(k.description()) + " |");
		}
		if (rows.isEmpty()) return "This command has no keys.\n";
		return "| key | Fiji dialog | default | allowed | meaning |\n|---|---|---|---|---|\n" + String
			.join("\n", rows) + "\n";
	}

	private static String defaultOf(final KeyDescriptions.Key k) {
		if (k.defaultValue() == null) return k.required() ? "required" : "none";
		return k.defaultValue().isEmpty() ? "empty" : "`" + cell(k.defaultValue()) + "`";
	}

	private static String allowed(final KeyDescriptions.Key k) {
		if (!k.choices().isEmpty()) {
			final List<String> c = new ArrayList<>();
			for (final String choice : k.choices()) c.add("`" + cell(choice) + "`");
			return String.join(", ", c);
		}
		return k.allowed().equals("true, false") ? "`true`, `false`" : k.allowed();
	}

	/** Text safe inside a Markdown table cell. */
	private static String cell(final String s) {
		return s.replace("|", "\\|").replace("\n", " ");
	}
}
