package org.spectralcnn.model;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture.Block;
import org.spectralcnn.model.Architecture.Conv;
import org.spectralcnn.model.Architecture.Pool;
import org.spectralcnn.parallel.Cores;

/**
 * A 1-D network's prediction (dropout off) as OpenBLAS {@code sgemm} calls on the network's
 * weights, 3–4× faster than Deeplearning4j's forward pass on many spectra. Activations are kept
 * position by position (channels innermost), so a convolution is one product per kernel tap on
 * the input shifted by that tap: no im2col copy. A max pooling of size {@code s} that follows a
 * convolution is folded into it: the convolution is computed once per phase {@code r < s} (the
 * output positions {@code s·t + r}, a row stride of {@code s} positions), and the pooled value is
 * the elementwise maximum of the phases, so every loop in Java runs over equal indices of its
 * arrays (which the JIT vectorizes; it does not with offset indices). Batch normalisation is
 * folded into the convolution's weights and bias; the bias and ReLU are applied in the same pass
 * as the maximum (the bias is the same for every phase). The first layer
 * (one input channel) takes its taps as columns (im2col) instead: a product over one channel
 * would waste the BLAS kernel.
 * <p>
 * Made for the presets' 1-D networks ({@link #of} returns null for anything else, and the caller
 * uses Deeplearning4j). It copies the weights it is made from: {@link CnnModel} makes it again
 * when the network's weights have changed.
 * {@code -Dspectralcnn.gemmForward=false} uses Deeplearning4j everywhere, to compare.
 */
final class GemmForward {

	/**
	 * A stage's product per phase, at most (floats): with the batch sized so, the products stay in
	 * a core's L2 cache between the taps' accumulating calls (on 200 bands, batches of 32 predicted
	 * 15–20 % more pixels a second than batches of 256).
	 */
	private static final int PRODUCT_FLOATS = 1 << 17;

	static final boolean ENABLED = Boolean.parseBoolean(System.getProperty(
		"spectralcnn.gemmForward", "true"));

	/**
	 * A convolution (batch norm folded in) with ReLU, then max pooling by {@code pool} (1: none).
	 *
	 * @param weights per tap {@code j}, {@code in × out} values, row-major
	 */
	private record Stage(int in, int out, int kernel, int pool, int length, float[] weights,
		float[] bias)
	{

		int padding() {
			return (kernel - 1) / 2;
		}

		/** Output positions. */
		int pooledLength() {
			return length / pool;
		}

		/** Rows per sample of the padded input: a multiple of the pool size. */
		int paddedLength() {
			final int l = length + 2 * padding();
			return (l + pool - 1) / pool * pool;
		}

		/** The first layer's input columns: taps × channels (im2col) when it has few channels. */
		boolean im2col() {
			return in < 8;
		}
	}

	/** A dense layer: {@code in × out} weights, row-major; ReLU or identity. */
	private record DenseStage(int in, int out, float[] weights, float[] bias, boolean relu) {}

	private final List<Stage> stages;
	private final List<DenseStage> shared;
	/** Per output layer of the network (in its order), the dense layers up to it. */
	private final List<List<DenseStage>> heads;
	private final int width, outputs;
	/** The trunk's output: channels × positions per sample (0 × width without a trunk). */
	private final int channels, positions;
	/** The vertex whose output every head (or the shared dense layers) reads. */
	private final String headInput;
	/** Samples per batch. */
	private final int batch;
	/** Per layer's weights, a native copy for BLAS, read by every thread. */
	private final Map<float[], FloatPointer> nativeWeights = new IdentityHashMap<>();
	/** Per bias, the bias repeated for every row of a batch: added by a loop on equal indices. */
	private final Map<float[], float[]> biasRows = new IdentityHashMap<>();
	private final ConcurrentLinkedQueue<Work> idle = new ConcurrentLinkedQueue<>();

