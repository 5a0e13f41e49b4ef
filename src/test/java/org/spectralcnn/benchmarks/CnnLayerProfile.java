package org.spectralcnn.benchmarks;

import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Backend;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;

/** Times each layer's forward and backward pass of the fast 1-D network (a {@code main}). */
public final class CnnLayerProfile {

	private CnnLayerProfile() {}

	public static void main(final String[] args) {
		final int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
		Backend.ensureStarted();
		final int p = 700;
		final Architecture a = Architecture.preset(Architecture.FAST, Representation.SPECTRUM);
		final ComputationGraph net = Networks.create(a.configuration(new Architecture.Shape(1, 1,
			p), 3, 0, 1e-3), 0);
		final SplittableRandom r = new SplittableRandom(1);
		final float[] x = new float[batch * p];
		for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
		final INDArray in = Nd4j.create(x, new long[] { batch, 1, 1, p }, 'c');
		net.initGradientsView();
		final Map<String, INDArray> acts = net.feedForward(in, true);
		for (final GraphVertex v : net.getVertices()) {
			if (!v.hasLayer()) continue;
			final Layer l = v.getLayer();
			final String name = v.getVertexName();
			final INDArray li = acts.get(v.getInputVertices() == null ? "input" : net.getVertices()[v
				.getInputVertices()[0].getVertexIndex()].getVertexName()).dup();
			final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
			final long[] out = new long[1];
			final double fwd = CnnStepProfileTime.ms(() -> {
				l.setInput(li, mgr);
				out[0] = l.activate(true, mgr).length();
			});
			double bwd = Double.NaN;
			if (!(l instanceof org.deeplearning4j.nn.api.layers.IOutputLayer)) {
				final INDArray eps = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, l.activate(true,
					mgr).shape());
				bwd = CnnStepProfileTime.ms(() -> {
					l.setInput(li, mgr);
					l.activate(true, mgr);
					l.backpropGradient(eps, mgr);
				}) - fwd;
			}
			System.out.printf(java.util.Locale.ROOT, "%-8s %-22s fwd %7.3f ms, bwd %7.3f ms CPU  in %s%n",
				name, l.getClass().getSimpleName(), fwd, bwd, java.util.Arrays.toString(li.shape()));
		}
	}

	static final class CnnStepProfileTime {

		static double ms(final Runnable run) {
			for (int i = 0; i < 30; i++) run.run();
			// process CPU time: less disturbed by other processes than wall time
			final com.sun.management.OperatingSystemMXBean os =
				(com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
					.getOperatingSystemMXBean();
			final double[] t = new double[9];
			for (int k = 0; k < t.length; k++) {
				final long t0 = os.getProcessCpuTime();
				for (int i = 0; i < 20; i++) run.run();
				t[k] = (os.getProcessCpuTime() - t0) / 1e6 / 20;
			}
			java.util.Arrays.sort(t);
			return t[t.length / 2];
		}
	}
}
