package org.spectralcnn.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Which jars the plugin adds to a Fiji installation, and whether one of them duplicates an
 * artifact Fiji ships (same groupId:artifactId, other version). Two jars of one artifact in
 * {@code Fiji.app/jars} both land on the class path, and which one a class comes from then
 * depends on the order of the files: whoever loses breaks with {@code NoSuchMethodError}.
 * <p>
 * Fiji ships the versions pom-scijava manages (Fiji's own build takes them from there); so the
 * versions Fiji has are pom-scijava's own, read from its POM before this project overrides any
 * of them (as it does JavaCPP and OpenBLAS for ND4J). Inputs are written by the build
 * ({@code plugin.xml}, executions {@code fiji-check-*}); the check is {@link FijiDependencyCheckTest}.
 */
final class FijiJars {

	private FijiJars() {}

	/** A jar as Maven resolves it; {@code classifier} is empty for the main jar. */
	record Artifact(String group, String artifact, String classifier, String version) {

		String key() {
			return group + ":" + artifact;
		}

		String fileName() {
			return artifact + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar";
		}

		@Override
		public String toString() {
			return key() + (classifier.isEmpty() ? "" : ":" + classifier) + ":" + version;
		}
	}

	/** An allow-list entry: this artifact at this version may differ from Fiji's, because... */
	record Allowed(String key, String version, String reason) {}

	enum Status {
		/** Fiji ships this very version: the plugin relies on Fiji's jar and adds nothing. */
		FIJI_HAS_IT,
		/** The plugin adds this jar; Fiji has no other version of it. */
		ADDED,
		/** The plugin adds this jar although Fiji ships another version; the allow-list says why. */
		ALLOWED,
		/** The plugin would add a second version of an artifact Fiji ships. */
		CONFLICT
	}

	record Row(Artifact artifact, Status status, String fijiVersion, String note) {}

	record Report(List<Row> rows, List<String> problems) {

		/** One line per jar, the jars the plugin adds first. */
		String table() {
			final StringBuilder sb = new StringBuilder();
			for (final Status s : new Status[] { Status.ADDED, Status.ALLOWED, Status.CONFLICT,
				Status.FIJI_HAS_IT })
			{
				for (final Row r : rows) {
					if (r.status() != s) continue;
					sb.append(String.format("%-12s %-70s %s%n", s, r.artifact(), r.note()));
				}
			}
			return sb.toString();
		}
	}

	/** Module suffix and type of {@code mvn dependency:list} lines: {@code g:a:jar[:c]:v:scope -- module m}. */
	private static final Pattern LIST_LINE = Pattern.compile(
		"\\s*([^:\\s]+):([^:\\s]+):([^:\\s]+)(?::([^:\\s]+))?:([^:\\s]+):([^:\\s]+)(?:\\s.*)?");

	/** The jars of a {@code dependency:list} output file. */
	static List<Artifact> readDependencyList(final Path file) throws IOException {
		final List<Artifact> out = new ArrayList<>();
		int lineNo = 0;
		for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			lineNo++;
			if (line.isBlank() || !line.startsWith(" ")) continue; // the header line
			final Matcher m = LIST_LINE.matcher(line);
			if (!m.matches()) throw new IllegalArgumentException(file + ", line " + lineNo +
				": expected group:artifact:type[:classifier]:version:scope, got '" + line.strip() + "'");
			if (!"jar".equals(m.group(3))) continue;
			out.add(new Artifact(m.group(1), m.group(2), m.group(4) == null ? "" : m.group(4), m.group(
				5)));
		}
		return out;
	}

	/**
	 * groupId:artifactId → version of every dependency a POM manages, its properties resolved
	 * (a version left as {@code ${...}} names a property of a parent POM not read here).
	 */
	static Map<String, String> managedVersions(final Path pom) {
		final Element project = parse(pom).getDocumentElement();
		final Map<String, String> properties = new HashMap<>();
		final Element props = child(project, "properties");
		if (props != null) {
			for (final Element p : children(props))
				properties.put(p.getTagName(), p.getTextContent().strip());
		}
		final Map<String, String> managed = new LinkedHashMap<>();
		final Element dm = child(project, "dependencyManagement");
		final Element deps = dm == null ? null : child(dm, "dependencies");
		if (deps == null) return managed;
		for (final Element d : children(deps)) {
			final String key = text(d, "groupId") + ":" + text(d, "artifactId");
			managed.putIfAbsent(key, resolve(text(d, "version"), properties, 0));
		}
		return managed;
	}

	private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

	private static String resolve(final String value, final Map<String, String> properties,
		final int depth)
	{
		if (value == null || depth > 20) return value;
		final Matcher m = PROPERTY.matcher(value);
		final StringBuilder sb = new StringBuilder();
		while (m.find()) {
			final String v = properties.get(m.group(1));
			m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : resolve(v,
				properties, depth + 1)));
		}
		m.appendTail(sb);
		return sb.toString();
	}

	/** A property of a POM, resolved against the POM's own properties. */
	static String property(final Path pom, final String name) {
		final Map<String, String> properties = new HashMap<>();
		final Element props = child(parse(pom).getDocumentElement(), "properties");
		if (props != null) {
			for (final Element p : children(props))
				properties.put(p.getTagName(), p.getTextContent().strip());
		}
		final String value = properties.get(name);
		if (value == null) throw new IllegalArgumentException(pom + ": no property <" + name + ">");
		return resolve(value, properties, 0);
	}

	/** The plugin's own jar, as plugin.xml names it. */
	static Artifact plugin(final Path pom) {
		final Element project = parse(pom).getDocumentElement();
		return new Artifact(text(project, "groupId"), text(project, "artifactId"), "", text(project,
			"version"));
	}

	/** Fiji's platform folders ({@code jars/<platform>}) of this build, as plugin.xml names them. */
	static final List<String> PLATFORMS = List.of("linux64", "win64", "macos64", "macos-arm64");

	/** Native classifier → the folder it belongs in, from plugin.xml's {@code fiji.natives.<platform>}. */
	static Map<String, String> nativeFolders(final Path pom) {
		final Map<String, String> out = new LinkedHashMap<>();
		for (final String platform : PLATFORMS) {
			for (final String c : property(pom, "fiji.natives." + platform).split("\\s*,\\s*"))
				out.put(c, "jars/" + platform);
		}
		return out;
	}

	/** Where a jar goes in a Fiji.app or an update-site folder. */
	static String folder(final Artifact a, final Map<String, String> nativeFolders) {
		return a.classifier().isEmpty() ? "jars" : nativeFolders.getOrDefault(a.classifier(), "jars");
	}

	/**
	 * What is wrong with the jars of a Fiji-shaped folder: a jar of {@code jars} missing from its
	 * folder or lying elsewhere too, a native jar of one platform in another's folder, two
	 * versions of one artifact, or (in an update-site folder) a jar Fiji ships.
	 *
	 * @param root a Fiji.app, or the update-site folder {@code target/fiji}
	 * @param fijiApp true for a Fiji.app (it holds Fiji's own jars too)
	 */
	static List<String> layoutProblems(final Path root, final List<Artifact> jars,
		final Set<String> provided, final Map<String, String> nativeFolders, final boolean fijiApp)
		throws IOException
	{
		final List<String> problems = new ArrayList<>();
		final List<Path> files;
		try (var walk = Files.walk(root)) {
			files = walk.filter(f -> f.getFileName().toString().endsWith(".jar")).map(root::relativize)
				.sorted().toList();
		}
		for (final Artifact a : jars) {
			final String where = folder(a, nativeFolders) + "/" + a.fileName();
			final boolean fijis = provided.contains(a.artifact());
			// every file of this artifact and classifier, whatever its version
			final String suffix = (a.classifier().isEmpty() ? "" : "-" + a.classifier()) + ".jar";
			final Pattern sameArtifact = Pattern.compile(Pattern.quote(a.artifact()) +
				"-\\d[^/]*?" + Pattern.quote(suffix));
			final List<String> found = files.stream().map(f -> f.toString().replace('\\', '/')).filter(
				f -> sameArtifact.matcher(f.substring(f.lastIndexOf('/') + 1)).matches() && (a
					.classifier().isEmpty() ? nativeFolders.keySet().stream().noneMatch(c -> f.endsWith(
						"-" + c + ".jar")) : true)).toList();
			if (fijis && !fijiApp) {
				if (!found.isEmpty()) problems.add(found + ": Fiji ships " + a.artifact() +
					" (fiji.provided); the update site must not");
				continue;
			}
			if (found.size() > 1) problems.add("two versions of " + a.key() + (a.classifier().isEmpty()
				? "" : ":" + a.classifier()) + " side by side: " + found);
			else if (!found.contains(where)) problems.add(where + " missing" + (found.isEmpty() ? ""
				: " (found " + found + ")"));
		}
		return problems;
	}

	/**
	 * The allow-list: one entry a line, {@code groupId:artifactId version reason...}; {@code #}
	 * starts a comment. An entry without a reason is refused: the list exists to say why.
	 */
	static Map<String, Allowed> readAllowList(final Path file) throws IOException {
		final Map<String, Allowed> out = new LinkedHashMap<>();
		int lineNo = 0;
		for (final String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			lineNo++;
			final String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#")) continue;
			final String[] f = line.split("\\s+", 3);
			if (f.length < 3 || f[0].split(":").length != 2) throw new IllegalArgumentException(file +
				", line " + lineNo + ": expected 'groupId:artifactId version reason', got '" + line + "'");
			if (out.put(f[0], new Allowed(f[0], f[1], f[2])) != null) throw new IllegalArgumentException(
				file + ", line " + lineNo + ": " + f[0] + " is listed twice");
		}
		return out;
	}

	/**
	 * Sorts every jar of {@code jars} into what Fiji already has and what the plugin adds, and
	 * lists the problems: a second version of an artifact Fiji ships that the allow-list does not
	 * cover, a {@code provided} artifact Fiji does not have at this version, a stale allow-list
	 * entry.
	 *
	 * @param provided artifactIds left out of the update-site folder because Fiji has them
	 * @param fiji groupId:artifactId → the version Fiji ships
	 */
	static Report check(final List<Artifact> jars, final Set<String> provided,
		final Map<String, String> fiji, final Map<String, Allowed> allowed)
	{
		final List<Row> rows = new ArrayList<>();
		final List<String> problems = new ArrayList<>();
		final Set<String> usedAllowances = new TreeSet<>();
		for (final Artifact a : jars) {
			final String fijiVersion = fiji.get(a.key());
			final boolean fijiHasOther = fijiVersion != null && !fijiVersion.equals(a.version());
			if (provided.contains(a.artifact())) {
				if (fijiVersion == null) problems.add(a + " is in fiji.provided (left out of the " +
					"update site) but pom-scijava does not manage it: nothing says Fiji ships it");
				else if (fijiHasOther) problems.add(a + " is in fiji.provided (left out of the update " +
					"site) but Fiji ships " + fijiVersion + ": the plugin would run against another version");
				rows.add(new Row(a, Status.FIJI_HAS_IT, fijiVersion, "Fiji ships " + fijiVersion));
				continue;
			}
			if (!fijiHasOther) {
				rows.add(new Row(a, Status.ADDED, fijiVersion, fijiVersion == null ? ""
					: "pom-scijava manages this version"));
				continue;
			}
			final Allowed allow = allowed.get(a.key());
			if (allow != null && allow.version().equals(a.version())) {
				usedAllowances.add(a.key());
				rows.add(new Row(a, Status.ALLOWED, fijiVersion, "Fiji: " + fijiVersion + "; " + allow
					.reason()));
			}
			else {
				rows.add(new Row(a, Status.CONFLICT, fijiVersion, "Fiji ships " + fijiVersion));
				problems.add(a + " duplicates " + a.key() + ":" + fijiVersion + ", which Fiji ships: " +
					"use Fiji's version, or allow-list '" + a.key() + " " + a.version() +
					"' with the reason it is safe" + (allow == null ? "" : " (the allow-list has version " +
						allow.version() + ")"));
			}
		}
		for (final Allowed allow : allowed.values()) {
			if (!usedAllowances.contains(allow.key())) problems.add("allow-list entry " + allow.key() +
				" " + allow.version() + " matches no conflicting jar any more: remove it");
		}
		return new Report(rows, problems);
	}

	// -- XML --

	private static Document parse(final Path pom) {
		try {
			final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setExpandEntityReferences(false);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			return f.newDocumentBuilder().parse(pom.toFile());
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (final Exception e) {
			throw new IllegalArgumentException(pom + ": not a readable POM: " + e.getMessage(), e);
		}
	}

	private static List<Element> children(final Element parent) {
		final List<Element> out = new ArrayList<>();
		final NodeList nodes = parent.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++) {
			final Node n = nodes.item(i);
			if (n instanceof Element e) out.add(e);
		}
		return out;
	}

	private static Element child(final Element parent, final String name) {
		for (final Element e : children(parent))
			if (e.getTagName().equals(name)) return e;
		return null;
	}

	private static String text(final Element parent, final String name) {
		final Element e = child(parent, name);
		return e == null ? null : e.getTextContent().strip();
	}
}
