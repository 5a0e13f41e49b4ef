package org.spectralcnn.benchmarks;

import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Backend;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.Detrend;
import org.spectralcnn.spectrogram.Scaling;
import org.spectralcnn.spectrogram.StftParameters;
import org.spectralcnn.spectrogram.WindowFunction;
import org.spectralcnn.testdata.SyntheticSpectra;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.EpochRecord;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.TrainingSettings;

/**
 * Memory of 2-D CNN training on many spectra: 20,000 synthetic 1050-point soil spectra
 * (400–2498 nm, 2 nm), spectrograms (window 128, hop 16: 65 × 58 pixels) computed a mini-batch
 * at a time, one epoch of the {@code fast} 2-D preset. Prints the peak Java heap and peak RSS next to what the spectrograms
 * alone would take if they were all made up front. Not a test: a {@code main}, to run with a
 * 2 GiB heap:
 *
 * <pre>
 * OMP_NUM_THREADS=2 java -Xmx2g -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   org.spectralcnn.benchmarks.SpectrogramMemoryBenchmark [--samples 20000] [--epochs 1] [--window 128] [--hop 16]
 * </pre>
 */
public final class SpectrogramMemoryBenchmark {

	private SpectrogramMemoryBenchmark() {}

	public static void main(final String[] args) throws Exception {
		int n = 20000, epochs = 1, window = 128, hop = 16;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--samples")) n = Integer.parseInt(args[++i]);
			else if (args[i].equals("--epochs")) epochs = Integer.parseInt(args[++i]);
			else if (args[i].equals("--window")) window = Integer.parseInt(args[++i]);
			else if (args[i].equals("--hop")) hop = Integer.parseInt(args[++i]);
		}
		Backend.ensureStarted();
		final double[] grid = SyntheticSpectra.grid(400, 2498, 2);
		final SyntheticSpectra.Soil soil = SyntheticSpectra.soil(n, grid, 42, 0);
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) ids[i] = "s" + i;
		final SpectralDataset all = SpectralDataset.builder("synthetic", SpectralAxis.of(grid,
			SpectralUnit.NM), ids, soil.reflectance).numeric("clay", soil.clay).numeric("soc",
				soil.organicCarbon).build();
		final int nVal = n / 10;
		final int[] t = new int[n - nVal], v = new int[nVal];
		for (int i = 0; i < t.length; i++) t[i] = i;
		for (int i = 0; i < nVal; i++) v[i] = t.length + i;
		final SpectralDataset training = all.subset(t), validation = all.subset(v);
		final StftParameters stft = StftParameters.of(window, hop, WindowFunction.HANN, Detrend.NONE,
			Scaling.LOG_PSD);
		final long spectrogramBytes = (long) n * stft.frequencies() * stft.frames(grid.length) * 4;
		System.out.printf(Locale.ROOT,
			"%d spectra × %d points (%.0f MiB as float); spectrograms %d × %d: %.0f MiB if all were made at once; max heap %.0f MiB%n",
			n, grid.length, n * (double) grid.length * 4 / (1 << 20), stft.frequencies(), stft.frames(
				grid.length), spectrogramBytes / (double) (1 << 20), Runtime.getRuntime().maxMemory() /
					(double) (1 << 20));
		final TrainingRequest request = new TrainingRequest(List.of("clay", "soc"), null,
			Representation.SPECTROGRAM, Architecture.preset(Architecture.FAST,
				Representation.SPECTROGRAM), Preprocessing.parse(""), stft, TrainingSettings.defaults(
					0).withEpochs(epochs));
		final CnnSpeedBenchmark.HeapSampler heap = new CnnSpeedBenchmark.HeapSampler();
		final long t0 = System.nanoTime();
		final TrainingResult r = new CnnTrainer(request).train(training, validation,
			new TrainingListener() {

				@Override
				public void iteration(final int epoch, final int it, final int per) {
					if (it % 100 == 0) System.out.printf(Locale.ROOT,
						"  epoch %d, batch %d/%d: heap used %.0f MiB, RSS peak %.0f MiB%n", epoch, it, per,
						(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) /
							(double) (1 << 20), CnnSpeedBenchmark.peakRssMib());
				}

				@Override
				public void epoch(final EpochRecord e) {
					System.out.printf(Locale.ROOT,
						"  epoch %d: training loss %.4f, validation loss %.4f, %.0f samples/s%n", e.epoch(),
						e.trainLoss(), e.validationLoss(), e.samplesPerSecond());
				}
			}, () -> false);
		System.out.printf(Locale.ROOT,
			"trained %d epochs in %.0f s; Java heap: peak in use %.0f MiB (garbage included), live after GC at the end %.0f MiB, max %.0f MiB; peak RSS %.0f MiB%n",
			r.history().size(), (System.nanoTime() - t0) / 1e9, heap.maxMib(), CnnSpeedBenchmark
				.liveHeapMib(), Runtime.getRuntime().maxMemory() / (double) (1 << 20),
			CnnSpeedBenchmark.peakRssMib());
	}
}
