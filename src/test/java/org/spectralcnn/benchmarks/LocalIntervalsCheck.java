package org.spectralcnn.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.IntervalMetrics;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.io.SpectraWriter;
import org.spectralcnn.launcher.CommandArguments;
import org.spectralcnn.launcher.SpectralCnnRuntime;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.models.Models;
import org.spectralcnn.plsr.Mbl;
import org.spectralcnn.plsr.MblWorkflow;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Do the intervals of models localised with {@code local_input} hold on new samples of the site?
 * Per random split of the local samples (seed s), {@code --local} of them go into Train PLSR's
 * spiking (weight 5) and Train MBL's library, the others are predicted with 90 % intervals; beside
 * them the library's PLSR alone, whose intervals come from the library's cross-validation. Prints
 * per model the coverage (mean ± SD over the splits), the mean width and the RMSE.
 *
 * <pre>
 * OMP_NUM_THREADS=2 java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   org.spectralcnn.benchmarks.LocalIntervalsCheck ../shared/data/large_visnir/large_visnir.csv.gz \
 *   ../shared/data/large_visnir/local_visnir.csv [--target clay] [--local 20] [--splits 50]
 *   [--global out/global_s0.zip]
 * </pre>
 * {@code --global} adds Fine-tune CNN of that global model with its defaults and a report of 5
 * folds, whose held-out residuals become the model's interval scores.</p>
 */
public final class LocalIntervalsCheck {

	private static final String STEPS = "absorbance, sg(11,2,1), snv";

	public static void main(final String[] args) throws Exception {
		String target = "clay";
		int calibrated = 20, splits = 50;
		Path global = null;
		for (int i = 2; i < args.length; i++) {
			if (args[i].equals("--target")) target = args[++i];
			else if (args[i].equals("--local")) calibrated = Integer.parseInt(args[++i]);
			else if (args[i].equals("--splits")) splits = Integer.parseInt(args[++i]);
			else if (args[i].equals("--global")) global = Paths.get(args[++i]);
			else throw new IllegalArgumentException("unknown option " + args[i]);
		}
		final SpectralDataset library = SpectraIO.open(Paths.get(args[0]));
		final SpectralDataset raw = SpectraIO.open(Paths.get(args[1]));
		final SpectralDataset local = InputGrid.conform(raw, library.axis(), s -> {});
		final List<String> targets = List.of(target);
		final boolean[] all = new boolean[library.size()];
		java.util.Arrays.fill(all, true);
		final PlsrTraining.Settings settings = new PlsrTraining.Settings(20, 10, Selection.MIN, 0,
			false, Runtime.getRuntime().availableProcessors());
		final SpectralModel alone = PlsrWorkflow.train(library, Preprocessing.parse(STEPS), targets,
			all, settings, null).model();
		final String[] names = { "PLSR of the library alone", "Spiking (Train PLSR, local_input)",
			"MBL (Train MBL, local_input)", "Transfer (Fine-tune CNN " + global +
				", defaults, scores from its report's 5 folds)" };
		final List<List<double[]>> results = new ArrayList<>();
		final int kinds = global == null ? names.length - 1 : names.length;
		for (int m = 0; m < kinds; m++) results.add(new ArrayList<>());
		final Path work = Files.createTempDirectory("local-intervals");
		final long t0 = System.nanoTime();
		for (int s = 0; s < splits; s++) {
			final int[] order = shuffled(local.size(), s);
			final SpectralDataset cal = local.subset(java.util.Arrays.copyOfRange(order, 0,
				calibrated)), test = local.subset(java.util.Arrays.copyOfRange(order, calibrated, order
					.length));
			final SpectralModel[] models = { alone, PlsrWorkflow.train(library, Preprocessing.parse(
				STEPS), targets, all, settings, null, new PlsrWorkflow.Spiking(cal,
					PlsrWorkflow.Spiking.DEFAULT_WEIGHT)).model(), MblWorkflow.train(library, Preprocessing
						.parse(STEPS), targets, all, Mbl.Settings.defaults(), null, cal).model() };
			for (int m = 0; m < models.length; m++)
				results.get(m).add(score(Intervals.predict(models[m], test, 0.9, 0, 0), test.column(
					target)));
			if (global != null) {
				// Fine-tune CNN as a user runs it, on the raw local rows of the split
				final Path calFile = work.resolve("cal.csv"), model = work.resolve("tuned.zip");
				SpectraWriter.write(raw.subset(java.util.Arrays.copyOfRange(order, 0, calibrated)),
					calFile);
				final SpectralCnnRuntime runtime = SpectralCnnRuntime.get();
				runtime.invoker().run(runtime.catalog().find("Fine-tune CNN"), CommandArguments
					.parseRunArguments("model=" + global + ",input=" + calFile + ",targets=" + target +
						",folds=5,repeats=1,output_model=" + model + ",report=" + work.resolve("report" + s)));
				results.get(3).add(score(Intervals.predict(Models.load(model), test, 0.9, 0, 0), test
					.column(target)));
			}
		}
		if (global != null) SpectralCnnRuntime.dispose();
		System.out.printf(Locale.ROOT,
			"%s, %d local samples into the model, %d predicted, %d random splits, 90 %% intervals (%.0f s)%n",
			target, calibrated, local.size() - calibrated, splits, (System.nanoTime() - t0) / 1e9);
		System.out.println("| model | coverage, mean ± SD over splits | mean width | RMSE |");
		System.out.println("|---|---|---|---|");
		for (int m = 0; m < kinds; m++) {
			final List<double[]> r = results.get(m);
			final double[] coverage = column(r, 0), width = column(r, 1), squared = column(r, 2);
			System.out.printf(Locale.ROOT, "| %s | %.3f ± %.3f | %.2f | %.2f |%n", names[m],
				NirsoilRecipe.mean(coverage), NirsoilRecipe.sd(coverage), NirsoilRecipe.mean(width), Math
					.sqrt(NirsoilRecipe.mean(squared)));
		}
	}

	/** Coverage, mean width and mean squared error of one split. */
	private static double[] score(final TrustedPredictions tp, final double[] y) {
		final double[] p = new double[y.length], lo = new double[y.length], hi = new double[y.length];
		for (int i = 0; i < y.length; i++) {
			p[i] = tp.prediction()[i][0];
			lo[i] = tp.lower()[i][0];
			hi[i] = tp.upper()[i][0];
		}
		final IntervalMetrics m = IntervalMetrics.of("", y, p, lo, hi, null);
		return new double[] { m.coverage(), m.meanWidth(), m.rmseUnflagged() * m.rmseUnflagged() };
	}

	private static double[] column(final List<double[]> rows, final int k) {
		return rows.stream().mapToDouble(r -> r[k]).toArray();
	}

	private static int[] shuffled(final int n, final long seed) {
		final int[] order = new int[n];
		for (int i = 0; i < n; i++) order[i] = i;
		final SplittableRandom random = new SplittableRandom(seed);
		for (int i = n - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1), v = order[i];
			order[i] = order[j];
			order[j] = v;
		}
		return order;
	}

}
