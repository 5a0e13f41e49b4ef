package org.spectralcnn.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.launcher.CommandCatalog;

/**
 * docs/user-guide.md lists every command's keys as the {@code @Parameter} annotations declare
 * them ({@link CommandReference}). When a key changes, regenerate the tables with
 * {@value #REGENERATE}; the prose around them stays as written.
 */
class UserGuideTest {

	static final String REGENERATE =
		"mvn -B -q test -Dtest=UserGuideTest -DwriteUserGuide=true";

	/** Where the regeneration puts the section of a command the guide does not have yet. */
	static final String NEW_COMMANDS = "<!-- new commands: generated sections go above this line -->";

	private static final Path GUIDE = Paths.get("docs/user-guide.md");

	private static final Pattern BLOCK = Pattern.compile("<!-- keys of (.+?): generated .*?-->\n" +
		".*?" + Pattern.quote(CommandReference.END), Pattern.DOTALL);

	@Test
	void keyTablesMatchTheParameterAnnotations() throws Exception {
		assertTrue(Files.isRegularFile(GUIDE), "no " + GUIDE.toAbsolutePath());
		final String text = Files.readString(GUIDE, StandardCharsets.UTF_8);
		final Map<String, String> tables;
		final Context context = new Context(CommandService.class);
		try {
			tables = CommandReference.tables(new CommandCatalog(context).all());
		}
		finally {
			context.dispose();
		}
		assertTrue(tables.size() >= 11, "commands found: " + tables.keySet());

		final List<String> unknown = new ArrayList<>();
		final StringBuilder updated = new StringBuilder();
		final Matcher m = BLOCK.matcher(text);
		int at = 0;
		final List<String> seen = new ArrayList<>();
		while (m.find()) {
			updated.append(text, at, m.start());
			final String table = tables.get(m.group(1));
			if (table == null) unknown.add(m.group(1));
			updated.append(table != null ? table : m.group());
			seen.add(m.group(1));
			at = m.end();
		}
		updated.append(text.substring(at));
		String result = updated.toString();
		final List<String> missing = new ArrayList<>(tables.keySet());
		missing.removeAll(seen);
		if (!missing.isEmpty()) {
			final StringBuilder sections = new StringBuilder();
			for (final String label : missing)
				sections.append("### ").append(label).append("\n\n").append(tables.get(label)).append(
					"\n");
			result = result.replace(NEW_COMMANDS, sections + NEW_COMMANDS);
		}

		if (Boolean.getBoolean("writeUserGuide")) {
			final String content = result;
			if (!result.equals(text)) AtomicFiles.write(GUIDE, out -> out.write(content.getBytes(
				StandardCharsets.UTF_8)));
			assertTrue(unknown.isEmpty(), "the guide has keys of commands that do not exist: " +
				unknown + "; remove those sections from " + GUIDE);
			return;
		}
		assertTrue(unknown.isEmpty(), "the guide has keys of commands that do not exist: " +
			unknown + "; remove those sections from " + GUIDE);
		assertTrue(missing.isEmpty(), GUIDE + " has no key table for " + missing +
			"; add one (and a few lines of prose) with: " + REGENERATE);
		assertEquals(text, result, GUIDE + " disagrees with the @Parameter annotations; " +
			"regenerate its key tables with: " + REGENERATE + " (then review the diff)");
	}

	@Test
	void tableListsKeysDefaultsAndChoices() throws Exception {
		final String t = CommandReference.table(org.spectralcnn.commands.ImportSpectraCommand.class);
		final String[] lines = t.split("\n");
		assertEquals("| key | Fiji dialog | default | allowed | meaning |", lines[0]);
		assertTrue(t.contains("| `input` | Spectra file or folder | required | file or folder |"), t);
		assertTrue(t.contains("| `unit` | Spectral unit | `auto` | `auto`, `nm`, `cm-1`, `keV`, " +
			"`channel` |"), t);
		assertTrue(t.contains("| `plot_samples` | Samples to plot | empty | text |"), t);
		// services (log, status), the context and outputs are not keys
		assertTrue(!t.contains("`log`") && !t.contains("`status`") && !t.contains("`context`"), t);
	}
}