	private GemmForward(final List<Stage> stages, final List<DenseStage> shared,
		final List<List<DenseStage>> heads, final int width, final int channels,
		final int positions, final String headInput)
	{
		this.stages = stages;
		this.shared = shared;
		this.heads = heads;
		this.width = width;
		this.channels = channels;
		this.positions = positions;
		this.headInput = headInput;
		int o = 0;
		for (final List<DenseStage> h : heads)
			o += h.get(h.size() - 1).out();
		this.outputs = o;
		int perSample = 1;
		for (final Stage s : stages)
			perSample = Math.max(perSample, s.paddedLength() / s.pool() * s.out());
		this.batch = Math.max(16, Math.min(256, PRODUCT_FLOATS / perSample / 8 * 8));
		for (final Stage st : stages) {
			nativeWeights.put(st.weights(), pointer(st.weights()));
			biasRows.put(st.bias(), repeated(st.bias(), batch * st.paddedLength() / st.pool()));
		}
		for (final DenseStage d : denseStages()) {
			nativeWeights.put(d.weights(), pointer(d.weights()));
			biasRows.put(d.bias(), repeated(d.bias(), batch));
		}
	}

	private List<DenseStage> denseStages() {
		final List<DenseStage> all = new ArrayList<>(shared);
		heads.forEach(all::addAll);
		return all;
	}

	/**
	 * The network's forward pass with its current weights, or null when it is not a 1-D network
	 * built by {@link NetworkBuilder} (2-D networks, layers this class does not know).
	 */
	static GemmForward of(final ComputationGraph net, final Architecture arch,
		final Architecture.Shape input)
	{
		if (!ENABLED || arch.representation() != Representation.SPECTRUM || input.height() != 1 ||
			input.channels() != 1) return null;
		final List<Stage> stages = new ArrayList<>();
		int channels = input.channels(), length = input.width(), convs = 0;
		final List<Block> trunk = arch.trunk();
		for (int k = 0; k < trunk.size(); k++) {
			// every convolution is followed by ReLU (a layer, its activation or the pooling's)
			if (!(trunk.get(k) instanceof Conv conv) || conv.kernel() % 2 == 0) return null;
			convs++;
			final int pool = k + 1 < trunk.size() && trunk.get(k + 1) instanceof Pool p ? p.size() : 1;
			if (pool > 1) k++;
			final Stage s = convStage(net, convs, conv, channels, length, pool);
			// only the first stage's input is laid out as columns (fillFirst)
			if (s == null || s.im2col() && !stages.isEmpty()) return null;
			stages.add(s);
			channels = conv.filters();
			length /= pool;
		}
		final int positions = length;
		final List<DenseStage> shared = new ArrayList<>();
		int features = channels * positions;
		for (int d = 1; d <= arch.shared().size(); d++) {
			final DenseStage s = dense(net, LayerNames.dense(d), features, d == 1 && !stages.isEmpty()
				? channels : 0, positions);
			if (s == null || !s.relu()) return null;
			shared.add(s);
			features = s.out();
		}
		final boolean flatInput = shared.isEmpty();
		final List<List<DenseStage>> heads = new ArrayList<>();
		for (final String output : net.getConfiguration().getNetworkOutputs()) {
			final List<DenseStage> head = new ArrayList<>();
			int in = features;
			if (arch.headPerTarget()) {
				final int t = Integer.parseInt(output.substring(LayerNames.OUTPUT.length()));
				for (int d = 1; d <= arch.head().size(); d++) {
					final DenseStage s = dense(net, LayerNames.headDense(t, d), in, flatInput && d == 1
						? channels : 0, positions);
					if (s == null || !s.relu()) return null;
					head.add(s);
					in = s.out();
				}
			}
			final DenseStage out = dense(net, output, in, flatInput && head.isEmpty() ? channels : 0,
				positions);
			if (out == null || out.relu()) return null;
			head.add(out);
			heads.add(head);
		}
		// every head reads the last shared layer, else the trunk's last vertex
		final String first = net.getConfiguration().getNetworkOutputs().get(0);
		final String firstHeadLayer = arch.headPerTarget() && !arch.head().isEmpty() ? LayerNames
			.headDense(Integer.parseInt(first.substring(LayerNames.OUTPUT.length())), 1) : first;
		final String headInput = !shared.isEmpty() ? LayerNames.dense(shared.size()) : net
			.getConfiguration().getVertexInputs().get(firstHeadLayer).get(0);
		return new GemmForward(stages, shared, heads, input.width(), stages.isEmpty() ? 0 : channels,
			positions, headInput);
	}

