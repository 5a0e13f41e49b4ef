package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.Macro;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.spectralcnn.bridge.FeatureMapFiles;
import org.spectralcnn.bridge.CnnReport;
import org.spectralcnn.bridge.FeatureMapImages;
import org.spectralcnn.launcher.CommandCatalog;
import org.spectralcnn.launcher.CommandInvoker;
import org.spectralcnn.train.CnnFixtures;
import org.spectralcnn.bridge.TransferReport;

/**
 * Issue 14, data loss and silent wrong values: no command writes over one of its inputs (also
 * not through a report folder), a failed run leaves the previous model byte-identical, and
 * numbers that do not parse stop the run with the text typed — through a SciJava call with
 * strings, the launcher's parsing and Fiji's macro options.
 */
class SafeInputsOutputsTest extends HeadlessCommandTest {

	@TempDir
	Path tmp;

	/** The lab table, copied to where a report would put one of its own files. */
	private Path labTableAt(final String folder, final String name) throws Exception {
		final Path f = Files.createDirectories(tmp.resolve(folder)).resolve(name);
		Files.copy(CnnFixtures.SOIL, f);
		return f;
	}

	private Path oldModel(final String name) throws Exception {
		return Files.writeString(tmp.resolve(name), "the previous model");
	}

	private static void assertUnchanged(final Path copy) throws Exception {
		assertArrayEquals(Files.readAllBytes(CnnFixtures.SOIL), Files.readAllBytes(copy), copy +
			" must be untouched");
	}

	@Test
	void noCommandWritesOverAnInputThroughItsReportFolder() throws Exception {
		final Path model = oldModel("prev.zip");

		// Train CNN: input=rep/predictions.csv, report=rep
		Path input = labTableAt("rep", "predictions.csv");
		Map<String, Object> in = tinyCnnTraining(tmp.resolve("o6.zip"));
		in.put("input", input.toFile());
		in.put("report", tmp.resolve("rep").toFile());
		assertEquals("report " + input + " would overwrite the input " + input +
			" (input); choose another file or move the input", failure(TrainCnnCommand.class, in));
		assertUnchanged(input);
		assertFalse(Files.exists(tmp.resolve("o6.zip")), "refused before training");

		// Train CNN: a scatter plot name (a pattern, not a fixed name)
		input = labTableAt("rep2", "scatter_clay.png");
		in = tinyCnnTraining(tmp.resolve("o7.zip"));
		in.put("input", input.toFile());
		in.put("report", tmp.resolve("rep2").toFile());
		assertTrue(failure(TrainCnnCommand.class, in).startsWith("report folder " + tmp.resolve(
			"rep2") + " would overwrite the input " + input));
		assertUnchanged(input);

		// Evaluate Model: input=ev/predictions.csv, plots=ev
		input = labTableAt("ev", "predictions.csv");
		assertTrue(failure(EvaluateCommand.class, Map.of("model", model.toFile(), "input", input
			.toFile(), "output", tmp.resolve("m.csv").toFile(), "plots", tmp.resolve("ev").toFile()))
			.contains("would overwrite the input " + input));
		assertUnchanged(input);

		// Compare Models: input=cmp/comparison.csv, output=cmp
		input = labTableAt("cmp", "comparison.csv");
		assertTrue(failure(CompareModelsCommand.class, Map.of("models", model.toString(), "input",
			input.toFile(), "output", tmp.resolve("cmp").toFile(), "split_column", "")).contains(
				"would overwrite the input " + input));
		assertUnchanged(input);

		// Train PLSR: input=pls/metrics.csv, report=pls
		input = labTableAt("pls", "metrics.csv");
		final Map<String, Object> plsr = new HashMap<>(Map.of("input", input.toFile(), "targets",
			"clay", "model", tmp.resolve("p.zip").toFile(), "report", tmp.resolve("pls").toFile()));
		assertTrue(failure(TrainPlsrCommand.class, plsr).contains("would overwrite the input " +
			input));
		assertUnchanged(input);

		// Fine-tune CNN: input=ft/transfer_predictions.csv, report=ft
		input = labTableAt("ft", TransferReport.PREDICTIONS);
		assertTrue(failure(FineTuneCnnCommand.class, Map.of("model", model.toFile(), "input", input
			.toFile(), "targets", "clay", "output_model", tmp.resolve("f.zip").toFile(), "report", tmp
				.resolve("ft").toFile())).contains("would overwrite the input " + input));
		assertUnchanged(input);

		// Show Feature Maps: input=fm/layers.csv, output=fm
		input = labTableAt("fm", FeatureMapFiles.TABLE);
		assertTrue(failure(ShowFeatureMapsCommand.class, Map.of("model", model.toFile(), "input",
			input.toFile(), "output", tmp.resolve("fm").toFile(), "layers", "all", "sample", "1"))
			.contains("would overwrite the input " + input));
		assertUnchanged(input);

		// Predict / Import: the output file is the input, through another spelling of its path
		input = labTableAt("p", "in.csv");
		assertTrue(failure(PredictCommand.class, Map.of("model", model.toFile(), "input", input
			.toFile(), "output", tmp.resolve("p/x/../in.csv").toFile())).contains(
				"would overwrite the input"));
		assertTrue(failure(ImportSpectraCommand.class, files("input", input, "plot", input, "output",
			null, "targets_output", null)).contains("would overwrite the input"));
		assertUnchanged(input);
		assertEquals("the previous model", Files.readString(model));
	}

