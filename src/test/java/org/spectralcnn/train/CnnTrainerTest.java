package org.spectralcnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;

/** Masked loss, determinism, cancelling and the trainer's checks on bad input. */
class CnnTrainerTest {

	private static TrainingResult train(final TrainingRequest r, final SpectralDataset[] s) {
		return new CnnTrainer(r).train(s[0], s[1], TrainingListener.NONE, () -> false);
	}

	/** A masked label contributes nothing: score and gradients do not depend on its value. */
	@Test
	void maskedTargetsAddNothingToLossOrGradient() throws Exception {
		for (final String arch : List.of(Architecture.TINY, Architecture.NG2019)) {
			final SpectralDataset data = CnnFixtures.first(8);
			final Architecture a = Architecture.preset(arch, Representation.SPECTRUM);
			final Preprocessing prep = Preprocessing.parse("snv").fit(data);
			final SpectralDataset prepared = prep.apply(data);
			final int[] rows = { 0, 1, 2, 3, 4, 5, 6, 7 };
			final InputPipeline input = InputPipeline.fit(Representation.SPECTRUM, prep, prepared,
				rows, null);
			final ComputationGraph net = Networks.create(a.configuration(input.shape(), 2, 1, 1e-3),
				1);
			final Batches batches = new Batches(net, input, a.headPerTarget(), 2, 8);
			final float[][] z = new float[8][2];
			for (int i = 0; i < 8; i++) {
				z[i][0] = 0.1f * i - 0.3f;
				z[i][1] = i % 3 == 0 ? Float.NaN : 0.5f - 0.2f * i;
			}
			final double[] scores = new double[3];
			float[] first = null;
			final float[] missingValue = { 0f, 100f, -7f };
			for (int k = 0; k < 3; k++) {
				final MultiDataSet ds = batches.make(prepared, rows, z);
				// overwrite the labels under mask 0: they must not matter
				for (int o = 0; o < ds.getLabels().length; o++) {
					final var labels = ds.getLabels(o);
					final var mask = ds.getLabelsMaskArray(o);
					for (int i = 0; i < labels.size(0); i++)
						for (int j = 0; j < labels.size(1); j++)
							if (mask.getFloat(i, j) == 0) labels.putScalar(i, j, missingValue[k]);
				}
				net.setInputs(ds.getFeatures());
				net.setLabels(ds.getLabels());
				net.setLayerMaskArrays(null, ds.getLabelsMaskArrays());
				net.computeGradientAndScore();
				scores[k] = net.score();
				final float[] g = net.gradient().gradient().dup().ravel().toFloatVector();
				if (first == null) first = g;
				else assertArrayEquals(first, g, 0f, arch + ": gradient changed with a masked label");
			}
			assertEquals(scores[0], scores[1], 0, arch);
			assertEquals(scores[0], scores[2], 0, arch);
			assertEquals(8 + 5, batches.present(), arch + ": present values counted");
			if (a.headPerTarget()) continue; // dropout and batch norm: training ≠ inference output
			// the score is the masked MSE scaled as DL4J does: Σ mask·err² / (units × batch)
			final float[][] out = Networks.forward(net, input, prepared, rows, 8);
			double sse = 0;
			for (int i = 0; i < 8; i++)
				for (int t = 0; t < 2; t++)
					if (!Float.isNaN(z[i][t])) sse += (out[i][t] - z[i][t]) * (out[i][t] - z[i][t]);
			assertEquals(sse / (2 * 8), scores[0], 1e-5, arch);
		}
	}

