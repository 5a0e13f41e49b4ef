package org.spectralcnn.featuremaps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.MaxPooling;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;

/**
 * The convolutional trunk of a CNN model read from its configuration: each layer whose
 * activations are images, with its kind, description, output size, cumulative stride and
 * receptive-field centre, which {@link FeatureMaps} needs to extract and calibrate the maps.
 */
final class Trunk {

	private Trunk() {}

	/** A layer of the trunk as the configuration describes it. */
	static final class Node {

		String name;
		LayerKind kind;
		String description;
		Object conf;
		int layerIndex;
		int channels, height, width;
		int strideX = 1, strideY = 1;
		double offsetX, offsetY;
		boolean nonNegative;
	}

	/**
	 * The convolutional trunk: the chain of layers from the input whose activations are images,
	 * with their output sizes, cumulative stride and receptive-field centres.
	 */
	static List<Node> of(final CnnModel model) {
		final ComputationGraph net = model.network();
		final ComputationGraphConfiguration conf = net.getConfiguration();
		final Architecture.Shape shape = model.inputPipeline().shape();
		InputType type = InputType.convolutional(shape.height(), shape.width(), shape.channels(),
			Networks.format(net));
		final Map<String, List<String>> inputs = conf.getVertexInputs();
		final boolean twoD = model.representation() == Representation.SPECTROGRAM;
		final Layer[] layers = net.getLayers();
		final List<Node> trunk = new ArrayList<>();
		String previous = conf.getNetworkInputs().get(0);
		int height = shape.height(), width = shape.width();
		int sx = 1, sy = 1;
		double ox = 0, oy = 0;
		boolean nonNegative = false;
		for (final String name : conf.getTopologicalOrderStr()) {
			if (conf.getNetworkInputs().contains(name)) continue;
			final GraphVertex v = net.getVertex(name);
			final List<String> in = inputs.get(name);
			if (!v.hasLayer() || in == null || in.size() != 1 || !in.get(0).equals(previous)) break;
			final org.deeplearning4j.nn.conf.layers.Layer c = v.getLayer().conf().getLayer();
			if (conf.getVertices().get(name) instanceof LayerVertex lv && lv.getPreProcessor() != null)
				break;
			try {
				type = c.getOutputType(-1, type);
			}
			catch (final RuntimeException e) { // not a layer of images
				break;
			}
			if (!(type instanceof InputType.InputTypeConvolutional t)) break;
			final Node n = new Node();
			n.name = name;
			n.conf = c;
			n.channels = (int) t.getChannels();
			n.height = (int) t.getHeight();
			n.width = (int) t.getWidth();
			n.layerIndex = -1;
			for (int i = 0; i < layers.length; i++)
				if (layers[i] == v.getLayer()) n.layerIndex = i;
			if (c instanceof ConvolutionLayer conv) {
				n.kind = LayerKind.CONVOLUTION;
				nonNegative = isNonNegative(conv.getActivationFn());
				n.description = "convolution, " + n.channels + " filters of " + (twoD ? conv
					.getKernelSize()[0] + "×" + conv.getKernelSize()[1] : "k" + conv.getKernelSize()[1]) +
					", " + activationName(conv.getActivationFn());
				final double[] shift = shift(conv.getKernelSize(), conv.getStride(), conv.getPadding(),
					conv.getDilation(), conv.getConvolutionMode(), height, width, n.height, n.width);
				oy += sy * shift[0];
				ox += sx * shift[1];
				sy *= conv.getStride()[0];
				sx *= conv.getStride()[1];
			}
			else if (c instanceof SubsamplingLayer pool) {
				n.kind = LayerKind.POOLING;
				final boolean relu = pool instanceof MaxPooling mp && mp.isRelu();
				final int[] k = pool.getKernelSize();
				n.description = pool.getPoolingType().toString().toLowerCase(Locale.ROOT) +
					" pooling " + (twoD ? k[0] + "×" + k[1] : Integer.toString(k[1])) + (relu
						? ", with the ReLU of the layers before fused in: max(0, max(window))" : "");
				// max or mean of values ≥ 0 stay ≥ 0
				if (relu) nonNegative = true;
				else if (pool.getPoolingType() != PoolingType.MAX && pool
					.getPoolingType() != PoolingType.AVG) nonNegative = false;
				final double[] shift = shift(k, pool.getStride(), pool.getPadding(), pool.getDilation(),
					pool.getConvolutionMode(), height, width, n.height, n.width);
				oy += sy * shift[0];
				ox += sx * shift[1];
				sy *= pool.getStride()[0];
				sx *= pool.getStride()[1];
			}
			else if (c instanceof BatchNormalization) {
				n.kind = LayerKind.BATCH_NORM;
				n.description = "batch normalisation with the training mean and variance";
				nonNegative = false;
			}
			else if (c instanceof ActivationLayer act) {
				n.kind = LayerKind.ACTIVATION;
				n.description = "activation " + activationName(act.getActivationFn());
				nonNegative = isNonNegative(act.getActivationFn());
			}
			else if (c instanceof DropoutLayer) {
				n.kind = LayerKind.OTHER;
				n.description = "dropout (inactive when predicting)";
			}
			else break;
			if (!twoD && n.height != 1 || n.layerIndex < 0) break;
			n.strideX = sx;
			n.strideY = sy;
			n.offsetX = ox;
			n.offsetY = oy;
			n.nonNegative = nonNegative;
			trunk.add(n);
			previous = name;
			height = n.height;
			width = n.width;
		}
		if (trunk.isEmpty()) throw new IllegalArgumentException(
			"the model's network has no convolutional layers to show");
		// a linear convolution or batch norm: say where its ReLU comes
		for (int i = 0; i + 1 < trunk.size(); i++) {
			final Node n = trunk.get(i), next = trunk.get(i + 1);
			if (n.nonNegative || n.kind != LayerKind.CONVOLUTION && n.kind != LayerKind.BATCH_NORM)
				continue;
			if (next.kind == LayerKind.BATCH_NORM) n.description += " (batch norm follows)";
			else if (next.conf instanceof MaxPooling mp && mp.isRelu()) n.description +=
				": values before the ReLU, which " + next.name + " applies (fused with its max pooling)";
			else if (next.kind == LayerKind.ACTIVATION) n.description += " (" + next.name +
				" follows)";
		}
		return trunk;
	}

