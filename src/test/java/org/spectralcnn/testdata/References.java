package org.spectralcnn.testdata;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reference outputs of scipy and scikit-learn computed from {@code ../shared/data}: the
 * project's scripts in {@code src/test/python} make them at test time into
 * {@code target/references/<name>/} (nothing derived from the shared data is committed), once
 * per build and again when the script changes. They need {@code /usr/bin/python3} with numpy,
 * scipy, pandas and scikit-learn: without them a test skips on a developer's machine and fails in
 * CI ({@code CI=true}), as for missing shared data.
 */
public final class References {

	private static final String PYTHON = "/usr/bin/python3";
	private static final String MODULES = "import numpy, scipy, pandas, sklearn";

	private References() {}

	/**
	 * The folder of a set of references, made by {@code script} when missing or older than it.
	 *
	 * @param args the script's arguments; {@code {out}} stands for the folder
	 */
	public static synchronized Path make(final String name, final String script,
		final String... args)
	{
		final Path out = Paths.get("target", "references", name).toAbsolutePath();
		final Path scriptFile = Paths.get("src", "test", "python", script);
		final Path done = out.resolve(".done");
		try {
			if (Files.exists(done) && Files.getLastModifiedTime(done).compareTo(Files
				.getLastModifiedTime(scriptFile)) >= 0) return out;
			requirePython();
			deleteTree(out);
			Files.createDirectories(out);
			final List<String> command = new ArrayList<>(List.of(PYTHON, scriptFile.toString()));
			for (final String a : args) command.add(a.replace("{out}", out.toString()));
			final Path log = out.resolveSibling(name + ".log");
			final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile());
			pb.environment().put("OMP_NUM_THREADS", "2");
			final Process p = pb.start();
			if (!p.waitFor(10, TimeUnit.MINUTES)) {
				p.destroyForcibly();
				fail(String.join(" ", command) + " took more than 10 minutes; see " + log);
			}
			if (p.exitValue() != 0) fail(String.join(" ", command) + " failed (exit " + p
				.exitValue() + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
			Files.writeString(done, "made by " + String.join(" ", command) + "\n");
			return out;
		}
		catch (final IOException e) {
			throw new IllegalStateException("references " + name + ": " + e, e);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while making references " + name, e);
		}
	}

	private static void requirePython() throws IOException, InterruptedException {
		final boolean ok = new File(PYTHON).canExecute() && new ProcessBuilder(PYTHON, "-c", MODULES)
			.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
			.waitFor() == 0;
		if (ok) return;
		final String msg = PYTHON + " with numpy, scipy, pandas and scikit-learn is needed for the " +
			"reference outputs (apt-get install python3-scipy python3-sklearn python3-pandas)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg + " (CI=true: they are required)");
		assumeTrue(false, msg);
	}

	private static void deleteTree(final Path dir) throws IOException {
		if (!Files.exists(dir)) return;
		try (Stream<Path> paths = Files.walk(dir)) {
			for (final Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toArray(
				Path[]::new)) Files.delete(p);
		}
	}
}
