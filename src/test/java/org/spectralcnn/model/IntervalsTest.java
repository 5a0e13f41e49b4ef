package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.models.Models;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnFixtures;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingSettings;

/**
 * CNN intervals: the calibration a training stores, MC-CP determinism, the model-file round trip
 * of the new entries, and model files written before intervals existed.
 */
class IntervalsTest {

	@TempDir
	Path tmp;

	private static CnnModel model;
	private static SpectralDataset[] split;

	/** The 1-D {@code fast} preset (dropout 0.3 before its output), 2 epochs. */
	@BeforeAll
	static void train() throws Exception {
		split = CnnFixtures.split();
		final TrainingRequest r = new TrainingRequest(CnnFixtures.TARGETS, null,
			Representation.SPECTRUM, Architecture.preset(Architecture.FAST, Representation.SPECTRUM),
			Preprocessing.parse("snv"), null, TrainingSettings.defaults(3).withEpochs(2)
				.withBatchSize(16));
		model = new CnnTrainer(r).train(split[0], split[1], TrainingListener.NONE, () -> false)
			.model();
	}

	/**
	 * Each pass is one thinned network for every spectrum: a spectrum's interval is the same
	 * whether it is predicted with the others, alone or in another order (up to float rounding of
	 * products of other sizes).
	 */
	@Test
	void aSpectrumsIntervalDoesNotDependOnTheOtherSpectra() {
		final SpectralDataset data = split[1];
		final TrustedPredictions all = Intervals.predict(model, data, 0.9, 10, 7);
		final int[] rows = { 5, 2, 0 };
		final TrustedPredictions some = Intervals.predict(model, data.subset(rows), 0.9, 10, 7);
		for (int i = 0; i < rows.length; i++)
			for (int t = 0; t < 2; t++) {
				final double lo = all.lower()[rows[i]][t], hi = all.upper()[rows[i]][t];
				assertEquals(lo, some.lower()[i][t], 1e-5 * Math.max(1, Math.abs(lo)), "row " + rows[i]);
				assertEquals(hi, some.upper()[i][t], 1e-5 * Math.max(1, Math.abs(hi)), "row " + rows[i]);
			}
		final TrustedPredictions alone = Intervals.predict(model, data.subset(new int[] { 2 }), 0.9,
			10, 7);
		assertEquals(all.upper()[2][0], alone.upper()[0][0], 1e-5 * Math.max(1, Math.abs(all
			.upper()[2][0])));
	}

	/** The Beta law of a split conformal interval's coverage, against a simulation. */
	@Test
	void coverageSdFollowsTheCalibrationSetSize() {
		final java.util.Random r = new java.util.Random(5);
		for (final int n : new int[] { 9, 39, 120 }) {
			// uniform scores: a new score falls under q̂ with probability q̂ itself
			final double[] coverage = new double[20000];
			for (int i = 0; i < coverage.length; i++)
				coverage[i] = ConformalScores.of(r.doubles(n).toArray()).quantile(0.9);
			final double mean = Arrays.stream(coverage).average().orElseThrow();
			final double sd = Math.sqrt(Arrays.stream(coverage).map(v -> (v - mean) * (v - mean)).sum() /
				(coverage.length - 1));
			assertEquals(Intervals.coverageSd(0.9, n), sd, 0.03 * sd, "n = " + n);
		}
		final String few = Intervals.describe(new Calibration("validation", java.util.List.of(
			new Calibration.Target("clay", ConformalScores.of(r.doubles(39).toArray()), null, 0),
			new Calibration.Target("soc", ConformalScores.of(r.doubles(57).toArray()), null, 0)), 0,
			0, null));
		assertTrue(few.contains("clay has 39 residuals: a 90 % interval's coverage varies by about ±0.05") &&
			few.contains("ensemble=K"), few);
		assertFalse(Intervals.describe(new Calibration("validation", java.util.List.of(
			new Calibration.Target("clay", ConformalScores.of(r.doubles(150).toArray()), null, 0)), 0,
			0, null)).contains("varies"));
	}

	@Test
	void trainingStoresTheValidationResidualsAndADomainModel() {
		final Calibration c = model.calibration();
		assertNotNull(c);
		assertTrue(c.hasMonteCarlo());
		assertEquals(McDropout.DEFAULT_PASSES, c.mcPasses());
		final double[][] y = split[1].targets(CnnFixtures.TARGETS);
		final double[][] p = model.predict(split[1]);
		for (int t = 0; t < 2; t++) {
			final double[] residuals = new double[y.length];
			for (int i = 0; i < y.length; i++) residuals[i] = Math.abs(y[i][t] - p[i][t]);
			assertArrayEquals(ConformalScores.of(residuals).sorted(), c.targets().get(t).split()
				.sorted(), 1e-9, "split scores are the validation residuals");
			assertEquals(c.targets().get(t).split().size(), c.targets().get(t).monteCarlo().size());
		}
		assertEquals(split[0].points(), c.domain().points());
		assertTrue(model.manifest().getAsJsonObject(Calibration.KEY).get("residuals").getAsString()
			.contains("validation"));
	}

