package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.module.Module;
import org.spectralcnn.bridge.TransferReport;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.ConformalScores;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.transfer.HeldOutPredictions;
import org.spectralcnn.transfer.LocalGrid;
import org.spectralcnn.transfer.ParentLink;
import org.spectralcnn.transfer.TransferComparison;

/** Fine-tune CNN in a headless SciJava context, on the synthetic global and shifted local sets. */
class FineTuneCnnCommandTest extends HeadlessCommandTest {

	static final Path GLOBAL = Paths.get("test-data", "global_visnir.csv");
	static final Path LOCAL = Paths.get("test-data", "local_visnir_shifted.csv");

	@TempDir
	static Path tmp;

	private static Path globalModel;

	@BeforeAll
	static void trainGlobalModel() throws Exception {
		final SpectralDataset global = SpectraIO.open(GLOBAL);
		final TrainingRequest request = new TrainingRequest(List.of("clay", "soc"), null,
			Representation.SPECTRUM, Architecture.preset(Architecture.TINY, Representation.SPECTRUM),
			Preprocessing.parse("snv"), null, TrainingSettings.defaults(0).withEpochs(2).withBatchSize(
				32));
		globalModel = tmp.resolve("global model.zip");
		new CnnTrainer(request).train(global, null, TrainingListener.NONE, () -> false).model()
			.save(globalModel);
	}

	/** Every key (a GUI run's remembered values cannot leak in), small and fast. */
	private static Map<String, Object> keys(final Path output, final Path report) {
		final Map<String, Object> in = new HashMap<>();
		in.put("model", globalModel.toFile());
		in.put("input", LOCAL.toFile());
		in.put("targets", "clay");
		in.put("freeze", "conv");
		in.put("reset_heads", false);
		in.put("epochs", 2);
		in.put("learning_rate", 1e-4);
		in.put("batch_size", 8);
		in.put("patience", 5);
		in.put("validation_fraction", 0.2);
		in.put("seed", 0);
		in.put("split_column", "");
		in.put("folds", 2);
		in.put("repeats", 1);
		in.put("output_model", output.toFile());
		in.put("report", report == null ? null : report.toFile());
		return in;
	}

	@Test
	void fineTunesRecordsTheParentAndWritesTheThreeWayReport() throws Exception {
		final Path out = tmp.resolve("local model.zip"), report = tmp.resolve("transfer report");
		final Map<String, Object> in = keys(out, report);
		in.put("targets", "clay, soc");
		final Module m = run(FineTuneCnnCommand.class, in);
		final FineTuneCnnCommand command = (FineTuneCnnCommand) m.getDelegateObject();
		assertFalse(command.isCanceled(), command.getCancelReason());

		final CnnModel tuned = CnnModel.load(out);
		assertEquals(List.of("clay", "soc"), tuned.targets());
		assertTrue(tuned.inputAxis().sameGrid(CnnModel.load(globalModel).inputAxis()),
			"the global model's grid, not the local 20 nm one");
		final JsonObject transfer = tuned.manifest().getAsJsonObject("transfer");
		assertEquals("global model.zip", transfer.getAsJsonObject("parent").get("file")
			.getAsString());
		assertEquals(org.spectralcnn.io.FileDigest.sha256(globalModel), transfer.getAsJsonObject("parent").get("sha256")
			.getAsString());
		assertEquals("[\"conv1\",\"pool1\",\"conv2\",\"pool2\"]", transfer.get("frozen_layers")
			.toString());
		assertEquals(32, tuned.manifest().getAsJsonObject("training").get("training_samples")
			.getAsInt(), "40 local samples, 8 for early stopping");

		for (final String f : List.of(TransferReport.TABLE, TransferReport.FOLDS,
			TransferReport.PREDICTIONS, TransferReport.CHART, TransferReport.MARKDOWN))
			assertTrue(Files.size(report.resolve(f)) > 0, f);
		assertPlanned(report, TransferReport.FILES);
		final List<String> table = Files.readAllLines(report.resolve(TransferReport.TABLE));
		assertEquals(7, table.size(), "header + 2 targets × Global, Local, Transfer");
		assertTrue(table.get(1).startsWith("clay,Global,2,"), table.get(1));
		assertTrue(table.get(5).startsWith("soc,Local,2,"), table.get(5));
		assertEquals(1 + 40 * 2, Files.readAllLines(report.resolve(TransferReport.PREDICTIONS))
			.size(), "each sample held out once, 2 targets");
		final String md = Files.readString(report.resolve(TransferReport.MARKDOWN),
			StandardCharsets.UTF_8);
		assertTrue(md.contains("only 40 local samples") || md.contains("40 local samples: repeated 2-fold"),
			md);
		assertEquals(2, command.comparison().folds().size());
		assertFalse(tuned.calibration().residuals().startsWith("the report's"),
			"held-out samples of its own (validation_fraction=0.2) keep their scores");
	}

