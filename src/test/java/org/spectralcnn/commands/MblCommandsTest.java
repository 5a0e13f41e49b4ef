package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.module.Module;
import org.spectralcnn.launcher.CommandCatalog;
import org.spectralcnn.launcher.CommandInvoker;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;
import org.spectralcnn.plsr.MblModel;

/** Train MBL, then Predict with Model and Evaluate Model on its file, headless, on the test data. */
class MblCommandsTest extends HeadlessCommandTest {

	@TempDir
	Path dir;

	@Test
	void trainPredictEvaluate() throws Exception {
		final Path model = dir.resolve("mbl.zip");
		final Module m = launch("Train MBL", "input", "test-data/soil_visnir.csv", "targets",
			"clay, soc", "steps", "snv", "neighbours", "30", "max_components", "8", "split_column",
			"train", "model", model.toString());
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary.startsWith("clay: library of ") && summary.contains("test RMSEP"), summary);
		final SpectralModel loaded = Models.load(model);
		assertEquals(MblModel.KIND, loaded.kind());
		assertEquals(List.of("clay", "soc"), loaded.targets());
		assertEquals(30, loaded.manifest().getAsJsonObject("mbl").get("neighbours").getAsInt());
		assertTrue(loaded.calibration().residuals().startsWith("leave-one-out errors of "), loaded
			.calibration().residuals());

		final Path predictions = dir.resolve("p.csv");
		launch("Predict with Model", "model", model.toString(), "input", "test-data/soil_visnir.csv",
			"output", predictions.toString());
		final List<String> lines = Files.readAllLines(predictions);
		assertEquals(201, lines.size(), "a header and a line per sample");
		assertEquals("id,clay,clay_lower,clay_upper,soc,soc_lower,soc_upper,t2,q,out_of_domain", lines
			.get(0));
		final Path metrics = dir.resolve("e.csv");
		launch("Evaluate Model", "model", model.toString(), "input", "test-data/soil_visnir.csv",
			"output", metrics.toString());
		final List<String> table = Files.readAllLines(metrics);
		assertTrue(table.get(0).contains("coverage,mean_width") && table.get(1).startsWith("clay,"),
			String.join("\n", table));

		// local samples on another grid join the library; their leave-one-out errors make the intervals
		final Path withLocal = dir.resolve("mbl_local.zip");
		final String local = (String) launch("Train MBL", "input", "test-data/global_visnir.csv",
			"targets", "clay", "steps", "snv", "neighbours", "30", "local_input",
			"test-data/local_visnir_shifted.csv", "model", withLocal.toString()).getOutput("summary");
		assertTrue(local.matches("(?s)clay: library of \\d+ samples \\+ \\d+ local, .*; the \\d+ local samples, leave-one-out: RMSE .*"),
			local);
		final SpectralModel l = Models.load(withLocal);
		assertTrue(l.calibration().residuals().contains(" local samples, each predicted"), l
			.calibration().residuals());
		assertEquals(40, l.manifest().getAsJsonObject("local_samples").get("samples").getAsInt());
		expect("local_input: xrf: spectra are in keV", "Train MBL", "input",
			"test-data/global_visnir.csv", "targets", "clay", "local_input", "test-data/xrf", "model",
			dir.resolve("x.zip").toString());
	}

	@Test
	void badInputsNameTheKey() {
		final String in = "test-data/soil_visnir.csv", model = dir.resolve("m.zip").toString();
		expect("neighbours must be at least 5", "Train MBL", "input", in, "targets", "clay",
			"neighbours", "2", "model", model);
		expect("fewer than neighbours=5000", "Train MBL", "input", in, "targets", "clay",
			"neighbours", "5000", "model", model);
		expect("max_components (2) must be at least min_components (3)", "Train MBL", "input", in,
			"targets", "clay", "max_components", "2", "model", model);
		expect("targets: no numeric column 'sand'", "Train MBL", "input", in, "targets", "sand",
			"model", model);
		expect("steps: unknown step 'foo'", "Train MBL", "input", in, "targets", "clay", "steps",
			"foo", "model", model);
		expect("would overwrite the input", "Train MBL", "input", in, "targets", "clay", "model",
			in);
		assertTrue(Files.notExists(dir.resolve("m.zip")), "no model file after a failure");
	}

	private static Module launch(final String label, final String... kv) {
		final Map<String, String> args = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) args.put(kv[i], kv[i + 1]);
		return new CommandInvoker(context()).run(new CommandCatalog(context()).find(label), args);
	}

	private static void expect(final String message, final String label, final String... kv) {
		final CommandFailure e = assertThrowsQuietly(CommandFailure.class, () -> launch(label, kv));
		assertTrue(e.getMessage().contains(message), "'" + e.getMessage() + "' should contain '" +
			message + "'");
		assertTrue(e.getMessage().startsWith(label + ": "), e.getMessage());
	}
}
