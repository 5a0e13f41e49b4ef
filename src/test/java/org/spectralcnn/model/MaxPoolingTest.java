package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The Java max pooling gives DL4J's own results, forward and backward, and survives JSON. */
class MaxPoolingTest {

	@BeforeAll
	static void start() {
		Backend.ensureStarted();
	}

	private static ComputationGraph net(final Layer pool, final int h, final int w) {
		return net(pool, h, w, CNN2DFormat.NCHW);
	}

	private static ComputationGraph net(final Layer pool, final int h, final int w,
		final CNN2DFormat format)
	{
		return net(pool, h, w, format, Activation.TANH);
	}

	private static ComputationGraph net(final Layer pool, final int h, final int w,
		final CNN2DFormat format, final Activation convActivation)
	{
		final ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7)
			.dataType(DataType.FLOAT).updater(new Sgd(0.1)).graphBuilder().addInputs("in")
			.setInputTypes(InputType.convolutional(h, w, 1, format)).addLayer("conv",
				new ConvolutionLayer.Builder(h == 1 ? 1 : 3, 3).nOut(4).convolutionMode(
					ConvolutionMode.Same).dataFormat(format).activation(convActivation).build(), "in").addLayer("pool",
						pool, "conv").addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
							.nOut(2).activation(Activation.IDENTITY).build(), "pool").setOutputs("out")
			.build();
		final ComputationGraph net = new ComputationGraph(conf);
		net.init();
		return net;
	}

	private static int batch = 5;

	private static void compare(final int h, final int w, final int kh, final int kw) {
		compare(h, w, kh, kw, CNN2DFormat.NCHW);
		compare(h, w, kh, kw, CNN2DFormat.NHWC);
	}

	private static void compare(final int h, final int w, final int kh, final int kw,
		final CNN2DFormat format)
	{
		compare(h, w, kh, kw, format, false);
		compare(h, w, kh, kw, format, true);
	}

	/** With {@code relu}: conv + ReLU + DL4J pooling against linear conv + fused ReLU pooling. */
	private static void compare(final int h, final int w, final int kh, final int kw,
		final CNN2DFormat format, final boolean relu)
	{
		final ComputationGraph dl4j = net(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
			.kernelSize(kh, kw).stride(kh, kw).convolutionMode(ConvolutionMode.Truncate).dataFormat(
				format).build(), h, w, format, relu ? Activation.RELU : Activation.TANH);
		final ComputationGraph java = net(new MaxPooling(kh, kw, format, relu), h, w, format, relu
			? Activation.IDENTITY : Activation.TANH);
		java.setParams(dl4j.params().dup());
		Nd4j.getRandom().setSeed(3);
		final INDArray x = format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.FLOAT, batch, 1, h, w)
			: Nd4j.rand(DataType.FLOAT, batch, h, w, 1);
		final INDArray y = Nd4j.rand(DataType.FLOAT, batch, 2);
		assertArrayEquals(dl4j.outputSingle(x).ravel().toFloatVector(), java.outputSingle(x)
			.ravel().toFloatVector(), 1e-6f);
		final MultiDataSet ds = new MultiDataSet(x, y);
		dl4j.setInputs(x);
		dl4j.setLabels(y);
		dl4j.computeGradientAndScore();
		java.setInputs(x);
		java.setLabels(y);
		java.computeGradientAndScore();
		assertEquals(dl4j.score(), java.score(), 1e-6);
		final float[] g1 = dl4j.gradient().gradient().ravel().toFloatVector(), g2 = java.gradient()
			.gradient().ravel().toFloatVector();
		assertNear(g1, g2);
		dl4j.fit(ds);
		java.fit(ds);
		assertNear(dl4j.params().ravel().toFloatVector(), java.params().ravel().toFloatVector());
	}

	/**
	 * Equal to 1e-5 of each value's size (at least 1e-5): a weight gradient sums thousands of
	 * products, in another order on each side (a gradient of 66 differed by 5.5e-5).
	 */
	private static void assertNear(final float[] expected, final float[] actual) {
		assertEquals(expected.length, actual.length);
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 1e-5f * Math.max(1f, Math.abs(expected[i])),
				"index " + i);
	}

	@Test
	void oneDimensionalOddLength() {
		compare(1, 23, 1, 2);
	}

	@Test
	void twoDimensionalOddSizes() {
		compare(9, 7, 2, 2);
	}

	/** Big enough for the loops to split the planes over two cores. */
	@Test
	void largeBatchOnTwoCores() {
		batch = 48;
		try {
			compare(1, 701, 1, 2);
			compare(33, 29, 2, 2); // a spectrogram's 2 × 2 windows, odd sizes
		}
		finally {
			batch = 5;
		}
	}

	@Test
	void wideWindow() {
		compare(1, 21, 1, 4);
	}

	@Test
	void survivesModelSerializer() throws Exception {
		final ComputationGraph net = net(new MaxPooling(1, 2, CNN2DFormat.NCHW, true), 1, 16,
			CNN2DFormat.NCHW, Activation.IDENTITY);
		final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		ModelSerializer.writeModel(net, bytes, false);
		final ComputationGraph back = ModelSerializer.restoreComputationGraph(
			new java.io.ByteArrayInputStream(bytes.toByteArray()), false);
		assertTrue(back.getLayer("pool") instanceof MaxPoolingLayer);
		assertTrue(((MaxPooling) back.getLayer("pool").conf().getLayer()).isRelu());
		final INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 1, 16);
		assertArrayEquals(net.outputSingle(x).ravel().toFloatVector(), back.outputSingle(x)
			.ravel().toFloatVector(), 0f);
	}
}
