package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.bridge.CnnReport;
import org.spectralcnn.bridge.ReportPlots;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.ModelArchive;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;
import org.spectralcnn.train.CnnFixtures;

/** Train CNN, Predict with Model and Evaluate Model in a headless SciJava context, as Fiji runs them. */
class CnnCommandsTest extends HeadlessCommandTest {

	@TempDir
	Path tmp;

	@Test
	void trainPredictEvaluate() throws Exception {
		final Path model = tmp.resolve("soil cnn.zip");
		final Path report = tmp.resolve("report");
		final Map<String, Object> train = tinyCnnTraining(model);
		train.put("report", report.toFile());
		run(TrainCnnCommand.class, train);

		for (final String f : List.of("metrics.csv", "predictions.csv", "scatter_clay.png",
			"scatter_soc.png", "loss.png", "history.csv"))
			assertTrue(Files.size(report.resolve(f)) > 0, f);
		assertPlanned(report, CnnReport.FILES);
		final List<String> metrics = Files.readAllLines(report.resolve("metrics.csv"));
		assertEquals("target,n,RMSE,R2,RPD,RPIQ,bias,CCC", metrics.get(0));
		assertEquals(3, metrics.size());
		assertEquals(51, Files.readAllLines(report.resolve("predictions.csv")).size(),
			"the 50 test samples");
		assertEquals(4, Files.readAllLines(report.resolve("history.csv")).size());

		final SpectralModel m = Models.load(model);
		assertEquals(List.of("clay", "soc"), m.targets());
		final JsonObject manifest = m.manifest();
		assertTrue(manifest.getAsJsonObject("metrics").has("test"));
		assertEquals(45, manifest.getAsJsonObject("metrics").getAsJsonObject("test")
			.getAsJsonObject("clay").get("n").getAsInt());
		assertEquals("tiny", manifest.getAsJsonObject("architecture").get("preset").getAsString());
		assertEquals(0.001, manifest.getAsJsonObject("training").get("learning_rate").getAsDouble(),
			"no learning_rate: the architecture's");
		assertEquals(135, manifest.getAsJsonObject("training").get("training_samples").getAsInt() +
			manifest.getAsJsonObject("training").get("validation_samples").getAsInt() - 15 + 0 * 0,
			"150 calibration samples: 135 training (all have a target) + 15 validation");

		final Path predictions = tmp.resolve("predictions.csv");
		final Map<String, Object> predict = new HashMap<>();
		predict.put("model", model.toFile());
		predict.put("input", CnnFixtures.SOIL.toFile());
		predict.put("output", predictions.toFile());
		run(PredictCommand.class, predict);
		final List<String> lines = Files.readAllLines(predictions, StandardCharsets.UTF_8);
		assertEquals("id,clay,clay_lower,clay_upper,soc,soc_lower,soc_upper,t2,q,out_of_domain",
			lines.get(0));
		assertEquals(201, lines.size());
		for (final String line : lines.subList(1, lines.size())) {
			final String[] c = line.split(",");
			// tiny has no dropout: split conformal intervals around the prediction
			assertTrue(Double.parseDouble(c[2]) < Double.parseDouble(c[1]) && Double.parseDouble(
				c[1]) < Double.parseDouble(c[3]), line);
			assertTrue(Double.parseDouble(c[7]) >= 0 && Double.parseDouble(c[8]) >= 0, line);
			assertTrue(c[9].equals("0") || c[9].equals("1"), line);
		}
		final SpectralDataset all = SpectraIO.open(CnnFixtures.SOIL);
		final double[][] expected = m.predict(all);
		final String[] first = lines.get(1).split(",");
		assertEquals("S001", first[0]);
		assertEquals(expected[0][0], Double.parseDouble(first[1]), Math.ulp(expected[0][0]) * 4);

		final Path out = tmp.resolve("eval.csv");
		final Map<String, Object> evaluate = new HashMap<>();
		evaluate.put("model", model.toFile());
		evaluate.put("input", CnnFixtures.SOIL.toFile());
		evaluate.put("output", out.toFile());
		evaluate.put("plots", tmp.resolve("plots").toFile());
		run(EvaluateCommand.class, evaluate);
		final List<String> eval = Files.readAllLines(out);
		assertEquals(3, eval.size());
		assertEquals(
			"target,n,RMSE,R2,RPD,RPIQ,bias,CCC,coverage,mean_width,n_flagged,RMSE_unflagged,RMSE_flagged",
			eval.get(0));
		final double coverage = Double.parseDouble(eval.get(1).split(",")[8]);
		assertTrue(coverage > 0.5 && coverage <= 1, "clay coverage " + coverage);
		assertTrue(eval.get(1).startsWith("clay,"), eval.get(1));
		assertTrue(Files.size(tmp.resolve("plots").resolve("scatter_soc.png")) > 0);
		assertPlanned(tmp.resolve("plots"), List.of("predictions.csv", ReportPlots.SCATTER_FILES));
		assertEquals(201, Files.readAllLines(tmp.resolve("plots").resolve("predictions.csv"))
			.size());
	}

