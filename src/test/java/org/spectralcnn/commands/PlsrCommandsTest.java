package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.module.Module;
import org.spectralcnn.launcher.CommandCatalog;
import org.spectralcnn.launcher.CommandInvoker;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.io.FileDigest;
import org.spectralcnn.model.TrainingInput;
import org.spectralcnn.models.Models;
import org.spectralcnn.bridge.ComparisonReport;
import org.spectralcnn.bridge.PlsrReport;

/** Train PLSR and Compare Models as SciJava commands, headless, on the bundled test data. */
class PlsrCommandsTest extends HeadlessCommandTest {

	@TempDir
	Path dir;

	@Test
	void trainThenCompare() throws Exception {
		final Path model = dir.resolve("plsr.zip"), report = dir.resolve("report");
		final Map<String, Object> args = new HashMap<>();
		args.put("input", new File("test-data/soil_visnir.csv"));
		args.put("targets", "clay, soc");
		args.put("steps", "sg(11,2,1), snv");
		args.put("max_components", 8);
		args.put("folds", 5);
		args.put("selection", "min");
		args.put("split_column", "train");
		args.put("seed", 0L);
		args.put("model", model.toFile());
		args.put("report", report.toFile());
		final Module m = run(TrainPlsrCommand.class, args);
		assertTrue(((String) m.getOutput("summary")).startsWith("clay: "));
		final SpectralModel loaded = Models.load(model);
		assertEquals(List.of("clay", "soc"), loaded.targets());
		assertEquals("sg(11,2,1), snv", loaded.manifest().getAsJsonObject("preprocessing").get(
			"text").getAsString());
		// the file it was trained on is known again by its bytes, under any name
		final Path copy = Files.copy(Path.of("test-data/soil_visnir.csv"), dir.resolve("renamed.csv"));
		assertTrue(TrainingInput.trainedOn(loaded, FileDigest.sha256(copy)));
		assertFalse(TrainingInput.trainedOn(loaded, FileDigest.sha256(Path.of(
			"test-data/global_visnir.csv"))));
		for (final String f : new String[] { "metrics.csv", "rmsecv.csv", "rmsecv_clay.png",
			"vip_soc.png", "coefficients_clay.png", "vip_coefficients.csv", "predictions.csv" })
			assertTrue(Files.isRegularFile(report.resolve(f)), f);
		assertPlanned(report, PlsrReport.FILES);

		// a second, more parsimonious PLSR model through the launcher's text path
		final Path second = dir.resolve("plsr_1se.zip");
		launch("Train PLSR", "input", "test-data/soil_visnir.csv", "targets", "clay",
			"max_components", "8", "folds", "5", "selection", "1se", "model", second.toString());
		assertTrue(Files.isRegularFile(second));

		final Path out = dir.resolve("compare");
		final Map<String, Object> cargs = new HashMap<>();
		cargs.put("models", second + ", " + model);
		cargs.put("input", new File("test-data/soil_visnir.csv"));
		cargs.put("split_column", "train");
		cargs.put("output", out.toFile());
		final Module c = run(CompareModelsCommand.class, cargs);
		assertTrue(((String) c.getOutput("summary")).contains("reference"));
		final List<String> lines = Files.readAllLines(out.resolve("comparison.csv"));
		assertEquals(4, lines.size()); // clay × 2 models, soc × 1
		assertTrue(Files.isRegularFile(out.resolve("comparison.png")));
		assertPlanned(out, ComparisonReport.FILES);

		// the dialog's range of confidence holds for the launcher and macros too
		expect("confidence must be between 0.5 and 0.999", "Predict with Model", "model", model
			.toString(), "input", "test-data/soil_visnir.csv", "confidence", "0.3", "output", dir
				.resolve("p.csv").toString());
		expect("confidence must be between 0.5 and 0.999", "Evaluate Model", "model", model
			.toString(), "input", "test-data/soil_visnir.csv", "confidence", "1", "output", dir
				.resolve("e.csv").toString());
		// one Monte Carlo pass is refused for every model, not only for a CNN with dropout
		expect("mc_passes must be 0 (no Monte Carlo dropout) or at least 2, got 1", "Predict with Model",
			"model", model.toString(), "input", "test-data/soil_visnir.csv", "mc_passes", "1", "output",
			dir.resolve("p.csv").toString());
		expect("mc_passes must be 0 (no Monte Carlo dropout) or at least 2, got 1", "Evaluate Model",
			"model", model.toString(), "input", "test-data/soil_visnir.csv", "mc_passes", "1", "output",
			dir.resolve("e.csv").toString());
		assertTrue(Files.notExists(dir.resolve("p.csv")) && Files.notExists(dir.resolve("e.csv")));
	}