	@Test
	void withoutHeldOutSamplesTheReportGivesTheIntervalScores() throws Exception {
		final Path out = tmp.resolve("default.zip"), report = tmp.resolve("default report");
		final Map<String, Object> in = keys(out, report);
		in.put("validation_fraction", 0.0);
		final FineTuneCnnCommand command = (FineTuneCnnCommand) run(FineTuneCnnCommand.class, in)
			.getDelegateObject();
		final Calibration c = CnnModel.load(out).calibration();
		assertTrue(c.residuals().startsWith("the report's held-out residuals of 40 local samples"),
			c.residuals());
		// the scores are the report's Transfer errors, each sample held out once
		final HeldOutPredictions p = command.comparison().predictions();
		final double[] errors = new double[p.samples()];
		for (int i = 0; i < errors.length; i++) errors[i] = Math.abs(p.observed(0, i, 0) - p
			.predicted(0, i, 0, TransferComparison.Model.TRANSFER));
		assertArrayEquals(ConformalScores.of(errors).sorted(), c.target("clay").split().sorted(), 0);
		assertNotNull(c.domain(), "the local spectra's domain model stays");

		// without a report the same folds are fine-tuned for the scores alone: the same errors
		final Path alone = tmp.resolve("default, no report.zip");
		final Map<String, Object> noReport = keys(alone, null);
		noReport.put("validation_fraction", 0.0);
		run(FineTuneCnnCommand.class, noReport);
		final Calibration own = CnnModel.load(alone).calibration();
		assertTrue(own.residuals().startsWith(
			"held-out residuals of 40 local samples, each fine-tuned without its fold, 2-fold"), own
				.residuals());
		assertArrayEquals(c.target("clay").split().sorted(), own.target("clay").split().sorted(), 0);
		assertNotNull(own.domain());

		// more folds than local samples: nothing to hold out, the intervals stay unbounded
		noReport.put("folds", 41);
		run(FineTuneCnnCommand.class, noReport);
		assertEquals(0, CnnModel.load(alone).calibration().target("clay").split().size());
	}

	/** Without learning_rate, fine-tuning takes the global model's architecture's (ng2019: 3e-4). */
	@Test
	void fineTunesAtTheArchitecturesLearningRate() throws Exception {
		final TrainingRequest request = new TrainingRequest(List.of("clay", "soc"), null,
			Representation.SPECTRUM, Architecture.preset(Architecture.NG2019, Representation.SPECTRUM),
			Preprocessing.parse("snv"), null, TrainingSettings.defaults(0).withEpochs(1).withBatchSize(
				32));
		final Path ng = tmp.resolve("ng2019 global.zip");
		new CnnTrainer(request).train(SpectraIO.open(GLOBAL), null, TrainingListener.NONE, () -> false)
			.model().save(ng);
		final Path out = tmp.resolve("ng2019 local.zip");
		final Map<String, Object> in = keys(out, null);
		in.put("model", ng.toFile());
		in.put("epochs", 1);
		in.remove("learning_rate");
		run(FineTuneCnnCommand.class, in);
		assertEquals(3e-4, CnnModel.load(out).manifest().getAsJsonObject("training").get(
			"learning_rate").getAsDouble());
	}

	@Test
	void withoutReportOnlyTheModelIsWritten() throws Exception {
		final Path out = tmp.resolve("no report.zip");
		final Map<String, Object> in = keys(out, null);
		in.put("freeze", "2");
		in.put("reset_heads", true);
		run(FineTuneCnnCommand.class, in);
		final JsonObject t = CnnModel.load(out).manifest().getAsJsonObject("transfer");
		assertEquals("[\"conv1\",\"pool1\"]", t.get("frozen_layers").toString());
		assertEquals("reset", t.getAsJsonObject("heads").get("clay").getAsString());
	}