	@Test
	void spectrogramModelFromTheCommand() throws Exception {
		final Path model = tmp.resolve("2d.zip");
		final Map<String, Object> train = tinyCnnTraining(model);
		train.put("representation", "spectrogram");
		train.put("steps", "");
		train.put("window_size", 64);
		train.put("hop", 32);
		train.put("detrend", "none");
		train.put("epochs", 1);
		run(TrainCnnCommand.class, train);
		final CnnModel m = (CnnModel) Models.load(model);
		assertEquals("spectrogram", m.representation().key());
		assertEquals(33, m.inputPipeline().shape().height());
		assertEquals(12, m.inputPipeline().shape().width());
		assertEquals("none", m.manifest().getAsJsonObject("stft").get("detrend").getAsString());
	}

	/** Cancelling during epoch 2 stops there and still saves the best model so far. */
	@Test
	void cancelKeepsTheBestModelSoFar() throws Exception {
		final Path model = tmp.resolve("cancelled.zip");
		final Map<String, Object> train = tinyCnnTraining(model);
		train.put("epochs", 50);
		final TrainCnnCommand command = runCancellingAt(TrainCnnCommand.class, train, "epoch 1/50");
		assertTrue(command.isCanceled());
		final JsonObject training = ModelArchive.read(model).manifest().getAsJsonObject("training");
		assertEquals("canceled", training.get("stopped").getAsString());
		assertEquals(1, training.get("epochs_run").getAsInt());
		assertEquals(1, training.get("best_epoch").getAsInt());
	}

	@Test
	void badInputFailsClearlyAndWritesNothing() throws Exception {
		final Path model = tmp.resolve("model.zip");
		Files.write(model, "an older model".getBytes(StandardCharsets.UTF_8));
		final Map<String, String> expected = new java.util.LinkedHashMap<>();
		final Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();

		Map<String, Object> in = tinyCnnTraining(model);
		in.put("targets", "clay,sand");
		cases.put("unknown target", in);
		expected.put("unknown target", "no numeric column 'sand' in soil_visnir.csv; numeric columns: train, clay, soc");

		in = tinyCnnTraining(model);
		in.put("batch_size", 200);
		cases.put("batch", in);
		expected.put("batch", "fewer than one batch (batch_size=200)");

		in = tinyCnnTraining(model);
		in.put("architecture", "fast");
		in.put("steps", "trim(400, 430)");
		cases.put("short", in);
		expected.put("short", "spectra too short for architecture 'fast': the network input has 7 points");

		in = tinyCnnTraining(model);
		in.put("representation", "spectrogram");
		in.put("architecture", "ng2019");
		cases.put("preset", in);
		expected.put("preset", "preset 'ng2019' is for the spectrum representation");

		in = tinyCnnTraining(model);
		in.put("split_column", "clay");
		cases.put("split", in);
		expected.put("split", "split column 'clay' must hold 1 (calibration) or 0 (test)");

		in = tinyCnnTraining(model);
		in.put("learning_rate", -1.0);
		cases.put("lr", in);
		expected.put("lr", "learning_rate must be 0 (the architecture's) or a positive number, got -1");

		for (final Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
			final String message = failure(TrainCnnCommand.class, c.getValue());
			assertTrue(message.contains(expected.get(c.getKey())), c.getKey() + ": " + message);
			assertEquals("an older model", Files.readString(model), c.getKey() +
				": the old model file is untouched");
		}
		try (var files = Files.list(tmp)) {
			assertEquals(1, files.count(), "nothing half-written");
		}

		final Path corrupt = tmp.resolve("corrupt.zip");
		final byte[] zip = new byte[300];
		zip[0] = 'P';
		zip[1] = 'K';
		zip[2] = 3;
		zip[3] = 4;
		Files.write(corrupt, zip);
		final Map<String, Object> predict = new HashMap<>();
		predict.put("model", corrupt.toFile());
		predict.put("input", CnnFixtures.SOIL.toFile());
		predict.put("output", tmp.resolve("p.csv").toFile());
		final String message = failure(PredictCommand.class, predict);
		assertTrue(message.contains("corrupt.zip") && message.contains("corrupt"), message);
		assertFalse(Files.exists(tmp.resolve("p.csv")));

		final Map<String, Object> evaluate = new HashMap<>();
		evaluate.put("model", model.toFile());
		evaluate.put("input", CnnFixtures.SOIL.toFile());
		evaluate.put("output", tmp.resolve("e.csv").toFile());
		evaluate.put("plots", null); // resolved: headless SciJava would ask for an unset file
		final String notZip = failure(EvaluateCommand.class, evaluate);
		assertTrue(notZip.contains("model.zip") && notZip.contains("zip"), notZip);
	}

