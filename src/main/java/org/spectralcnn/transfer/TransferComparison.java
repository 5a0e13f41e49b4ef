package org.spectralcnn.transfer;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.evaluate.Wilcoxon;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.plsr.Folds;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.train.ValidationSplit;

/**
 * Padarian et al.'s (2019) three-way comparison on held-out local samples:
 * <ul>
 * <li><b>Global</b>: the parent model as it is;</li>
 * <li><b>Local</b>: the same architecture, preprocessing and representation trained from scratch
 * on the local calibration samples only (the parent's learning rate; the fine-tuning's epochs,
 * batch size, patience and inner validation split);</li>
 * <li><b>Transfer</b>: the parent fine-tuned on the same local calibration samples; with
 * {@link FineTuning.Options#averagesLocal()} the mean of that fine-tune's and Local's predictions,
 * as the saved model predicts ({@link FineTuneWorkflow}).</li>
 * </ul>
 * With a split column and at least {@value #MIN_SPLIT_SAMPLES} local samples the held-out samples
 * are the split's test samples; otherwise (a split of a few dozen samples would leave a handful
 * of test samples) every local sample is held out once per repeat of a seeded k-fold
 * cross-validation (scikit-learn's shuffled {@code KFold}, seeds {@code seed}, {@code seed + 1},
 * …), and the metrics are averaged over all folds of all repeats. Each fold trains
 * Local and fine-tunes Transfer on the same calibration samples, with the same inner validation
 * samples for early stopping; the held-out fold is never seen by either.
 */
public final class TransferComparison {

	/** Fewer local samples than this: repeated k-fold even when a split column is given. */
	public static final int MIN_SPLIT_SAMPLES = 60;

	public static final int DEFAULT_FOLDS = 5;
	public static final int DEFAULT_REPEATS = 3;

	/** The models compared (Spiking and MBL only with a library). */
	public enum Model {
		GLOBAL("Global"), LOCAL("Local"), TRANSFER("Transfer"), SPIKING("Spiking"), MBL("MBL");

		private final String label;

		Model(final String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}
	}

	/**
	 * Which local samples are held out.
	 *
	 * @param splitColumn numeric column with 1 = calibration, 0 = test, or empty
	 * @param folds k of the k-fold cross-validation (2 or more)
	 * @param repeats how many times the k-fold runs, each with another shuffle
	 * @param seed shuffles, inner validation splits, network weights
	 */
	public record Protocol(String splitColumn, int folds, int repeats, long seed) {

		public Protocol {
			splitColumn = splitColumn == null ? "" : splitColumn.trim();
			if (folds < 2) throw new IllegalArgumentException("folds must be at least 2, got " +
				folds);
			if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1, got " +
				repeats);
			if (seed < 0 || seed + repeats > 0xffffffffL) throw new IllegalArgumentException(
				"seed must be between 0 and 4294967295 for the report's folds, got " + seed);
		}

