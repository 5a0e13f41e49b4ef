package org.spectralcnn.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.IntervalMetrics;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.models.Models;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.plsr.PlsrModel;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.Mbl;
import org.spectralcnn.plsr.MblWorkflow;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.train.ValidationSplit;

/**
 * Trusted predictions on NIRsoil (official split, 90 % level): per target the coverage and mean
 * width of PLSR split conformal intervals (cross-validated residuals), and for the 1-D CNN of
 * the accuracy recipe split conformal, plain Monte Carlo dropout (μ ± z·σ) and MC-CP; the
 * out-of-domain flag rates on the NIRsoil test set, on large_visnir resampled onto the NIRsoil
 * grid, and on XRF and gamma spectra whose channels are stretched onto it; and the time that
 * intervals add to a prediction. Not a test: a {@code main}; one 1-D CNN training (a few
 * minutes on 2 cores) unless a model file of the recipe with the same seed is given
 * ({@code --cnn}; it is calibrated again on the same validation samples).
 * <p>
 * {@code --random-splits N} instead repeats PLSR's, the 1-D CNN's and MBL's intervals on N random
 * splits of NIRsoil of the official sizes (split k drawn with seed k, the CNN trained with seed
 * k): whether a method sits at its level on average, or only on some splits (one CNN training
 * per split, about 15 s on 2 idle cores). There {@code --ensemble K} trains K members per split
 * (intervals centred on their mean, every member's held-out scores pooled, as Predict gives),
 * {@code --validation-fraction F} changes the 10 % each network holds out, and
 * {@code --within-calibration} draws the splits inside the 618 official calibration rows only
 * (463 / 155, the official ratio), so that a method can be chosen without the official test
 * samples.
 * <p>
 * {@code --timing FILE} only times the prediction of a model file (any kind, e.g. a 2-D
 * ensemble of the recipe) on the 207 test spectra, with and without intervals and flags.
 *
 * <pre>
 * OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE java -Djava.awt.headless=true \
 *   -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   org.spectralcnn.benchmarks.TrustedPredictionsBenchmark [--seed 0] [--cnn out/cnn1d_seed0.zip] [--save out/cnn1d.zip]
 *   [--random-splits 20 [--ensemble 5] [--validation-fraction 0.1] [--within-calibration]]
 *   [--timing out/model.zip]
 * </pre>
 */
public final class TrustedPredictionsBenchmark {

	static final List<String> TARGETS = List.of("Nt", "Ciso", "CEC");
	static final double LEVEL = 0.9;

	private TrustedPredictionsBenchmark() {}

	public static void main(final String[] args) throws Exception {
		long seed = 0;
		Path cnnFile = null, save = null, timed = null;
		int randomSplits = 0, members = 1;
		double fraction = 0.1;
		boolean withinCalibration = false;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--seed")) seed = Long.parseLong(args[++i]);
			else if (args[i].equals("--random-splits")) randomSplits = Integer.parseInt(args[++i]);
			else if (args[i].equals("--ensemble")) members = Integer.parseInt(args[++i]);
			else if (args[i].equals("--validation-fraction")) fraction = Double.parseDouble(args[++i]);
			else if (args[i].equals("--within-calibration")) withinCalibration = true;
			else if (args[i].equals("--cnn")) cnnFile = Path.of(args[++i]);
			else if (args[i].equals("--save")) save = Path.of(args[++i]);
			else if (args[i].equals("--timing")) timed = Path.of(args[++i]);
		}
		final SpectralDataset data = SpectraIO.open(SharedData.nirsoil());
		final boolean[] cal = data.splitMask("train");
		if (randomSplits > 0) {
			final SpectralDataset official = data.select(cal);
			final int size = official.size();
			// inside the calibration rows: the official calibration : test ratio
			if (withinCalibration) randomSplits(official, (int) Math.round((double) size * size / data
				.size()), randomSplits, members, fraction);
			else randomSplits(data, size, randomSplits, members, fraction);
			return;
		}
		final boolean[] rest = new boolean[cal.length];
		for (int i = 0; i < cal.length; i++) rest[i] = !cal[i];
		final SpectralDataset calibration = data.select(cal), test = data.select(rest);
		if (timed != null) {
			timing(Models.load(timed), test, timed.getFileName().toString());
			return;
		}

