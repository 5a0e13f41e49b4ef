package org.spectralcnn.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Backend;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;

/**
 * Times one training iteration ({@code fit} on a 32-sample batch) and one batch-1 forward pass
 * of the {@code fast} 1-D network on random data, wall and process CPU time, for profiling. Not
 * a test: a {@code main}. {@code --seconds S} per phase.
 */
public final class CnnStepProfile {

	private CnnStepProfile() {}

	public static void main(final String[] args) {
		double seconds = 5;
		String only = "";
		for (int i = 0; i < args.length; i++)
			if (args[i].equals("--seconds")) seconds = Double.parseDouble(args[++i]);
			else if (args[i].equals("--only")) only = args[++i];
		Backend.ensureStarted();
		final int p = 700, batch = 32, targets = 3;
		final Architecture a = Architecture.preset(Architecture.FAST, Representation.SPECTRUM);
		final ComputationGraph net = Networks.create(a.configuration(new Architecture.Shape(1, 1,
			p), targets, 0, 1e-3), 0);
		final SplittableRandom r = new SplittableRandom(1);
		final float[] x = new float[batch * p], y = new float[batch * targets], m =
			new float[batch * targets];
		for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
		for (int i = 0; i < y.length; i++) {
			y[i] = (float) r.nextGaussian();
			m[i] = r.nextDouble() < 0.9 ? 1 : 0;
		}
		final MultiDataSet ds = new MultiDataSet(new INDArray[] { Nd4j.create(x, new long[] { batch,
			1, 1, p }, 'c') }, new INDArray[] { Nd4j.create(y, new long[] { batch, targets }, 'c') },
			null, new INDArray[] { Nd4j.create(m, new long[] { batch, targets }, 'c') });
		final INDArray x1 = Nd4j.create(java.util.Arrays.copyOf(x, p), new long[] { 1, 1, 1, p },
			'c');
		// as in TrainingLoop (the comparison with CnnLoopProfile)
		if (Boolean.parseBoolean(System.getProperty("spectralcnn.blas1", "true"))) Nd4j.factory()
			.blas().setMaxThreads(1);
		for (int round = 0; round < 2; round++) {
			if (!only.equals("output")) time("fit batch 32", seconds, batch, () -> net.fit(ds));
			if (!only.equals("fit")) time("output batch 1", seconds, 1, () -> net.output(false, x1));
			if (!only.equals("fit")) time("Networks.output 1", seconds, 1, () -> Networks.output(net,
				x1));
			if (!only.equals("output")) time("fit batch 32", seconds, batch, () -> net.fit(ds));
		}
	}

	static void time(final String what, final double seconds, final int samples,
		final Runnable run)
	{
		for (int i = 0; i < 20; i++) run.run();
		final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
		final com.sun.management.OperatingSystemMXBean os =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		final long c0 = os.getProcessCpuTime(), t0 = System.nanoTime(), tc0 = mx
			.getCurrentThreadCpuTime();
		int n = 0;
		while (System.nanoTime() - t0 < seconds * 1e9) {
			run.run();
			n++;
		}
		final double wall = (System.nanoTime() - t0) / 1e6 / n, cpu = (os.getProcessCpuTime() -
			c0) / 1e6 / n, tcpu = (mx.getCurrentThreadCpuTime() - tc0) / 1e6 / n;
		System.out.printf(Locale.ROOT,
			"%-16s %7.3f ms wall, %7.3f ms process CPU, %7.3f ms this thread CPU per call; %.0f samples/s (%d calls)%n",
			what, wall, cpu, tcpu, samples * 1000 / wall, n);
	}
}
