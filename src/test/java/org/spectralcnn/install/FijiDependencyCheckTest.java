package org.spectralcnn.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.install.FijiJars.Allowed;
import org.spectralcnn.install.FijiJars.Artifact;
import org.spectralcnn.install.FijiJars.Report;
import org.spectralcnn.install.FijiJars.Status;

/**
 * The dependency-conflict check of the Fiji install (docs/install.md): every jar the plugin
 * brings, against the versions Fiji ships (pom-scijava's); a second version of an artifact Fiji
 * ships fails the build unless {@code src/fiji/allowed-conflicts.txt} says why it is safe. The
 * report is printed and written to {@code target/fiji-check/report.txt}.
 */
class FijiDependencyCheckTest {

	private static final Path CHECK = Paths.get("target", "fiji-check");
	static final Path ALLOW_LIST = Paths.get("src", "fiji", "allowed-conflicts.txt");

	@TempDir
	Path tmp;

	/** The real build: its runtime jars, pom-scijava's versions, fiji.provided, the allow-list. */
	@Test
	void pluginAddsNoSecondVersionOfAFijiJar() throws Exception {
		final Path deps = CHECK.resolve("dependencies.txt");
		final Path pomScijava = CHECK.resolve("pom-scijava.pom");
		if (!Files.isRegularFile(deps) || !Files.isRegularFile(pomScijava)) fail(deps + " or " +
			pomScijava + " missing: the build writes them (generate-test-resources); run through Maven");
		final List<Artifact> jars = FijiJars.readDependencyList(deps);
		assertTrue(jars.size() > 20, "too few jars in " + deps + ": " + jars.size());
		final Map<String, String> fiji = FijiJars.managedVersions(pomScijava);
		assertTrue(fiji.size() > 500, "pom-scijava manages only " + fiji.size() + " artifacts?");
		final Report report = FijiJars.check(jars, provided(), fiji, FijiJars.readAllowList(
			ALLOW_LIST));
		final String table = report.table();
		Files.writeString(CHECK.resolve("report.txt"), table, StandardCharsets.UTF_8);
		System.out.print("Jars the plugin brings into Fiji (" + CHECK.resolve("report.txt") + "):\n" +
			table);
		if (!report.problems().isEmpty()) fail("dependency conflicts with Fiji's jars:\n  " + String
			.join("\n  ", report.problems()));
		// the decisions of docs/install.md, kept true
		assertEquals(Status.ALLOWED, status(report, "org.bytedeco:javacpp"));
		assertTrue(jars.stream().noneMatch(a -> a.artifact().startsWith("fastutil")),
			"fastutil is back (DL4J's 6.5.7; excluded in plugin.xml)");
		assertEquals(Status.FIJI_HAS_IT, status(report, "net.imagej:ij"));
		assertEquals(Status.ADDED, status(report, "org.deeplearning4j:deeplearning4j-nn"));
	}

	/**
	 * Both routes put each platform's natives in the same folder: the update-site folder
	 * (copy-dependencies executions {@code fiji-natives-<platform>}) and {@code
	 * -Dscijava.app.directory} (the scijava-maven-plugin's subdirectory patterns), both from
	 * {@code fiji.natives.<platform>}.
	 */
	@Test
	void bothRoutesUseThePlatformFoldersOfPom() throws Exception {
		final String pom = Files.readString(Paths.get("plugin.xml"), StandardCharsets.UTF_8).replaceAll(
			"\\s+", " ");
		for (final String platform : FijiJars.PLATFORMS) {
			final String natives = "${fiji.natives." + platform + "}";
			assertTrue(pom.contains("<subdirectory>jars/" + platform + "</subdirectory> <patterns>" +
				natives + "</patterns>"), "scijava-maven-plugin: no pattern jars/" + platform + " = " +
					natives);
			assertTrue(pom.contains("<id>fiji-natives-" + platform + "</id>"), "no execution fiji-natives-" +
				platform);
			assertTrue(pom.contains("<includeClassifiers>" + natives + "</includeClassifiers> " +
				"<outputDirectory>${project.build.directory}/fiji/jars/" + platform +
				"</outputDirectory>"), "fiji-natives-" + platform + " copies elsewhere");
			assertTrue(FijiJars.property(Paths.get("plugin.xml"), "fiji.natives").contains(FijiJars
				.property(Paths.get("plugin.xml"), "fiji.natives." + platform)), "fiji.natives lacks " +
					platform);
		}
	}

	/** {@code fiji.provided} of plugin.xml: the artifactIds left out of the update-site folder. */
	static Set<String> provided() {
		return new TreeSet<>(Arrays.asList(FijiJars.property(Paths.get("plugin.xml"), "fiji.provided")
			.split("\\s*,\\s*")));
	}

	private static Status status(final Report report, final String key) {
		return report.rows().stream().filter(r -> r.artifact().key().equals(key)).findFirst()
			.orElseThrow(() -> new AssertionError(key + " not among the plugin's jars")).status();
	}