		long t0 = System.nanoTime();
		final PlsrModel plsr = plsr(data, cal);
		System.out.printf(Locale.ROOT, "PLSR trained and calibrated in %.1f s%n", (System
			.nanoTime() - t0) / 1e9);

		final CnnModel cnn;
		final int[][] split = ValidationSplit.split(calibration.size(), 0.1, seed);
		if (cnnFile != null) {
			// calibrated again as Train CNN calibrates (the recipe's validation split of this seed)
			final CnnModel loaded = (CnnModel) Models.load(cnnFile);
			cnn = loaded.withCalibration(Intervals.calibrateCnn(loaded, calibration.subset(split[0]),
				calibration.subset(split[1]), McDropout.DEFAULT_PASSES, seed,
				CnnTrainer.CALIBRATION_RESIDUALS));
			if (save != null) cnn.save(save);
		}
		else {
			t0 = System.nanoTime();
			cnn = cnn(calibration, seed, 1, 0.1);
			System.out.printf(Locale.ROOT, "1-D CNN (recipe, seed %d) trained and calibrated in %.1f s%n",
				seed, (System.nanoTime() - t0) / 1e9);
			if (save != null) cnn.save(save);
		}

		System.out.println();
		System.out.println("| model | intervals | target | n | coverage | mean width | RMSEP |");
		System.out.println("|---|---|---|---|---|---|---|");
		final double[][] y = test.targets(TARGETS);
		row("PLSR", "split conformal (10-fold CV residuals)", Intervals.predict(plsr, test, LEVEL,
			0, seed), y);
		row("1-D CNN", "split conformal (validation residuals)", Intervals.predict(cnn, test, LEVEL,
			0, seed), y);
		final McDropout.Result mc = McDropout.run(cnn, cnn.preprocess(test), McDropout.DEFAULT_PASSES,
			seed);
		final double[][][] gauss = Intervals.monteCarloGaussian(mc, LEVEL);
		row("1-D CNN", "plain MC dropout, " + McDropout.DEFAULT_PASSES + " passes (μ ± 1.645 σ)",
			new TrustedPredictions(TARGETS, LEVEL, "mc", mc.prediction(), gauss[0], gauss[1], null,
				null, null), y);
		row("1-D CNN", "MC-CP, " + McDropout.DEFAULT_PASSES + " passes", Intervals.predict(cnn, test,
			LEVEL, McDropout.DEFAULT_PASSES, seed), y);

		System.out.println();
		System.out.println("| spectra | n | PLSR flagged | CNN flagged |");
		System.out.println("|---|---|---|---|");
		flags("NIRsoil calibration (train = 1)", calibration, plsr, cnn);
		flags("NIRsoil test (train = 0)", test, plsr, cnn);
		final SpectralDataset visnir = SpectraIO.open(SharedData.require(
			"large_visnir/large_visnir.csv.gz"));
		flags("large_visnir, resampled to 1100–2498 nm", InputGrid.conform(visnir, data.axis(),
			note -> {}), plsr, cnn);
		for (final String f : List.of("xrf_pixl_basalt_glasses/xrf_bhvo_puck_points.csv",
			"xrf_pixl_basalt_glasses/xrf_basalt_glass_standards.csv",
			"gamma_radiacode_suro/gamma_radiacode_suro.csv"))
			flags(f + ", channels stretched onto the grid", stretched(SpectraIO.open(SharedData
				.require(f)), data), plsr, cnn);

