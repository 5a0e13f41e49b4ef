package org.spectralcnn.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spectralcnn.SharedData;
import org.spectralcnn.launcher.CommandArguments;
import org.spectralcnn.launcher.SpectralCnnRuntime;

/**
 * The accuracy recipe of docs/results.md (CNN accuracy recipe) on NIRsoil: Train CNN with exactly the documented
 * keys, seeds 0, 1 and 2, for the 1-D and the 2-D CNN, each evaluated on the official test set
 * ({@code train} = 0) by the command's report. Prints RMSEP per seed and the mean ± SD per
 * target against the best tuned PLSR and the PyTorch peers ({@code ../shared/peers/RESULTS.md}).
 * Not a test: a {@code main}; about 6 minutes on 2 idle cores, 10–20 on loaded ones.
 *
 * <pre>
 * OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE java -Djava.awt.headless=true \
 *   -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   org.spectralcnn.benchmarks.NirsoilRecipe [out folder] [--only spectrum|spectrogram] [--seeds 0,1,2]
 *   [--ensemble K] [--augment offset=0.1,slope=0.05,shift=1,noise=0.01,mixup=0.2] [--epochs N]
 *   [--window N] [--hop N] [--keys lr_patience=7,patience=30]
 *   [--table] [--subsets CONFIG_FOLDER [--recalibrate]] [--validation CONFIG_FOLDER]
 * </pre>
 *
 * {@code --ensemble}, {@code --augment}, {@code --epochs}, {@code --window} and {@code --hop} change
 * the recipe's keys (Train CNN's {@code ensemble}, {@code augment_*}, {@code epochs}, the 2-D recipe's
 * {@code window_size} and {@code hop}); {@code --keys} sets any other Train CNN keys, values without commas (replacing
 * the recipe's value of a key it sets, such as {@code patience}); every run appends its per-seed RMSEP and time to
 * {@code results.tsv} in the out folder, and {@code --table} prints, instead of training, the table of
 * everything there: per configuration the mean ± SD over seeds beside PLSR and the PyTorch peers, with the
 * training time (docs/ensembles.md).
 * <p>
 * {@code --subsets} evaluates, instead of training, the first K members (K = 1 … all) of every
 * ensemble model a run left in that folder: member k of an ensemble with seed s is seed s + k on
 * validation fold k whatever the ensemble's size, so the first K members of a 5-member run are
 * the K-member run (bit for bit on the same thread count), and member 0 is the single model. Their
 * time is the sum of those members' training times from the model file. With {@code --recalibrate}
 * the whole ensemble's intervals are first calibrated again as Train CNN calibrates them (each
 * member's validation fold, the model's seed), for model files older than the interval code.
 * <p>
 * {@code --validation} prints, instead of training, the out-of-fold RMSE on the calibration part
 * of the first 3 and of all members of every ensemble model in that folder (appended to
 * {@code validation.tsv}): settings are compared on these, not on the test set.
 */
public final class NirsoilRecipe {

	/** The documented 1-D recipe (docs/results.md); {@code {data}}, {@code {seed}}, {@code {out}} filled in. */
	public static final String SPECTRUM = "input={data},targets=[Nt,Ciso,CEC],representation=spectrum," +
		"architecture=fast,steps=[sg(11,2,1), snv],split_column=train,validation_fraction=0.1," +
		"epochs=150,batch_size=32,learning_rate=0.001,patience=20,seed={seed}," +
		"model={out}/cnn1d_seed{seed}.zip,report={out}/cnn1d_seed{seed}";

	/** The documented 2-D recipe: the same input, then the STFT magnitude (Hann 128, hop 32). */
	public static final String SPECTROGRAM = "input={data},targets=[Nt,Ciso,CEC]," +
		"representation=spectrogram,architecture=fast,steps=[sg(11,2,1), snv],window_size=128," +
		"hop=32,window=hann,detrend=none,scaling=magnitude,split_column=train," +
		"validation_fraction=0.1,epochs=150," +
		"batch_size=32,learning_rate=0.001,patience=20,seed={seed}," +
		"model={out}/cnn2d_seed{seed}.zip,report={out}/cnn2d_seed{seed}";

