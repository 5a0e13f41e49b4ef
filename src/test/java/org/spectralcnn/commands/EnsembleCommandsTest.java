package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.train.CnnFixtures;

/**
 * {@code ensemble=} through Train CNN → Predict with Model → Show Feature Maps {@code member=},
 * and Fine-tune CNN {@code ensemble=}, headless as the launcher and macros run them.
 */
class EnsembleCommandsTest extends HeadlessCommandTest {

	@TempDir
	Path tmp;

	@Test
	void trainPredictShowMembersAndFineTune() throws Exception {
		final Path model = tmp.resolve("ensemble.zip");
		final Map<String, Object> train = tinyCnnTraining(model);
		train.put("ensemble", 3);
		train.put("augment_offset", 0.1);
		train.put("augment_slope", 0.05);
		train.put("augment_shift", 1.0);
		train.put("augment_noise", 0.01);
		train.put("augment_mixup", 0.2);
		train.put("report", tmp.resolve("report").toFile());
		run(TrainCnnCommand.class, train);
		final CnnModel m = CnnModel.load(model);
		assertEquals(3, m.memberCount());
		assertTrue(m.manifest().getAsJsonObject("training").has("augmentation"));
		assertTrue(m.manifest().getAsJsonObject("metrics").has("test"), "the ensemble's test metrics");

		final Path predictions = tmp.resolve("predictions.csv");
		final Map<String, Object> predict = new HashMap<>();
		predict.put("model", model.toFile());
		predict.put("input", CnnFixtures.SOIL.toFile());
		predict.put("output", predictions.toFile());
		run(PredictCommand.class, predict);
		final List<String> lines = Files.readAllLines(predictions);
		assertEquals("id,clay,clay_lower,clay_upper,clay_member_sd,soc,soc_lower,soc_upper," +
			"soc_member_sd,t2,q,out_of_domain", lines.get(0));
		final double[][] mean = m.predict(CnnFixtures.soil());
		for (int i = 1; i < lines.size(); i++) {
			final String[] c = lines.get(i).split(",");
			assertEquals(mean[i - 1][0], Double.parseDouble(c[1]), 1e-9, "the members' mean");
			assertTrue(Double.parseDouble(c[4]) > 0, "members disagree a little: " + lines.get(i));
		}

		final float[][] conv1 = new float[2][];
		for (int k = 1; k <= 2; k++) {
			final Path out = tmp.resolve("maps" + k);
			final Map<String, Object> show = new HashMap<>();
			show.put("model", model.toFile());
			show.put("input", CnnFixtures.SOIL.toFile());
			show.put("sample", "1");
			show.put("layers", "conv1");
			show.put("member", k);
			show.put("output", out.toFile());
			run(ShowFeatureMapsCommand.class, show);
			final ImagePlus maps = IJ.openImage(out.resolve("01_conv1.tif").toString());
			conv1[k - 1] = (float[]) maps.getStack().getPixels(1);
		}
		assertFalse(Arrays.equals(conv1[0], conv1[1]), "members 1 and 2 have their own filters");
		final Map<String, Object> bad = new HashMap<>();
		bad.put("model", model.toFile());
		bad.put("input", CnnFixtures.SOIL.toFile());
		bad.put("sample", "1");
		bad.put("layers", "all");
		bad.put("member", 4);
		bad.put("output", tmp.resolve("none").toFile());
		assertFailure(ShowFeatureMapsCommand.class, bad,
			"member: ensemble.zip has 3 members: use 1 to 3, not 4");

		final Path tuned = tmp.resolve("tuned.zip");
		final Map<String, Object> fine = new HashMap<>();
		fine.put("model", model.toFile());
		fine.put("input", CnnFixtures.SOIL.toFile());
		fine.put("targets", "clay");
		fine.put("freeze", "conv");
		fine.put("reset_heads", false);
		fine.put("epochs", 2);
		fine.put("learning_rate", 1e-4);
		fine.put("batch_size", 16);
		fine.put("patience", 5);
		fine.put("validation_fraction", 0.2);
		fine.put("seed", 0);
		fine.put("ensemble", 2);
		fine.put("split_column", "");
		fine.put("folds", 2);
		fine.put("repeats", 1);
		fine.put("output_model", tuned.toFile());
		fine.put("report", null);
		run(FineTuneCnnCommand.class, fine);
		final CnnModel t = CnnModel.load(tuned);
		assertEquals(2, t.memberCount());
		assertEquals(List.of("clay"), t.targets());
		assertTrue(t.member(1).manifest().has("transfer"), "each member records its parent");
	}
}