	/** ng2019 trains at its own learning rate unless one is given (its heads die at 1e-3). */
	@Test
	void ng2019TrainsAtItsOwnLearningRate() throws Exception {
		final Path model = tmp.resolve("ng.zip");
		final Map<String, Object> train = tinyCnnTraining(model);
		train.put("architecture", "ng2019");
		train.put("epochs", 1);
		run(TrainCnnCommand.class, train);
		assertEquals(3e-4, Models.load(model).manifest().getAsJsonObject("training").get(
			"learning_rate").getAsDouble());
		train.put("learning_rate", 0.002);
		run(TrainCnnCommand.class, train);
		assertEquals(0.002, Models.load(model).manifest().getAsJsonObject("training").get(
			"learning_rate").getAsDouble());
	}

	/**
	 * A model whose output no longer follows the spectrum is named in Evaluate's and Predict's Log,
	 * with what to do.
	 */
	@Test
	void warnsOfAnOutputStuckAtOneValue() throws Exception {
		final Path model = tmp.resolve("m.zip");
		run(TrainCnnCommand.class, tinyCnnTraining(model));
		final Map<String, Object> evaluate = new HashMap<>();
		evaluate.put("model", model.toFile());
		evaluate.put("input", CnnFixtures.SOIL.toFile());
		evaluate.put("output", tmp.resolve("e.csv").toFile());
		evaluate.put("plots", null); // resolved: headless SciJava would ask for an unset file
		assertTrue(runLogged(EvaluateCommand.class, evaluate).stream().noneMatch(l -> l.contains(
			"predictions are")));
		// the output layer's weights zeroed: its bias whatever the spectrum, as from a dead ReLU head
		final CnnModel m = (CnnModel) Models.load(model);
		final var output = m.network().getLayer(org.spectralcnn.model.LayerNames.OUTPUT);
		output.setParam("W", output.getParam("W").mul(0));
		final Path dead = tmp.resolve("dead.zip");
		m.save(dead);
		evaluate.put("model", dead.toFile());
		final List<String> warnings = runLogged(EvaluateCommand.class, evaluate).stream().filter(
			l -> l.contains("predictions are")).toList();
		assertEquals(2, warnings.size(), warnings.toString());
		final long withClay = java.util.Arrays.stream(SpectraIO.open(CnnFixtures.SOIL).column("clay"))
			.filter(v -> !Double.isNaN(v)).count();
		assertTrue(warnings.get(0).startsWith("Evaluate Model: clay: " + withClay + " of " + withClay +
			" predictions are ") &&
			warnings.get(0).contains("another seed"), warnings.get(0));
		final Map<String, Object> predict = new HashMap<>();
		predict.put("model", dead.toFile());
		predict.put("input", CnnFixtures.SOIL.toFile());
		predict.put("output", tmp.resolve("p.csv").toFile());
		final int all = SpectraIO.open(CnnFixtures.SOIL).size();
		assertEquals(2, runLogged(PredictCommand.class, predict).stream().filter(l -> l.startsWith(
			"Predict with Model: ") && l.contains(all + " of " + all + " predictions are ")).count());
	}

	@Test
	void evaluateNeedsTheTargetColumns() throws Exception {
		final Path model = tmp.resolve("m.zip");
		run(TrainCnnCommand.class, tinyCnnTraining(model));
		final Path noLab = tmp.resolve("nolab.csv");
		final List<String> lines = Files.readAllLines(CnnFixtures.SOIL);
		final StringBuilder sb = new StringBuilder();
		for (final String l : lines) {
			final String[] c = l.split(",", -1);
			sb.append(c[0]).append(',').append(c[1]);
			for (int k = 4; k < c.length; k++) sb.append(',').append(c[k]);
			sb.append('\n');
		}
		Files.write(noLab, sb.toString().getBytes(StandardCharsets.UTF_8));
		final Map<String, Object> evaluate = new HashMap<>();
		evaluate.put("model", model.toFile());
		evaluate.put("input", noLab.toFile());
		evaluate.put("output", tmp.resolve("e.csv").toFile());
		evaluate.put("plots", null); // resolved: headless SciJava would ask for an unset file
		final String m = failure(EvaluateCommand.class, evaluate);
		assertTrue(m.contains("no lab values for the model's target 'clay'"), m);
		assertFalse(Files.exists(tmp.resolve("e.csv")));
		// prediction needs no lab values
		final Map<String, Object> predict = new HashMap<>();
		predict.put("model", model.toFile());
		predict.put("input", noLab.toFile());
		predict.put("output", tmp.resolve("p.csv").toFile());
		run(PredictCommand.class, predict);
		assertEquals(201, Files.readAllLines(tmp.resolve("p.csv")).size());
		assertArrayEquals(new String[] { "id", "clay", "clay_lower", "clay_upper", "soc", "soc_lower",
			"soc_upper", "t2", "q", "out_of_domain" }, Files.readAllLines(tmp.resolve("p.csv")).get(0)
				.split(","));
		assertFalse(new File(tmp.toFile(), "e.csv").exists());
	}
}
