package org.spectralcnn.model;

import java.util.Arrays;
import java.util.Locale;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the backward pass of the fast preset's first convolution (32 × 1 × 700, 32 filters, k7)
 * with oneDNN and with {@link InputConvHelper}: min and median wall ms over 300 calls. A
 * {@code main}, for profiling.
 */
public final class InputConvHelperProfile {

	private InputConvHelperProfile() {}

	public static void main(final String[] args) {
		Backend.ensureStarted();
		final int n = 32, w = 700, co = 32, k = 7;
		final INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 1, w), wt = Nd4j.rand(DataType.FLOAT, co,
			1, 1, k), b = Nd4j.rand(DataType.FLOAT, 1, co), d = Nd4j.rand(DataType.FLOAT, n, co, 1,
				w);
		final INDArray gw = Nd4j.create(DataType.FLOAT, co, 1, 1, k), gb = Nd4j.create(
			DataType.FLOAT, 1, co);
		final ConvolutionHelper one = new MKLDNNConvHelper(DataType.FLOAT), ours =
			new InputConvHelper(new MKLDNNConvHelper(DataType.FLOAT));
		for (int round = 0; round < 3; round++)
			for (final ConvolutionHelper h : new ConvolutionHelper[] { one, ours }) {
				final double[] t = new double[300];
				for (int i = -50; i < t.length; i++) {
					final long t0 = System.nanoTime();
					h.backpropGradient(x, wt, b, d, new int[] { 1, k }, new int[] { 1, 1 }, new int[] { 0,
						3 }, gb, gw, new ActivationIdentity(), null, null, null, ConvolutionMode.Same,
						new int[] { 1, 1 }, CNN2DFormat.NCHW, LayerWorkspaceMgr.noWorkspaces());
					if (i >= 0) t[i] = (System.nanoTime() - t0) / 1e6;
				}
				Arrays.sort(t);
				System.out.printf(Locale.ROOT, "%-18s min %.3f ms, median %.3f ms%n", h.getClass()
					.getSimpleName(), t[0], t[t.length / 2]);
			}
	}
}