	@Test
	void averagedLocalNetworkSavesTheFineTuneAndALocalNetworkAsTwoMembers() throws Exception {
		final Path averaged = tmp.resolve("averaged.zip"), alone = tmp.resolve("alone.zip");
		run(FineTuneCnnCommand.class, keys(alone, null)); // local_network at its default, none
		final Map<String, Object> in = keys(averaged, null);
		in.put("local_network", "averaged");
		run(FineTuneCnnCommand.class, in);
		final CnnModel both = CnnModel.load(averaged), tuned = CnnModel.load(alone);
		assertEquals(1, tuned.memberCount());
		assertEquals(2, both.memberCount());
		assertTrue(both.manifest().has("local_network"), both.manifest().toString());
		assertTrue(both.manifest().has("transfer"), "member 0 is the fine-tuned global model");
		final SpectralDataset local = LocalGrid.conform(SpectraIO.open(LOCAL), both.inputAxis(),
			s -> {});
		final double[][] p = both.predict(local), fine = both.member(0).predict(local),
			own = both.member(1).predict(local), none = tuned.predict(local);
		double apart = 0;
		for (int i = 0; i < p.length; i++) {
			assertEquals(none[i][0], fine[i][0], 1e-6 * Math.abs(none[i][0]) + 1e-9,
				"member 1 is the fine-tune that local_network=none saves");
			assertEquals((fine[i][0] + own[i][0]) / 2, p[i][0], 1e-9);
			apart = Math.max(apart, Math.abs(fine[i][0] - own[i][0]));
		}
		assertTrue(apart > 1e-3, "the local network is another network");
	}

	@Test
	void localInputScalingIsSavedWithTheModel() throws Exception {
		final Path out = tmp.resolve("local_scaling.zip");
		final Map<String, Object> in = keys(out, null);
		in.put("input_scaling", "local");
		run(FineTuneCnnCommand.class, in);
		final JsonObject m = CnnModel.load(out).manifest();
		assertEquals("local", m.getAsJsonObject("transfer").get("input_scaling").getAsString());
		assertTrue(m.getAsJsonObject("transfer").get("input_pipeline").getAsString().contains(
			"re-fitted on the"), m.toString());
		assertFalse(m.get("input_scaler").equals(CnnModel.load(globalModel).manifest().get(
			"input_scaler")), "the input scaling is the local samples', not the global model's");
	}

	/** Cancelling during epoch 2 of fine-tuning keeps the best model so far and writes no report. */
	@Test
	void cancelKeepsTheBestModelAndSkipsTheReport() throws Exception {
		final Path out = tmp.resolve("cancelled.zip"), report = tmp.resolve("no report");
		final Map<String, Object> in = keys(out, report);
		in.put("epochs", 50);
		final FineTuneCnnCommand command = runCancellingAt(FineTuneCnnCommand.class, in,
			"epoch 1/50");
		assertTrue(command.isCanceled());
		final JsonObject training = CnnModel.load(out).manifest().getAsJsonObject("training");
		assertEquals("canceled", training.get("stopped").getAsString());
		assertEquals(1, training.get("best_epoch").getAsInt());
		assertFalse(Files.exists(report.resolve(TransferReport.TABLE)));
	}

	@Test
	void badKeysFailWithAClearMessageAndWriteNothing() throws Exception {
		final Path out = tmp.resolve("never.zip");
		Map<String, Object> in = keys(out, null);
		in.put("freeze", "9");
		String msg = failure(FineTuneCnnCommand.class, in);
		assertTrue(msg.contains("freeze must be between 0 and 5") && msg.contains(
			"conv1, pool1, conv2, pool2, dense1"), msg);
		in.put("freeze", "trunk");
		msg = failure(FineTuneCnnCommand.class, in);
		assertTrue(msg.contains("'trunk' is neither a number of layers nor 'conv'"), msg);

		in = keys(out, null);
		in.put("targets", "clay, sand");
		msg = failure(FineTuneCnnCommand.class, in);
		assertTrue(msg.contains("no numeric column 'sand' in local_visnir_shifted.csv"), msg);

		in = keys(globalModel, null);
		msg = failure(FineTuneCnnCommand.class, in);
		assertTrue(msg.contains("output_model must differ from model"), msg);

		// local spectra that do not reach the model's grid
		final Path far = tmp.resolve("far.csv");
		Files.writeString(far, "id,clay,2600,2610,2620\nA,10,0.1,0.2,0.3\nB,20,0.2,0.3,0.4\n");
		in = keys(out, null);
		in.put("input", far.toFile());
		msg = failure(FineTuneCnnCommand.class, in);
		assertTrue(msg.contains("the ranges do not overlap"), msg);

		in = keys(out, null);
		in.put("local_network", "both");
		msg = failure(FineTuneCnnCommand.class, in);
		assertTrue(msg.contains("local_network"), msg);

		in = keys(out, null);
		in.put("input_scaling", "instrument");
		msg = failure(FineTuneCnnCommand.class, in);
		assertTrue(msg.contains("input_scaling must be parent or local"), msg);

		in = keys(out, null);
		in.put("batch_size", 64);
		msg = failure(FineTuneCnnCommand.class, in);
		assertTrue(msg.contains("fewer than one batch"), msg);
		assertFalse(Files.exists(out));
	}
}
