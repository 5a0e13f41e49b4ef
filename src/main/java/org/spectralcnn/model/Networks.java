package org.spectralcnn.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.data.SpectralDataset;

/** Deeplearning4j plumbing shared by training and prediction. */
public final class Networks {

	/** ModelSerializer's entries that the model file keeps (no updater state, no normalizer). */
	public static final String CONFIGURATION_ENTRY = "configuration.json";
	public static final String COEFFICIENTS_ENTRY = "coefficients.bin";

	/**
	 * Samples per forward pass when predicting many spectra: large enough to keep the cores
	 * busy, small enough that the activations of a 2-D network stay in the tens of MB.
	 */
	public static final int PREDICT_BATCH = 64;

	private Networks() {}

	/**
	 * A new network with weights drawn from {@code seed}: every weight and bias of the
	 * convolution and dense layers uniform in ±1/√fan-in (PyTorch's default), batch
	 * normalisation at scale 1, shift 0. Drawn here with a {@link SplittableRandom} rather than
	 * by DL4J, whose initialisation in M2.1 does not repeat for the same seed.
	 *
	 * @see #tune
	 */
	public static ComputationGraph create(
		final org.deeplearning4j.nn.conf.ComputationGraphConfiguration configuration,
		final long seed)
	{
		Backend.ensureStarted();
		final ComputationGraph net = new ComputationGraph(configuration);
		net.init();
		initialise(net, seed);
		tune(net);
		return net;
	}

	private static void initialise(final ComputationGraph net, final long seed) {
		final SplittableRandom random = new SplittableRandom(seed);
		for (final Layer layer : net.getLayers()) {
			final java.util.Map<String, INDArray> params = layer.paramTable();
			final INDArray w = params == null ? null : params.get("W");
			if (w == null || !(layer.conf().getLayer() instanceof FeedForwardLayer ff)) continue;
			final long fanIn = w.rank() == 4 ? w.size(1) * w.size(2) * w.size(3) : ff.getNIn();
			final double bound = 1 / Math.sqrt(fanIn);
			fill(w, random, bound);
			final INDArray b = params.get("b");
			if (b != null) fill(b, random, bound);
		}
	}

	private static void fill(final INDArray param, final SplittableRandom random,
		final double bound)
	{
		final float[] v = new float[(int) param.length()];
		for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
		param.assign(Nd4j.create(v, param.shape(), 'c'));
	}

	/**
	 * Lets the convolution and batch-norm layers run on oneDNN. Deeplearning4j 1.0.0-M2.1 never
	 * attaches its oneDNN helpers (its availability check looks for a class that M2.1 renamed,
	 * and helpers are off by default), so its layers fall back to im2col + GEMM, several times
	 * slower. The helpers call the same libnd4j ops that the layers' own code calls, with oneDNN
	 * underneath (pooling is the project's own {@link MaxPooling}, faster than either on
	 * 1-pixel-high images). Set {@code -Dspectralcnn.onednn=false} to compare.
	 * <p>
	 * Reflection is needed because the layers keep their helper in a private field with no
	 * setter. If it fails (another DL4J version), the log says so and the layers run DL4J's own,
	 * slower code: the same results.
	 */
	public static void tune(final ComputationGraph net) {
		// Without a cache mode, DL4J's convolution layer runs its whole forward convolution a
		// second time in backpropagation (to get the pre-activation); with one it keeps the result
		// of the forward pass (the same array, so the same numbers) in the FF_CACHE workspace.
		// (ComputationGraph.setCacheMode sets the layers only; the graph opens FF_CACHE when its
		// configuration has a cache mode)
		net.getConfiguration().setCacheMode(CacheMode.DEVICE);
		net.setCacheMode(CacheMode.DEVICE);
		if (!Boolean.parseBoolean(System.getProperty("spectralcnn.onednn", "true"))) return;
		try {
			final Field conv = ConvolutionLayer.class.getDeclaredField("helper");
			final Field bn = BatchNormalization.class.getDeclaredField("helper");
			conv.setAccessible(true);
			bn.setAccessible(true);
			for (final GraphVertex vertex : net.getVertices()) {
				if (!vertex.hasLayer()) continue;
				final Layer outer = vertex.getLayer();
				// a frozen layer (fine-tuning) wraps the layer that does the work
				final Layer layer = outer instanceof BaseWrapperLayer w ? w.getUnderlying() : outer;
				if (layer instanceof ConvolutionLayer && conv.get(layer) == null) conv.set(layer,
					readsNetworkInput(net, vertex) && INPUT_CONV_HELPER ? new InputConvHelper(
						new MKLDNNConvHelper(DataType.FLOAT)) : new MKLDNNConvHelper(DataType.FLOAT));
				else if (layer instanceof BatchNormalization && bn.get(layer) == null) bn.set(layer,
					new MKLDNNBatchNormHelper(DataType.FLOAT));
			}
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			Logger.getLogger(Networks.class.getName()).warning("Spectral CNN: could not attach " +
				"oneDNN to the convolution layers (" + e + "); they run DL4J's own, slower code");
		}
	}