	/** Outputs per sample: the output layers' units in the network's order. */
	int outputs() {
		return outputs;
	}

	/**
	 * Values per sample of what the heads read: the last shared dense layer's output, else the
	 * trunk's (0 for a network of dense layers only).
	 */
	int headFeatures() {
		return !shared.isEmpty() ? shared.get(shared.size() - 1).out() : channels * positions;
	}

	/** The vertex whose output {@link #headFeatures} are. */
	String headInput() {
		return headInput;
	}

	/**
	 * The network's outputs for some rows of preprocessed spectra (as {@link Networks#forward}):
	 * one batch on this thread, more split over the cores with BLAS on one thread meanwhile.
	 *
	 * @param features null, or rows × {@link #headFeatures()} to receive what the heads read
	 *          (where Monte Carlo dropout passes start), flattened as Deeplearning4j does
	 */
	float[][] forward(final InputPipeline input, final SpectralDataset prepared, final int[] rows,
		final float[][] features)
	{
		final int n = rows.length;
		final float[][] result = new float[n][outputs];
		final int batches = (n + batch - 1) / batch;
		final Cores.Range batchesOf = (part, from, to) -> {
			Work w = idle.poll();
			if (w == null) w = new Work();
			try {
				for (int b = from; b < to; b++) {
					final int first = b * batch, count = Math.min(batch, n - first);
					input.fill(prepared, Arrays.copyOfRange(rows, first, first + count), w.samples);
					w.run(count, result, features, first);
				}
			}
			finally {
				idle.add(w);
			}
		};
		if (batches == 1) batchesOf.run(0, 0, 1);
		else BlasThreads.one(() -> Cores.split(batches, (long) n * width, 64L * width, batchesOf));
		return result;
	}

	private static Stage convStage(final ComputationGraph net, final int block, final Conv conv,
		final int in, final int length, final int pool)
	{
		final Layer layer = net.getLayer(LayerNames.conv(block));
		if (layer == null || !(layer.conf().getLayer() instanceof ConvolutionLayer c) || c
			.getConvolutionMode() != ConvolutionMode.Same || c.getKernelSize()[0] != 1 || c
				.getKernelSize()[1] != conv.kernel() || c.getStride()[1] != 1 || c.getDilation()[1] != 1 ||
			!(relu(c.getActivationFn()) || identity(c.getActivationFn()))) return null;
		final int out = conv.filters(), k = conv.kernel();
		// DL4J: [out, in, 1, k]; here per tap j an in × out matrix
		final float[] w = values(layer.getParam("W"));
		final float[] bias = values(layer.getParam("b"));
		if (w.length != out * in * k || bias.length != out) return null;
		final float[] scale = new float[out];
		Arrays.fill(scale, 1);
		if (conv.batchNorm()) {
			// folding needs the batch norm right after the product, before the ReLU
			if (!identity(c.getActivationFn())) return null;
			final Layer bn = net.getLayer(LayerNames.batchNorm(block));
			if (bn == null || !(bn.conf().getLayer() instanceof BatchNormalization b)) return null;
			final float[] gamma = values(bn.getParam("gamma")), beta = values(bn.getParam("beta")),
				mean = values(bn.getParam("mean"));
			final float[] sd = b.isUseLogStd() ? values(bn.getParam("log10stdev")) : values(bn
				.getParam("var"));
			for (int o = 0; o < out; o++) {
				final double s = b.isUseLogStd() ? Math.pow(10, sd[o]) : Math.sqrt(sd[o] + b.getEps());
				scale[o] = (float) (gamma[o] / s);
				bias[o] = (float) ((bias[o] - mean[o]) * gamma[o] / s + beta[o]);
			}
		}
		final float[] taps = new float[w.length];
		for (int o = 0; o < out; o++)
			for (int i = 0; i < in; i++)
				for (int j = 0; j < k; j++)
					taps[(j * in + i) * out + o] = w[(o * in + i) * k + j] * scale[o];
		return new Stage(in, out, k, pool, length, taps, bias);
	}

