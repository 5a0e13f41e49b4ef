package org.spectralcnn.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./spectral-cnn} as a user would, for the launcher integration tests. */
public final class Launcher {

	/** Exit code and the two output streams of one launcher run. */
	public record Result(int exitCode, String stdout, String stderr) {

		public List<String> stderrLines() {
			final List<String> lines = new ArrayList<>();
			for (final String l : stderr.split("\n"))
				if (!l.isBlank()) lines.add(l);
			return lines;
		}

		@Override
		public String toString() {
			return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
		}
	}

	private Launcher() {}

	/** Runs the launcher in the project folder; fails the test after {@code timeoutSeconds}. */
	public static Result run(final long timeoutSeconds, final String... args) throws IOException,
		InterruptedException
	{
		final Path project = Paths.get("").toAbsolutePath();
		final List<String> command = new ArrayList<>();
		command.add(project.resolve("spectral-cnn").toString());
		command.addAll(Arrays.asList(args));
		final Path out = Files.createTempFile("launcher", ".out");
		final Path err = Files.createTempFile("launcher", ".err");
		try {
			final Process p = new ProcessBuilder(command).directory(project.toFile())
				.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new AssertionError("launcher did not finish in " + timeoutSeconds + " s: " +
					command);
			}
			return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files
				.readString(err, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}
}