	@Test
	void monteCarloIntervalsAreDeterministicForASeed() {
		final SpectralDataset data = split[1];
		final TrustedPredictions a = Intervals.predict(model, data, 0.9, 10, 7);
		final TrustedPredictions b = Intervals.predict(model, data, 0.9, 10, 7);
		final TrustedPredictions c = Intervals.predict(model, data, 0.9, 10, 8);
		assertEquals(Intervals.MC_CP, a.method());
		for (int i = 0; i < data.size(); i++) {
			assertArrayEquals(a.lower()[i], b.lower()[i], 0, "same seed, same intervals");
			assertArrayEquals(a.upper()[i], b.upper()[i], 0);
			for (int t = 0; t < 2; t++) assertTrue(a.lower()[i][t] < a.upper()[i][t]);
		}
		assertFalse(Arrays.deepEquals(a.lower(), c.lower()), "another seed, other masks");
		// the point prediction is the network's own (dropout off), whatever the seed
		final double[][] p = model.predict(data);
		for (int i = 0; i < data.size(); i++)
			assertArrayEquals(p[i], a.prediction()[i], 1e-5 * (1 + Math.abs(p[i][0])));
		// split conformal: the same half-width for every sample
		final TrustedPredictions s = Intervals.predict(model, data, 0.9, 0, 7);
		assertEquals(Intervals.SPLIT, s.method());
		final double q = model.calibration().target("clay").split().quantile(0.9);
		for (int i = 0; i < data.size(); i++)
			assertEquals(2 * q, s.upper()[i][0] - s.lower()[i][0], 1e-9);
		// a wider level, wider intervals
		final TrustedPredictions wide = Intervals.predict(model, data, 0.95, 10, 7);
		assertTrue(wide.upper()[0][1] - wide.lower()[0][1] >= a.upper()[0][1] - a.lower()[0][1]);
		assertThrows(IllegalArgumentException.class, () -> Intervals.predict(model, data, 0.9, 1,
			7), "one pass has no SD");
	}

	/** The `fast` preset's passes start from its last shared dense layer. */
	@Test
	void monteCarloMeanIsThePlainPredictionOnAverage() {
		assertPassesCentreOnThePlainPrediction(model, split[1], 4000, 1e-5);
	}

	/**
	 * The passes start from each sample's own activations: their plain prediction is the model's,
	 * exactly, and the dropout before a linear output is inverted, so the passes' mean is that
	 * prediction in expectation ({@code allowance}: relative gap allowed beyond the passes' chance).
	 */
	private static void assertPassesCentreOnThePlainPrediction(final CnnModel m,
		final SpectralDataset data, final int passes, final double allowance)
	{
		final double[][] plain = m.predict(data);
		final McDropout.Result mc = McDropout.run(m, m.preprocess(data), passes, 3);
		for (int i = 0; i < plain.length; i++) {
			assertArrayEquals(plain[i], mc.prediction()[i], 0, "sample " + i);
			for (int t = 0; t < plain[i].length; t++)
				assertEquals(plain[i][t], mc.mean()[i][t], 5 * mc.sd()[i][t] / Math.sqrt(passes) + allowance *
					Math.abs(plain[i][t]), "sample " + i + ", target " + t);
		}
	}

	/**
	 * ng2019's dropout lies in its per-target heads: the passes start from the trunk's output, and
	 * each head's passes centre on its own target (clay and soc differ 25-fold, so a head read
	 * from another's columns fails). Its heads have a ReLU layer between their two dropouts, so
	 * the passes' mean lies off the plain prediction by the ReLU's convexity (0.2 % for clay here,
	 * as with the masks drawn per sample before 2026-12-07): 1 % is allowed.
	 */
	@Test
	void headsPerTargetStartFromTheTrunk() {
		final TrainingRequest r = new TrainingRequest(CnnFixtures.TARGETS, null,
			Representation.SPECTRUM, Architecture.preset(Architecture.NG2019, Representation.SPECTRUM),
			Preprocessing.parse(""), null, TrainingSettings.defaults(4).withEpochs(1).withBatchSize(16));
		assertPassesCentreOnThePlainPrediction(new CnnTrainer(r).train(split[0], split[1],
			TrainingListener.NONE, () -> false).model(), split[1], 2000, 1e-2);
	}