	/**
	 * A dense layer; {@code channels > 0} when its input is the trunk's output, whose features
	 * DL4J flattens channel by channel and this class position by position: the rows are
	 * reordered.
	 */
	private static DenseStage dense(final ComputationGraph net, final String name, final int in,
		final int channels, final int positions)
	{
		final Layer layer = net.getLayer(name);
		if (layer == null || !(layer.conf().getLayer() instanceof FeedForwardLayer f) || f
			.getNIn() != in) return null;
		final IActivation act = f.getActivationFn();
		if (!relu(act) && !identity(act)) return null;
		final int out = (int) f.getNOut();
		final INDArray wArray = layer.getParam("W");
		if (wArray == null || wArray.rank() != 2 || wArray.size(0) != in || wArray.size(1) != out)
			return null;
		final float[] w = values(wArray);
		float[] rows = w;
		if (channels > 0) {
			rows = new float[w.length];
			for (int c = 0; c < channels; c++)
				for (int x = 0; x < positions; x++)
					System.arraycopy(w, (c * positions + x) * out, rows, (x * channels + c) * out, out);
		}
		return new DenseStage(in, out, rows, values(layer.getParam("b")), relu(act));
	}

	private static boolean relu(final IActivation a) {
		return a instanceof ActivationReLU r && r.equals(Activation.RELU.getActivationFunction());
	}

	private static boolean identity(final IActivation a) {
		return a instanceof ActivationIdentity;
	}

	/** The C-order values of a parameter. */
	private static float[] values(final INDArray a) {
		return a == null ? new float[0] : PackedArrays.values(a, null);
	}

	private static FloatBuffer direct(final long floats) {
		return ByteBuffer.allocateDirect(Math.toIntExact(4 * floats)).order(ByteOrder.nativeOrder())
			.asFloatBuffer();
	}

	private static FloatPointer pointer(final float[] values) {
		final FloatBuffer b = direct(Math.max(1, values.length));
		b.put(0, values);
		return new FloatPointer(b);
	}

