package org.spectralcnn.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.spectralcnn.install.FijiJars.Artifact;

/**
 * The update-site folder {@code target/fiji} and its zip, as {@code mvn package} leaves them:
 * every jar the plugin adds in its place (natives in {@code jars/<platform>/}), one version of
 * each, none that Fiji ships. Prints the size per platform (docs/install.md).
 */
class FijiUpdateSiteIT {

	private static final Path POM = Paths.get("plugin.xml");
	private static final Path SITE = Paths.get("target", "fiji");

	@Test
	void updateSiteFolderHoldsEachJarOnceInItsPlace() throws Exception {
		final List<Artifact> jars = new ArrayList<>(FijiJars.readDependencyList(Paths.get("target",
			"fiji-check", "dependencies.txt")));
		final Artifact plugin = FijiJars.plugin(POM);
		jars.add(plugin);
		final Map<String, String> folders = FijiJars.nativeFolders(POM);
		final List<String> problems = FijiJars.layoutProblems(SITE, jars, FijiDependencyCheckTest
			.provided(), folders, false);
		assertEquals(List.of(), problems, "target/fiji");
		assertTrue(jars.stream().anyMatch(a -> FijiJars.folder(a, folders).equals("jars/linux64")),
			"no Linux natives");
		// nothing else: every jar in the folder is one of the build's
		final TreeSet<String> expected = new TreeSet<>();
		for (final Artifact a : jars) {
			if (!FijiDependencyCheckTest.provided().contains(a.artifact())) expected.add(FijiJars
				.folder(a, folders) + "/" + a.fileName());
		}
		assertEquals(expected, files(SITE, ".jar"), "target/fiji holds jars the build did not ask for");
		// the zip is the folder
		final Path zip = Paths.get("target", "spectral-cnn-fiji-" + plugin.version() + ".zip");
		final TreeSet<String> zipped = new TreeSet<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			z.stream().filter(e -> !e.isDirectory()).forEach(e -> zipped.add(e.getName()));
		}
		assertEquals(files(SITE, ""), zipped, zip.toString());
		System.out.print(sizes());
	}

	private static TreeSet<String> files(final Path root, final String suffix) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace(
				'\\', '/')).filter(n -> n.endsWith(suffix)).collect(TreeSet::new, TreeSet::add,
					TreeSet::addAll);
		}
	}

	/** Megabytes per platform: the updater downloads the common part plus one folder. */
	private static String sizes() throws IOException {
		long common = size(SITE);
		final StringBuilder perPlatform = new StringBuilder();
		for (final String platform : FijiJars.PLATFORMS) {
			final Path dir = SITE.resolve("jars").resolve(platform);
			if (!Files.isDirectory(dir)) continue;
			common -= size(dir);
		}
		for (final String platform : FijiJars.PLATFORMS) {
			final Path dir = SITE.resolve("jars").resolve(platform);
			if (!Files.isDirectory(dir)) continue;
			perPlatform.append(String.format("  %-12s natives %6.1f MB, download %6.1f MB%n", platform,
				size(dir) / 1e6, (common + size(dir)) / 1e6));
		}
		return String.format("Update-site folder %s: common part (jars/, macros/) %.1f MB%n", SITE,
			common / 1e6) + perPlatform;
	}

	private static long size(final Path dir) throws IOException {
		try (Stream<Path> walk = Files.walk(dir)) {
			return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
		}
	}
}
