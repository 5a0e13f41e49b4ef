package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The input convolution helper's weight and bias gradients are oneDNN's (to rounding), a network
 * trained with it matches one trained with oneDNN alone, and repeats bit for bit.
 */
class InputConvHelperTest {

	@BeforeAll
	static void start() {
		Backend.ensureStarted();
	}

	/** W and b gradients of oneDNN and of the helper for one case. */
	private static void compare(final int n, final int ci, final int w, final int co, final int k,
		final int padL, final int ow)
	{
		Nd4j.getRandom().setSeed(n * 1000 + w);
		final INDArray x = Nd4j.randn(DataType.FLOAT, n, ci, 1, w), wt = Nd4j.randn(DataType.FLOAT,
			co, ci, 1, k), b = Nd4j.randn(DataType.FLOAT, 1, co), d = Nd4j.randn(DataType.FLOAT, n, co,
				1, ow);
		final INDArray[] ref = gradients(new MKLDNNConvHelper(DataType.FLOAT), x, wt, b, d, k, padL);
		final INDArray[] ours = gradients(new InputConvHelper(new MKLDNNConvHelper(DataType.FLOAT)),
			x, wt, b, d, k, padL);
		final float scale = (float) Math.sqrt(n * ow);
		assertArrayEquals(ref[0].ravel().toFloatVector(), ours[0].ravel().toFloatVector(), 1e-4f * scale, "W");
		assertArrayEquals(ref[1].ravel().toFloatVector(), ours[1].ravel().toFloatVector(), 1e-4f * scale, "b");
		assertNull(ours[2], "no input gradient");
		// repeatable bit for bit
		final INDArray[] again = gradients(new InputConvHelper(new MKLDNNConvHelper(
			DataType.FLOAT)), x, wt, b, d, k, padL);
		assertArrayEquals(ours[0].ravel().toFloatVector(), again[0].ravel().toFloatVector(), 0f);
		assertArrayEquals(ours[1].ravel().toFloatVector(), again[1].ravel().toFloatVector(), 0f);
	}

	private static INDArray[] gradients(final ConvolutionHelper h, final INDArray x,
		final INDArray wt, final INDArray b, final INDArray d, final int k, final int padL)
	{
		final INDArray gw = Nd4j.create(DataType.FLOAT, wt.shape()), gb = Nd4j.create(DataType.FLOAT,
			b.shape());
		final Pair<Gradient, INDArray> p = h.backpropGradient(x, wt, b, d, new int[] { 1, k },
			new int[] { 1, 1 }, new int[] { 0, padL }, gb, gw, new ActivationIdentity(), null, null,
			null, padL == (k - 1) / 2 ? ConvolutionMode.Same : ConvolutionMode.Truncate, new int[] { 1,
				1 }, CNN2DFormat.NCHW, LayerWorkspaceMgr.noWorkspaces());
		assertTrue(p.getFirst().gradientForVariable().get("W") == gw);
		return new INDArray[] { gw, gb, p.getSecond() };
	}

	@Test
	void sameGradientsAsOneDnn() {
		compare(32, 1, 700, 32, 7, 3, 700); // the fast preset's first layer (two threads)
		compare(5, 1, 40, 4, 3, 1, 40); // "same", small
		compare(3, 2, 30, 5, 5, 2, 30); // two channels
		compare(4, 1, 20, 3, 4, 0, 17); // truncate: no padding, even kernel
		compare(2, 1, 9, 2, 3, 2, 11); // explicit padding wider than the kernel's half
	}

	private static ConvolutionHelper helper(final ComputationGraph net, final String layer)
		throws ReflectiveOperationException
	{
		final Field f = ConvolutionLayer.class.getDeclaredField("helper");
		f.setAccessible(true);
		return (ConvolutionHelper) f.get(net.getLayer(layer));
	}

	private static ComputationGraph fast(final boolean ours) throws ReflectiveOperationException {
		final Architecture a = Architecture.preset(Architecture.FAST, Representation.SPECTRUM);
		final ComputationGraph net = Networks.create(a.configuration(new Architecture.Shape(1, 1,
			300), 3, 0, 1e-3), 5);
		if (!ours) {
			final Field f = ConvolutionLayer.class.getDeclaredField("helper");
			f.setAccessible(true);
			f.set(net.getLayer("conv1"), new MKLDNNConvHelper(DataType.FLOAT));
		}
		return net;
	}

	@Test
	void trainsLikeOneDnn() throws Exception {
		final ComputationGraph ours = fast(true), again = fast(true), ref = fast(false);
		assertTrue(helper(ours, "conv1") instanceof InputConvHelper);
		assertTrue(helper(ours, "conv2") instanceof MKLDNNConvHelper);
		assertTrue(helper(ref, "conv1") instanceof MKLDNNConvHelper);
		final SplittableRandom r = new SplittableRandom(3);
		for (int step = 0; step < 4; step++) {
			final int n = step == 3 ? 7 : 16;
			final float[] x = new float[n * 300], y = new float[n * 3], m = new float[n * 3];
			for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
			for (int i = 0; i < y.length; i++) {
				y[i] = (float) r.nextGaussian();
				m[i] = r.nextDouble() < 0.8 ? 1 : 0;
			}
			final MultiDataSet ds = new MultiDataSet(new INDArray[] { Nd4j.create(x, new long[] { n, 1,
				1, 300 }, 'c') }, new INDArray[] { Nd4j.create(y, new long[] { n, 3 }, 'c') }, null,
				new INDArray[] { Nd4j.create(m, new long[] { n, 3 }, 'c') });
			ours.fit(ds);
			again.fit(ds);
			ref.fit(ds);
			assertEquals(ref.score(), ours.score(), 1e-4 * Math.max(1, ref.score()));
		}
		assertArrayEquals(ref.params().toFloatVector(), ours.params().toFloatVector(), 1e-4f);
		assertArrayEquals(ours.params().toFloatVector(), again.params().toFloatVector(), 0f);
	}
}
