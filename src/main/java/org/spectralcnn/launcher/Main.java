package org.spectralcnn.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.scijava.command.CommandInfo;
import org.spectralcnn.commands.CommandFailure;

/**
 * Entry point of the {@code spectral-cnn} launcher script.
 *
 * <pre>
 * spectral-cnn --headless --run "Import Spectra" "input=a.csv,output=a.tif"
 * spectral-cnn -macro pipeline.ijm [argument]
 * spectral-cnn demo [output folder]
 * spectral-cnn --list
 * spectral-cnn [--gui f.ijm [arg]] (GUI: ImageJ 1 with the Plugins › Spectral CNN menu)
 * </pre>
 *
 * Exit code 0 on success; on failure one line on stderr and exit code 1 (2 for a usage error);
 * {@code -Dspectralcnn.debug=true} (in {@code SPECTRAL_CNN_JAVA_OPTS}) adds the stack trace.
 */
public final class Main {

	private Main() {}

	public static void main(final String[] args) {
		int code;
		try {
			code = run(args);
		}
		catch (final CommandFailure e) {
			if (Boolean.getBoolean("spectralcnn.debug")) e.printStackTrace();
			System.err.println("spectral-cnn: " + e.getMessage());
			code = 1;
		}
		catch (final Throwable t) { // a bug, not bad input: keep the trace for the report
			t.printStackTrace();
			System.err.println("spectral-cnn: internal error: " + t);
			code = 1;
		}
		SpectralCnnRuntime.dispose();
		System.out.flush();
		// after SIGTERM or SIGINT the JVM is already exiting with 128 + the signal once the
		// shutdown hooks end; a non-zero exit here could overtake it and report 1 instead
		if (shuttingDown()) return;
		System.exit(code); // ND4J and JTransforms keep non-daemon pool threads
	}

	/** Whether the JVM has begun to shut down (it then takes no more shutdown hooks). */
	static boolean shuttingDown() {
		final Thread probe = new Thread(() -> {});
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (final IllegalStateException e) {
			return true;
		}
	}

	static int run(final String[] argv) throws IOException {
		final List<String> args = Arrays.asList(argv);
		if (args.isEmpty()) return startGui(null, "");
		if (args.get(0).equals("--gui")) return startGui(args.size() > 1 ? Paths.get(args.get(1))
			: null, args.size() > 2 ? args.get(2) : "");
		if (args.contains("--help") || args.contains("-h")) return usage(0);
		if (args.contains("--headless")) System.setProperty("java.awt.headless", "true");
		final int runAt = args.indexOf("--run");
		final int macroAt = args.indexOf("-macro") >= 0 ? args.indexOf("-macro") : args.indexOf(
			"--macro");
		if (runAt >= 0) {
			if (runAt + 1 >= args.size()) return usage(2);
			final String command = args.get(runAt + 1);
			final String arguments = runAt + 2 < args.size() ? args.get(runAt + 2) : "";
			runCommand(command, CommandArguments.parseRunArguments(arguments));
			return 0;
		}
		if (macroAt >= 0) {
			if (macroAt + 1 >= args.size()) return usage(2);
			return runMacro(Paths.get(args.get(macroAt + 1)), macroAt + 2 < args.size() ? args.get(
				macroAt + 2) : "");
		}
		switch (args.get(0)) {
			case "demo":
				Demo.run(Paths.get(args.size() > 1 ? args.get(1) : "out"));
				return 0;
			case "--list":
				list();
				return 0;
			default:
				return usage(2);
		}
	}

	static void runCommand(final String command, final Map<String, String> arguments) {
		final SpectralCnnRuntime runtime = SpectralCnnRuntime.get();
		runtime.invoker().run(runtime.catalog().find(command), arguments);
	}

	/** Runs an ImageJ 1 macro headless; 1 when it stops with an error ({@link HeadlessMacro}). */
	static int runMacro(final Path file, final String argument) throws IOException {
		final String code;
		try {
			code = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (final NoSuchFileException e) {
			throw new CommandFailure("macro file not found: " + file);
		}
		SpectralCnnRuntime.get().installMacroCommands();
		final String failure = new HeadlessMacro(file.getFileName().toString(), code, argument)
			.run();
		if (failure == null) return 0;
		System.err.println("spectral-cnn: " + failure);
		return 1;
	}

	/**
	 * ImageJ 1 with the Plugins › Spectral CNN menu, optionally running a macro in it; the
	 * process lives until ImageJ is closed.
	 */
	private static int startGui(final Path macro, final String argument) throws IOException {
		if (java.awt.GraphicsEnvironment.isHeadless()) throw new CommandFailure(
			"no display for the GUI; use --headless --run, -macro or demo");
		new ij.ImageJ(ij.ImageJ.STANDALONE); // ends the process itself when the user quits
		ImageJ1Menus.install();
		SpectralCnnRuntime.get().forwardStatusToImageJ();
		if (macro != null) ij.IJ.runMacro(new String(Files.readAllBytes(macro),
			StandardCharsets.UTF_8), argument);
		try {
			Thread.currentThread().join();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}

	private static void list() {
		for (final CommandInfo info : SpectralCnnRuntime.get().catalog().all()) {
			System.out.println(CommandCatalog.label(info));
			try {
				System.out.print(KeyDescriptions.listing(Class.forName(info.getClassName())));
			}
			catch (final ClassNotFoundException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	private static int usage(final int code) {
		(code == 0 ? System.out : System.err).println(String.join("\n",
			"usage: spectral-cnn --headless --run \"Command Label\" \"key=value,key2=value2\"",
			"       spectral-cnn -macro file.ijm [argument]",
			"       spectral-cnn demo [output folder, default out]",
			"       spectral-cnn [--gui macro.ijm [argument]]  (ImageJ with the Plugins > Spectral CNN menu)",
			"       spectral-cnn --list      (commands and their keys)"));
		return code;
	}
}
