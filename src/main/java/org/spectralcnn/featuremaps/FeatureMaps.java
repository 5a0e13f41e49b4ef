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
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.LayerNames;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.PackedArrays;
import org.spectralcnn.model.Representation;

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

	/** Names of the layers {@link #extract} can show, in network order (the input not included). */
	public static List<String> layerNames(final CnnModel model) {
		final List<String> names = new ArrayList<>();
		for (final Trunk.Node n : Trunk.of(model)) names.add(n.name);
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
		final List<Trunk.Node> trunk = Trunk.of(model);
		final List<Trunk.Node> wanted = select(trunk, layers);

		final InputPipeline pipeline = model.inputPipeline();
		final SpectralDataset prepared = pipeline.preprocess(spectra.subset(rows));
		final boolean twoD = model.representation() == Representation.SPECTROGRAM;
		final Architecture.Shape shape = pipeline.shape();
		final List<String> ids = prepared.ids();
		final MapGeometry geometry = new MapGeometry(prepared.axis(), pipeline.stftParameters());

		final List<LayerMaps> maps = new ArrayList<>();
		maps.add(new LayerMaps(0, INPUT, LayerKind.INPUT, inputDescription(pipeline), twoD, shape
			.channels(), shape.height(), shape.width(), ids, 1, 1, 0, 0, geometry.x(twoD, 1, 0, shape
				.width()), geometry.y(twoD, 1, 0, shape.height()), false));
		for (final Trunk.Node n : wanted)
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
	private static LayerMaps kernels(final CnnModel model, final List<Trunk.Node> trunk,
		final MapGeometry geometry)
	{
		final boolean twoD = model.representation() == Representation.SPECTROGRAM;
		for (final Trunk.Node n : trunk) {
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
				twoD ? geometry.kernelY(kh) : MapGeometry.row(),
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

	private static List<Trunk.Node> select(final List<Trunk.Node> trunk, final Set<String> layers) {
		if (layers == null || layers.isEmpty() || layers.stream().anyMatch(l -> l.trim()
			.equalsIgnoreCase(ALL))) return trunk;
		final Map<String, Trunk.Node> byName = new LinkedHashMap<>();
		for (final Trunk.Node n : trunk) byName.put(n.name.toLowerCase(Locale.ROOT), n);
		final Set<Trunk.Node> chosen = new LinkedHashSet<>();
		for (final String l : layers) {
			final String key = l.trim().toLowerCase(Locale.ROOT);
			if (key.equals(INPUT)) continue;
			final Trunk.Node n = byName.get(key);
			if (n == null) throw new IllegalArgumentException("layers: no layer '" + l.trim() +
				"' in this model; its layers are " + String.join(", ", byName.values().stream().map(
					x -> x.name).toList()) + " (or all)");
			chosen.add(n);
		}
		final List<Trunk.Node> ordered = new ArrayList<>();
		for (final Trunk.Node n : trunk)
			if (chosen.contains(n)) ordered.add(n);
		return ordered;
	}

	private static String inputDescription(final InputPipeline p) {
		final String prep = p.preprocessing().isEmpty() ? "the spectrum" : "the spectrum after " + p
			.preprocessing();
		return p.representation() == Representation.SPECTRUM ? "network input: " + prep +
			", z-scored per point with the training statistics" : "network input: the " + p
				.stftParameters().scaling() + " spectrogram of " + prep + " (" + p.stftParameters() +
				"), z-scored per pixel with the training statistics";
	}
}