	@Test
	void sameSeedSameModelOtherSeedOtherModel() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final TrainingResult a = train(CnnFixtures.tinySpectrum(3, 5), s);
		final TrainingResult b = train(CnnFixtures.tinySpectrum(3, 5), s);
		final TrainingResult c = train(CnnFixtures.tinySpectrum(3, 6), s);
		final float[] pa = a.model().network().params().toFloatVector();
		assertArrayEquals(pa, b.model().network().params().toFloatVector(), 0f);
		assertFalse(Arrays.equals(pa, c.model().network().params().toFloatVector()));
		final double[][] ya = a.model().predict(s[1]), yb = b.model().predict(s[1]);
		for (int i = 0; i < ya.length; i++) assertArrayEquals(ya[i], yb[i], 0);
		for (int e = 0; e < a.history().size(); e++) {
			assertEquals(a.history().get(e).trainLoss(), b.history().get(e).trainLoss(), 0);
			assertEquals(a.history().get(e).validationLoss(), b.history().get(e).validationLoss(), 0);
		}
	}

	@Test
	void spectrogramTrainingIsDeterministicToo() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final TrainingResult a = train(CnnFixtures.tinySpectrogram(2, 1), s);
		final TrainingResult b = train(CnnFixtures.tinySpectrogram(2, 1), s);
		assertArrayEquals(a.model().network().params().toFloatVector(), b.model().network().params()
			.toFloatVector(), 0f);
		assertEquals(List.of(1, 33, 12), List.of(a.model().inputPipeline().shape().channels(), a
			.model().inputPipeline().shape().height(), a.model().inputPipeline().shape().width()));
	}

	@Test
	void learnsAndStopsEarlyKeepingTheBestEpoch() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final TrainingRequest r = CnnFixtures.tinySpectrum(60, 2);
		final TrainingRequest patient = new TrainingRequest(r.targets(), null, r.representation(), r
			.architecture(), r.preprocessing(), null, r.settings().withPatience(3).withLearningRate(
				0.01));
		final TrainingResult result = train(patient, s);
		assertTrue(result.history().size() < 60, "early stopping");
		assertEquals(StopReason.EARLY_STOPPING, result.stopReason());
		assertEquals(result.history().size() - 3, result.bestEpoch());
		final double best = result.history().stream().mapToDouble(EpochRecord::validationLoss).min()
			.getAsDouble();
		assertEquals(best, result.bestValidationLoss(), 0);
		// the restored weights are the best epoch's: their validation loss is the best one
		final double[][] p = result.model().predict(s[1]);
		final double[][] y = s[1].targets(CnnFixtures.TARGETS);
		double sum = 0;
		int n = 0;
		for (int i = 0; i < p.length; i++)
			for (int t = 0; t < 2; t++)
				if (!Double.isNaN(y[i][t])) {
					final var sc = result.model().targetScalers().get(t);
					final double e = sc.scale(p[i][t]) - sc.scale(y[i][t]);
					sum += e * e;
					n++;
				}
		assertEquals(best, sum / n, 1e-5);
	}

	@Test
	void cancelStopsAtTheNextIterationAndKeepsTheBestModel() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final AtomicInteger iterations = new AtomicInteger();
		final TrainingListener counter = new TrainingListener() {

			@Override
			public void iteration(final int epoch, final int iteration, final int perEpoch) {
				iterations.incrementAndGet();
			}
		};
		final TrainingResult r = new CnnTrainer(CnnFixtures.tinySpectrum(50, 3)).train(s[0], s[1],
			counter, () -> iterations.get() >= 17);
		assertEquals(17, iterations.get());
		assertEquals(StopReason.CANCELED, r.stopReason());
		assertEquals(2, r.history().size()); // 7 iterations per epoch (100 / 16)
		assertTrue(r.model().predict(s[1]).length == 30);
		// cancelled before the first batch: still a usable (untrained) model
		final TrainingResult none = new CnnTrainer(CnnFixtures.tinySpectrum(50, 3)).train(s[0],
			s[1], TrainingListener.NONE, () -> true);
		assertEquals(StopReason.CANCELED, none.stopReason());
		assertEquals(0, none.history().size());
	}

	@Test
	void withoutValidationTargetsEarlyStoppingWatchesTheTrainingLoss() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final double[] none = new double[s[1].size()];
		Arrays.fill(none, Double.NaN);
		final SpectralDataset noLab = s[1].withNumericColumn("clay", none).withNumericColumn("soc",
			none);
		final StringBuilder log = new StringBuilder();
		final TrainingResult r = new CnnTrainer(CnnFixtures.tinySpectrum(2, 1)).train(s[0], noLab,
			new TrainingListener() {

				@Override
				public void message(final String text) {
					log.append(text).append('\n');
				}
			}, () -> false);
		assertTrue(log.toString().contains("early stopping watches the training loss"), log
			.toString());
		assertEquals(0, r.validationSamples());
		assertTrue(Double.isNaN(r.history().get(0).validationLoss()));
		assertTrue(r.bestEpoch() >= 1);
	}

	@Test
	void reduceOnPlateauLowersTheLearningRate() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final TrainingRequest r = CnnFixtures.tinySpectrum(12, 2);
		final TrainingRequest plateau = new TrainingRequest(r.targets(), null, r.representation(),
			r.architecture(), r.preprocessing(), null, r.settings().withLearningRate(0.05)
				.withLrPatience(1).withPatience(12));
		final TrainingResult result = train(plateau, s);
		final double last = result.history().get(result.history().size() - 1).learningRate();
		assertTrue(last < 0.05, "learning rate reduced: " + last);
	}

	@Test
	void badInputFailsWithAClearMessage() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final TrainingRequest ok = CnnFixtures.tinySpectrum(1, 0);

		final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
			() -> train(new TrainingRequest(List.of("clay", "sand"), null, ok.representation(), ok
				.architecture(), ok.preprocessing(), null, ok.settings()), s));
		assertTrue(unknown.getMessage().contains("no numeric column 'sand'"), unknown.getMessage());
		assertTrue(unknown.getMessage().contains("clay, soc"), unknown.getMessage());

		final double[] empty = new double[s[0].size()];
		Arrays.fill(empty, Double.NaN);
		final SpectralDataset withEmpty = s[0].withNumericColumn("silt", empty);
		final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
			() -> new CnnTrainer(new TrainingRequest(List.of("clay", "silt"), null, ok
				.representation(), ok.architecture(), ok.preprocessing(), null, ok.settings())).train(
					withEmpty, null, TrainingListener.NONE, () -> false));
		assertTrue(missing.getMessage().contains("'silt' is missing in every training sample"),
			missing.getMessage());

		final IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
			() -> train(new TrainingRequest(ok.targets(), null, ok.representation(), ok
				.architecture(), ok.preprocessing(), null, ok.settings().withBatchSize(128)), s));
		assertTrue(batch.getMessage().contains("fewer than one batch (batch_size=128)"), batch
			.getMessage());

		final IllegalArgumentException shortSpectra = assertThrows(IllegalArgumentException.class,
			() -> train(new TrainingRequest(ok.targets(), null, Representation.SPECTRUM, Architecture
				.preset(Architecture.FAST, Representation.SPECTRUM), Preprocessing.parse(
					"trim(400, 430)"), null, ok.settings()), s));
		assertTrue(shortSpectra.getMessage().contains("spectra too short for architecture 'fast'"),
			shortSpectra.getMessage());
		assertTrue(shortSpectra.getMessage().contains("7 points"), shortSpectra.getMessage());

		final IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
			() -> train(new TrainingRequest(ok.targets(), null, Representation.SPECTROGRAM,
				Architecture.preset(Architecture.TINY, Representation.SPECTROGRAM), Preprocessing
					.parse("trim(400, 600)"), CnnFixtures.tinySpectrogram(1, 0).stft(), ok.settings()),
				s));
		assertTrue(window.getMessage().contains("window_size (64) is longer than the spectra (41"),
			window.getMessage());

		final IllegalArgumentException preset = assertThrows(IllegalArgumentException.class,
			() -> Architecture.preset("ng2019", Representation.SPECTROGRAM));
		assertTrue(preset.getMessage().contains("is for the spectrum representation"), preset
			.getMessage());
	}
}