	// -- the rules, on made-up jars --

	private static final Artifact IO_OLD = new Artifact("commons-io", "commons-io", "", "2.11.0");
	private static final Artifact CPP = new Artifact("org.bytedeco", "javacpp", "", "1.5.7");
	private static final Artifact CPP_LINUX = new Artifact("org.bytedeco", "javacpp",
		"linux-x86_64", "1.5.7");
	private static final Map<String, String> FIJI = Map.of("commons-io:commons-io", "2.20.0",
		"org.bytedeco:javacpp", "1.5.10", "net.imagej:ij", "1.54p");

	@Test
	void secondVersionOfAFijiJarIsAConflict() {
		final Report r = FijiJars.check(List.of(IO_OLD), Set.of(), FIJI, Map.of());
		assertEquals(Status.CONFLICT, r.rows().get(0).status());
		assertEquals(1, r.problems().size());
		assertTrue(r.problems().get(0).contains("commons-io:commons-io:2.11.0 duplicates commons-io:" +
			"commons-io:2.20.0"), r.problems().get(0));
	}

	@Test
	void allowListCoversOneVersionWithItsReason() {
		final Map<String, Allowed> allow = Map.of("org.bytedeco:javacpp", new Allowed(
			"org.bytedeco:javacpp", "1.5.7", "ND4J needs it"));
		final Report ok = FijiJars.check(List.of(CPP, CPP_LINUX), Set.of(), FIJI, allow);
		assertEquals(List.of(), ok.problems());
		assertEquals(Status.ALLOWED, ok.rows().get(1).status());
		assertTrue(ok.table().contains("ND4J needs it"), ok.table());
		final Artifact newer = new Artifact("org.bytedeco", "javacpp", "", "1.5.8");
		final Report other = FijiJars.check(List.of(newer), Set.of(), FIJI, allow);
		assertEquals(Status.CONFLICT, other.rows().get(0).status());
		assertTrue(other.problems().get(0).contains("the allow-list has version 1.5.7"), other
			.problems().get(0));
	}

	@Test
	void staleAllowListEntryIsAProblem() {
		final Map<String, Allowed> allow = Map.of("org.bytedeco:javacpp", new Allowed(
			"org.bytedeco:javacpp", "1.5.7", "ND4J needs it"));
		final Report r = FijiJars.check(List.of(IO_OLD), Set.of("commons-io"), Map.of(
			"commons-io:commons-io", "2.11.0"), allow);
		assertEquals(List.of("allow-list entry org.bytedeco:javacpp 1.5.7 matches no conflicting " +
			"jar any more: remove it"), r.problems());
	}

	@Test
	void providedJarMustBeFijisVersion() {
		final Report r = FijiJars.check(List.of(IO_OLD), Set.of("commons-io"), FIJI, Map.of());
		assertEquals(Status.FIJI_HAS_IT, r.rows().get(0).status());
		assertTrue(r.problems().get(0).contains("Fiji ships 2.20.0"), r.problems().get(0));
		final Artifact unknown = new Artifact("org.example", "nowhere", "", "1.0");
		final Report r2 = FijiJars.check(List.of(unknown), Set.of("nowhere"), FIJI, Map.of());
		assertTrue(r2.problems().get(0).contains("pom-scijava does not manage it"), r2.problems()
			.get(0));
	}

	@Test
	void jarsFijiDoesNotHaveAreAdded() {
		final Artifact dl4j = new Artifact("org.deeplearning4j", "deeplearning4j-nn", "",
			"1.0.0-M2.1");
		final Report r = FijiJars.check(List.of(dl4j), Set.of(), FIJI, Map.of());
		assertEquals(Status.ADDED, r.rows().get(0).status());
		assertEquals(List.of(), r.problems());
	}