	@Test
	void theCheckpointOfAnInterruptedTrainingIsCheckedBeforeTraining() throws Exception {
		// a folder where the checkpoint would go: refused now, not after hours of training
		Files.createDirectories(tmp.resolve("d.interrupted.zip"));
		final Map<String, Object> in = tinyCnnTraining(tmp.resolve("d.zip"));
		final String refusal = failure(TrainCnnCommand.class, in);
		assertTrue(refusal.startsWith(TrainingProgress.CHECKPOINT_KEY + " " + tmp.resolve(
			"d.interrupted.zip") + " is a folder"), refusal);
		assertFalse(Files.exists(tmp.resolve("d.zip")), "refused before training");
		// the global model where Fine-tune CNN's checkpoint would go
		final Path global = oldModel("g.interrupted.zip");
		assertTrue(failure(FineTuneCnnCommand.class, Map.of("model", global.toFile(), "input", new File(
			"test-data/soil_visnir.csv"), "targets", "clay", "output_model", tmp.resolve("g.zip")
				.toFile())).contains("would overwrite the input " + global));
		assertEquals("the previous model", Files.readString(global));
	}

	@Test
	void aFailedRunLeavesThePreviousModelByteIdentical() throws Exception {
		final Path model = oldModel("prev.zip");
		final Path rfile = Files.writeString(tmp.resolve("rfile"), "x");

		// a report folder that is a file, or lies under one; a model path that is a folder
		Map<String, Object> in = tinyCnnTraining(model);
		in.put("report", rfile.toFile());
		assertEquals("report: " + rfile + " is a file, not a folder", failure(TrainCnnCommand.class,
			in));
		in.put("report", rfile.resolve("sub").toFile());
		assertEquals("report: cannot write " + rfile.resolve("sub") + ": " + rfile +
			" is a file, not a folder", failure(TrainCnnCommand.class, in));
		final Path folder = Files.createDirectories(tmp.resolve("m.zip"));
		in = tinyCnnTraining(folder);
		assertEquals("model " + folder + " is a folder; expected a file name (e.g. " + folder.resolve(
			"result") + ")", failure(TrainCnnCommand.class, in));

		// a report that fails after training (a folder where a scatter plot goes): the model stays
		final Path rep = Files.createDirectories(tmp.resolve("rep/scatter_clay.png"));
		in = tinyCnnTraining(model);
		in.put("report", rep.getParent().toFile());
		final String message = failure(TrainCnnCommand.class, in);
		assertTrue(message.contains("scatter_clay.png"), message);
		assertEquals("the previous model", Files.readString(model));
		for (final Path dir : List.of(tmp, rep.getParent()))
			try (Stream<Path> files = Files.list(dir)) {
				assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")),
					"no temporary file left in " + dir);
			}

		// the same run with a good report folder replaces the model, report first
		in.put("report", tmp.resolve("good").toFile());
		run(TrainCnnCommand.class, in);
		assertTrue(Files.size(model) > 1000);
		assertPlanned(tmp.resolve("good"), CnnReport.FILES);