		System.out.println();
		timing(cnn, test, "1-D CNN");
		timing(plsr, test, "PLSR");
	}

	static final Preprocessing STEPS = Preprocessing.parse("sg(11,2,1), snv");

	/** PLSR of the recipe on the rows of {@code data} where {@code train} is true, calibrated. */
	static PlsrModel plsr(final SpectralDataset data, final boolean[] train) {
		return PlsrWorkflow.train(data, STEPS, TARGETS, train, new PlsrTraining.Settings(30, 10,
			Selection.MIN, 0, false, 2), null).model();
	}

	/**
	 * The 1-D CNN of the accuracy recipe (an ensemble of {@code members} when 2 or more), each
	 * network trained and calibrated on a validation split of {@code fraction}.
	 */
	static CnnModel cnn(final SpectralDataset calibration, final long seed, final int members,
		final double fraction)
	{
		final CnnTrainer trainer = new CnnTrainer(new TrainingRequest(TARGETS, null,
			org.spectralcnn.model.Representation.SPECTRUM, org.spectralcnn.model.Architecture.preset(
				"fast", org.spectralcnn.model.Representation.SPECTRUM), STEPS, null,
			new TrainingSettings(150, 32, 0.001, seed, 20, 0, 0.5, 1e-6)));
		if (members > 1) return trainer.trainEnsemble(calibration, members, fraction,
			TrainingListener.NONE, () -> false).result().model();
		final int[][] split = ValidationSplit.split(calibration.size(), fraction, seed);
		return trainer.train(calibration.subset(split[0]), calibration.subset(split[1]),
			TrainingListener.NONE, () -> false).model();
	}

	/**
	 * Coverage of PLSR (split conformal), the CNN's split conformal and its MC-CP intervals on
	 * {@code n} random splits of {@code data} into {@code calibrationSize} samples and the rest,
	 * then per method and target the mean ± SD, range and the splits inside 0.87–0.93.
	 */
	static void randomSplits(final SpectralDataset data, final int calibrationSize, final int n,
		final int members, final double fraction)
	{
		System.out.printf(Locale.ROOT, "%d random splits of %d spectra: %d calibration, %d test%n", n,
			data.size(), calibrationSize, data.size() - calibrationSize);
		final String cnnName = "1-D CNN" + (members > 1 ? ", ensemble of " + members : "") + (fraction
			!= 0.1 ? ", validation " + fraction : "");
		final String[] methods = { "PLSR, split conformal (CV residuals)", cnnName +
			", split conformal (validation residuals)", cnnName + ", MC-CP (30 passes)",
			"MBL (Train MBL), leave-one-out errors" };
		final double[][][] coverage = new double[methods.length][TARGETS.size()][n];
		final double[][][] width = new double[methods.length][TARGETS.size()][n];
		final double[][][] rmsep = new double[methods.length][TARGETS.size()][n];
		for (int k = 0; k < n; k++) {
			final List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, data.size())
				.boxed().toList());
			java.util.Collections.shuffle(order, new java.util.Random(k));
			final boolean[] train = new boolean[data.size()], rest = new boolean[data.size()];
			for (int i = 0; i < rest.length; i++) {
				train[order.get(i)] = i < calibrationSize;
				rest[order.get(i)] = i >= calibrationSize;
			}
			final SpectralDataset test = data.select(rest);
			final CnnModel cnn = cnn(data.select(train), k, members, fraction);
			final List<TrustedPredictions> p = List.of(Intervals.predict(plsr(data, train), test,
				LEVEL, 0, k), Intervals.predict(cnn, test, LEVEL, 0, k), Intervals.predict(cnn, test,
					LEVEL, McDropout.DEFAULT_PASSES, k), Intervals.predict(MblWorkflow.train(data, STEPS,
						TARGETS, train, Mbl.Settings.defaults(), null).model(), test, LEVEL, 0, k));
			final double[][] y = test.targets(TARGETS);
			final StringBuilder line = new StringBuilder("split " + k + " (coverage/mean width):");
			for (int m = 0; m < methods.length; m++)
				for (int t = 0; t < TARGETS.size(); t++) {
					final IntervalMetrics im = metrics(p.get(m), y, t);
					coverage[m][t][k] = im.coverage();
					width[m][t][k] = im.meanWidth();
					rmsep[m][t][k] = im.rmseUnflagged(); // no flags given: every sample
					line.append(String.format(Locale.ROOT, " %s%s %.3f/%.3f", List.of("PLSR ", "split ",
						"MC-CP ", "MBL ").get(m), TARGETS.get(t), im.coverage(), im.meanWidth()));
				}
			System.out.println(line);
		}
		System.out.println();
		System.out.println("| intervals | target | coverage, mean ± SD | min – max | splits inside 0.87–0.93 | mean width | mean RMSEP |");
		System.out.println("|---|---|---|---|---|---|---|");
		for (int m = 0; m < methods.length; m++) {
			int allInside = 0;
			for (int k = 0; k < n; k++) {
				boolean in = true;
				for (int t = 0; t < TARGETS.size(); t++) in &= inside(coverage[m][t][k]);
				if (in) allInside++;
			}
			for (int t = 0; t < TARGETS.size(); t++) {
				final double[] c = coverage[m][t];
				System.out.printf(Locale.ROOT, "| %s | %s | %.3f ± %.3f | %.3f – %.3f | %d / %d | %.3f | %.4f |%n",
					methods[m], TARGETS.get(t), NirsoilRecipe.mean(c), NirsoilRecipe.sd(c), java.util.Arrays
						.stream(c).min().orElseThrow(), java.util.Arrays.stream(c).max().orElseThrow(),
					java.util.Arrays.stream(c).filter(TrustedPredictionsBenchmark::inside).count(), n,
					NirsoilRecipe.mean(width[m][t]), NirsoilRecipe.mean(rmsep[m][t]));
			}
			System.out.printf(Locale.ROOT, "%s: all three targets inside in %d of %d splits%n",
				methods[m], allInside, n);
		}
	}

	private static boolean inside(final double coverage) {
		return coverage >= 0.87 && coverage <= 0.93;
	}

	private static IntervalMetrics metrics(final TrustedPredictions p, final double[][] y,
		final int t)
	{
		final double[] obs = new double[y.length], pred = new double[y.length], lo =
			new double[y.length], hi = new double[y.length];
		for (int i = 0; i < y.length; i++) {
			obs[i] = y[i][t];
			pred[i] = p.prediction()[i][t];
			lo[i] = p.lower()[i][t];
			hi[i] = p.upper()[i][t];
		}
		return IntervalMetrics.of(TARGETS.get(t), obs, pred, lo, hi, null);
	}

	private static void row(final String model, final String method, final TrustedPredictions p,
		final double[][] y)
	{
		for (int t = 0; t < TARGETS.size(); t++) {
			final IntervalMetrics m = metrics(p, y, t);
			System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.3f | %.3f | %.3f |%n", model,
				method, TARGETS.get(t), m.n(), m.coverage(), m.meanWidth(), m.rmseUnflagged());
		}
	}

	private static void flags(final String name, final SpectralDataset spectra,
		final SpectralModel plsr, final SpectralModel cnn)
	{
		final TrustedPredictions a = Intervals.predict(plsr, spectra, LEVEL, 0, 0);
		final TrustedPredictions b = Intervals.predict(cnn, spectra, LEVEL, 0, 0);
		System.out.printf(Locale.ROOT, "| %s | %d | %.1f %% | %.1f %% |%n", name, spectra.size(),
			100.0 * a.flagged() / spectra.size(), 100.0 * b.flagged() / spectra.size());
	}

	/** Each spectrum's channels stretched linearly onto the grid of {@code like}. */
	static SpectralDataset stretched(final SpectralDataset source, final SpectralDataset like) {
		final int n = source.size(), p = like.points(), q = source.points();
		final float[] out = new float[n * p];
		for (int i = 0; i < n; i++) {
			final float[] s = source.spectrum(i);
			for (int j = 0; j < p; j++) {
				final double x = j * (q - 1.0) / (p - 1);
				final int k = Math.min((int) x, q - 2);
				final double f = x - k;
				out[i * p + j] = (float) (s[k] * (1 - f) + s[k + 1] * f);
			}
		}
		return SpectralDataset.builder(source.name(), like.axis(), source.ids().toArray(
			new String[0]), out).build();
	}

	/**
	 * Wall time of predict() and of Intervals.predict at the default passes, alternating, 15
	 * rounds: the minimum (least disturbed by other jobs) and the median.
	 */
	private static void timing(final SpectralModel m, final SpectralDataset test,
		final String name)
	{
		final List<Double> plain = new ArrayList<>(), trusted = new ArrayList<>();
		for (int r = 0; r < 15; r++) {
			long t = System.nanoTime();
			m.predict(test);
			plain.add((System.nanoTime() - t) / 1e6);
			t = System.nanoTime();
			Intervals.predict(m, test, LEVEL, McDropout.DEFAULT_PASSES, 0);
			trusted.add((System.nanoTime() - t) / 1e6);
		}
		plain.sort(null);
		trusted.sort(null);
		System.out.printf(Locale.ROOT,
			"%s, %d spectra: predict min %.0f ms, median %.0f ms; with intervals and flags (%d MC passes) min %.0f ms, median %.0f ms (15 rounds)%n",
			name, test.size(), plain.get(0), plain.get(7), McDropout.DEFAULT_PASSES, trusted.get(0),
			trusted.get(7));
	}
}
