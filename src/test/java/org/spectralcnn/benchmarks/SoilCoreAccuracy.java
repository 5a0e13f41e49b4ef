package org.spectralcnn.benchmarks;

import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.image.EnviImage;
import org.spectralcnn.image.ImagePrediction;
import org.spectralcnn.image.PredictionPlanes;
import org.spectralcnn.image.SoilCore;
import org.spectralcnn.image.SpectralImage;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Representation;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.train.ValidationSplit;

/**
 * The soil-core clay map's accuracy: PLSR and the {@code fast} 1-D CNN trained on large_visnir
 * clay on the cube's 106 bands, without the 20 spectra the cube was mixed from, predict the
 * 64 × 48 cube ({@code ../shared/data/instruments/envi}); printed: clay RMSE, R² and bias
 * against the truth map, and the share of truth values inside the 90 % intervals. Not a test:
 * {@code SoilCoreMapTest} asserts a bound from these figures.
 *
 * <pre>
 * OMP_NUM_THREADS=2 java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   org.spectralcnn.benchmarks.SoilCoreAccuracy [--steps "snv"] [--epochs 150] [--no-cnn]
 * </pre>
 */
public final class SoilCoreAccuracy {

	private SoilCoreAccuracy() {}

	public static void main(final String[] args) throws Exception {
		String steps = "snv";
		int epochs = TrainingSettings.DEFAULT_EPOCHS;
		boolean cnn = true;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--steps")) steps = args[++i];
			else if (args[i].equals("--epochs")) epochs = Integer.parseInt(args[++i]);
			else if (args[i].equals("--no-cnn")) cnn = false;
		}
		try (SpectralImage cube = EnviImage.open(SoilCore.cube())) {
			final SpectralDataset library = SoilCore.library(cube);
			final double[] truth = SoilCore.truth(cube.width(), cube.height());
			System.out.printf(Locale.ROOT, "library: %d large_visnir spectra (20 cube sources left out), %d bands; steps '%s'%n",
				library.size(), library.points(), steps);
			final boolean[] all = new boolean[library.size()];
			java.util.Arrays.fill(all, true);
			long t0 = System.nanoTime();
			final SpectralModel plsr = PlsrWorkflow.train(library, Preprocessing.parse(steps), List.of(
				"clay"), all, new PlsrTraining.Settings(20, 10, Selection.MIN, 0, false, 2), null)
				.model();
			report("PLSR", plsr, cube, truth, t0);
			if (cnn) {
				final int[][] split = ValidationSplit.split(library.size(), 0.1, 0);
				t0 = System.nanoTime();
				final SpectralModel net = new CnnTrainer(new TrainingRequest(List.of("clay"), null,
					Representation.SPECTRUM, Architecture.preset(Architecture.FAST,
						Representation.SPECTRUM), Preprocessing.parse(steps), null, TrainingSettings.defaults(0)
							.withEpochs(epochs))).train(library.subset(split[0]), library.subset(split[1]),
								TrainingListener.NONE, () -> false).model();
				report("fast 1-D CNN", net, cube, truth, t0);
			}
		}
	}

	private static void report(final String name, final SpectralModel model,
		final SpectralImage cube, final double[] truth, final long t0) throws Exception
	{
		final double train = (System.nanoTime() - t0) / 1e9;
		try (PredictionPlanes maps = ImagePrediction.run(model, cube, null, ImagePrediction.Options
			.defaults(), null, null, null))
		{
			final Metrics m = SoilCore.score(maps.plane(0), truth);
			final float[] lo = maps.plane(maps.slice("clay_lower")), hi = maps.plane(maps.slice(
				"clay_upper"));
			int inside = 0;
			for (int i = 0; i < truth.length; i++)
				if (truth[i] >= lo[i] && truth[i] <= hi[i]) inside++;
			System.out.printf(Locale.ROOT,
				"%-13s clay RMSE %.2f %%, R² %.3f, bias %+.2f %%, n %d; 90 %% interval coverage %.1f %%; trained in %.0f s%n",
				name, m.rmse(), m.r2(), m.bias(), m.n(), 100.0 * inside / truth.length, train);
		}
	}
}
