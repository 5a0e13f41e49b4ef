package org.spectralcnn.featuremaps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.LayerNames;
import org.spectralcnn.model.MaxPooling;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.PackedArrays;
import org.spectralcnn.model.Representation;
import org.spectralcnn.spectrogram.StftParameters;

/**
 * What a CNN sees: the activations of every layer of its convolutional trunk (convolution,
 * batch normalisation, activation and pooling layers, in network order) for some samples, run
 * through the model's own preprocessing, input scaling and STFT.
 * <p>
 * The values are those of Deeplearning4j's {@link ComputationGraph#feedForward} in inference
 * mode, which runs the network's own layers, the project's Java max pooling (with its fused
 * ReLU) included: they are what the network computes when it predicts. Each layer's
 * activations are copied once from ND4J's off-heap arrays into the float planes of a
 * {@link LayerMaps}; ImageJ stacks of it share those planes.
 * <p>
 * A convolution followed by batch normalisation, or by a max pooling that applies the ReLU
 * (the presets fuse it there), is linear: its maps are the values before the ReLU, and can be
 * negative. The pooling layer's maps are after the ReLU.
 */
public final class FeatureMaps {

	/** The {@code layers} value for every layer. */
	public static final String ALL = "all";
	/** The name of the network input's maps. */
	public static final String INPUT = LayerNames.INPUT;
	/** Most samples one call shows. */
	public static final int MAX_SAMPLES = 100;

	private FeatureMaps() {}

	/** A layer of the trunk as the configuration describes it. */
	private static final class Node {

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

	/** Names of the layers {@link #extract} can show, in network order (the input not included). */
	public static List<String> layerNames(final CnnModel model) {
		final List<String> names = new ArrayList<>();
		for (final Node n : trunk(model)) names.add(n.name);
		return names;
	}

	/**
	 * Parses a {@code layers} value: {@code all} (or empty) for every layer, else a comma list of
	 * layer names.
	 *
	 * @return the names, or null for all
	 */
	public static Set<String> parseLayers(final String text) {
		if (text == null || text.trim().isEmpty() || text.trim().equalsIgnoreCase(ALL)) return null;
		final Set<String> names = new LinkedHashSet<>();
		for (final String t : text.split(","))
			if (!t.trim().isEmpty()) names.add(t.trim());
		return names.isEmpty() ? null : names;
	}

	/**
	 * The feature maps of some samples.
	 *
	 * @param spectra raw spectra on the model's grid (see {@link org.spectralcnn.model.InputGrid})
	 * @param rows 0-based rows of {@code spectra}, at most {@value #MAX_SAMPLES}
	 * @param layers layer names, or null (or a set holding {@code all}) for every layer; the input
	 *          always comes first
	 * @throws IllegalArgumentException for spectra on another grid, rows out of range, or an
	 *           unknown layer (naming the model's layers)
	 */
	public static FeatureMapSet extract(final CnnModel model, final SpectralDataset spectra,
		final int[] rows, final Set<String> layers)
	{
		if (!spectra.axis().sameGrid(model.inputAxis())) throw new IllegalArgumentException(spectra
			.name() + ": spectra on " + spectra.axis().describe() + ", the model needs " + model
				.inputAxis().describe() + " (conform them with InputGrid first)");
		if (rows.length == 0) throw new IllegalArgumentException("no sample chosen");
		if (rows.length > MAX_SAMPLES) throw new IllegalArgumentException("sample: " + rows.length +
			" samples chosen; feature maps are shown for at most " + MAX_SAMPLES + " at a time");
		for (final int r : rows)
			if (r < 0 || r >= spectra.size()) throw new IllegalArgumentException("row " + (r + 1) +
				" is not between 1 and " + spectra.size());
		final List<Node> trunk = trunk(model);
		final List<Node> wanted = select(trunk, layers);

		final InputPipeline pipeline = model.inputPipeline();
		final SpectralDataset prepared = pipeline.preprocess(spectra.subset(rows));
		final boolean twoD = model.representation() == Representation.SPECTROGRAM;
		final Architecture.Shape shape = pipeline.shape();
		final List<String> ids = prepared.ids();
		final Geometry geometry = new Geometry(prepared.axis(), pipeline.stftParameters());

		final List<LayerMaps> maps = new ArrayList<>();
		maps.add(new LayerMaps(0, INPUT, LayerKind.INPUT, inputDescription(pipeline), twoD, shape
			.channels(), shape.height(), shape.width(), ids, 1, 1, 0, 0, geometry.x(twoD, 1, 0, shape
				.width()), geometry.y(twoD, 1, 0, shape.height()), false));
		for (final Node n : wanted)
			maps.add(new LayerMaps(trunk.indexOf(n) + 1, n.name, n.kind, n.description, twoD,
				n.channels, n.height, n.width, ids, n.strideX, n.strideY, n.offsetX, n.offsetY, geometry
					.x(twoD, n.strideX, n.offsetX, n.width), geometry.y(twoD, n.strideY, n.offsetY,
						n.height), n.nonNegative));

		final ComputationGraph net = model.network();
		final String inputName = net.getConfiguration().getNetworkInputs().get(0);
		final int stop = (wanted.isEmpty() ? trunk.get(0) : wanted.get(wanted.size() - 1)).layerIndex;
		final CNN2DFormat format = Networks.format(net);
		final int batch = Networks.PREDICT_BATCH;
		float[] buffer = null;
		for (int from = 0; from < rows.length; from += batch) {
			final int n = Math.min(batch, rows.length - from);
			final int[] part = new int[n];
			for (int i = 0; i < n; i++) part[i] = from + i;
			if (buffer == null || buffer.length != n * pipeline.sampleSize()) buffer =
				new float[n * pipeline.sampleSize()];
			pipeline.fill(prepared, part, buffer);
			final INDArray x = Networks.input(net, buffer, n, shape);
			final Map<String, INDArray> activations;
			synchronized (net) {
				activations = net.feedForward(new INDArray[] { x }, stop, false);
			}
			for (final LayerMaps m : maps) {
				final INDArray a = activations.get(m == maps.get(0) ? inputName : m.name());
				if (a == null) throw new IllegalStateException("the network gave no activations for " + m
					.name());
				copy(a, format, m, from, n);
			}
		}
		return new FeatureMapSet(model.representation(), prepared, maps, kernels(model, trunk,
			geometry));
	}

