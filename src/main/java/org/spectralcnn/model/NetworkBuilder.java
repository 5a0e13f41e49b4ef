package org.spectralcnn.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.spectralcnn.model.Architecture.Block;
import org.spectralcnn.model.Architecture.Conv;
import org.spectralcnn.model.Architecture.Dense;
import org.spectralcnn.model.Architecture.Pool;
import org.spectralcnn.model.Architecture.Shape;

/**
 * Builds the DL4J network of an {@link Architecture}: the trunk of convolution blocks (batch
 * norm, a ReLU fused into the following max pooling), the shared dense layers and the output
 * layer or the per-target heads, named by {@link LayerNames}, initialised as PyTorch does and
 * seeded per layer so that a seed gives the same network.
 */
final class NetworkBuilder {

	private NetworkBuilder() {}

	/** The configuration of {@code a} for inputs of {@code input}; the caller checked the size. */
	static ComputationGraphConfiguration build(final Architecture a, final Shape input,
		final int targets, final long seed, final double learningRate)
	{
		final ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
			.seed(seed).dataType(DataType.FLOAT).updater(new Adam(learningRate)).biasInit(0)
			.trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(
				WorkspaceMode.ENABLED).graphBuilder().addInputs(LayerNames.INPUT).setInputTypes(InputType
					.convolutional(input.height(), input.width(), input.channels(), Architecture.FORMAT));
		final boolean oneD = a.representation() == Representation.SPECTRUM;
		String last = LayerNames.INPUT;
		int channels = input.channels(), convs = 0, pools = 0;
		for (int k = 0; k < a.trunk().size(); k++) {
			final Block b = a.trunk().get(k);
			if (b instanceof Conv conv) {
				convs++;
				// a ReLU right before max pooling is fused into the pooling (same result, one pass less)
				final boolean fused = k + 1 < a.trunk().size() && a.trunk().get(k + 1) instanceof Pool;
				final int kh = oneD ? 1 : conv.kernel(), kw = conv.kernel();
				final String id = LayerNames.conv(convs);
				g.addLayer(id, new ConvolutionLayer.Builder(kh, kw).nIn(channels).nOut(conv.filters())
					.convolutionMode(ConvolutionMode.Same).dataFormat(Architecture.FORMAT).weightInit(uniform(
						(long) channels * kh * kw)).activation(conv.batchNorm() || fused
							? Activation.IDENTITY : Activation.RELU).build(), last);
				last = id;
				if (conv.batchNorm()) {
					g.addLayer(LayerNames.batchNorm(convs), new BatchNormalization.Builder().nOut(conv.filters())
						.dataFormat(Architecture.FORMAT).build(), last);
					last = LayerNames.batchNorm(convs);
					if (!fused) {
						g.addLayer(LayerNames.relu(convs), new ActivationLayer.Builder().activation(Activation.RELU)
							.build(), last);
						last = LayerNames.relu(convs);
					}
				}
				channels = conv.filters();
			}
			else if (b instanceof Pool p) {
				pools++;
				final String id = LayerNames.pool(pools);
				final boolean relu = k > 0 && a.trunk().get(k - 1) instanceof Conv;
				g.addLayer(id, new MaxPooling(oneD ? 1 : p.size(), p.size(), Architecture.FORMAT, relu), last);
				last = id;
			}
		}
		long features = a.trunkOutput(input).size();
		int dense = 0;
		for (final Dense d : a.shared()) {
			dense++;
			g.addLayer(LayerNames.dense(dense), denseLayer(features, d, layerSeed(seed, dense)), last);
			last = LayerNames.dense(dense);
			features = d.units();
		}
		final List<String> outputs = new ArrayList<>();
		if (!a.headPerTarget()) {
			g.addLayer(LayerNames.OUTPUT, outputLayer(features, targets, layerSeed(seed, 100), a.outputDropout()), last);
			outputs.add(LayerNames.OUTPUT);
		}
		else {
			for (int t = 0; t < targets; t++) {
				String from = last;
				long f = features;
				int k = 0;
				for (final Dense d : a.head()) {
					k++;
					final String id = LayerNames.headDense(t, k);
					g.addLayer(id, denseLayer(f, d, layerSeed(seed, 200 + 10 * t + k)), from);
					from = id;
					f = d.units();
				}
				g.addLayer(LayerNames.output(t), outputLayer(f, 1, layerSeed(seed, 300 + t), a.outputDropout()), from);
				outputs.add(LayerNames.output(t));
			}
		}
		g.setOutputs(outputs.toArray(new String[0]));
		return g.build();
	}

	private static DenseLayer denseLayer(final long nIn, final Dense d, final long seed) {
		final DenseLayer.Builder b = new DenseLayer.Builder().nIn(nIn).nOut(d.units()).activation(
			Activation.RELU).weightInit(uniform(nIn));
		if (d.dropout() > 0) b.dropOut(new SeededDropout(d.dropout(), seed));
		return GemmDense.of(b.build());
	}

	private static OutputLayer outputLayer(final long nIn, final int nOut, final long seed,
		final double outputDropout)
	{
		final OutputLayer.Builder b = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(
			nIn).nOut(nOut).activation(Activation.IDENTITY).weightInit(uniform(nIn));
		if (outputDropout > 0) b.dropOut(new SeededDropout(outputDropout, seed));
		return b.build();
	}

	/** A seed per dropout layer, from the network's seed and the layer's position. */
	private static long layerSeed(final long seed, final int layer) {
		return new java.util.SplittableRandom(seed ^ 0x5DEECE66DL * (layer + 1)).nextLong();
	}

	/** PyTorch's default initialisation: U(-1/√fanIn, 1/√fanIn). */
	private static WeightInitDistribution uniform(final long fanIn) {
		final double bound = 1 / Math.sqrt(fanIn);
		return new WeightInitDistribution(new UniformDistribution(-bound, bound));
	}
}