	/** C = A·B (+ C when {@code accumulate}); row-major, {@code b} has {@code n} columns. */
	private static void gemm(final int m, final int n, final int k, final FloatPointer a,
		final long aOffset, final int lda, final FloatPointer b, final long bOffset,
		final FloatPointer c, final boolean accumulate)
	{
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1f, at(a, aOffset), lda, at(
			b, bOffset), n, accumulate ? 1f : 0f, c, n);
	}

	private static FloatPointer at(final FloatPointer p, final long offset) {
		return offset == 0 ? p : new FloatPointer(p).position(p.position() + offset);
	}

	/** One thread's buffers (native where BLAS reads or writes them). */
	private final class Work {

		/** Per stage: the padded input, rows × channels (the first stage: its im2col columns). */
		private final FloatBuffer[] inputs;
		private final FloatPointer[] inputPointers;
		/** The product of every phase of a stage, phase after phase. */
		private final FloatBuffer product;
		private final FloatPointer productPointer;
		private final float[] phase, pooled, sample;
		/** The batch's network inputs, sample after sample. */
		final float[] samples = new float[batch * width];
		private final FloatBuffer[] denseIn;
		private final FloatPointer[] denseInPointers;
		private final float[] dense;

		Work() {
			final int n = stages.size();
			inputs = new FloatBuffer[n];
			inputPointers = new FloatPointer[n];
			long productRows = 1, maxDense = 1;
			for (int s = 0; s < n; s++) {
				final Stage st = stages.get(s);
				final long rows = (long) batch * st.paddedLength();
				// slack: the last phase's taps read past the last sample's rows
				inputs[s] = direct(st.im2col() ? rows * st.kernel() * st.in() : (rows + st.kernel() + st
					.pool()) * st.in());
				inputPointers[s] = new FloatPointer(inputs[s]);
				productRows = Math.max(productRows, rows * st.out());
			}
			product = direct(productRows);
			productPointer = new FloatPointer(product);
			phase = new float[(int) productRows];
			pooled = new float[(int) productRows];
			final Stage first = n == 0 ? null : stages.get(0);
			sample = new float[first == null ? 0 : first.paddedLength() + first.kernel() + first.pool()];
			for (final DenseStage d : denseStages())
				maxDense = Math.max(maxDense, Math.max(d.in(), d.out()));
			// a dense layer reads one buffer and writes another; the heads keep the shared layers'
			denseIn = new FloatBuffer[3];
			denseInPointers = new FloatPointer[3];
			for (int b = 0; b < 3; b++) {
				denseIn[b] = direct(batch * maxDense);
				denseInPointers[b] = new FloatPointer(denseIn[b]);
			}
			dense = new float[(int) (batch * maxDense)];
		}

		/**
		 * The first {@code n} of {@link #samples} into {@code result}'s rows from {@code first}, and
		 * what the heads read into {@code features}'s (when not null).
		 */
		void run(final int n, final float[][] result, final float[][] features, final int first) {
			final FloatBuffer flat = denseIn[0];
			if (stages.isEmpty()) flat.put(0, samples, 0, n * width);
			for (int s = 0; s < stages.size(); s++) {
				final Stage st = stages.get(s);
				if (s == 0) fillFirst(st, n);
				final int rows = n * st.paddedLength() / st.pool(), cells = rows * st.out();
				final FloatPointer w = nativeWeights.get(st.weights());
				for (int r = 0; r < st.pool(); r++) {
					final FloatPointer c = at(productPointer, (long) r * cells);
					if (st.im2col()) gemm(rows, st.out(), st.kernel() * st.in(), inputPointers[s], (long) r *
						rows * st.kernel() * st.in(), st.kernel() * st.in(), w, 0, c, false);
					else for (int j = 0; j < st.kernel(); j++)
						gemm(rows, st.out(), st.in(), inputPointers[s], (long) (r + j) * st.in(), st.pool() * st
							.in(), w, (long) j * st.in() * st.out(), c, j > 0);
				}
				// max over the phases, then the bias (the same for every phase) and ReLU, in one pass
				// with the last phase
				final float[] bias = biasRows.get(st.bias());
				product.get(0, pooled, 0, cells);
				if (st.pool() == 1) biasRelu(pooled, bias, cells, true);
				for (int r = 1; r < st.pool(); r++) {
					product.get(r * cells, phase, 0, cells);
					if (r < st.pool() - 1) max(pooled, phase, cells);
					else maxBiasRelu(pooled, phase, bias, cells);
				}
				// each sample's valid positions into the next stage's padded input, or the flat features
				final int per = st.paddedLength() / st.pool() * st.out(), valid = st.pooledLength() * st
					.out();
				if (s + 1 < stages.size()) {
					final Stage next = stages.get(s + 1);
					for (int i = 0; i < n; i++)
						inputs[s + 1].put((i * next.paddedLength() + next.padding()) * next.in(), pooled, i * per,
							valid);
				}
				else for (int i = 0; i < n; i++)
					flat.put(i * valid, pooled, i * per, valid);
			}
			int buffer = 0;
			for (int d = 0; d < shared.size(); d++) {
				dense(shared.get(d), buffer, 1 - buffer, n, null, 0, 0);
				buffer = 1 - buffer;
			}
			if (features != null && !shared.isEmpty()) {
				final int f = headFeatures();
				for (int i = 0; i < n; i++) denseIn[buffer].get(i * f, features[first + i], 0, f);
			}
			// the trunk's output, position by position here, channel by channel in Deeplearning4j
			else if (features != null) for (int i = 0; i < n; i++) {
				final float[] row = features[first + i];
				for (int p = 0, v = i * channels * positions; p < positions; p++)
					for (int c = 0; c < channels; c++) row[c * positions + p] = flat.get(v++);
			}
			int column = 0;
			for (int h = 0; h < heads.size(); h++) {
				final List<DenseStage> head = heads.get(h);
				// the head's layers alternate between the two buffers the shared output is not in
				int from = buffer, to = buffer == 2 ? 0 : 2;
				for (int d = 0; d < head.size(); d++) {
					final boolean last = d == head.size() - 1;
					dense(head.get(d), from, to, n, last ? result : null, first, column);
					final int spare = 3 - buffer - to;
					from = to;
					to = spare;
				}
				column += head.get(head.size() - 1).out();
			}
		}

		/** The first stage's input: each sample padded, then its taps as columns, phase by phase. */
		private void fillFirst(final Stage st, final int n) {
			final int k = st.kernel() * st.in(), perPhase = st.paddedLength() / st.pool();
			final int rows = n * perPhase;
			final FloatBuffer into = inputs[0];
			if (st.im2col()) {
				for (int i = 0; i < n; i++) {
					// zero padding around the sample (the tail of the array stays zero)
					System.arraycopy(samples, i * width * st.in(), sample, st.padding() * st.in(),
						width * st.in());
					for (int r = 0; r < st.pool(); r++)
						for (int t = 0; t < perPhase; t++)
							into.put(((r * rows) + i * perPhase + t) * k, sample, (st.pool() * t + r) * st.in(), k);
				}
			}
			else for (int i = 0; i < n; i++)
				into.put((i * st.paddedLength() + st.padding()) * st.in(), samples, i * width * st.in(),
					width * st.in());
		}

		/**
		 * The rows of buffer {@code from} through one dense layer into buffer {@code to}, and for an
		 * output layer into {@code result}'s columns from {@code column}.
		 */
		private void dense(final DenseStage d, final int from, final int to, final int n,
			final float[][] result, final int first, final int column)
		{
			final int cells = n * d.out();
			gemm(n, d.out(), d.in(), denseInPointers[from], 0, d.in(), nativeWeights.get(d.weights()), 0,
				denseInPointers[to], false);
			denseIn[to].get(0, dense, 0, cells);
			biasRelu(dense, biasRows.get(d.bias()), cells, d.relu());
			if (result == null) denseIn[to].put(0, dense, 0, cells);
			else for (int i = 0; i < n; i++)
				System.arraycopy(dense, i * d.out(), result[first + i], column, d.out());
		}
	}

	private static void max(final float[] into, final float[] other, final int n) {
		for (int j = 0; j < n; j++)
			into[j] = Math.max(into[j], other[j]);
	}

	private static void maxBiasRelu(final float[] into, final float[] other, final float[] bias,
		final int n)
	{
		for (int j = 0; j < n; j++)
			into[j] = Math.max(Math.max(into[j], other[j]) + bias[j], 0f);
	}

	/** Adds the first {@code n} values of {@code bias} to {@code v}'s, then ReLU if asked. */
	private static void biasRelu(final float[] v, final float[] bias, final int n,
		final boolean relu)
	{
		if (relu) for (int j = 0; j < n; j++)
			v[j] = Math.max(v[j] + bias[j], 0f);
		else for (int j = 0; j < n; j++)
			v[j] += bias[j];
	}

	/** {@code bias} repeated {@code rows} times. */
	private static float[] repeated(final float[] bias, final int rows) {
		final float[] r = new float[rows * bias.length];
		for (int i = 0; i < rows; i++)
			System.arraycopy(bias, 0, r, i * bias.length, bias.length);
		return r;
	}
}