	@Test
	void spectrogramCnnGetsMonteCarloIntervalsToo() {
		final TrainingRequest r = new TrainingRequest(CnnFixtures.TARGETS, null,
			Representation.SPECTROGRAM, Architecture.preset(Architecture.FAST,
				Representation.SPECTROGRAM), Preprocessing.parse(""), org.spectralcnn.spectrogram.StftParameters
					.of(32, 8, org.spectralcnn.spectrogram.WindowFunction.HANN,
						org.spectralcnn.spectrogram.Detrend.NONE, org.spectralcnn.spectrogram.Scaling.LOG_PSD),
			TrainingSettings.defaults(4).withEpochs(1).withBatchSize(16));
		final CnnModel m = new CnnTrainer(r).train(split[0], split[1], TrainingListener.NONE,
			() -> false).model();
		assertTrue(m.calibration().hasMonteCarlo());
		final TrustedPredictions a = Intervals.predict(m, split[1], 0.9, 8, 2);
		final TrustedPredictions b = Intervals.predict(m, split[1], 0.9, 8, 2);
		assertEquals(Intervals.MC_CP, a.method());
		assertTrue(Arrays.deepEquals(a.lower(), b.lower()) && Arrays.deepEquals(a.upper(), b
			.upper()));
		assertTrue(a.hasDomain());
		// one Deeplearning4j pass gives the plain prediction and the passes' start: the same rows
		assertPassesCentreOnThePlainPrediction(m, split[1], 2000, 1e-5);
	}

	/**
	 * β is the median σ of the samples whose passes differ: the samples of a half-dead head (all
	 * its ReLUs off, σ at the floor) no longer make it the floor, which blew intervals up 10⁵-fold.
	 */
	@Test
	void offsetSkipsSamplesWhosePassesAgree() {
		final double floor = 2e-6;
		assertEquals(1, Intervals.offset(new double[] { floor, floor, 0.5, floor, 3, floor, floor, 1,
			floor, floor }, floor));
		assertEquals(floor, Intervals.offset(new double[] { floor, floor }, floor));
		// every sample's passes differ: their median
		assertEquals(2.25, Intervals.offset(new double[] { 3, 1, 2, 2.5 }, floor), 1e-12);
	}

	@Test
	void modelFileRoundTrip() throws Exception {
		final Path file = tmp.resolve("m.zip");
		model.save(file);
		final ModelArchive archive = ModelArchive.read(file);
		for (final String e : new String[] { "calibration/0/split_scores.f64",
			"calibration/1/mc_scores.f64", "calibration/domain/mean.f64",
			"calibration/domain/loadings.f64", "calibration/domain/eigenvalues.f64" })
			assertTrue(archive.entryNames().contains(e), e);
		final CnnModel loaded = (CnnModel) Models.load(file);
		final Calibration a = model.calibration(), b = loaded.calibration();
		for (int t = 0; t < 2; t++) {
			assertArrayEquals(a.targets().get(t).split().sorted(), b.targets().get(t).split()
				.sorted());
			assertArrayEquals(a.targets().get(t).monteCarlo().sorted(), b.targets().get(t)
				.monteCarlo().sorted());
		}
		assertEquals(a.domain().t2Limit(), b.domain().t2Limit());
		assertEquals(a.domain().qLimit(), b.domain().qLimit());
		final TrustedPredictions x = Intervals.predict(model, split[1], 0.9, 10, 1);
		final TrustedPredictions y = Intervals.predict(loaded, split[1], 0.9, 10, 1);
		assertTrue(Arrays.deepEquals(x.lower(), y.lower()) && Arrays.deepEquals(x.upper(), y
			.upper()));
		assertArrayEquals(x.t2(), y.t2());
		assertArrayEquals(x.outOfDomain(), y.outOfDomain());
	}

	/** A copy of {@code file} as a version without intervals wrote it, or with a changed entry. */
	static Path rewrite(final Path file, final Path to, final boolean dropCalibration,
		final String breakEntry) throws Exception
	{
		final ModelArchive archive = ModelArchive.read(file);
		final JsonObject manifest = archive.manifest();
		if (dropCalibration) manifest.remove(Calibration.KEY);
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		for (final String name : archive.entryNames()) {
			if (name.equals(ModelArchive.MANIFEST)) continue;
			if (dropCalibration && name.startsWith("calibration/")) continue;
			entries.put(name, name.equals(breakEntry) ? new byte[12] : archive.entry(name));
		}
		try (OutputStream out = Files.newOutputStream(to)) {
			ModelArchive.write(out, manifest, entries, null);
		}
		return to;
	}

	@Test
	void olderModelFilesLoadWithoutIntervals() throws Exception {
		final Path file = tmp.resolve("m.zip");
		model.save(file);
		final SpectralModel old = Models.load(rewrite(file, tmp.resolve("old.zip"), true, null));
		assertNull(old.calibration());
		final TrustedPredictions p = Intervals.predict(old, split[1], 0.9, 10, 0);
		assertFalse(p.hasIntervals());
		assertFalse(p.hasDomain());
		assertTrue(Arrays.deepEquals(model.predict(split[1]), p.prediction()));

		final ModelFileException e = assertThrows(ModelFileException.class, () -> Models.load(
			rewrite(file, tmp.resolve("broken.zip"), false, "calibration/domain/mean.f64")));
		assertTrue(e.getMessage().contains("broken.zip") && e.getMessage().contains(
			"calibration/domain/mean.f64"), e.getMessage());
	}
}