		/** Whether {@code n} local samples are split by the split column rather than by folds. */
		public boolean usesSplit(final int n) {
			return !splitColumn.isEmpty() && n >= MIN_SPLIT_SAMPLES;
		}
	}

	/** Metrics of the three models on one held-out fold. */
	public record Fold(int repeat, int fold, int calibrationSamples, int testSamples,
		Map<Model, List<Metrics>> metrics)
	{}

	/**
	 * One model's metrics for one target over all folds.
	 *
	 * @param rmse per fold (NaN where the model has no prediction for the target)
	 */
	public record Summary(String target, Model model, double[] rmse, double[] r2, double[] rpd,
		double[] bias)
	{

		public double rmseMean() {
			return mean(rmse);
		}

		public double rmseSd() {
			return sd(rmse);
		}

		public double r2Mean() {
			return mean(r2);
		}

		public double r2Sd() {
			return sd(r2);
		}

		public double rpdMean() {
			return mean(rpd);
		}

		public double rpdSd() {
			return sd(rpd);
		}

		public double biasMean() {
			return mean(bias);
		}

		public boolean available() {
			return !Double.isNaN(rmseMean());
		}
	}

	/**
	 * Everything the report shows.
	 *
	 * @param description how the samples were held out, in one sentence
	 * @param predictions per repeat, per sample of the local set: {observed, Global, Local,
	 *          Transfer} per target (NaN where not predicted or not held out)
	 */
	public record Result(List<String> targets, Protocol protocol, boolean crossValidation,
		String description, List<Fold> folds, HeldOutPredictions predictions, List<String> ids)
	{

		/** One model's metrics for a target, over the folds. */
		public Summary summary(final String target, final Model model) {
			final int t = targets.indexOf(target);
			final int n = folds.size();
			final double[] rmse = new double[n], r2 = new double[n], rpd = new double[n],
				bias = new double[n];
			for (int f = 0; f < n; f++) {
				final Metrics m = folds.get(f).metrics().get(model).get(t);
				rmse[f] = m.n() > 0 ? m.rmse() : Double.NaN;
				r2[f] = m.n() > 1 ? m.r2() : Double.NaN;
				rpd[f] = m.n() > 1 ? m.rpd() : Double.NaN;
				bias[f] = m.n() > 0 ? m.bias() : Double.NaN;
			}
			return new Summary(target, model, rmse, r2, rpd, bias);
		}

		/**
		 * One model's metrics for a target over the held-out predictions of each repeat pooled
		 * (every local sample once per repeat: steadier R² and RPD than a fold of a few samples).
		 */
		public List<Metrics> pooled(final String target, final Model model) {
			final int t = targets.indexOf(target);
			final List<Metrics> out = new ArrayList<>();
			for (int rep = 0; rep < predictions.repeats(); rep++) {
				final int n = predictions.samples();
				final double[] obs = new double[n], pred = new double[n];
				for (int i = 0; i < n; i++) {
					final boolean held = !Double.isNaN(predictions.predicted(rep, i, t, Model.TRANSFER));
					obs[i] = held ? predictions.observed(rep, i, t) : Double.NaN;
					pred[i] = held ? predictions.predicted(rep, i, t, model) : Double.NaN;
				}
				out.add(Metrics.of(obs, pred));
			}
			return out;
		}

		/** {RMSE, R², RPD} of the pooled held-out predictions, mean over the repeats. */
		public double[] pooledMeans(final String target, final Model model) {
			final List<Metrics> p = pooled(target, model);
			final double[] rmse = new double[p.size()], r2 = new double[p.size()],
				rpd = new double[p.size()];
			for (int i = 0; i < p.size(); i++) {
				final boolean ok = p.get(i).n() > 1;
				rmse[i] = ok ? p.get(i).rmse() : Double.NaN;
				r2[i] = ok ? p.get(i).r2() : Double.NaN;
				rpd[i] = ok ? p.get(i).rpd() : Double.NaN;
			}
			return new double[] { mean(rmse), mean(r2), mean(rpd) };
		}

		/** (Transfer − X) / X of the mean RMSE, in %; NaN when X has no prediction. */
		public double transferChange(final String target, final Model other) {
			final double x = summary(target, other).rmseMean();
			return 100 * (summary(target, Model.TRANSFER).rmseMean() - x) / x;
		}

		/**
		 * Folds where Transfer's RMSE is lower than both Global's and Local's (of those with a
		 * Transfer RMSE): Padarian et al.'s "transferred model best" count.
		 */
		public int[] transferBest(final String target) {
			final double[] t = summary(target, Model.TRANSFER).rmse(), g = summary(target,
				Model.GLOBAL).rmse(), l = summary(target, Model.LOCAL).rmse();
			int best = 0, n = 0;
			for (int f = 0; f < t.length; f++) {
				if (Double.isNaN(t[f])) continue;
				n++;
				if ((Double.isNaN(g[f]) || t[f] < g[f]) && (Double.isNaN(l[f]) || t[f] < l[f])) best++;
			}
			return new int[] { best, n };
		}

		/**
		 * Wilcoxon signed-rank test of Transfer's RMSE against X's over the folds where both are
		 * defined (two-sided; p NaN with no fold).
		 */
		public Wilcoxon.Result transferTest(final String target, final Model other) {
			return Wilcoxon.paired(summary(target, Model.TRANSFER).rmse(), summary(target, other)
				.rmse());
		}

		/** Folds where Transfer's RMSE is lower than X's, of those where both are defined. */
		public int[] transferWins(final String target, final Model other) {
			final double[] t = summary(target, Model.TRANSFER).rmse(), x = summary(target, other)
				.rmse();
			int wins = 0, n = 0;
			for (int f = 0; f < t.length; f++) {
				if (Double.isNaN(t[f]) || Double.isNaN(x[f])) continue;
				n++;
				if (t[f] < x[f]) wins++;
			}
			return new int[] { wins, n };
		}
	}

	/** Hears how the comparison goes. */
	public interface Progress {

		/** A line worth logging (a fold's results). */
		default void message(final String text) {}

		/** Before each training: fold {@code step} of {@code steps} in all, what trains. */
		default void step(final int step, final int steps, final String text) {}

		Progress NONE = new Progress() {};
	}

	private TransferComparison() {}

	/**
	 * Runs the comparison.
	 *
	 * @param local the local samples with their lab values, on the parent's grid
	 * @param fineTuning how Transfer fine-tunes (freeze, heads, settings; its seed is replaced
	 *          per repeat)
	 * @param validationFraction share of each calibration fold held out for early stopping
	 * @throws CancellationException when {@code canceled} turns true
	 * @throws IllegalArgumentException for too few samples, an unknown target or split column
	 */
	public static Result run(final CnnModel parent, final ParentLink link,
		final SpectralDataset local, final List<String> targets, final FineTuning.Options fineTuning,
		final double validationFraction, final Protocol protocol, final Progress progress,
		final BooleanSupplier canceled)
	{
		return run(parent, link, local, targets, fineTuning, validationFraction, protocol, null,
			progress, canceled);
	}

	/**
	 * As above, with Spiking and MBL from {@code library} (null: without them).
	 */
	public static Result run(final CnnModel parent, final ParentLink link,
		final SpectralDataset local, final List<String> targets, final FineTuning.Options fineTuning,
		final double validationFraction, final Protocol protocol, final LibraryMethods library,
		final Progress progress, final BooleanSupplier canceled)
	{
		final double[][] y = local.targets(targets);
		final HeldOut plan = HeldOut.of(local, protocol);
		final List<int[][]> splits = plan.splits();
		final boolean useSplit = plan.useSplit();
		progress.message(plan.description());

		final List<String> parentTargets = parent.targets();
		final TrainingRequest localRequest = localRequest(parent, targets, fineTuning.settings());
		final HeldOutPredictions predictions = new HeldOutPredictions(useSplit ? 1 : protocol
			.repeats(), y);

		final List<Fold> folds = new ArrayList<>();
		final BooleanSupplier stop = () -> canceled.getAsBoolean();
		for (int k = 0; k < splits.size(); k++) {
			final int repeat = plan.labels().get(k)[0], foldIndex = plan.labels().get(k)[1];
			final long seed = protocol.seed() + repeat;
			final SpectralDataset calibration = local.subset(splits.get(k)[0]);
			final SpectralDataset test = local.subset(splits.get(k)[1]);
			final String name = useSplit ? "split" : String.format(Locale.ROOT,
				"repeat %d, fold %d", repeat + 1, foldIndex + 1);

			if (canceled.getAsBoolean()) throw new CancellationException("canceled at " + name);
			progress.step(2 * k + 1, 2 * splits.size(), name + ": Local from scratch");
			final double[][] pLocal = localPredictions(localRequest, calibration, test, targets,
				fineTuning.soup(), validationFraction, seed, stop);
			if (canceled.getAsBoolean()) throw new CancellationException("canceled at " + name);
			progress.step(2 * k + 2, 2 * splits.size(), name + ": Transfer (fine-tuning)");
			final double[][] pTransfer = transfer(parent, link, targets, fineTuning, calibration, test,
				validationFraction, seed, pLocal, stop);
			if (canceled.getAsBoolean()) throw new CancellationException("canceled at " + name);

			final double[][] pGlobal = parent.predict(test);
			final double[][] pSpiking = library == null ? null : library.spiking(calibration, test);
			final double[][] pMbl = library == null ? null : library.mbl(calibration, test);
			final double[][] yTest = test.targets(targets);
			final Map<Model, List<Metrics>> metrics = new EnumMap<>(Model.class);
			for (final Model m : Model.values()) metrics.put(m, new ArrayList<>());
			for (int t = 0; t < targets.size(); t++) {
				final int g = parentTargets.indexOf(targets.get(t));
				final double[] obs = column(yTest, t);
				final double[] global = new double[test.size()];
				for (int i = 0; i < global.length; i++) global[i] = g >= 0 ? pGlobal[i][g]
					: Double.NaN;
				final Map<Model, double[]> byModel = new EnumMap<>(Model.class);
				byModel.put(Model.GLOBAL, global);
				byModel.put(Model.LOCAL, column(pLocal, t));
				byModel.put(Model.TRANSFER, column(pTransfer, t));
				byModel.put(Model.SPIKING, pSpiking == null ? nan(test.size()) : column(pSpiking, t));
				byModel.put(Model.MBL, pMbl == null ? nan(test.size()) : column(pMbl, t));
				final int[] rows = splits.get(k)[1];
				for (final Model m : Model.values()) {
					final double[] p = byModel.get(m);
					metrics.get(m).add(Metrics.of(obs, p));
					for (int i = 0; i < rows.length; i++) predictions.set(repeat, rows[i], t, m, p[i]);
				}
			}
			final Fold fold = new Fold(repeat, foldIndex, calibration.size(), test.size(),
				Collections.unmodifiableMap(metrics));
			folds.add(fold);
			final StringBuilder line = new StringBuilder(name + " (" + calibration.size() +
				" calibration, " + test.size() + " held out): RMSE");
			for (int t = 0; t < targets.size(); t++) {
				line.append(" ").append(targets.get(t));
				for (final Model m : Model.values())
					if (metrics.get(m).get(t).n() > 0) line.append(String.format(Locale.ROOT, " %s %.4g", m
						.label(), metrics.get(m).get(t).rmse()));
				if (t < targets.size() - 1) line.append(";");
			}
			progress.message(line.toString());
		}
		return new Result(List.copyOf(targets), protocol, !useSplit, plan.description(), Collections
			.unmodifiableList(folds), predictions, local.ids());
	}

	/**
	 * Transfer alone, held out as the report holds it out in its first repeat (with a split
	 * column and enough samples, on the split's test samples): what a fine-tuned model without
	 * validation samples of its own takes as interval scores when no report is asked for.
	 *
	 * @return Transfer's held-out predictions (one repeat; the other models NaN)
	 * @throws CancellationException when {@code canceled} turns true
	 * @throws IllegalArgumentException for fewer samples than folds, a bad split column
	 */
	public static HeldOutPredictions transferHeldOut(final CnnModel parent, final ParentLink link,
		final SpectralDataset local, final List<String> targets, final FineTuning.Options fineTuning,
		final double validationFraction, final Protocol protocol, final Progress progress,
		final BooleanSupplier canceled)
	{
		final Protocol once = new Protocol(protocol.splitColumn(), protocol.folds(), 1, protocol
			.seed());
		final HeldOut plan = HeldOut.of(local, once);
		final HeldOutPredictions predictions = new HeldOutPredictions(1, local.targets(targets));
		final TrainingRequest localRequest = fineTuning.averagesLocal() ? localRequest(parent,
			targets, fineTuning.settings()) : null;
		for (int k = 0; k < plan.splits().size(); k++) {
			if (canceled.getAsBoolean()) throw new CancellationException("canceled at fold " + (k + 1));
			progress.step(k + 1, plan.splits().size(), "held-out fine-tune " + (k + 1));
			final SpectralDataset calibration = local.subset(plan.splits().get(k)[0]);
			final SpectralDataset test = local.subset(plan.splits().get(k)[1]);
			final double[][] pLocal = localRequest == null ? null : localPredictions(localRequest,
				calibration, test, targets, fineTuning.soup(), validationFraction, once.seed(), canceled);
			final double[][] p = transfer(parent, link, targets, fineTuning, calibration, test,
				validationFraction, once.seed(), pLocal, canceled);
			final int[] rows = plan.splits().get(k)[1];
			for (int i = 0; i < rows.length; i++)
				for (int t = 0; t < targets.size(); t++) predictions.set(0, rows[i], t, Model.TRANSFER,
					p[i][t]);
		}
		if (canceled.getAsBoolean()) throw new CancellationException("canceled at the last fold");
		return predictions;
	}

	/**
	 * Transfer's predictions of {@code test}: the parent fine-tuned on {@code calibration} (batch
	 * size capped at 3/5 of its usable samples), averaged with Local's {@code pLocal} for
	 * {@code local_network=averaged}.
	 */
	private static double[][] transfer(final CnnModel parent, final ParentLink link,
		final List<String> targets, final FineTuning.Options fineTuning,
		final SpectralDataset calibration, final SpectralDataset test,
		final double validationFraction, final long seed, final double[][] pLocal,
		final BooleanSupplier stop)
	{
		final int usable = org.spectralcnn.train.TrainingLoop.rowsWithAnyTarget(calibration.targets(
			targets)).length;
		final TrainingSettings ts = fineTuning.settings().withSeed(seed).withBatchSize(Math.min(
			fineTuning.settings().batchSize(), Math.max(2, usable * 3 / 5)));
		final CnnModel tuned = FineTuning.fineTuneCalibration(parent, link, targets, fineTuning
			.withSettings(ts), calibration, validationFraction, TrainingListener.NONE, stop).model();
		return fineTuning.averagesLocal() ? Intervals.meanOf(List.of(tuned.predict(test), pLocal))
			: tuned.predict(test);
	}

	/**
	 * The held-out samples: {calibration rows, test rows} per fold, labelled {repeat, fold}.
	 *
	 * @param useSplit whether the split column's test samples are the held-out ones
	 */
	private record HeldOut(List<int[][]> splits, List<int[]> labels, boolean useSplit,
		String description)
	{

		static HeldOut of(final SpectralDataset local, final Protocol protocol) {
			final int n = local.size();
			final boolean useSplit = protocol.usesSplit(n);
			final List<int[][]> splits = new ArrayList<>(); // {calibration rows, test rows}
			final List<int[]> labels = new ArrayList<>(); // {repeat, fold}
			final String description;
			if (useSplit) {
				final int[][] s = SplitColumn.rows(SplitColumn.calibration(local, protocol.splitColumn()));
				if (s[0].length == 0 || s[1].length == 0) throw new IllegalArgumentException(
					"split column '" + protocol.splitColumn() + "' must mark calibration (1) and test (0) samples; it marks " +
						s[0].length + " and " + s[1].length);
				splits.add(s);
				labels.add(new int[] { 0, 0 });
				description = String.format(Locale.ROOT,
					"held-out local samples: the test samples of split column '%s' (%d calibration, %d test)",
					protocol.splitColumn(), s[0].length, s[1].length);
			}
			else {
				if (n < protocol.folds()) throw new IllegalArgumentException("only " + n +
					" local samples for " + protocol.folds() + "-fold cross-validation");
				for (int r = 0; r < protocol.repeats(); r++) {
					final int[] fold = kFold(n, protocol.folds(), protocol.seed() + r);
					for (int f = 0; f < protocol.folds(); f++) {
						final boolean[] test = new boolean[n];
						for (int i = 0; i < n; i++) test[i] = fold[i] == f;
						final int[][] s = SplitColumn.rows(test);
						splits.add(new int[][] { s[1], s[0] });
						labels.add(new int[] { r, f });
					}
				}
				description = String.format(Locale.ROOT,
					"%s%d local samples: repeated %d-fold cross-validation, %d repeat%s (%d folds in all; each sample held out once per repeat), metrics averaged over the folds",
					!protocol.splitColumn().isEmpty() ? "only " : "", n, protocol.folds(), protocol
						.repeats(), protocol.repeats() == 1 ? "" : "s", splits.size()) + (!protocol.splitColumn().isEmpty()
							? "; the split column '" + protocol.splitColumn() + "' is not used with fewer than " +
								MIN_SPLIT_SAMPLES + " local samples"
							: "");
			}
			return new HeldOut(splits, labels, useSplit, description);
		}
	}

	/**
	 * Local from scratch: the parent's architecture, representation, preprocessing chain (to be
	 * fitted anew on the local samples) and STFT, the parent's learning rate, and the fine-tuning's
	 * epochs, batch size and patience.
	 */
	static TrainingRequest localRequest(final CnnModel parent, final List<String> targets,
		final TrainingSettings fineTuning)
	{
		double lr = parent.architecture().learningRate();
		final JsonObject m = parent.manifest();
		if (m.has("training") && m.getAsJsonObject("training").has("learning_rate")) lr = m
			.getAsJsonObject("training").get("learning_rate").getAsDouble();
		return new TrainingRequest(targets, null, parent.representation(), parent.architecture(),
			Preprocessing.parse(parent.inputPipeline().preprocessing().toString()), parent
				.inputPipeline().stftParameters(), fineTuning.withLearningRate(lr));
	}

	/**
	 * Local from scratch, with the stopping rule Transfer gets: one network early-stopping on a
	 * {@code validationFraction} split, or with {@code ensemble ≥ 2} one network per inner fold
	 * (early-stopping on it) and their predictions averaged (networks from different random
	 * weights cannot be averaged weight by weight).
	 */
	static double[][] localPredictions(final TrainingRequest request,
		final SpectralDataset calibration, final SpectralDataset test, final List<String> targets,
		final int ensemble, final double validationFraction, final long seed,
		final BooleanSupplier stop)
	{
		final List<int[][]> parts = new ArrayList<>(); // {training rows, validation rows}
		if (ensemble <= 1) {
			final int[][] inner = ValidationSplit.split(calibration.size(), validationFraction, seed);
			parts.add(inner);
		}
		else {
			final int m = Math.min(ensemble, calibration.size());
			final int[] fold = Folds.kFold(calibration.size(), m, seed);
			for (int j = 0; j < m; j++) {
				final boolean[] val = new boolean[calibration.size()];
				for (int i = 0; i < val.length; i++) val[i] = fold[i] == j;
				final int[][] r = SplitColumn.rows(val);
				parts.add(new int[][] { r[1], r[0] });
			}
		}
		double[][] sum = null;
		for (int j = 0; j < parts.size(); j++) {
			final double[][] p = trainLocal(request, calibration.subset(parts.get(j)[0]), calibration
				.subset(parts.get(j)[1]), targets, seed + j, TrainingListener.NONE, stop).model().predict(
					test);
			if (sum == null) sum = p;
			else for (int i = 0; i < p.length; i++)
				for (int t = 0; t < p[i].length; t++) sum[i][t] += p[i][t];
		}
		for (final double[] row : sum)
			for (int t = 0; t < row.length; t++) row[t] /= parts.size();
		return sum;
	}

	/** One Local network from scratch (batch size capped at the usable training samples). */
	private static TrainingResult trainLocal(final TrainingRequest request,
		final SpectralDataset training, final SpectralDataset validation, final List<String> targets,
		final long seed, final TrainingListener listener, final BooleanSupplier stop)
	{
		final int usable = org.spectralcnn.train.TrainingLoop.rowsWithAnyTarget(training.targets(
			targets)).length;
		return new CnnTrainer(withSeed(request, seed, usable)).train(training, validation, listener,
			stop);
	}

	/**
	 * The network {@code local_network=averaged} puts beside a fine-tune: Local as the report
	 * trains it for one fine-tune, on the fine-tune's training and validation samples.
	 */
	static TrainingResult localNetwork(final CnnModel parent, final List<String> targets,
		final TrainingSettings fineTuning, final SpectralDataset training,
		final SpectralDataset validation, final TrainingListener listener, final BooleanSupplier stop)
	{
		return trainLocal(localRequest(parent, targets, fineTuning), training, validation, targets,
			fineTuning.seed(), listener, stop);
	}

	/** {@link #localRequest} for the benchmarks (same folds, other variants). */
	public static TrainingRequest localRequestFor(final CnnModel parent, final List<String> targets,
		final TrainingSettings fineTuning)
	{
		return localRequest(parent, targets, fineTuning);
	}

	/** {@link #localPredictions} for the benchmarks. */
	public static double[][] localPredictionsFor(final TrainingRequest request,
		final SpectralDataset calibration, final SpectralDataset test, final List<String> targets,
		final int ensemble, final double validationFraction, final long seed)
	{
		return localPredictions(request, calibration, test, targets, ensemble, validationFraction,
			seed, () -> false);
	}

	private static double[] nan(final int n) {
		final double[] v = new double[n];
		java.util.Arrays.fill(v, Double.NaN);
		return v;
	}

	private static TrainingRequest withSeed(final TrainingRequest r, final long seed,
		final int trainingSamples)
	{
		return new TrainingRequest(r.targets(), r.units(), r.representation(), r.architecture(), r
			.preprocessing(), r.stft(), r.settings().withSeed(seed).withBatchSize(Math.min(r.settings()
				.batchSize(), trainingSamples)));
	}

	/**
	 * Fold 0..k-1 of each of {@code n} samples: scikit-learn's
	 * {@code KFold(n_splits=k, shuffle=True, random_state=seed)}, as the PLSR cross-validation
	 * uses, so that a script can rebuild the very same folds.
	 */
	static int[] kFold(final int n, final int k, final long seed) {
		return Folds.kFold(n, k, seed);
	}

	private static double[] column(final double[][] m, final int c) {
		final double[] v = new double[m.length];
		for (int i = 0; i < m.length; i++) v[i] = m[i][c];
		return v;
	}

	static double mean(final double[] v) {
		double s = 0;
		int n = 0;
		for (final double x : v)
			if (!Double.isNaN(x)) {
				s += x;
				n++;
			}
		return n > 0 ? s / n : Double.NaN;
	}

	/** Sample SD (n − 1) of the defined values; NaN for fewer than two. */
	static double sd(final double[] v) {
		final double m = mean(v);
		double s = 0;
		int n = 0;
		for (final double x : v)
			if (!Double.isNaN(x)) {
				s += (x - m) * (x - m);
				n++;
			}
		return n > 1 ? Math.sqrt(s / (n - 1)) : Double.NaN;
	}
}