	@Test
	void badInputsNameTheKey() {
		final String in = "test-data/soil_visnir.csv", model = dir.resolve("m.zip").toString();
		expect("targets: no numeric column 'sand'", "Train PLSR", "input", in, "targets",
			"clay,sand", "model", model);
		expect("max_components must be at least 1", "Train PLSR", "input", in, "targets", "clay",
			"max_components", "0", "model", model);
		expect("max_components=500 is more than target 'clay' supports", "Train PLSR", "input", in,
			"targets", "clay", "max_components", "500", "model", model);
		expect("folds must be at least 2", "Train PLSR", "input", in, "targets", "clay", "folds",
			"1", "model", model);
		expect("folds=5000 is more than the", "Train PLSR", "input", in, "targets", "clay", "folds",
			"5000", "max_components", "2", "model", model);
		expect("selection='best'", "Train PLSR", "input", in, "targets", "clay", "selection",
			"best", "model", model);
		expect("split_column: no numeric column 'cal'", "Train PLSR", "input", in, "targets", "clay",
			"split_column", "cal", "model", model);
		expect("steps: unknown step 'foo'", "Train PLSR", "input", in, "targets", "clay", "steps",
			"snv, foo", "model", model);
		expect("steps: sg(4,2,1)", "Train PLSR", "input", in, "targets", "clay", "steps",
			"sg(4,2,1)", "model", model);
		expect("would overwrite the input", "Train PLSR", "input", in, "targets", "clay",
			"model", in);
		expect("models: name at least one model file", "Compare Models", "models", " ", "input", in,
			"output", dir.toString());
		expect("none.zip: file not found", "Compare Models", "models", dir.resolve("none.zip").toString(),
			"input", in, "output", dir.toString());
		assertTrue(Files.notExists(dir.resolve("m.zip")), "no model file after a failure");
	}

	@Test
	void localSamplesAreSpikedIntoTheModel() throws Exception {
		// the demo's local samples: another grid (20 nm against 10 nm), resampled onto the library's
		final Path spiked = dir.resolve("spiked.zip"), report = dir.resolve("spiked_report");
		final Module m = launch("Train PLSR", "input", "test-data/global_visnir.csv", "targets",
			"clay, soc", "steps", "absorbance, sg(11,2,1), snv", "max_components", "20", "local_input",
			"test-data/local_visnir_shifted.csv", "spike_weight", "5", "model", spiked.toString(),
			"report", report.toString());
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("spiked local samples, cross-validated"), summary);
		final SpectralModel model = Models.load(spiked);
		assertEquals(40, model.manifest().getAsJsonObject("spiking").get("samples").getAsInt());
		assertTrue(model.calibration().residuals().contains("40 spiked local samples"), model
			.calibration().residuals());
		final List<String> metrics = Files.readAllLines(report.resolve("metrics.csv"));
		assertTrue(metrics.stream().anyMatch(l -> l.startsWith("soc,local cross-validation,")),
			String.join("\n", metrics));

		final Path noSoc = dir.resolve("no_soc.csv");
		final List<String> lines = Files.readAllLines(Path.of("test-data/local_visnir_shifted.csv"));
		Files.write(noSoc, lines.stream().map(l -> l.replaceFirst("^([^,]*,[^,]*),[^,]*", "$1"))
			.toList());
		expect("local_input: no numeric column 'soc' in no_soc.csv", "Train PLSR", "input",
			"test-data/global_visnir.csv", "targets", "clay, soc", "local_input", noSoc.toString(),
			"model", dir.resolve("x.zip").toString());
		expect("spike_weight must be at least 1, got 0", "Train PLSR", "input",
			"test-data/global_visnir.csv", "targets", "clay", "local_input",
			"test-data/local_visnir_shifted.csv", "spike_weight", "0", "model", dir.resolve("x.zip")
				.toString());
		expect("local_input: ", "Train PLSR", "input", "test-data/global_visnir.csv", "targets",
			"clay", "local_input", "test-data/xrf", "model", dir.resolve("x.zip").toString());
		assertTrue(Files.notExists(dir.resolve("x.zip")));
	}

	private static Module launch(final String label, final String... kv) {
		final Map<String, String> args = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) args.put(kv[i], kv[i + 1]);
		return new CommandInvoker(context()).run(new CommandCatalog(context()).find(label), args);
	}

	/** The launcher's path: the failure is one line starting with the label (not logged). */
	private static void expect(final String message, final String label, final String... kv) {
		final CommandFailure e = assertThrowsQuietly(CommandFailure.class, () -> launch(label, kv));
		assertTrue(e.getMessage().contains(message), "'" + e.getMessage() + "' should contain '" +
			message + "'");
		assertTrue(e.getMessage().startsWith(label + ": "), e.getMessage());
	}
}