	/**
	 * Whether the first convolution's backward pass skips the gradient for the network input
	 * ({@link InputConvHelper}); {@code -Dspectralcnn.inputConv=false} to compare.
	 */
	private static final boolean INPUT_CONV_HELPER = Boolean.parseBoolean(System.getProperty(
		"spectralcnn.inputConv", "true"));

	/** Whether every input of {@code vertex} is an input of the network. */
	private static boolean readsNetworkInput(final ComputationGraph net, final GraphVertex vertex) {
		final VertexIndices[] in = vertex.getInputVertices();
		if (in == null || in.length == 0) return false;
		for (final VertexIndices v : in)
			if (!net.getVertices()[v.getVertexIndex()].isInputVertex()) return false;
		return true;
	}

	/** The network as ModelSerializer writes it, without updater state. */
	public static byte[] serialize(final ComputationGraph net) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ModelSerializer.writeModel(net, bytes, false);
		return bytes.toByteArray();
	}

	/** Reads a network written by {@link #serialize}. */
	public static ComputationGraph restore(final byte[] zip) throws IOException {
		Backend.ensureStarted();
		final Thread thread = Thread.currentThread();
		final ClassLoader before = thread.getContextClassLoader();
		thread.setContextClassLoader(Networks.class.getClassLoader());
		try {
			final ComputationGraph net = ModelSerializer.restoreComputationGraph(
				new ByteArrayInputStream(zip), false);
			tune(net);
			return net;
		}
		finally {
			thread.setContextClassLoader(before);
		}
	}

	/** The data format of the network's convolutions (NCHW when it has none). */
	public static org.deeplearning4j.nn.conf.CNN2DFormat format(final ComputationGraph net) {
		for (final Layer layer : net.getLayers())
			if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c)
				return c.getCnn2dDataFormat();
		return org.deeplearning4j.nn.conf.CNN2DFormat.NCHW;
	}

	/**
	 * The network input for {@code n} samples from a buffer filled by {@link InputPipeline#fill}
	 * (one channel, so NCHW and NHWC hold the same values in the same order).
	 */
	public static INDArray input(final ComputationGraph net, final float[] buffer, final int n,
		final Architecture.Shape shape)
	{
		final long[] dims = format(net) == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC
			? new long[] { n, shape.height(), shape.width(), shape.channels() } : new long[] { n,
				shape.channels(), shape.height(), shape.width() };
		if (shape.channels() != 1 && format(net) == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC)
			throw new IllegalStateException("NHWC input with " + shape.channels() + " channels");
		return buffer.length == n * shape.size() ? Nd4j.create(buffer, dims, 'c') : Nd4j.create(
			java.util.Arrays.copyOf(buffer, (int) (n * shape.size())), dims, 'c');
	}

	/**
	 * Batches up to this size run their forward pass on one OpenMP thread: at batch 1 the
	 * oneDNN convolutions of a 1-D network are so small that splitting them over two threads
	 * costs more than it saves (about 1.1–1.5 ms per spectrum on one thread against 1.8–2.1 ms on
	 * two, 2-core machine).
	 */
	static final int SINGLE_THREAD_BATCH = 4;

	/**
	 * {@code net.output(false, x)}, on one OpenMP thread when the batch is small (the thread
	 * count of the calling thread is restored afterwards). Same numbers as {@code net.output}.
	 */
	public static INDArray[] output(final ComputationGraph net, final INDArray x) {
		if (x.size(0) > SINGLE_THREAD_BATCH) return net.output(false, x);
		final org.nd4j.nativeblas.NativeOps ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance()
			.getDeviceNativeOps();
		final int before = ops.ompGetMaxThreads();
		if (before <= 1) return net.output(false, x);
		ops.setOmpNumThreads(1);
		try {
			return net.output(false, x);
		}
		finally {
			ops.setOmpNumThreads(before);
		}
	}

	/**
	 * Runs the network on some rows of preprocessed spectra, {@code batch} samples at a time.
	 *
	 * @return rows × outputs in the network's (standardised) units; outputs are the output
	 *         layers' units in order (one layer with a unit per target, or a layer per target)
	 */
	public static float[][] forward(final ComputationGraph net, final InputPipeline input,
		final SpectralDataset prepared, final int[] rows, final int batch)
	{
		final int sample = input.sampleSize();
		final Architecture.Shape shape = input.shape();
		final float[][] result = new float[rows.length][];
		float[] buffer = null;
		synchronized (net) {
			for (int from = 0; from < rows.length; from += batch) {
				final int n = Math.min(batch, rows.length - from);
				final int[] part = java.util.Arrays.copyOfRange(rows, from, from + n);
				if (buffer == null || buffer.length != n * sample) buffer = new float[n * sample];
				input.fill(prepared, part, buffer);
				final INDArray x = input(net, buffer, n, shape);
				final INDArray[] out = output(net, x);
				int width = 0;
				for (final INDArray o : out) width += (int) o.size(1);
				for (int r = 0; r < n; r++) result[from + r] = new float[width];
				int column = 0;
				for (final INDArray o : out) {
					final float[][] values = o.toFloatMatrix();
					final int w = (int) o.size(1);
					for (int r = 0; r < n; r++)
						System.arraycopy(values[r], 0, result[from + r], column, w);
					column += w;
				}
			}
		}
		return result;
	}
}
