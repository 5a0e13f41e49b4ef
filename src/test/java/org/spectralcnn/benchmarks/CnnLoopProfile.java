package org.spectralcnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Backend;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.EpochRecord;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.train.ValidationSplit;

/**
 * The benchmark's DL4J training run (NIRsoil, preset fast) with the wall time of each
 * mini-batch of the epoch loop printed (ms, per epoch), to compare with {@link CnnStepProfile}.
 * A {@code main}: {@code [epochs]}.
 */
public final class CnnLoopProfile {

	private CnnLoopProfile() {}

	static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	public static void main(final String[] args) throws Exception {
		final int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
		Backend.ensureStarted();
		final SpectralDataset data = SpectraIO.open(SharedData.sharedDir().resolve(
			"data/nirsoil/nirsoil.csv.gz"));
		final boolean[] cal = data.splitMask("train");
		final SpectralDataset calibration = data.select(cal);
		final int[][] split = ValidationSplit.split(calibration.size(), 0.1, 0);
		final SpectralDataset training = calibration.subset(split[0]);
		final SpectralDataset validation = calibration.subset(split[1]);
		final TrainingSettings settings = TrainingSettings.defaults(0).withEpochs(epochs)
			.withPatience(epochs);
		final TrainingRequest request = new TrainingRequest(List.of("Nt", "Ciso", "CEC"), null,
			Representation.SPECTRUM, Architecture.preset(Architecture.FAST, Representation.SPECTRUM),
			Preprocessing.parse("sg(11,2,1), snv"), null, settings);
		final List<double[]> times = new ArrayList<>();
		final TrainingListener listener = new TrainingListener() {
			long last = System.nanoTime(), cpu = cpu();
			double[] epoch = new double[0];

			@Override
			public void iteration(final int e, final int it, final int n) {
				final long now = System.nanoTime();
				if (it == 1) epoch = new double[n];
				epoch[it - 1] = (now - last) / 1e6;
				last = now;
				if (it == n) times.add(epoch);
			}

			@Override
			public void epoch(final EpochRecord r) {
				final long c = cpu();
				System.out.printf(Locale.ROOT,
					"epoch %d: %.0f samples/s, %.2f s, process CPU %.2f s (with validation)%n", r.epoch(), r
						.samplesPerSecond(), r.seconds(), (c - cpu) / 1e9);
				cpu = c;
				last = System.nanoTime();
			}
		};
		new CnnTrainer(request).train(training, validation, listener, () -> false);
		for (int e = 0; e < times.size(); e++) {
			final StringBuilder s = new StringBuilder("epoch " + (e + 1) + " ms:");
			for (final double t : times.get(e)) s.append(String.format(Locale.ROOT, " %.0f", t));
			System.out.println(s);
		}
	}
}