		// Train PLSR: the same for its report
		final Path plsr = oldModel("prev_plsr.zip");
		Files.createDirectories(tmp.resolve("pls/scatter_clay.png"));
		final Map<String, Object> p = new HashMap<>(Map.of("input", CnnFixtures.SOIL.toFile(),
			"targets", "clay", "max_components", 3, "folds", 3, "model", plsr.toFile(), "report", tmp
				.resolve("pls").toFile()));
		assertTrue(failure(TrainPlsrCommand.class, p).contains("scatter_clay.png"));
		assertEquals("the previous model", Files.readString(plsr));
	}

	/** Text values as a SciJava caller passes them: SciJava alone turns all of these into 0. */
	@Test
	void numbersThatDoNotParseStopASciJavaCall() {
		final Map<String, String> cases = new LinkedHashMap<>();
		cases.put("epochs=abc", "expected a whole number, got 'abc'");
		cases.put("epochs=99999999999", "99999999999 is out of range (whole numbers from -2147483648 to 2147483647)");
		cases.put("epochs=2.5", "expected a whole number, got '2.5'");
		cases.put("seed=abc", "expected a whole number, got 'abc'");
		cases.put("lr_patience=abc", "expected a whole number, got 'abc'");
		cases.put("window_size=abc", "expected a whole number, got 'abc'");
		cases.put("validation_fraction=abc", "expected a number such as 0.25 or 1e-3, got 'abc'");
		cases.put("validation_fraction=0,2", "write the decimal point as a dot: 0.2, not '0,2'");
		cases.put("learning_rate=1e999", "1e999 is out of range (at most 1.7976931348623157E308)");
		for (final Map.Entry<String, String> c : cases.entrySet()) {
			final String[] kv = c.getKey().split("=");
			final Map<String, Object> in = new HashMap<>(tinyCnnTraining(tmp.resolve("n.zip")));
			in.put(kv[0], kv[1]);
			final IllegalArgumentException e = assertThrowsQuietly(IllegalArgumentException.class,
				() -> context().service(CommandService.class).run(TrainCnnCommand.class, true, in)
					.get());
			assertEquals(c.getValue(), e.getMessage(), c.getKey());
		}
		// numbers convert to their value (SciJava alone gives 0 for " 7 " and "3.0" as an int)
		final ConvertService convert = context().service(ConvertService.class);
		assertEquals(7, convert.convert(" 7 ", int.class));
		assertEquals(3, convert.convert("3.0", int.class));
		assertEquals(-12L, convert.convert("-12", long.class));
		assertEquals(0.2, convert.convert("0.2", double.class));
		assertEquals(1e-3, convert.convert("1e-3", Double.class));
		assertEquals("abc", convert.convert("abc", String.class), "other conversions as before");
		assertEquals(Double.NEGATIVE_INFINITY, convert.convert("-Infinity", double.class),
			"Java's spellings, used in other plugins' @Parameter(min = …), as before");
		assertFalse(Files.exists(tmp.resolve("n.zip")));
	}

	/** The launcher and our macro bridge parse the text themselves and name the key. */
	@Test
	void numbersThatDoNotParseStopTheLauncherNamingTheKey() throws Exception {
		final Map<String, String> cases = new LinkedHashMap<>();
		cases.put("epochs=abc", "Train CNN: epochs: expected a whole number, got 'abc'");
		cases.put("epochs=99999999999",
			"Train CNN: epochs: 99999999999 is out of range (whole numbers from -2147483648 to 2147483647)");
		cases.put("seed=abc", "Train CNN: seed: expected a whole number, got 'abc'");
		cases.put("lr_patience=abc", "Train CNN: lr_patience: expected a whole number, got 'abc'");
		cases.put("window_size=", "Train CNN: window_size: expected a whole number, got an empty value");
		cases.put("validation_fraction=abc",
			"Train CNN: validation_fraction: expected a number such as 0.25 or 1e-3, got 'abc'");
		cases.put("validation_fraction=0,2",
			"Train CNN: validation_fraction: write the decimal point as a dot: 0.2, not '0,2'");
		final CommandInvoker invoker = new CommandInvoker(context());
		for (final Map.Entry<String, String> c : cases.entrySet()) {
			final String[] kv = c.getKey().split("=", 2);
			final Map<String, String> args = new LinkedHashMap<>();
			args.put("input", CnnFixtures.SOIL.toString());
			args.put("targets", "clay");
			args.put("architecture", "tiny");
			args.put("model", tmp.resolve("l.zip").toString());
			args.put(kv[0], kv[1]);
			final CommandFailure e = assertThrowsQuietly(CommandFailure.class, () -> invoker.run(
				new CommandCatalog(context()).find("Train CNN"), args));
			assertEquals(c.getValue(), e.getMessage());
		}
		assertFalse(Files.exists(tmp.resolve("l.zip")));
		// a yes/no key takes true or false, not anything else as false
		for (final String typed : new String[] { "1", "yes", "ture" }) {
			final Map<String, String> args = new LinkedHashMap<>();
			args.put("input", CnnFixtures.SOIL.toString());
			args.put("targets", "clay");
			args.put("scale", typed);
			args.put("model", tmp.resolve("s.zip").toString());
			final CommandFailure e = assertThrowsQuietly(CommandFailure.class, () -> invoker.run(
				new CommandCatalog(context()).find("Train PLSR"), args));
			assertEquals("Train PLSR: scale: expected true or false, got '" + typed + "'", e
				.getMessage());
		}
		assertFalse(Files.exists(tmp.resolve("s.zip")));
		// a file to write typed as a folder
		final Map<String, String> args = new LinkedHashMap<>();
		args.put("input", CnnFixtures.SOIL.toString());
		args.put("output", tmp.resolve("newdir") + "/");
		final CommandFailure e = assertThrowsQuietly(CommandFailure.class, () -> invoker.run(
			new CommandCatalog(context()).find("Import Spectra"), args));
		assertEquals("Import Spectra: output: '" + tmp.resolve("newdir") + "/' ends with a folder " +
			"separator; give a file name (e.g. " + tmp.resolve("newdir") + "/result)", e.getMessage());
		assertFalse(Files.exists(tmp.resolve("newdir")));
		// keys separated by spaces, as in a macro's run(): the hint names the separator
		final Map<String, String> spaced = new LinkedHashMap<>();
		spaced.put("model", tmp.resolve("m.zip") + " input=" + CnnFixtures.SOIL + " output=" + tmp
			.resolve("s.csv"));
		final CommandFailure s = assertThrowsQuietly(CommandFailure.class, () -> invoker.run(
			new CommandCatalog(context()).find("Predict with Model"), spaced));
		assertTrue(s.getMessage().contains("'input=' is inside the value of 'model': separate keys " +
			"with commas"), s.getMessage());
	}

	/**
	 * Fiji's macro path: imagej-legacy has already turned "abc" into 0 when the command runs; the
	 * command reads the macro options of its thread again.
	 */
	@Test
	void fijiMacroOptionsAreReadAgainStrictly() throws Exception {
		final ModuleService modules = context().service(ModuleService.class);
		final AtomicReference<Throwable> thrown = new AtomicReference<>();
		final AtomicReference<Object> converted = new AtomicReference<>();
		final Thread macro = new Thread(() -> {
			final Module module = modules.createModule(context().service(CommandService.class)
				.getCommand(TrainCnnCommand.class));
			final Map<String, Object> in = tinyCnnTraining(tmp.resolve("f.zip"));
			in.put("validation_fraction", 0.0); // what imagej-legacy made of the text
			for (final Map.Entry<String, Object> e : in.entrySet())
				module.setInput(e.getKey(), e.getValue());
			Macro.setOptions(Thread.currentThread(), "input=x targets=clay validation_fraction=0,2");
			// as imagej-legacy's macro preprocessor converts: not stopped here, so the command can
			// name the key
			converted.set(context().service(ConvertService.class).convert("0,2", double.class));
			try {
				module.run();
			}
			catch (final Throwable t) {
				thrown.set(t);
			}
			finally {
				Macro.setOptions(Thread.currentThread(), null);
			}
		}, "Run$_test macro");
		macro.start();
		macro.join();
		assertEquals(0.0, converted.get());
		assertTrue(thrown.get() instanceof CommandFailure, "thrown: " + thrown.get());
		assertEquals("validation_fraction: write the decimal point as a dot: 0.2, not '0,2'", thrown
			.get().getMessage());
		assertNull(Macro.getOptions(), "no options on a thread that is no macro");
		assertFalse(Files.exists(tmp.resolve("f.zip")));
	}

	@Test
	void missingAndUnreadableFilesAreNamed() {
		final Path nope = tmp.resolve("x/nope.csv");
		assertEquals("input: " + nope + ": folder " + tmp.resolve("x") + " not found", failure(
			ImportSpectraCommand.class, files("input", nope, "output", tmp.resolve("o.tif"),
				"targets_output", null, "plot", null)));
		final Path none = tmp.resolve("none.csv");
		assertEquals("input: " + none + ": file not found", failure(ImportSpectraCommand.class, files(
			"input", none, "output", tmp.resolve("o.tif"), "targets_output", null, "plot", null)));
	}

	/** Keys and values, paths as files, null for an optional file not given. */
	private static Map<String, Object> files(final Object... kv) {
		final Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			in.put((String) kv[i], kv[i + 1] instanceof Path p ? p.toFile() : kv[i + 1]);
		return in;
	}
}