	/**
	 * The weights of the model's first convolution, one kernel per filter, as maps of one
	 * "sample": a plane per filter, kernel-height × kernel-width in 2-D, kernel-width × 1 in 1-D.
	 * x (and y) are offsets from the kernel's centre in spectral units (and cycles per unit).
	 *
	 * @return null if the model has no convolution on a single-channel input
	 */
	private static LayerMaps kernels(final CnnModel model, final List<Node> trunk,
		final Geometry geometry)
	{
		final boolean twoD = model.representation() == Representation.SPECTROGRAM;
		for (final Node n : trunk) {
			if (n.kind != LayerKind.CONVOLUTION) continue;
			final ConvolutionLayer c = (ConvolutionLayer) n.conf;
			final Layer layer = model.network().getLayers()[n.layerIndex];
			INDArray w = layer.getParam("W");
			final int kh = c.getKernelSize()[0], kw = c.getKernelSize()[1];
			if (w == null || w.rank() != 4 || c.getNIn() != 1 || w.size(0) != n.channels || w.size(
				1) != 1 || w.size(2) != kh || w.size(3) != kw || (!twoD && kh != 1)) return null;
			final LayerMaps k = new LayerMaps(trunk.indexOf(n) + 1, n.name, LayerKind.KERNELS,
				"weights of " + n.name + ", the first convolution: " + n.channels + " kernels of " +
					(twoD ? kh + " × " + kw + " pixels" : kw + " points") + " (offsets from the kernel centre)",
				twoD, n.channels, twoD ? kh : 1, kw, List.of(), 1, 1, 0, 0, geometry.kernelX(twoD, kw),
				twoD ? geometry.kernelY(kh) : Geometry.row(),
				false);
			final float[] v = PackedArrays.values(w, null);
			for (int p = 0; p < k.planeCount(); p++)
				System.arraycopy(v, p * k.plane(p).length, k.plane(p), 0, k.plane(p).length);
			return k;
		}
		return null;
	}

	/** Copies {@code n} samples' activations into the maps' planes, from sample {@code first}. */
	private static void copy(INDArray a, final CNN2DFormat format, final LayerMaps m,
		final int first, final int n)
	{
		if (a.rank() == 4 && format == CNN2DFormat.NHWC) a = a.permute(0, 3, 1, 2);
		final long[] expected = { n, m.filters(), m.height(), m.width() };
		if (!Arrays.equals(a.shape(), expected)) throw new IllegalStateException(m.name() +
			": activations " + Arrays.toString(a.shape()) + ", expected " + Arrays.toString(
				expected));
		final float[] v = PackedArrays.values(a, null);
		final int planeSize = m.plane(0).length;
		for (int s = 0; s < n; s++)
			for (int f = 0; f < m.filters(); f++)
				System.arraycopy(v, (s * m.filters() + f) * planeSize, m.plane(m.planeIndex(first + s,
					f)), 0, planeSize);
	}