	/**
	 * The receptive-field centre of output pixel 0 in the layer's input pixels, per axis (y, x):
	 * {@code −padding + (effective kernel − 1) / 2}, with "same" mode's padding as
	 * Deeplearning4j computes it.
	 */
	private static double[] shift(final int[] kernel, final int[] stride, final int[] padding,
		final int[] dilation, final ConvolutionMode mode, final int inH, final int inW,
		final int outH, final int outW)
	{
		final int[] in = { inH, inW }, out = { outH, outW };
		final double[] shift = new double[2];
		for (int a = 0; a < 2; a++) {
			final int d = dilation == null ? 1 : dilation[a];
			final int ek = kernel[a] + (kernel[a] - 1) * (d - 1);
			final int pad = mode == ConvolutionMode.Same ? Math.max(0, ((out[a] - 1) * stride[a] + ek -
				in[a]) / 2) : padding == null ? 0 : padding[a];
			shift[a] = -pad + (ek - 1) / 2.0;
		}
		return shift;
	}

	private static boolean isNonNegative(final IActivation fn) {
		return fn instanceof ActivationReLU || fn instanceof ActivationReLU6 ||
			fn instanceof ActivationSigmoid || fn instanceof ActivationSoftPlus;
	}

	static String activationName(final IActivation fn) {
		if (fn == null || fn instanceof ActivationIdentity) return "linear";
		if (fn instanceof ActivationReLU) return "ReLU";
		return fn.toString();
	}
}
