package org.spectralcnn.benchmarks;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.evaluate.Wilcoxon;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.plsr.Folds;
import org.spectralcnn.plsr.Mbl;
import org.spectralcnn.train.Augmentation;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.transfer.FineTuning;
import org.spectralcnn.transfer.LibraryMethods;
import org.spectralcnn.transfer.LocalGrid;
import org.spectralcnn.transfer.ParentLink;
import org.spectralcnn.transfer.TransferComparison;

/**
 * The fine-tuning variants of docs/transfer.md on the same folds as the Fine-tune CNN report
 * (repeated k-fold over the local samples, seeds 0, 1, …), for one or more global models: per
 * fold the RMSE of Global, Local (single network with a 20 % validation split, and the inner-CV
 * ensemble), Spiking, MBL and each Transfer variant; then per variant and global model the mean,
 * the change against Local, the folds won and the Wilcoxon p. Prints as it goes.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   -Dparents=out/global_s0.zip,out/global_s1.zip -Dlocal=../shared/data/large_visnir/local_visnir.csv \
 *   -Dlibrary=../shared/data/large_visnir/large_visnir.csv.gz -Dtarget=clay \
 *   -Dvariants=T1,T5,T5sp org.spectralcnn.benchmarks.TransferRobustness
 * </pre>
 * {@code -Dsplit=../shared/data/nirsoil/nirsoil.csv.gz -Dtarget=Ciso} builds the case from one
 * shared library instead ({@link ClusterSplit}: {@code -Dclusters} 4, {@code -Dlocal_size} 40),
 * writes its two parts to {@code -Dsplit_out} (out/split) {@code _global.csv} and
 * {@code _local.csv} (train the global models on the first; without {@code -Dparents} it stops
 * there) and uses them as {@code local} and {@code library}.
 * Variants (base learning rate 1e-4): {@code T1} the old default (one fine-tune, 20 % validation split), {@code T0} one
 * fine-tune watching the training loss, {@code T5} an inner 5-fold soup (freeze conv),
 * {@code T5sp} the soup with every layer training and L2-SP ({@code -Dl2sp=100}),
 * {@code T5lr} the soup at learning rate 1e-3, {@code T0sp} and {@code T0lr} the same without
 * the soup (training loss watched), {@code T0splr} every layer training at learning rate 1e-3
 * with L2-SP {@code -Dl2sp_lr} (10; the same pull per step as λ 100 at 1e-4), {@code T0head} and
 * {@code T0head10} only the output heads training (every other layer frozen) at learning rate
 * 1e-3 and 1e-2, {@code TL} the mean of {@code T0lr}'s and {@code L0}'s predictions (a global/local
 * model average; needs {@code L0} among the locals), {@code Tcv} the freeze depth chosen per fold
 * by an inner 4-fold cross-validation among {@code conv}, every layer with L2-SP and only the heads
 * (learning rate 1e-3), {@code T0e50} {@code T0lr} with at most 50 epochs, {@code T3} three {@code T0lr} fine-tunes (seeds s, s + 1, s + 2) averaged,
 * {@code T0e400}, {@code T0p60}, {@code T0b4} {@code T0lr} with at most 400 epochs, patience 60,
 * batch size 4, {@code T0f2} and {@code T0f4} {@code T0lr} with {@code freeze=2} and {@code 4},
 * {@code TA}, {@code TAm}, {@code TM} {@code T0lr} with the 1-D recipe's augmentation, the mild
 * one and mixup 0.2, {@code TIS} {@code T0lr} with {@code input_scaling=local}, {@code TISL} its
 * mean with {@code L0} (both options), {@code TG} the mean of every parent's {@code T0lr}
 * fine-tune (an ensemble of global models; compare with {@code L3}), printed after the last parent;
 * {@code TW} {@code T0lr} and {@code L0} mixed with a weight chosen by an inner 4-fold CV;
 * {@code TS} the mean of {@code T0lr}'s and Spiking's predictions (needs {@code -Dlibrary});
 * {@code -Dper_sample=true} prints every test sample's prediction by each model below its fold;
 * Local variants
 * {@code L1}, {@code L0} (training loss watched), {@code L0x2} (two {@code L0} networks, seeds s and
 * s + 1000, averaged: a local ensemble of {@code TL}'s size), {@code L3} (three {@code L0}
 * networks, seeds s, s + 1, s + 2, averaged), {@code LA}, {@code LAm}, {@code LM} ({@code L0} with
 * the augmentation of {@code TA}, {@code TAm}, {@code TM}), {@code L5}, or {@code none}.
 */