	private static List<Node> select(final List<Node> trunk, final Set<String> layers) {
		if (layers == null || layers.isEmpty() || layers.stream().anyMatch(l -> l.trim()
			.equalsIgnoreCase(ALL))) return trunk;
		final Map<String, Node> byName = new LinkedHashMap<>();
		for (final Node n : trunk) byName.put(n.name.toLowerCase(Locale.ROOT), n);
		final Set<Node> chosen = new LinkedHashSet<>();
		for (final String l : layers) {
			final String key = l.trim().toLowerCase(Locale.ROOT);
			if (key.equals(INPUT)) continue;
			final Node n = byName.get(key);
			if (n == null) throw new IllegalArgumentException("layers: no layer '" + l.trim() +
				"' in this model; its layers are " + String.join(", ", byName.values().stream().map(
					x -> x.name).toList()) + " (or all)");
			chosen.add(n);
		}
		final List<Node> ordered = new ArrayList<>();
		for (final Node n : trunk)
			if (chosen.contains(n)) ordered.add(n);
		return ordered;
	}

	/**
	 * The convolutional trunk: the chain of layers from the input whose activations are images,
	 * with their output sizes, cumulative stride and receptive-field centres.
	 */
	private static List<Node> trunk(final CnnModel model) {
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

	private static String activationName(final IActivation fn) {
		if (fn == null || fn instanceof ActivationIdentity) return "linear";
		if (fn instanceof ActivationReLU) return "ReLU";
		return fn.toString();
	}

	private static String inputDescription(final InputPipeline p) {
		final String prep = p.preprocessing().isEmpty() ? "the spectrum" : "the spectrum after " + p
			.preprocessing();
		return p.representation() == Representation.SPECTRUM ? "network input: " + prep +
			", z-scored per point with the training statistics" : "network input: the " + p
				.stftParameters().scaling() + " spectrogram of " + prep + " (" + p.stftParameters() +
				"), z-scored per pixel with the training statistics";
	}

	/** From input pixels to spectral units. */
	private record Geometry(SpectralAxis axis, StftParameters stft) {

		AxisScale x(final boolean twoD, final int stride, final double offset, final int n) {
			final double[] v = new double[n];
			for (int i = 0; i < n; i++) {
				final double u = offset + stride * (double) i;
				v[i] = at(twoD ? u * stft.hop() + stft.windowSize() / 2.0 : u);
			}
			final String unit = axis.unit().symbol();
			return AxisScale.through(twoD ? "window centre" : "spectral position", unit, v, stride *
				(twoD ? stft.hop() : 1) * axis.meanStep());
		}

		AxisScale y(final boolean twoD, final int stride, final double offset, final int n) {
			if (!twoD) return row();
			final double df = 1 / (stft.windowSize() * Math.abs(axis.meanStep()));
			final double[] v = new double[n];
			for (int j = 0; j < n; j++) v[j] = (offset + stride * (double) j) * df;
			return AxisScale.through("frequency", "cycles/" + axis.unit().symbol(), v, stride * df);
		}

		/** A 1-D plane's y axis: its single row, in pixels. */
		static AxisScale row() {
			return AxisScale.linear("row", "pixel", 0, 1, 1);
		}

		AxisScale kernelX(final boolean twoD, final int k) {
			final double step = (twoD ? stft.hop() : 1) * axis.meanStep();
			return AxisScale.linear(twoD ? "window offset" : "offset", axis.unit().symbol(), -(k - 1) /
				2.0 * step, step, k);
		}

		AxisScale kernelY(final int k) {
			final double df = 1 / (stft.windowSize() * Math.abs(axis.meanStep()));
			return AxisScale.linear("frequency offset", "cycles/" + axis.unit().symbol(), -(k - 1) /
				2.0 * df, df, k);
		}

		/** The axis value at a fractional point index (linear between points, and beyond the ends). */
		double at(final double point) {
			final int n = axis.size();
			if (n == 1) return axis.value(0);
			final int i = Math.max(0, Math.min((int) Math.floor(point), n - 2));
			return axis.value(i) + (point - i) * (axis.value(i + 1) - axis.value(i));
		}
	}
}
