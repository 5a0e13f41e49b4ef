package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.CnnModel;

/**
 * Faults from outside the data through {@code ./spectral-cnn}: how headless macros end
 * ({@code exit}, dialogs, a failed {@code open()}) and a SIGTERM or SIGINT during training (no
 * crash of the native code, the best-so-far model kept beside the model file, which stays as it
 * was).
 */
class FaultsLauncherIT {

	@TempDir
	Path tmp;

	private static final Path SOIL = Path.of("test-data", "soil_visnir.csv").toAbsolutePath();

	private Launcher.Result macro(final String... lines) throws Exception {
		final Path file = tmp.resolve("m.ijm");
		Files.write(file, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
		return Launcher.run(180, "-macro", file.toString());
	}

	private static void assertNoStackTrace(final Launcher.Result r) {
		assertFalse(r.stderr().contains("\tat ") || r.stdout().contains("\tat "), r.toString());
		assertFalse(r.stderr().contains("internal error"), r.toString());
	}

	@Test
	void exitEndsAMacroNormally() throws Exception {
		final Launcher.Result plain = macro("print(\"before\");", "exit;", "print(\"after\");");
		assertEquals(0, plain.exitCode(), plain.toString());
		assertTrue(plain.stdout().contains("before") && !plain.stdout().contains("after"), plain
			.toString());
		assertNoStackTrace(plain);
		final Launcher.Result message = macro("if (true) exit(\"bye\");", "print(\"after\");");
		assertEquals(0, message.exitCode(), message.toString());
		assertTrue(message.stdout().contains("bye") && !message.stdout().contains("after"), message
			.toString());
		assertNoStackTrace(message);
	}

	@Test
	void dialogsNeedADisplay() throws Exception {
		for (final String call : new String[] { "waitForUser(\"check the plot\");",
			"s = getString(\"name\", \"x\");", "n = getNumber(\"epochs\", 3);",
			"Dialog.create(\"t\"); Dialog.addNumber(\"n\", 1); Dialog.show();",
			"f = File.openDialog(\"table\");", "d = getDirectory(\"Choose a folder\");" })
		{
			final Launcher.Result r = macro("print(\"start\");", call, "print(\"after\");");
			assertEquals(1, r.exitCode(), call + "\n" + r);
			assertNoStackTrace(r);
			final List<String> lines = r.stderrLines();
			assertEquals(1, lines.size(), r.toString());
			assertTrue(lines.get(0).startsWith("spectral-cnn: m.ijm line 2: " + call), r.toString());
			assertTrue(lines.get(0).contains("needs a display"), r.toString());
			assertFalse(r.stdout().contains("after"), r.toString());
		}
	}

	@Test
	void failedOpenStopsTheMacro() throws Exception {
		final Path missing = tmp.resolve("no such.tif");
		final Launcher.Result r = macro("print(\"start\");", "open(\"" + missing + "\");",
			"print(\"after\");");
		assertEquals(1, r.exitCode(), r.toString());
		assertNoStackTrace(r);
		assertFalse(r.stdout().contains("after"), r.toString());
		final List<String> lines = r.stderrLines();
		assertEquals(1, lines.size(), r.toString());
		assertTrue(lines.get(0).startsWith("spectral-cnn: m.ijm line 2: "), r.toString());
		assertTrue(lines.get(0).contains(missing.toString()), r.toString());
	}

	@Test
	void sigtermDuringTrainingKeepsTheBestModel() throws Exception {
		interruptTraining("TERM", "--headless", "--run", "Train CNN", "input=" + SOIL +
			",targets=clay,architecture=fast,epochs=1000,patience=1000,model=" + tmp.resolve(
				"soil.zip"));
	}

	@Test
	void sigintDuringTrainingKeepsTheBestModel() throws Exception {
		interruptTraining("INT", "--headless", "--run", "Train CNN", "input=" + SOIL +
			",targets=clay,architecture=fast,epochs=1000,patience=1000,model=" + tmp.resolve(
				"soil.zip"));
	}

	@Test
	void sigtermDuringTrainingInAMacroKeepsTheBestModel() throws Exception {
		final Path macro = Files.createTempFile("train", ".ijm"); // not in tmp: its listing is checked
		try {
			Files.writeString(macro, "run(\"Train CNN\", \"input=[" + SOIL +
				"] targets=clay architecture=fast epochs=1000 patience=1000 model=[" + tmp.resolve(
					"soil.zip") + "]\");\nprint(\"after\");\n");
			interruptTraining("TERM", "-macro", macro.toString());
		}
		finally {
			Files.delete(macro);
		}
	}

	@Test
	void sigtermDuringFineTuneReportKeepsTheModelFileAndTheReport() throws Exception {
		final Path global = tmp.resolve("global.zip");
		final Launcher.Result g = Launcher.run(180, "--headless", "--run", "Train CNN",
			"input=test-data/global_visnir.csv,targets=clay,architecture=tiny,epochs=5,model=" + global);
		assertEquals(0, g.exitCode(), g.toString());
		final Path model = tmp.resolve("local.zip"), report = tmp.resolve("report");
		final byte[] previous = "the previous model".getBytes(StandardCharsets.UTF_8);
		Files.write(model, previous);
		Files.createDirectories(report);
		final Path oldTable = Files.writeString(report.resolve("transfer_table.csv"), "the previous report");
		final String err = interrupt("TERM", "report: ", "--headless", "--run", "Fine-tune CNN", "model=" +
			global + ",input=test-data/local_visnir_shifted.csv,targets=clay,epochs=200,folds=5," +
			"repeats=3,output_model=" + model + ",report=" + report);
		final Path checkpoint = tmp.resolve("local.interrupted.zip");
		assertTrue(err.contains("interrupted by a shutdown after training, report stopped") && err
			.contains("its intervals are unbounded") && err.contains("was saved to " + checkpoint), err);
		assertArrayEquals(previous, Files.readAllBytes(model), "the old model is left as it was");
		assertEquals("the previous report", Files.readString(oldTable));
		assertEquals(List.of("clay"), CnnModel.load(checkpoint).targets());
	}

	/**
	 * Starts a long training of a model that already exists, sends the signal once two epochs
	 * have ended, and checks the exit, the messages, the kept checkpoint and the old model.
	 */
	private void interruptTraining(final String signal, final String... args)
		throws Exception
	{
		final Path model = tmp.resolve("soil.zip");
		final byte[] previous = "the previous model".getBytes(StandardCharsets.UTF_8);
		Files.write(model, previous);
		final String err = interrupt(signal, "epoch 2/1000", args);
		final Path checkpoint = tmp.resolve("soil.interrupted.zip");
		assertTrue(err.contains("the best model so far (epoch ") && err.contains("was saved to " +
			checkpoint), err);
		assertArrayEquals(previous, Files.readAllBytes(model), "the old model is left as it was");
		final SpectralDataset data = SpectraIO.open(SOIL);
		final double[][] predicted = CnnModel.load(checkpoint).predict(data);
		assertEquals(data.size(), predicted.length);
		for (final double[] row : predicted) assertTrue(Double.isFinite(row[0]));
		try (Stream<Path> files = Files.list(tmp)) {
			assertEquals(List.of("soil.interrupted.zip", "soil.zip"), files.map(f -> f.getFileName()
				.toString()).sorted().collect(Collectors.toList()), "no temporary files left");
		}
	}

	/**
	 * Runs the launcher, sends the signal once a line of stderr holds {@code when}, and checks
	 * the exit code of that signal (143 TERM, 130 INT), the shutdown message and that the JVM did
	 * not crash.
	 *
	 * @return stderr
	 */
	private String interrupt(final String signal, final String when, final String... args)
		throws Exception
	{
		final int exitCode = signal.equals("TERM") ? 143 : 130;
		final Path project = Paths.get("").toAbsolutePath();
		final List<String> hsErrBefore = hsErrFiles(project);
		final List<String> command = new ArrayList<>();
		// a background job of a non-interactive shell ignores SIGINT, and so would the launcher's
		// JVM; the test is of the launcher as a user starts it from a terminal
		if (signal.equals("INT") && ignoresSigint()) command.addAll(List.of("env",
			"--default-signal=INT"));
		command.add(project.resolve("spectral-cnn").toString());
		command.addAll(List.of(args));
		final Process p = new ProcessBuilder(command).directory(project.toFile()).redirectOutput(
			ProcessBuilder.Redirect.DISCARD).start();
		final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());
		final CountDownLatch seen = new CountDownLatch(1);
		final Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(),
				StandardCharsets.UTF_8)))
			{
				for (String line; (line = in.readLine()) != null;) {
					stderr.add(line);
					if (line.contains(when)) seen.countDown();
				}
			}
			catch (final IOException e) {
				stderr.add(e.toString());
			}
		});
		reader.start();
		try {
			assertTrue(seen.await(300, TimeUnit.SECONDS), "'" + when + "': " + stderr);
			// the launcher script execs java: the process is the JVM
			new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
			assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ended after SIG" + signal + ": " + stderr);
		}
		finally {
			p.destroyForcibly();
		}
		reader.join(10_000);
		final String err = String.join("\n", stderr);
		assertEquals(exitCode, p.exitValue(), err);
		assertFalse(err.contains("SIGSEGV") || err.contains("fatal error"), err);
		assertEquals(hsErrBefore, hsErrFiles(project), "no JVM crash log");
		assertTrue(err.contains("shutdown requested"), err);
		return err;
	}

	/** Whether this process was started with SIGINT ignored (Linux: SIGINT's bit in SigIgn). */
	private static boolean ignoresSigint() throws IOException {
		final Path status = Path.of("/proc/self/status");
		if (!Files.exists(status)) return false;
		for (final String line : Files.readAllLines(status))
			if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) &
				(1L << 1)) != 0;
		return false;
	}

		private static List<String> hsErrFiles(final Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err_pid"))
				.sorted().collect(Collectors.toList());
		}
	}
}