public final class TransferRobustness {

	public static void main(final String[] args) throws Exception {
		final String target = System.getProperty("target", "clay");
		final List<String> targets = List.of(target);
		final int folds = Integer.getInteger("folds", 5), repeats = Integer.getInteger("repeats", 3);
		final double l2sp = Double.parseDouble(System.getProperty("l2sp", "100"));
		final double l2spLr = Double.parseDouble(System.getProperty("l2sp_lr", "10"));
		final List<String> variants = List.of(System.getProperty("variants", "T1,T5").split(","));
		final List<String> locals = List.of(System.getProperty("locals", "L1").split(","));
		// -Dsplit: the local site and the library are clusters of one shared library (ClusterSplit)
		final String splitFile = System.getProperty("split", "");
		final ClusterSplit split = splitFile.isEmpty() ? null : ClusterSplit.of(SpectraIO.open(Paths
			.get(splitFile)), target, Integer.getInteger("clusters", 4), Integer.getInteger("local_size",
				40));
		if (split != null) {
			final Path[] written = split.write(Paths.get(System.getProperty("split_out", "out/split")));
			System.out.println("split of " + splitFile + ": " + split.description + "; written to " +
				written[0] + ", " + written[1]);
			if (System.getProperty("parents") == null) {
				System.out.println("no -Dparents: train the global models on " + written[0] + " first");
				return;
			}
		}
		final List<Path> parents = new ArrayList<>();
		for (final String p : System.getProperty("parents").split(",")) parents.add(Paths.get(p));
		final CnnModel first = CnnModel.load(parents.get(0));
		final SpectralDataset local = LocalGrid.conform(split != null ? split.local : SpectraIO.open(
			Paths.get(System.getProperty("local"))), first.inputAxis(), s -> {});
		final String libraryFile = System.getProperty("library", "");
		final SpectralDataset libraryData = split != null ? split.global : libraryFile.isEmpty() ? null
			: SpectraIO.open(Paths.get(libraryFile));
		final LibraryMethods library = libraryData == null ? null : LibraryMethods.prepare(
			new LibraryMethods.Options(libraryData, System.getProperty("library_steps",
				LibraryMethods.DEFAULT_STEPS), 5, Mbl.Settings.defaults().withNeighbours(Integer
					.getInteger("neighbours", 100))), targets, System.out::println);
		final double[] y = local.column(target);

		// column → per fold RMSE
		final Map<String, double[]> rmse = new LinkedHashMap<>();
		// per fold, L0's test predictions (TL averages them with every parent's fine-tune)
		final Map<Integer, double[][]> localL0 = new java.util.HashMap<>();
		final Map<Integer, double[][]> spikingByFold = new java.util.HashMap<>();
		// per fold, every parent's T0lr test predictions (TG averages them over the parents)
		final Map<Integer, List<double[][]>> tunedByParent = new java.util.HashMap<>();
		final int nf = folds * repeats;
		final List<int[][]> splits = new ArrayList<>();
		for (int r = 0; r < repeats; r++) {
			final int[] f = Folds.kFold(local.size(), folds, r);
			for (int k = 0; k < folds; k++) {
				final List<Integer> cal = new ArrayList<>(), test = new ArrayList<>();
				for (int i = 0; i < f.length; i++) (f[i] == k ? test : cal).add(i);
				splits.add(new int[][] { cal.stream().mapToInt(Integer::intValue).toArray(), test.stream()
					.mapToInt(Integer::intValue).toArray(), { r } });
			}
		}
		for (int pi = 0; pi < parents.size(); pi++) {
			final CnnModel parent = pi == 0 ? first : CnnModel.load(parents.get(pi));
			final ParentLink link = ParentLink.of(parents.get(pi), parent);
			final String tag = "s" + pi;
			// freezing every layer before the heads: only the heads train
			final String allLayers = Integer.toString(FineTuning.freezableLayers(parent.network()).size());
			final TrainingSettings base = new TrainingSettings(FineTuning.DEFAULT_EPOCHS,
				FineTuning.DEFAULT_BATCH_SIZE, 1e-4, 0, FineTuning.DEFAULT_PATIENCE,
				0, 0.5, 1e-6);
			for (int k = 0; k < nf; k++) {
				final long seed = splits.get(k)[2][0];
				final SpectralDataset cal = local.subset(splits.get(k)[0]), test = local.subset(splits
					.get(k)[1]);
				final double[] obs = new double[test.size()];
				for (int i = 0; i < obs.length; i++) obs[i] = y[splits.get(k)[1][i]];
				final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s fold %2d:",
					tag, k + 1));
				// -Dper_sample=true: every test sample's prediction by each model, below the fold's line
				final Map<String, double[][]> perSample = new LinkedHashMap<>();
				final double[][] global = parent.predict(test);
				perSample.put("Global", global);
				put(rmse, "Global " + tag, k, nf, rmse(obs, global), line);
				if (pi == 0) {
					final TrainingRequest lr = localRequest(parent, targets, base);
					for (final String l : locals) {
						if (l.equals("none")) continue;
						final long t0 = System.nanoTime();
						final double[][] p;
						if (l.equals("L3") || l.equals("L0x2")) { // L0 and more L0 networks, averaged
							final List<double[][]> nets = new ArrayList<>();
							nets.add(localL0.containsKey(k) ? localL0.get(k) : localPredictions(lr, cal, test,
								targets, 1, 0, seed));
							for (final long s : l.equals("L3") ? new long[] { seed + 1, seed + 2 } : new long[] {
								seed + 1000 }) nets.add(localPredictions(lr, cal, test, targets, 1, 0, s));
							p = Intervals.meanOf(nets);
						}
						else if (AUGMENTED.containsKey(l.substring(1))) p = localPredictions(localRequest(parent,
							targets, base.withAugmentation(AUGMENTED.get(l.substring(1)))), cal, test, targets, 1, 0,
							seed);
						else p = localPredictions(lr, cal, test, targets, l.equals("L5") ? 5 : 1, l.startsWith(
							"L0") ? 0 : 0.2, seed);
						if (l.equals("L0")) localL0.put(k, p);
						perSample.put(l, p);
						put(rmse, l, k, nf, rmse(obs, p), line);
						line.append(String.format(Locale.ROOT, " (%.0fs)", (System.nanoTime() - t0) / 1e9));
					}
					if (library != null) {
						final double[][] spiked = library.spiking(cal, test);
						spikingByFold.put(k, spiked);
						perSample.put("Spiking", spiked);
						put(rmse, "Spiking", k, nf, rmse(obs, spiked), line);
						put(rmse, "MBL", k, nf, rmse(obs, library.mbl(cal, test)), line);
					}
				}
				// this fold's fine-tune predictions: TL and TISL average T0lr's and TIS's with L0
				final Map<String, double[][]> tuned = new java.util.HashMap<>();
				for (final String v : variants) {
					final long t0 = System.nanoTime();
					final FineTuning.Options o = switch (v) {
						case "T1" -> new FineTuning.Options("conv", false, base.withSeed(seed), 1, 0);
						case "T0" -> new FineTuning.Options("conv", false, base.withSeed(seed), 1, 0);
						case "T5" -> new FineTuning.Options("conv", false, base.withSeed(seed), 5, 0);
						case "T5sp" -> new FineTuning.Options("0", false, base.withSeed(seed), 5, l2sp);
						case "T1sp", "T0sp" -> new FineTuning.Options("0", false, base.withSeed(seed), 1, l2sp);
						case "T0lr", "TL", "T3", "TG", "TW", "TS" -> new FineTuning.Options("conv", false, base.withSeed(seed)
							.withLearningRate(1e-3), 1, 0);
						// the same pull per step as T0sp's λ 100 at lr 1e-4: lr·λ = 0.01
						case "T0splr" -> new FineTuning.Options("0", false, base.withSeed(seed)
							.withLearningRate(1e-3), 1, l2spLr);
						case "T5lr" -> new FineTuning.Options("conv", false, base.withSeed(seed)
							.withLearningRate(1e-3), 5, 0);
						case "T0e50" -> new FineTuning.Options("conv", false, base.withSeed(seed)
							.withLearningRate(1e-3).withEpochs(50), 1, 0);
						case "Tcv" -> innerCvChoice(parent, link, targets, base.withSeed(seed).withLearningRate(
							1e-3), cal, allLayers, l2spLr, seed, line);
						case "T0head" -> new FineTuning.Options(allLayers, false, base.withSeed(seed)
							.withLearningRate(1e-3), 1, 0);
						case "T0head10" -> new FineTuning.Options(allLayers, false, base.withSeed(seed)
							.withLearningRate(1e-2), 1, 0);
						case "TA", "TAm", "TM" -> new FineTuning.Options("conv", false, base.withSeed(seed)
							.withLearningRate(1e-3).withAugmentation(AUGMENTED.get(v.substring(1))), 1, 0);
						case "T0e400" -> new FineTuning.Options("conv", false, base.withSeed(seed)
							.withLearningRate(1e-3).withEpochs(400), 1, 0);
						case "T0p60" -> new FineTuning.Options("conv", false, base.withSeed(seed)
							.withLearningRate(1e-3).withPatience(60), 1, 0);
						case "T0b4" -> new FineTuning.Options("conv", false, base.withSeed(seed)
							.withLearningRate(1e-3).withBatchSize(4), 1, 0);
						case "T0f2", "T0f4" -> new FineTuning.Options(v.substring(3), false, base.withSeed(seed)
							.withLearningRate(1e-3), 1, 0);
						// input_scaling=local (TISL: averaged with L0 as TL)
						case "TIS", "TISL" -> new FineTuning.Options("conv", false, base.withSeed(seed)
							.withLearningRate(1e-3), 1, 0, false, true);
						default -> throw new IllegalArgumentException("variant " + v);
					};
					final String fineTune = List.of("TL", "TG", "TW", "TS").contains(v) ? "T0lr" : v
						.equals("TISL") ? "TIS" : v;
					double[][] p = tuned.get(fineTune);
					// the old defaults' 20 % validation split; every later variant watches the training loss
					if (p == null) p = FineTuning.fineTuneCalibration(parent, link, targets, o, cal, List.of(
						"T1", "T5", "T5sp", "T1sp", "T5lr").contains(v) ? 0.2 : 0, TrainingListener.NONE,
						() -> false).model().predict(test);
					tuned.put(fineTune, p);
					if (v.equals("TG")) {
						tunedByParent.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
						continue;
					}
					if (v.equals("T3")) { // two more fine-tunes with the next seeds, the three averaged
						final List<double[][]> nets = new ArrayList<>();
						nets.add(p);
						for (int j = 1; j < 3; j++) nets.add(FineTuning.fineTuneCalibration(parent, link,
							targets, o.withSettings(o.settings().withSeed(seed + j)), cal, 0, TrainingListener.NONE,
							() -> false).model().predict(test));
						p = Intervals.meanOf(nets);
					}
					if (v.equals("TW")) {
						if (!localL0.containsKey(k)) throw new IllegalArgumentException(v + " needs -Dlocals with L0");
						final double w = innerCvWeight(parent, link, targets, o, localRequest(parent, targets, base),
							cal, seed);
						line.append(String.format(Locale.ROOT, " [w %.2f]", w));
						final double[][] l = localL0.get(k), mixed = new double[p.length][];
						for (int i = 0; i < p.length; i++) {
							mixed[i] = new double[p[i].length];
							for (int t = 0; t < p[i].length; t++) mixed[i][t] = w * p[i][t] + (1 - w) * l[i][t];
						}
						p = mixed;
					}
					if (v.equals("TS")) {
						if (!spikingByFold.containsKey(k)) throw new IllegalArgumentException(v + " needs -Dlibrary");
						p = Intervals.meanOf(List.of(p, spikingByFold.get(k)));
					}
					if (v.equals("TL") || v.equals("TISL")) {
						if (!localL0.containsKey(k)) throw new IllegalArgumentException(v + " needs -Dlocals with L0");
						p = Intervals.meanOf(List.of(p, localL0.get(k)));
					}
					perSample.put(v, p);
					put(rmse, v + " " + tag, k, nf, rmse(obs, p), line);
					line.append(String.format(Locale.ROOT, " (%.0fs)", (System.nanoTime() - t0) / 1e9));
				}
				System.out.println(line);
				if (Boolean.getBoolean("per_sample")) for (int i = 0; i < obs.length; i++) {
					final StringBuilder sample = new StringBuilder(String.format(Locale.ROOT, "  %s: observed %.2f",
						test.ids().get(i), obs[i]));
					for (final Map.Entry<String, double[][]> e : perSample.entrySet())
						sample.append(String.format(Locale.ROOT, ", %s %.2f", e.getKey(), e.getValue()[i][0]));
					System.out.println(sample);
				}
			}
			summary(rmse, locals.stream().filter(l -> !l.equals("none")).toList(), tag);
		}
		if (variants.contains("TG")) { // the mean of every parent's fine-tune: an ensemble of global models
			for (int k = 0; k < nf; k++) {
				final double[] obs = new double[splits.get(k)[1].length];
				for (int i = 0; i < obs.length; i++) obs[i] = y[splits.get(k)[1][i]];
				put(rmse, "TG all", k, nf, rmse(obs, Intervals.meanOf(tunedByParent.get(k))),
					new StringBuilder());
			}
			summary(rmse, locals.stream().filter(l -> !l.equals("none")).toList(), "all");
		}
	}

	private static void summary(final Map<String, double[]> rmse, final List<String> locals,
		final String tag)
	{
		final StringBuilder header = new StringBuilder("| variant | RMSE mean ± SD |");
		for (final String l : locals) header.append(" vs ").append(l).append(" |");
		System.out.println(header.append(" vs Spiking | vs MBL |"));
		for (final Map.Entry<String, double[]> e : rmse.entrySet()) {
			if (!e.getKey().endsWith(tag) && !e.getKey().startsWith("L") && !e.getKey().equals(
				"Spiking") && !e.getKey().equals("MBL")) continue;
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| %s | %.2f ± %.2f",
				e.getKey(), mean(e.getValue()), sd(e.getValue())));
			if (e.getKey().startsWith("T")) {
				final List<String> others = new ArrayList<>(locals);
				others.add("Spiking");
				others.add("MBL");
				for (final String o : others) {
					final double[] b = rmse.get(o);
					if (b == null) continue;
					int wins = 0;
					for (int i = 0; i < b.length; i++)
						if (e.getValue()[i] < b[i]) wins++;
					sb.append(String.format(Locale.ROOT, " | %+.1f %%, %d/%d, p %.2g", 100 * (mean(e
						.getValue()) / mean(b) - 1), wins, b.length, Wilcoxon.paired(e.getValue(), b).p()));
				}
			}
			System.out.println(sb.append(" |"));
		}
	}

	private static void put(final Map<String, double[]> rmse, final String key, final int k,
		final int n, final double v, final StringBuilder line)
	{
		rmse.computeIfAbsent(key, x -> new double[n])[k] = v;
		line.append(String.format(Locale.ROOT, " %s %.2f", key, v));
	}

	/**
	 * The freeze depth an inner 4-fold cross-validation of the calibration samples chooses among
	 * {@code conv}, every layer with L2-SP, and only the heads (the training loss watched).
	 */
	private static FineTuning.Options innerCvChoice(final CnnModel parent, final ParentLink link,
		final List<String> targets, final TrainingSettings s, final SpectralDataset cal,
		final String allLayers, final double l2sp, final long seed, final StringBuilder line)
	{
		final List<FineTuning.Options> candidates = List.of(new FineTuning.Options("conv", false, s, 1,
			0), new FineTuning.Options("0", false, s, 1, l2sp), new FineTuning.Options(allLayers, false, s,
				1, 0));
		final int[] fold = Folds.kFold(cal.size(), 4, seed);
		final double[] y = cal.column(targets.get(0));
		FineTuning.Options chosen = null;
		double best = Double.POSITIVE_INFINITY;
		for (final FineTuning.Options o : candidates) {
			double sse = 0;
			for (int j = 0; j < 4; j++) {
				final List<Integer> in = new ArrayList<>(), out = new ArrayList<>();
				for (int i = 0; i < fold.length; i++) (fold[i] == j ? out : in).add(i);
				final int[] outRows = out.stream().mapToInt(Integer::intValue).toArray();
				final double[][] p = FineTuning.fineTuneCalibration(parent, link, targets, o, cal.subset(in
					.stream().mapToInt(Integer::intValue).toArray()), 0, TrainingListener.NONE, () -> false)
					.model().predict(cal.subset(outRows));
				for (int i = 0; i < outRows.length; i++) sse += (p[i][0] - y[outRows[i]]) * (p[i][0] -
					y[outRows[i]]);
			}
			if (sse < best) {
				best = sse;
				chosen = o;
			}
		}
		line.append(" [cv: ").append(chosen.freeze()).append(chosen.l2sp() > 0 ? "+l2sp" : "").append(
			"]");
		return chosen;
	}

	/**
	 * TW's weight of the fine-tune against the local network: an inner 4-fold cross-validation of
	 * the calibration samples fits both on each inner part; of 0, 0.25, … 1 the weight whose mix of
	 * their pooled held-out predictions has the lowest RMSE (ties: the larger).
	 */
	private static double innerCvWeight(final CnnModel parent, final ParentLink link,
		final List<String> targets, final FineTuning.Options o, final TrainingRequest local,
		final SpectralDataset cal, final long seed)
	{
		final int[] fold = Folds.kFold(cal.size(), 4, seed);
		final double[] y = cal.column(targets.get(0)), tuned = new double[y.length], alone =
			new double[y.length];
		for (int j = 0; j < 4; j++) {
			final List<Integer> in = new ArrayList<>(), out = new ArrayList<>();
			for (int i = 0; i < fold.length; i++) (fold[i] == j ? out : in).add(i);
			final int[] inRows = in.stream().mapToInt(Integer::intValue).toArray(), outRows = out.stream()
				.mapToInt(Integer::intValue).toArray();
			final double[][] t = FineTuning.fineTuneCalibration(parent, link, targets, o, cal.subset(
				inRows), 0, TrainingListener.NONE, () -> false).model().predict(cal.subset(outRows));
			final double[][] l = localPredictions(local, cal.subset(inRows), cal.subset(outRows), targets,
				1, 0, seed);
			for (int i = 0; i < outRows.length; i++) {
				tuned[outRows[i]] = t[i][0];
				alone[outRows[i]] = l[i][0];
			}
		}
		double best = Double.POSITIVE_INFINITY, chosen = 1;
		for (int q = 4; q >= 0; q--) {
			final double w = q / 4.0;
			double sse = 0;
			for (int i = 0; i < y.length; i++) {
				final double e = w * tuned[i] + (1 - w) * alone[i] - y[i];
				sse += e * e;
			}
			if (sse < best) {
				best = sse;
				chosen = w;
			}
		}
		return chosen;
	}

	// the augmentations of the TA/LA (1-D recipe), TAm/LAm (mild) and TM/LM (mixup) variants
	private static final Map<String, Augmentation> AUGMENTED = Map.of("A", new Augmentation(0.3,
		0.15, 3, 0.02, 0), "Am", new Augmentation(0.1, 0.05, 1, 0, 0), "M", new Augmentation(0, 0, 0,
			0, 0.2));

	private static double rmse(final double[] obs, final double[][] p) {
		final double[] q = new double[p.length];
		for (int i = 0; i < q.length; i++) q[i] = p[i][0];
		return Metrics.of(obs, q).rmse();
	}

	private static double mean(final double[] v) {
		double s = 0;
		for (final double x : v) s += x;
		return s / v.length;
	}

	private static double sd(final double[] v) {
		final double m = mean(v);
		double s = 0;
		for (final double x : v) s += (x - m) * (x - m);
		return Math.sqrt(s / (v.length - 1));
	}

	// TransferComparison's package-private helpers, reached from here by reflection-free copies
	private static TrainingRequest localRequest(final CnnModel parent, final List<String> targets,
		final TrainingSettings s)
	{
		return TransferComparison.localRequestFor(parent, targets, s);
	}

	private static double[][] localPredictions(final TrainingRequest r, final SpectralDataset cal,
		final SpectralDataset test, final List<String> targets, final int ensemble,
		final double fraction, final long seed)
	{
		return TransferComparison.localPredictionsFor(r, cal, test, targets, ensemble, fraction, seed);
	}
}
