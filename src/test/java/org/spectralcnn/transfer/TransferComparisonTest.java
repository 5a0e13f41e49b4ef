package org.spectralcnn.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.bridge.TransferReport;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.plsr.Folds;
import org.spectralcnn.plsr.Mbl;
import org.spectralcnn.plsr.MblWorkflow;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnFixtures;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.transfer.TransferComparison.Fold;
import org.spectralcnn.transfer.TransferComparison.Model;
import org.spectralcnn.transfer.TransferComparison.Protocol;
import org.spectralcnn.transfer.TransferComparison.Result;

/**
 * The three-way comparison: every local sample held out once per repeat, Global is the parent as
 * it is, the summary is the mean over the folds, a split column is used only with enough samples.
 */
class TransferComparisonTest {

	@TempDir
	static Path tmp;

	private static CnnModel parent;
	private static ParentLink link;

	@BeforeAll
	static void trainParent() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final CnnModel trained = new CnnTrainer(CnnFixtures.tinySpectrum(2, 1)).train(s[0], s[1],
			TrainingListener.NONE, () -> false).model();
		final Path file = tmp.resolve("global.zip");
		trained.save(file);
		parent = CnnModel.load(file);
		link = ParentLink.of(file, parent);
	}

	private static SpectralDataset rows(final int from, final int to) throws Exception {
		final int[] r = new int[to - from];
		for (int i = 0; i < r.length; i++) r[i] = from + i;
		return CnnFixtures.soil().subset(r);
	}

	private static FineTuning.Options quick() {
		return new FineTuning.Options("conv", false, TrainingSettings.defaults(0).withEpochs(2)
			.withBatchSize(8).withPatience(5));
	}

	@Test
	void fewLocalSamplesUseRepeatedKFoldAndHoldEachSampleOutOncePerRepeat() throws Exception {
		final SpectralDataset local = rows(100, 130);
		final List<String> messages = new ArrayList<>();
		final Result r = TransferComparison.run(parent, link, local, CnnFixtures.TARGETS, quick(),
			0.2, new Protocol("train", 3, 2, 7), new TransferComparison.Progress() {

				@Override
				public void message(final String text) {
					messages.add(text);
				}
			}, () -> false);
		assertTrue(r.crossValidation());
		assertEquals(6, r.folds().size());
		assertTrue(r.description().startsWith("only 30 local samples: repeated 3-fold cross-validation, 2 repeats"),
			r.description());
		assertTrue(r.description().contains("split column 'train' is not used"), r.description());
		assertEquals(r.description(), messages.get(0));
		assertEquals(7, messages.size(), "the protocol and a line per fold");
		final double[][] global = parent.predict(local);
		for (int rep = 0; rep < 2; rep++) {
			int held = 0;
			for (final Fold f : r.folds())
				if (f.repeat() == rep) held += f.testSamples();
			assertEquals(30, held);
			for (int i = 0; i < 30; i++)
				for (int t = 0; t < 2; t++) {
					final HeldOutPredictions p = r.predictions();
					assertFalse(Double.isNaN(p.predicted(rep, i, t, Model.LOCAL)) || Double.isNaN(p
						.predicted(rep, i, t, Model.TRANSFER)), "held out once");
					// the parent as it is (another batch composition: the last float digits may differ)
					assertEquals(global[i][t], p.predicted(rep, i, t, Model.GLOBAL), 1e-6 * Math.abs(
						global[i][t]), "Global");
				}
		}
		for (final Fold f : r.folds()) assertEquals(20, f.calibrationSamples());
		// pooled: every sample with a clay value once per repeat
		int withClay = 0;
		for (final double v : local.column("clay"))
			if (!Double.isNaN(v)) withClay++;
		assertEquals(2, r.pooled("clay", Model.LOCAL).size());
		assertEquals(withClay, r.pooled("clay", Model.LOCAL).get(1).n());
		final String md = TransferReport.markdown(r);
		assertTrue(md.contains("Pooled: the held-out predictions of each repeat together"), md);
		// the two repeats shuffle differently
		assertFalse(r.folds().get(0).metrics().get(Model.GLOBAL).get(0).equals(r.folds().get(3)
			.metrics().get(Model.GLOBAL).get(0)));
	}

	@Test
	void aLibraryAddsSpikingAndMblOnTheSameFolds() throws Exception {
		final SpectralDataset local = rows(100, 130);
		final LibraryMethods library = LibraryMethods.prepare(new LibraryMethods.Options(rows(0,
			100), "snv", 3, new Mbl.Settings(20, 2, 6, 8, Mbl.Dissimilarity.PLS)), CnnFixtures.TARGETS,
			s -> {});
		final Result r = TransferComparison.run(parent, link, local, CnnFixtures.TARGETS, quick(),
			0.2, new Protocol("", 3, 1, 0), library, TransferComparison.Progress.NONE, () -> false);
		final int[] rows = TransferComparison.kFold(30, 3, 0);
		final Fold f0 = r.folds().get(0);
		final List<Integer> cal = new ArrayList<>(), test = new ArrayList<>();
		for (int i = 0; i < rows.length; i++) (rows[i] == 0 ? test : cal).add(i);
		final SpectralDataset c = local.subset(cal.stream().mapToInt(Integer::intValue).toArray()),
			t = local.subset(test.stream().mapToInt(Integer::intValue).toArray());
		final double[][] obs = t.targets(CnnFixtures.TARGETS);
		final double[][] spiked = library.spiking(c, t), mbl = library.mbl(c, t);
		for (int k = 0; k < 2; k++) {
			final double[] o = new double[obs.length], s = new double[obs.length], m = new double[obs.length];
			for (int i = 0; i < o.length; i++) {
				o[i] = obs[i][k];
				s[i] = spiked[i][k];
				m[i] = mbl[i][k];
			}
			assertEquals(Metrics.of(o, s), f0.metrics().get(Model.SPIKING).get(k), "Spiking, fold 1");
			assertEquals(Metrics.of(o, m), f0.metrics().get(Model.MBL).get(k), "MBL, fold 1");
		}
		assertTrue(r.summary("clay", Model.MBL).available() && r.summary("soc", Model.SPIKING)
			.available());
		final String md = TransferReport.markdown(r);
		assertTrue(md.contains("| clay | Spiking |") && md.contains("| clay | MBL |"), md);
		// without a library neither appears
		assertFalse(TransferReport.markdown(TransferComparison.run(parent, link, local,
			CnnFixtures.TARGETS, quick(), 0.2, new Protocol("", 3, 1, 0), TransferComparison.Progress.NONE,
			() -> false)).contains("Spiking"));
	}

	@Test
	void trainPlsrAndMblWithLocalSamplesAreTheReportsSpikingAndMbl() throws Exception {
		final SpectralDataset libraryData = rows(0, 100), calibration = rows(100, 124), test = rows(
			124, 130);
		final LibraryMethods library = LibraryMethods.prepare(new LibraryMethods.Options(libraryData,
			"snv", 3, Mbl.Settings.defaults()), CnnFixtures.TARGETS, s -> {});
		final boolean[] all = new boolean[libraryData.size()];
		Arrays.fill(all, true);
		// the report's settings: 10-fold CV over 1..20 latent variables on the library alone
		final PlsrWorkflow.Result r = PlsrWorkflow.train(libraryData, Preprocessing.parse("snv"),
			CnnFixtures.TARGETS, all, new PlsrTraining.Settings(20, 10, Selection.MIN, 0, false, 2),
			null, new PlsrWorkflow.Spiking(calibration, 3));
		final double[][] report = library.spiking(calibration, test), model = r.model().predict(test);
		for (int i = 0; i < report.length; i++) assertArrayEquals(report[i], model[i], 1e-9);
		assertEquals(3, r.model().manifest().getAsJsonObject("spiking").get("weight").getAsInt());

		// the intervals' scores: each local sample's residual under the report's Spiking without
		// its fold (10 folds of the samples with a value of the target, the key folds)
		final double[][] yLocal = calibration.targets(CnnFixtures.TARGETS);
		for (int k = 0; k < 2; k++) {
			final List<Integer> present = new ArrayList<>();
			for (int i = 0; i < yLocal.length; i++) if (!Double.isNaN(yLocal[i][k])) present.add(i);
			final int[] fold = Folds.kFold(present.size(), 10, 0);
			final List<Double> residuals = new ArrayList<>();
			for (int j = 0; j < 10; j++) {
				final List<Integer> in = new ArrayList<>(), out = new ArrayList<>();
				for (int i = 0, q = 0; i < yLocal.length; i++) {
					final boolean held = q < present.size() && present.get(q) == i && fold[q++] == j;
					(held ? out : in).add(i);
				}
				final SpectralDataset o = calibration.subset(out.stream().mapToInt(Integer::intValue)
					.toArray());
				final double[][] p = library.spiking(calibration.subset(in.stream().mapToInt(
					Integer::intValue).toArray()), o);
				final double[][] y = o.targets(CnnFixtures.TARGETS);
				for (int i = 0; i < p.length; i++) residuals.add(Math.abs(y[i][k] - p[i][k]));
			}
			final double[] expected = residuals.stream().mapToDouble(Double::doubleValue).sorted()
				.toArray();
			assertArrayEquals(expected, r.model().calibration().targets().get(k).split().sorted(),
				1e-9);
			assertEquals(present.size(), r.metrics().get(k).spikedLocal().n());
		}

		// Train MBL with the local samples is the report's MBL
		final double[][] mbl = MblWorkflow.train(libraryData, Preprocessing.parse("snv"),
			CnnFixtures.TARGETS, all, Mbl.Settings.defaults(), null, calibration).model().predict(test);
		final double[][] reportMbl = library.mbl(calibration, test);
		for (int i = 0; i < mbl.length; i++) assertArrayEquals(reportMbl[i], mbl[i], 1e-9);
	}

	@Test
	void anEnsembleAveragesFineTunesStoppedByInnerFolds() throws Exception {
		final SpectralDataset cal = rows(100, 130);
		final FineTuning.Options o = new FineTuning.Options("conv", false, quick().settings(), 3, 10);
		final TrainingResult r = FineTuning.fineTuneCalibration(parent, link, CnnFixtures.TARGETS, o,
			cal, 0.2, TrainingListener.NONE, () -> false);
		final com.google.gson.JsonObject ens = r.model().manifest().getAsJsonObject("soup");
		assertEquals(3, ens.get("members").getAsInt());
		assertEquals(10, r.model().manifest().getAsJsonObject("transfer").get("l2sp").getAsDouble());
		// the soup's weights are the mean of the members' (each member: its own inner fold)
		final int[] fold = org.spectralcnn.plsr.Folds.kFold(30, 3, 0);
		org.nd4j.linalg.api.ndarray.INDArray sum = null;
		for (int j = 0; j < 3; j++) {
			final List<Integer> tr = new ArrayList<>(), va = new ArrayList<>();
			for (int i = 0; i < 30; i++) (fold[i] == j ? va : tr).add(i);
			final CnnModel m = FineTuning.fineTune(parent, link, CnnFixtures.TARGETS, o.withSettings(o
				.settings().withSeed(j)), cal.subset(tr.stream().mapToInt(Integer::intValue).toArray()),
				cal.subset(va.stream().mapToInt(Integer::intValue).toArray()), TrainingListener.NONE,
				() -> false).model();
			sum = sum == null ? m.network().params().dup() : sum.addi(m.network().params());
		}
		assertTrue(sum.divi(3).equalsWithEps(r.model().network().params(), 1e-6));
	}

	@Test
	void averagedTransferIsTheMeanOfTheFineTuneAndLocal() throws Exception {
		final SpectralDataset local = rows(100, 124);
		final Protocol protocol = new Protocol("", 3, 1, 3);
		final FineTuning.Options alone = quick(), averaged = new FineTuning.Options("conv", false,
			alone.settings(), 1, 0, true);
		final HeldOutPredictions a = TransferComparison.run(parent, link, local, CnnFixtures.TARGETS,
			alone, 0, protocol, TransferComparison.Progress.NONE, () -> false).predictions();
		final HeldOutPredictions b = TransferComparison.run(parent, link, local, CnnFixtures.TARGETS,
			averaged, 0, protocol, TransferComparison.Progress.NONE, () -> false).predictions();
		for (int i = 0; i < local.size(); i++)
			for (int t = 0; t < 2; t++) {
				final double l = a.predicted(0, i, t, Model.LOCAL), f = a.predicted(0, i, t,
					Model.TRANSFER);
				assertEquals(l, b.predicted(0, i, t, Model.LOCAL), 1e-9, "the same Local");
				assertEquals((l + f) / 2, b.predicted(0, i, t, Model.TRANSFER), 1e-6 * Math.abs(f) +
					1e-9, "Transfer: the mean of the fine-tune and Local");
			}
		// the folds a fine-tuned model calibrates on without a report: the report's first repeat
		final HeldOutPredictions held = TransferComparison.transferHeldOut(parent, link, local,
			CnnFixtures.TARGETS, averaged, 0, new Protocol("", 3, 2, 3), TransferComparison.Progress.NONE,
			() -> false);
		for (int i = 0; i < local.size(); i++)
			for (int t = 0; t < 2; t++) {
				assertEquals(b.predicted(0, i, t, Model.TRANSFER), held.predicted(0, i, t,
					Model.TRANSFER), 0);
				assertTrue(Double.isNaN(held.predicted(0, i, t, Model.LOCAL)));
			}
		assertTrue(averaged.averagesLocal());
		assertFalse(new FineTuning.Options("conv", false, alone.settings(), 3, 0, true)
			.averagesLocal(), "a soup is never averaged with a local network");
	}

	@Test
	void aSplitColumnIsUsedWithEnoughLocalSamples() throws Exception {
		final SpectralDataset local = rows(100, 200); // train = 1 for rows < 150
		final Result r = TransferComparison.run(parent, link, local, CnnFixtures.TARGETS, quick(),
			0.2, new Protocol("train", 5, 3, 0), TransferComparison.Progress.NONE, () -> false);
		assertFalse(r.crossValidation());
		assertEquals(1, r.folds().size());
		assertEquals(50, r.folds().get(0).calibrationSamples());
		assertEquals(50, r.folds().get(0).testSamples());
		assertTrue(r.description().contains("split column 'train' (50 calibration, 50 test)"), r
			.description());
		// without a report, a fine-tuned model's interval scores come from the same split
		final HeldOutPredictions held = TransferComparison.transferHeldOut(parent, link, local,
			CnnFixtures.TARGETS, quick(), 0.2, new Protocol("train", 5, 3, 0),
			TransferComparison.Progress.NONE, () -> false);
		for (int i = 0; i < local.size(); i++)
			assertEquals(r.predictions().predicted(0, i, 0, Model.TRANSFER), held.predicted(0, i, 0,
				Model.TRANSFER), 0, "sample " + i + " (test samples only; NaN for calibration ones)");
		assertTrue(Double.isNaN(held.predicted(0, 0, 0, Model.TRANSFER)) && !Double.isNaN(held
			.predicted(0, 60, 0, Model.TRANSFER)));
		final double[] observed = local.subset(range(50, 100)).column("clay");
		final double[] g = new double[50];
		final double[][] p = parent.predict(local.subset(range(50, 100)));
		for (int i = 0; i < 50; i++) g[i] = p[i][0];
		assertEquals(Metrics.of(observed, g), r.folds().get(0).metrics().get(Model.GLOBAL).get(0));
	}

	private static int[] range(final int from, final int to) {
		final int[] r = new int[to - from];
		for (int i = 0; i < r.length; i++) r[i] = from + i;
		return r;
	}

	@Test
	void cancelingStopsBetweenFolds() throws Exception {
		final int[] calls = { 0 };
		assertThrows(CancellationException.class, () -> TransferComparison.run(parent, link, rows(
			100, 130), CnnFixtures.TARGETS, quick(), 0.2, new Protocol("", 3, 1, 0),
			TransferComparison.Progress.NONE, () -> ++calls[0] > 10));
		assertTrue(calls[0] < 20, "stopped soon after the request: " + calls[0]);
		calls[0] = 0;
		assertThrows(CancellationException.class, () -> TransferComparison.transferHeldOut(parent,
			link, rows(100, 130), CnnFixtures.TARGETS, quick(), 0, new Protocol("", 3, 1, 0),
			TransferComparison.Progress.NONE, () -> ++calls[0] > 5));
		assertTrue(calls[0] < 15, "stopped soon after the request: " + calls[0]);
	}

	@Test
	void tooFewSamplesOrBadProtocolFail() {
		assertThrows(IllegalArgumentException.class, () -> new Protocol("", 1, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> new Protocol("", 5, 0, 0));
		final IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
			() -> TransferComparison.run(parent, link, rows(100, 104), CnnFixtures.TARGETS, quick(),
				0.2, new Protocol("", 5, 1, 0), TransferComparison.Progress.NONE, () -> false));
		assertTrue(few.getMessage().contains("only 4 local samples for 5-fold"), few.getMessage());
	}

	@Test
	void kFoldsAreNearlyEqualAndSeeded() {
		final int[] a = TransferComparison.kFold(30, 5, 3), b = TransferComparison.kFold(30, 5, 3);
		assertArrayEquals(a, b);
		final int[] count = new int[5];
		for (final int f : a) count[f]++;
		assertArrayEquals(new int[] { 6, 6, 6, 6, 6 }, count);
		final int[] c = TransferComparison.kFold(32, 5, 4);
		final int[] count2 = new int[5];
		for (final int f : c) count2[f]++;
		assertArrayEquals(new int[] { 7, 7, 6, 6, 6 }, count2);
	}

	/**
	 * A result with known fold RMSEs: Global 10 and 12, Local 5 and 16, Transfer 6 and 9,
	 * Spiking 8 and 11, MBL 7 and 10.
	 */
	static Result known() {
		final List<Fold> folds = new ArrayList<>();
		final double[][] rmse = { { 10, 5, 6, 8, 7 }, { 12, 16, 9, 11, 10 } };
		for (int f = 0; f < 2; f++) {
			final Map<Model, List<Metrics>> m = new EnumMap<>(Model.class);
			for (final Model model : Model.values()) {
				final double e = rmse[f][model.ordinal()];
				m.put(model, List.of(new Metrics(6, e, 1 - e / 20, 20 / e, 25 / e, e / 10, 0.5),
					new Metrics(6, e / 10, 0.5, 2, 3, 0, 0.5)));
			}
			folds.add(new Fold(0, f, 12, 6, m));
		}
		final HeldOutPredictions p = new HeldOutPredictions(1, new double[2][2]);
		return new Result(List.of("clay", "soc"), new Protocol("", 2, 1, 0), true,
			"12 local samples: repeated 2-fold cross-validation", folds, p, List.of("a", "b"));
	}

	@Test
	void summariesAreMeansOverFoldsAndChangesAreRelativeToTheOther() {
		final Result r = known();
		assertEquals(11, r.summary("clay", Model.GLOBAL).rmseMean(), 1e-12);
		assertEquals(Math.sqrt(2), r.summary("clay", Model.GLOBAL).rmseSd(), 1e-12);
		assertEquals(10.5, r.summary("clay", Model.LOCAL).rmseMean(), 1e-12);
		assertEquals(7.5, r.summary("clay", Model.TRANSFER).rmseMean(), 1e-12);
		assertEquals(100 * (7.5 - 11) / 11, r.transferChange("clay", Model.GLOBAL), 1e-9);
		assertEquals(100 * (7.5 - 10.5) / 10.5, r.transferChange("clay", Model.LOCAL), 1e-9);
		assertArrayEquals(new int[] { 2, 2 }, r.transferWins("clay", Model.GLOBAL));
		assertArrayEquals(new int[] { 1, 2 }, r.transferWins("clay", Model.LOCAL));
		assertArrayEquals(new int[] { 1, 2 }, r.transferBest("clay"), "fold 1: Local (5) beats Transfer (6)");
		assertEquals((20 / 10.0 + 20 / 12.0) / 2, r.summary("clay", Model.GLOBAL).rpdMean(), 1e-12);
		final String md = TransferReport.markdown(r);
		assertTrue(md.contains("| clay | Global | 11.0 ± 1.41 | 0.45 ± 0.07 | 1.83 ± 0.24 | +1.10 | −31.8 % | 2/2 folds | 0.500 |"),
			md);
		// two folds both won: the exact two-sided signed-rank p is 2 × 1/4
		assertEquals(0.5, r.transferTest("clay", Model.SPIKING).p(), 1e-15);
		assertArrayEquals(new int[] { 2, 2 }, r.transferWins("clay", Model.MBL));
		assertTrue(md.contains("| clay | Spiking | 9.50 ± 2.12 |"), md);
		assertTrue(md.contains("| clay | MBL | 8.50 ± 2.12 |"), md);
		assertTrue(md.contains("| clay | **Transfer** | 7.50 ± 2.12 |"), md);
		assertTrue(md.contains("Transfer had a lower RMSE than both Global and Local in clay 1/2, soc 1/2 folds."),
			md);
	}

	@Test
	void reportWritesTableFoldsPredictionsChartAndMarkdown() throws Exception {
		final Path dir = tmp.resolve("report");
		final List<Path> files = TransferReport.write(dir, known(), "Transfer test");
		assertEquals(5, files.size());
		final List<String> table = Files.readAllLines(dir.resolve(TransferReport.TABLE));
		assertEquals("target,model,folds,RMSE_mean,RMSE_sd,R2_mean,R2_sd,RPD_mean,RPD_sd,bias_mean,transfer_rmse_change_pct,transfer_better_folds,wilcoxon_p,pooled_RMSE,pooled_R2,pooled_RPD",
			table.get(0));
		assertEquals(11, table.size());
		assertTrue(table.get(1).startsWith("clay,Global,2,11.0000,1.41421,"), table.get(1));
		assertTrue(table.get(1).contains(",-31.8182,2/2,0.500000,"), table.get(1));
		assertTrue(table.get(3).startsWith("clay,Transfer,2,7.50000,") && table.get(3).contains(
			",,,,"), table.get(3));
		assertTrue(table.get(4).startsWith("clay,Spiking,2,9.50000,"), table.get(4));
		assertEquals(1 + 2 * 2 * 5, Files.readAllLines(dir.resolve(TransferReport.FOLDS)).size());
		assertTrue(ImageIO.read(dir.resolve(TransferReport.CHART).toFile()).getWidth() >= 620);
		final String md = Files.readString(dir.resolve(TransferReport.MARKDOWN));
		assertTrue(md.startsWith("# Transfer test\n\n12 local samples: repeated 2-fold cross-validation.\n"), md);
	}
}