	static final String[] TARGETS = { "Nt", "Ciso", "CEC" };
	/** Best tuned PLSR RMSEP per target (any preprocessing), RESULTS.md section 1. */
	static final double[] PLSR = { 0.710, 0.660, 3.893 };
	/** PyTorch 1-D CNN, SG1+SNV, mean of seeds 0–2. */
	static final double[] PEER_1D = { 0.623, 0.603, 3.333 };
	/** PyTorch 2-D CNN, Hann 128 / hop 32, mean of seeds 0–2. */
	static final double[] PEER_2D = { 0.704, 0.601, 3.921 };

	private NirsoilRecipe() {}

	public static void main(final String[] args) throws Exception {
		Path out = Paths.get("out", "nirsoil-recipe");
		String only = null;
		int[] seeds = { 0, 1, 2 };
		int ensemble = 1, epochs = 150, hop = 32, window = 128;
		String augment = "", extra = "";
		boolean table = false, recalibrate = false;
		String subsets = null, validation = null;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--only")) only = args[++i];
			else if (args[i].equals("--ensemble")) ensemble = Integer.parseInt(args[++i]);
			else if (args[i].equals("--epochs")) epochs = Integer.parseInt(args[++i]);
			else if (args[i].equals("--hop")) hop = Integer.parseInt(args[++i]);
			else if (args[i].equals("--window")) window = Integer.parseInt(args[++i]);
			else if (args[i].equals("--augment")) augment = args[++i];
			else if (args[i].equals("--keys")) extra = args[++i];
			else if (args[i].equals("--table")) table = true;
			else if (args[i].equals("--subsets")) subsets = args[++i];
			else if (args[i].equals("--recalibrate")) recalibrate = true;
			else if (args[i].equals("--validation")) validation = args[++i];
			else if (args[i].equals("--seeds")) seeds = java.util.Arrays.stream(args[++i].split(","))
				.mapToInt(Integer::parseInt).toArray();
			else out = Paths.get(args[i]);
		}
		Files.createDirectories(out);
		if (table) {
			printTable(out.resolve("results.tsv"));
			return;
		}
		if (validation != null) {
			validation(Paths.get(validation), out.resolve("validation.tsv"));
			SpectralCnnRuntime.dispose();
			System.exit(0);
		}
		if (subsets != null) {
			subsets(Paths.get(subsets), out.resolve("results.tsv"), recalibrate);
			SpectralCnnRuntime.dispose();
			System.exit(0);
		}
		final StringBuilder keys = new StringBuilder(",ensemble=" + ensemble);
		for (final String a : augment.split(","))
			if (!a.isBlank()) keys.append(",augment_").append(a.trim());
		final List<String[]> extraKeys = new ArrayList<>();
		for (final String k : extra.split(","))
			if (!k.isBlank()) {
				final String[] kv = k.trim().split("=", 2);
				if (kv.length != 2) throw new IllegalArgumentException("--keys expects key=value pairs, got '" +
					k.trim() + "'");
				extraKeys.add(kv);
			}
		final String config = "ens" + ensemble + (augment.isBlank() ? "" : " aug(" + augment + ")") +
			(epochs == 150 ? "" : " epochs " + epochs) + (window == 128 ? "" : " window " + window) +
			(hop == 32 ? "" : " hop " + hop) + (extra.isBlank() ? "" : " " + extra);
		final String tag = config.replaceAll("[^A-Za-z0-9.]+", "_");
		final Path data = SharedData.sharedDir().resolve("data/nirsoil/nirsoil.csv.gz");
		final SpectralCnnRuntime runtime = SpectralCnnRuntime.get();
		final Map<String, double[][]> results = new LinkedHashMap<>();
		for (final String rep : new String[] { "spectrum", "spectrogram" }) {
			if (only != null && !only.equals(rep)) continue;
			String recipe = rep.equals("spectrum") ? SPECTRUM : SPECTROGRAM;
			for (final String[] kv : extraKeys) recipe = withKey(recipe, kv[0], kv[1]);
			final double[][] rmse = new double[seeds.length][];
			for (int k = 0; k < seeds.length; k++) {
				final String text = (recipe.replace("epochs=150", "epochs=" + epochs).replace("hop=32", "hop=" +
					hop).replace("window_size=128", "window_size=" + window) + keys).replace(
					"{data}", data.toString()).replace("{seed}", Integer.toString(seeds[k])).replace("{out}",
						out.resolve(tag).toString());
				final long t0 = System.nanoTime(), cpu0 = cpuNanos();
				runtime.invoker().run(runtime.catalog().find("Train CNN"), CommandArguments
					.parseRunArguments(text));
				final String folder = (rep.equals("spectrum") ? "cnn1d_seed" : "cnn2d_seed") + seeds[k];
				rmse[k] = readRmse(out.resolve(tag).resolve(folder).resolve("metrics.csv"));
				final double seconds = (System.nanoTime() - t0) / 1e9;
				// on a shared machine the wall time says little: the process's CPU time over the
				// cores it may use is what the run would take alone
				final double cpu = (cpuNanos() - cpu0) / 1e9;
				System.out.printf(Locale.ROOT, "%s %s seed %d: Nt %.3f, Ciso %.3f, CEC %.3f (%.0f s)%n",
					rep, config, seeds[k], rmse[k][0], rmse[k][1], rmse[k][2], seconds);
				Files.writeString(out.resolve("results.tsv"), String.format(Locale.ROOT,
					"%s\t%s\t%d\t%.5f\t%.5f\t%.5f\t%.1f\t%.1f%n", rep, config, seeds[k], rmse[k][0],
					rmse[k][1], rmse[k][2], seconds, cpu), java.nio.file.StandardOpenOption.CREATE,
					java.nio.file.StandardOpenOption.APPEND);
			}
			results.put(rep, rmse);
		}
		System.out.println();
		System.out.println("RMSEP on the NIRsoil test set (train = 0), seeds " + java.util.Arrays
			.toString(seeds));
		System.out.println();
		System.out.println("| model | target | per-seed RMSEP | mean ± SD | best PLSR | PyTorch peer | vs PLSR |");
		System.out.println("|---|---|---|---|---|---|---|");
		for (final Map.Entry<String, double[][]> e : results.entrySet()) {
			final boolean oneD = e.getKey().equals("spectrum");
			for (int t = 0; t < TARGETS.length; t++) {
				final List<String> per = new ArrayList<>();
				final double[] v = new double[e.getValue().length];
				for (int k = 0; k < v.length; k++) {
					v[k] = e.getValue()[k][t];
					per.add(String.format(Locale.ROOT, "%.3f", v[k]));
				}
				final double mean = mean(v), sd = sd(v);
				final double limit = oneD ? PLSR[t] : PLSR[t] * 1.05;
				System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f ± %.3f | %.3f | %.3f | %s |%n", oneD
					? "1-D CNN" : "2-D CNN", TARGETS[t], String.join(", ", per), mean, sd, PLSR[t], oneD
						? PEER_1D[t] : PEER_2D[t], String.format(Locale.ROOT, "%+.1f %% (%s %.3f)", 100 *
							(mean / PLSR[t] - 1), mean <= limit ? "meets" : "FAILS", limit));
			}
		}
		SpectralCnnRuntime.dispose();
		System.exit(0);
	}

	/** The recipe with {@code key} set to {@code value}: its own value replaced, or the key appended. */
	static String withKey(final String recipe, final String key, final String value) {
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(^|,)" + java.util.regex.Pattern
			.quote(key) + "=[^,]*").matcher(recipe);
		return m.find() ? m.replaceFirst(java.util.regex.Matcher.quoteReplacement(m.group(1) + key + "=" +
			value)) : recipe + "," + key + "=" + value;
	}

	/**
	 * The Markdown table of every configuration in results.tsv: mean ± SD over its seeds per
	 * target, the mean training time, beside PLSR and the PyTorch peer of the representation.
	 */
	static void printTable(final Path tsv) throws java.io.IOException {
		final Map<String, List<double[]>> runs = new LinkedHashMap<>();
		for (final String line : Files.readAllLines(tsv)) {
			if (line.isBlank()) continue;
			final String[] c = line.split("\t");
			final double[] v = new double[6];
			v[0] = Double.parseDouble(c[2]);
			for (int t = 0; t < 3; t++) v[1 + t] = Double.parseDouble(c[3 + t]);
			v[4] = Double.parseDouble(c[6]);
			v[5] = c.length > 7 ? Double.parseDouble(c[7]) : Double.NaN;
			runs.computeIfAbsent(c[0] + "\t" + c[1], x -> new ArrayList<>()).add(v);
		}
		System.out.println("| model | configuration | seeds | Nt | Ciso | CEC | wall s per run | CPU s per run |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		for (final String rep : new String[] { "spectrum", "spectrogram" }) {
			final boolean oneD = rep.equals("spectrum");
			final String name = oneD ? "1-D CNN" : "2-D CNN";
			final double[] peer = oneD ? PEER_1D : PEER_2D;
			System.out.printf(Locale.ROOT, "| PLSR (best tuned) | | | %.3f | %.3f | %.3f | | |%n",
				PLSR[0], PLSR[1], PLSR[2]);
			System.out.printf(Locale.ROOT,
				"| PyTorch %s peer | single, seeds 0–2 | 3 | %.3f | %.3f | %.3f | | |%n",
				oneD ? "1-D" : "2-D", peer[0], peer[1], peer[2]);
			for (final Map.Entry<String, List<double[]>> e : runs.entrySet()) {
				final String[] key = e.getKey().split("\t");
				if (!key[0].equals(rep)) continue;
				final List<double[]> v = e.getValue();
				final StringBuilder row = new StringBuilder("| " + name + " | " + key[1] + " | " + v.size() +
					" |");
				for (int t = 1; t <= 5; t++) {
					final double[] x = new double[v.size()];
					for (int k = 0; k < x.length; k++) x[k] = v.get(k)[t];
					row.append(t >= 4 ? Double.isNaN(mean(x)) ? " |" : String.format(Locale.ROOT, " %.0f |",
						mean(x)) : String.format(Locale.ROOT, " %.3f ± %.3f |", mean(x), sd(x)));
				}
				System.out.println(row);
			}
		}
	}

	/** The first K members of each saved ensemble on the test set, appended to results.tsv. */
	static void subsets(final Path folder, final Path tsv, final boolean recalibrate)
		throws Exception
	{
		final org.spectralcnn.data.SpectralDataset test = nirsoilPart(1);
		final org.spectralcnn.data.SpectralDataset calibration = recalibrate ? nirsoilPart(0) : null;
		final String config = folder.getFileName().toString();
		final List<Path> files = modelFiles(folder);
		final double[][] y = test.targets(List.of(TARGETS));
		for (final Path f : files) {
			org.spectralcnn.model.CnnModel model = org.spectralcnn.model.CnnModel.load(f);
			final String rep = model.representation().key();
			final int seed = model.manifest().get("seed").getAsInt();
			final List<org.spectralcnn.model.CnnModel> members = model.members();
			if (recalibrate) model = recalibrated(model, calibration, seed);
			double seconds = 0;
			for (int k = 1; k <= members.size(); k++) {
				seconds += members.get(k - 1).manifest().getAsJsonObject("training").get("seconds")
					.getAsDouble();
				final org.spectralcnn.model.CnnModel sub = k == 1 ? members.get(0)
					: org.spectralcnn.model.CnnModel.ensemble(members.subList(0, k), null);
				final double[][] p = sub.predict(test);
				final double[] rmse = new double[TARGETS.length];
				for (int t = 0; t < TARGETS.length; t++)
					rmse[t] = org.spectralcnn.evaluate.Metrics.of(org.spectralcnn.train.CnnTrainer.column(y,
						t), org.spectralcnn.train.CnnTrainer.column(p, t)).rmse();
				final String name = "first " + k + " of " + config;
				System.out.printf(Locale.ROOT, "%s %s seed %d: Nt %.3f, Ciso %.3f, CEC %.3f (%.0f s)%n",
					rep, name, seed, rmse[0], rmse[1], rmse[2], seconds);
				Files.writeString(tsv, String.format(Locale.ROOT,
					"%s\t%s\t%d\t%.5f\t%.5f\t%.5f\t%.1f%n", rep, name, seed, rmse[0], rmse[1], rmse[2],
					seconds), java.nio.file.StandardOpenOption.CREATE,
					java.nio.file.StandardOpenOption.APPEND);
			}
			// 90 % intervals of the whole ensemble (its members' held-out residuals pooled)
			final org.spectralcnn.model.TrustedPredictions tp = org.spectralcnn.model.Intervals.predict(
				model, test, 0.9, org.spectralcnn.model.McDropout.DEFAULT_PASSES, 0);
			final StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
				"%s %s seed %d: 90 %% %s intervals, coverage / mean width:", rep, config, seed, tp
					.method()));
			for (int t = 0; t < TARGETS.length; t++) {
				final org.spectralcnn.evaluate.IntervalMetrics im = org.spectralcnn.evaluate.IntervalMetrics
					.of(TARGETS[t], org.spectralcnn.train.CnnTrainer.column(y, t), org.spectralcnn.train.CnnTrainer
						.column(tp.prediction(), t), org.spectralcnn.train.CnnTrainer.column(tp.lower(), t),
						org.spectralcnn.train.CnnTrainer.column(tp.upper(), t), null);
				line.append(String.format(Locale.ROOT, " %s %.3f / %.3f", TARGETS[t], im.coverage(), im
					.meanWidth()));
			}
			System.out.println(line);
		}
	}

	/** The ensemble calibrated on its members' validation folds (the recipe's 10 %), as Train CNN does. */
	private static org.spectralcnn.model.CnnModel recalibrated(
		final org.spectralcnn.model.CnnModel model,
		final org.spectralcnn.data.SpectralDataset calibration, final int seed)
	{
		final List<int[]> rows = org.spectralcnn.train.Ensembles.validationRows(model.memberCount(),
			calibration.size(), 0.1, seed);
		for (int k = 0; k < rows.size(); k++) {
			final int held = model.member(k).manifest().getAsJsonObject("training").get(
				"validation_samples").getAsInt();
			if (rows.get(k).length != held) throw new IllegalStateException("member " + k + " held out " +
				held + " samples, the recipe's fold has " + rows.get(k).length);
		}
		return org.spectralcnn.train.Ensembles.calibrated(model, calibration, rows, seed, model
			.calibration().residuals());
	}

	/**
	 * The out-of-fold RMSE on the calibration part (train = 1) of every ensemble model in the
	 * folder, of its first 3 members and of all: each member's validation fold predicted by that
	 * member, a sample held out by several members by their mean (as Train CNN's report without a
	 * test set). The members stopped early on these samples, so the figures are a little
	 * optimistic, alike for every setting: they compare settings without looking at the test set.
	 */
	static void validation(final Path folder, final Path tsv) throws Exception {
		final org.spectralcnn.data.SpectralDataset calibration = nirsoilPart(0);
		final String config = folder.getFileName().toString();
		final List<Path> files = modelFiles(folder);
		final double[][] y = calibration.targets(List.of(TARGETS));
		for (final Path f : files) {
			final org.spectralcnn.model.CnnModel model = org.spectralcnn.model.CnnModel.load(f);
			final String rep = model.representation().key();
			final int seed = model.manifest().get("seed").getAsInt();
			final double fraction = 0.1; // the recipe's validation_fraction
			final List<org.spectralcnn.model.CnnModel> members = model.members();
			for (final int k : java.util.stream.IntStream.of(Math.min(3, members.size()), members.size())
				.distinct().toArray()) {
				final List<int[]> rows = org.spectralcnn.train.Ensembles.validationRows(k, calibration
					.size(), fraction, seed);
				final org.spectralcnn.train.Ensembles.OutOfFold oof = org.spectralcnn.train.Ensembles
					.outOfFold(k == 1 ? members.get(0) : org.spectralcnn.model.CnnModel.ensemble(members
						.subList(0, k), null), calibration, rows);
				final double[] rmse = new double[TARGETS.length];
				for (int t = 0; t < TARGETS.length; t++) {
					final double[] obs = new double[oof.rows().length], pred = new double[obs.length];
					for (int i = 0; i < obs.length; i++) {
						obs[i] = y[oof.rows()[i]][t];
						pred[i] = oof.predicted()[i][t];
					}
					rmse[t] = org.spectralcnn.evaluate.Metrics.of(obs, pred).rmse();
				}
				System.out.printf(Locale.ROOT,
					"%s %s first %d seed %d: out-of-fold RMSE (%d samples) Nt %.3f, Ciso %.3f, CEC %.3f%n",
					rep, config, k, seed, oof.rows().length, rmse[0], rmse[1], rmse[2]);
				Files.writeString(tsv, String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%.5f\t%.5f\t%.5f%n",
					rep, "first " + k + " of " + config, seed, oof.rows().length, rmse[0], rmse[1], rmse[2]),
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
			}
		}
	}

	/** CPU time of this process, all threads. */
	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static double[] readRmse(final Path metricsCsv) throws java.io.IOException {
		final double[] rmse = new double[TARGETS.length];
		final List<String> lines = Files.readAllLines(metricsCsv);
		final List<String> header = List.of(lines.get(0).split(","));
		final int col = header.indexOf("RMSE");
		for (final String line : lines.subList(1, lines.size())) {
			final String[] c = line.split(",");
			for (int t = 0; t < TARGETS.length; t++)
				if (c[0].equals(TARGETS[t])) rmse[t] = Double.parseDouble(c[col]);
		}
		return rmse;
	}

	/** NIRsoil's official split: part 0 the calibration samples (train = 1), part 1 the test. */
	private static org.spectralcnn.data.SpectralDataset nirsoilPart(final int part)
		throws Exception
	{
		return org.spectralcnn.data.SplitColumn.parts(org.spectralcnn.io.SpectraIO.open(SharedData
			.sharedDir().resolve("data/nirsoil/nirsoil.csv.gz")), "train")[part];
	}

	/** The saved models (.zip) of a run's folder, by name. */
	private static List<Path> modelFiles(final Path folder) throws Exception {
		try (java.util.stream.Stream<Path> list = Files.list(folder)) {
			return list.filter(f -> f.toString().endsWith(".zip")).sorted().toList();
		}
	}

	static double mean(final double[] v) {
		double s = 0;
		for (final double x : v) s += x;
		return s / v.length;
	}

	static double sd(final double[] v) {
		if (v.length < 2) return 0;
		final double m = mean(v);
		double s = 0;
		for (final double x : v) s += (x - m) * (x - m);
		return Math.sqrt(s / (v.length - 1));
	}
}