	@Test
	void allowListEntryNeedsAReason() throws Exception {
		final Path f = tmp.resolve("allow.txt");
		Files.writeString(f, "# comment\n\norg.bytedeco:javacpp 1.5.7 ND4J's natives need it\n" +
			"org.bytedeco:openblas 0.3.19-1.5.7\n");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> FijiJars.readAllowList(f));
		assertTrue(e.getMessage().startsWith(f + ", line 4: expected 'groupId:artifactId version " +
			"reason'"), e.getMessage());
		Files.writeString(f, "org.bytedeco:javacpp 1.5.7 ND4J's natives need it\n");
		assertEquals("ND4J's natives need it", FijiJars.readAllowList(f).get("org.bytedeco:javacpp")
			.reason());
	}

	@Test
	void readsDependencyListWithClassifiersAndModules() throws Exception {
		final Path f = tmp.resolve("deps.txt");
		Files.writeString(f, "\nThe following files have been resolved:\n" +
			"   org.bytedeco:javacpp:jar:linux-x86_64:1.5.7:compile -- module org.bytedeco.javacpp.linux.x86_64 (auto)\n" +
			"   com.google.code.gson:gson:jar:2.10.1:compile -- module com.google.gson\n" +
			"   org.example:site:pom:1:compile\n");
		assertEquals(List.of(CPP_LINUX, new Artifact("com.google.code.gson", "gson", "", "2.10.1")),
			FijiJars.readDependencyList(f));
		assertEquals("javacpp-1.5.7-linux-x86_64.jar", CPP_LINUX.fileName());
		Files.writeString(f, "The following files have been resolved:\n   gson-2.10.1.jar\n");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> FijiJars.readDependencyList(f));
		assertTrue(e.getMessage().startsWith(f + ", line 2: expected group:artifact"), e.getMessage());
	}

	@Test
	void layoutWantsEachJarOnceInItsPlatformFolder() throws Exception {
		final Map<String, String> folders = Map.of("linux-x86_64", "jars/linux64", "windows-x86_64",
			"jars/win64");
		final Artifact dl4j = new Artifact("org.deeplearning4j", "deeplearning4j-nn", "", "1.0");
		final Artifact ij = new Artifact("net.imagej", "ij", "", "1.54p");
		final Artifact cppWin = new Artifact("org.bytedeco", "javacpp", "windows-x86_64", "1.5.7");
		final List<Artifact> jars = List.of(dl4j, ij, CPP, CPP_LINUX, cppWin);
		final Path site = tmp.resolve("site");
		for (final String f : List.of("jars/deeplearning4j-nn-1.0.jar", "jars/javacpp-1.5.7.jar",
			"jars/linux64/javacpp-1.5.7-linux-x86_64.jar", "jars/win64/javacpp-1.5.7-windows-x86_64.jar"))
		{
			Files.createDirectories(site.resolve(f).getParent());
			Files.writeString(site.resolve(f), "");
		}
		assertEquals(List.of(), FijiJars.layoutProblems(site, jars, Set.of("ij"), folders, false));
		// Fiji's jar in the update site, a native in the wrong folder, a second version
		Files.writeString(site.resolve("jars/ij-1.54p.jar"), "");
		Files.move(site.resolve("jars/win64/javacpp-1.5.7-windows-x86_64.jar"), site.resolve(
			"jars/linux64/javacpp-1.5.7-windows-x86_64.jar"));
		Files.writeString(site.resolve("jars/deeplearning4j-nn-0.9.jar"), "");
		assertEquals(List.of(
			"two versions of org.deeplearning4j:deeplearning4j-nn side by side: " +
				"[jars/deeplearning4j-nn-0.9.jar, jars/deeplearning4j-nn-1.0.jar]",
			"[jars/ij-1.54p.jar]: Fiji ships ij (fiji.provided); the update site must not",
			"jars/win64/javacpp-1.5.7-windows-x86_64.jar missing (found " +
				"[jars/linux64/javacpp-1.5.7-windows-x86_64.jar])"), FijiJars.layoutProblems(site, jars,
					Set.of("ij"), folders, false));
		// in a Fiji.app, Fiji's own jar belongs there
		Files.delete(site.resolve("jars/deeplearning4j-nn-0.9.jar"));
		Files.move(site.resolve("jars/linux64/javacpp-1.5.7-windows-x86_64.jar"), site.resolve(
			"jars/win64/javacpp-1.5.7-windows-x86_64.jar"));
		assertEquals(List.of(), FijiJars.layoutProblems(site, jars, Set.of("ij"), folders, true));
	}

	@Test
	void managedVersionsResolveNestedProperties() throws Exception {
		final Path pom = tmp.resolve("pom.xml");
		Files.writeString(pom, """
			<project xmlns="http://maven.apache.org/POM/4.0.0">
			  <properties>
			    <javacpp.version>1.5.10</javacpp.version>
			    <org.bytedeco.javacpp.version>${javacpp.version}</org.bytedeco.javacpp.version>
			    <openblas.version>0.3.26-${org.bytedeco.javacpp.version}</openblas.version>
			  </properties>
			  <dependencyManagement><dependencies>
			    <dependency><groupId>org.bytedeco</groupId><artifactId>javacpp</artifactId>
			      <version>${org.bytedeco.javacpp.version}</version></dependency>
			    <dependency><groupId>org.bytedeco</groupId><artifactId>openblas</artifactId>
			      <version>${openblas.version}</version></dependency>
			    <dependency><groupId>org.jetbrains.kotlin</groupId><artifactId>kotlin-stdlib</artifactId>
			      <version>${kotlin.version}</version></dependency>
			  </dependencies></dependencyManagement>
			</project>
			""");
		assertEquals(Map.of("org.bytedeco:javacpp", "1.5.10", "org.bytedeco:openblas",
			"0.3.26-1.5.10", "org.jetbrains.kotlin:kotlin-stdlib", "${kotlin.version}"), FijiJars
				.managedVersions(pom));
		assertEquals("1.5.10", FijiJars.property(pom, "javacpp.version"));
	}
}
