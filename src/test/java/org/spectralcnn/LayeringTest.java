package org.spectralcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package plan (docs/development.md, Layout): the core packages compute and return
 * data, and only {@code bridge}, {@code commands} and {@code launcher} know ImageJ, AWT or the
 * SciJava framework; no two packages depend on each other, directly or through others. A scan
 * of the sources' imports and fully qualified names (no ArchUnit: the rule is two lines of
 * regular expressions, and the build gains no dependency).
 */
class LayeringTest {

	private static final Path SOURCES = Paths.get("src/main/java/org/spectralcnn");

	/** Packages that may show things or talk to ImageJ/SciJava; every other package is core. */
	private static final Set<String> UI = Set.of("bridge", "commands", "launcher");

	/** What a core class must not name: ImageJ 1, AWT/Swing, SciJava/ImageJ2 and the UI packages. */
	private static final Pattern FORBIDDEN_IN_CORE = Pattern.compile(
		"\\b(ij\\.[A-Za-z]+|java\\.awt\\b|javax\\.swing\\b|org\\.scijava\\b|net\\.imagej\\b|" +
			"org\\.spectralcnn\\.(bridge|commands|launcher)\\b)");

	private static final Pattern PROJECT_PACKAGE = Pattern.compile(
		"\\borg\\.spectralcnn\\.([a-z0-9_]+)\\.");

	@Test
	void corePackagesNameNoImageJAwtOrUiPackage() throws IOException {
		final List<String> offences = new ArrayList<>();
		for (final Path file : sources()) {
			final String pkg = packageOf(file);
			if (UI.contains(pkg)) continue;
			final String[] lines = code(file).split("\n", -1);
			for (int i = 0; i < lines.length; i++) {
				final Matcher m = FORBIDDEN_IN_CORE.matcher(lines[i]);
				if (m.find()) offences.add(SOURCES.relativize(file) + ":" + (i + 1) + " names " + m
					.group(1));
			}
		}
		assertTrue(offences.isEmpty(), "core packages must not use ImageJ, AWT or the UI packages " +
			"(move the drawing into bridge):\n" + String.join("\n", offences));
	}

	@Test
	void packagesFormNoCycle() throws IOException {
		final Map<String, Set<String>> uses = dependencies();
		assertTrue(uses.keySet().containsAll(List.of("data", "model", "plsr", "bridge", "commands")),
			"the scan found the packages: " + uses.keySet());
		final List<String> cycle = cycle(uses);
		assertTrue(cycle.isEmpty(), "package cycle: " + String.join(" -> ", cycle) +
			"\n(package dependencies: " + uses + ")");
	}

	@Test
	void cycleFinderFindsIndirectCycles() {
		final Map<String, Set<String>> g = new TreeMap<>();
		g.put("a", Set.of("b"));
		g.put("b", Set.of("c"));
		g.put("c", Set.of("a"));
		g.put("d", Set.of("a"));
		assertEquals(List.of("a", "b", "c", "a"), cycle(g));
		g.put("c", Set.of());
		assertEquals(List.of(), cycle(g));
	}

	/** Package → the other project packages its classes name. */
	static Map<String, Set<String>> dependencies() throws IOException {
		final Map<String, Set<String>> uses = new TreeMap<>();
		for (final Path file : sources()) {
			final String pkg = packageOf(file);
			final Set<String> to = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
			final Matcher m = PROJECT_PACKAGE.matcher(code(file));
			while (m.find())
				if (!m.group(1).equals(pkg)) to.add(m.group(1));
		}
		return uses;
	}

	/** One cycle as a path that ends where it starts, or empty (depth-first search). */
	static List<String> cycle(final Map<String, Set<String>> graph) {
		final Set<String> done = new TreeSet<>();
		for (final String start : graph.keySet()) {
			final List<String> path = new ArrayList<>();
			final List<String> found = visit(start, graph, path, done);
			if (!found.isEmpty()) return found;
		}
		return List.of();
	}

	private static List<String> visit(final String node, final Map<String, Set<String>> graph,
		final List<String> path, final Set<String> done)
	{
		final int at = path.indexOf(node);
		if (at >= 0) {
			final List<String> loop = new ArrayList<>(path.subList(at, path.size()));
			loop.add(node);
			return loop;
		}
		if (done.contains(node)) return List.of();
		path.add(node);
		for (final String next : graph.getOrDefault(node, Set.of())) {
			final List<String> found = visit(next, graph, path, done);
			if (!found.isEmpty()) return found;
		}
		path.remove(path.size() - 1);
		done.add(node);
		return List.of();
	}

	private static List<Path> sources() throws IOException {
		assertTrue(Files.isDirectory(SOURCES), "run from the project folder: no " + SOURCES
			.toAbsolutePath());
		try (Stream<Path> s = Files.walk(SOURCES)) {
			return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
		}
	}

	/** The first folder below org/spectralcnn ("" for classes directly in it). */
	private static String packageOf(final Path file) {
		final Path rel = SOURCES.relativize(file);
		return rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
	}

	/**
	 * The file without comments and string literals (blanked, so line numbers stay): javadoc
	 * may mention any class, and a message may name a package.
	 */
	static String code(final Path file) throws IOException {
		final String s = Files.readString(file);
		final StringBuilder out = new StringBuilder(s.length());
		int i = 0;
		while (i < s.length()) {
			final char c = s.charAt(i);
			if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
				final int end = s.indexOf("*/", i + 2);
				i = blank(s, i, end < 0 ? s.length() : end + 2, out);
			}
			else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
				final int end = s.indexOf('\n', i);
				i = blank(s, i, end < 0 ? s.length() : end, out);
			}
			else if (c == '"' || c == '\'') {
				int j = i + 1;
				while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n')
					j += s.charAt(j) == '\\' ? 2 : 1;
				i = blank(s, i, Math.min(j + 1, s.length()), out);
			}
			else {
				out.append(c);
				i++;
			}
		}
		return out.toString();
	}

	private static int blank(final String s, final int from, final int to,
		final StringBuilder out)
	{
		for (int k = from; k < to; k++) out.append(s.charAt(k) == '\n' ? '\n' : ' ');
		return to;
	}
}
