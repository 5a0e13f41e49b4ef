package org.spectralcnn.model;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The layer of {@link MaxPooling}: non-overlapping max pooling of NCHW float activations in
 * plain Java, forward and backward (the gradient goes to the first maximum of each window; the
 * forward pass remembers which one it was), optionally with the ReLU before it fused in. Any other
 * configuration falls back to Deeplearning4j's own code (without the fused ReLU: such a layer is
 * only made for configurations the Java loops handle).
 */
public class MaxPoolingLayer extends SubsamplingLayer {

	private static final long serialVersionUID = 1L;

	/** The input of the last training forward pass and, per output value, its window position. */
	private transient INDArray pooledInput;
	private transient byte[] argmax;
	/**
	 * Buffers reused from call to call: at batch 32 the activations are megabytes, and a fresh
	 * Java array of that size per call (a humongous allocation, zeroed, soon garbage) cost more
	 * than the pooling itself.
	 */
	private transient float[] inBuffer, outBuffer, gradBuffer;
	private transient byte[] argmaxBuffer;

	public MaxPoolingLayer(final NeuralNetConfiguration conf, final DataType dataType) {
		super(conf, dataType);
	}

	/** Whether the Java loops handle this configuration and input. */
	private boolean fast(final INDArray in) {
		final org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
		final int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), d = c
			.getDilation();
		return in != null && in.rank() == 4 && in.dataType() == DataType.FLOAT && c
			.getPoolingType() == PoolingType.MAX && c.getConvolutionMode() != ConvolutionMode.Same &&
			k[0] == s[0] && k[1] == s[1] && k[0] * k[1] <= 127 && p[0] == 0 && p[1] == 0 &&
			d[0] == 1 && d[1] == 1 && in.size(nhwc() ? 1 : 2) >= k[0] && in.size(nhwc() ? 2
				: 3) >= k[1] && in.length() < Integer.MAX_VALUE;
	}

	/** DL4J's own pooling cannot do the fused ReLU. */
	private void checkNoRelu() {
		if (((MaxPooling) layerConf()).isRelu()) throw new IllegalStateException(
			"max pooling with fused ReLU needs float input, got " + (input == null ? null : input
				.dataType() + " " + java.util.Arrays.toString(input.shape())));
	}

	private boolean nhwc() {
		return layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
	}

	/**
	 * The values of an array in C order, copied in one bulk transfer into {@code into} when it
	 * is big enough (else into a new array).
	 */
	private static float[] values(final INDArray a, final float[] into) {
		final INDArray c = a.ordering() == 'c' && a.offset() == 0 && Shape.hasDefaultStridesForShape(
			a) ? a : a.dup('c');
		final int n = (int) c.length();
		final float[] v = into != null && into.length >= n ? into : new float[n];
		final FloatBuffer fb = c.data().asNioFloat();
		fb.get(v, 0, n);
		return v;
	}

	private static float[] reuse(final float[] buffer, final int n) {
		return buffer != null && buffer.length >= n ? buffer : new float[n];
	}

	private static INDArray create(final LayerWorkspaceMgr mgr, final ArrayType type,
		final long[] shape, final float[] v)
	{
		final INDArray out = mgr.createUninitialized(type, DataType.FLOAT, shape, 'c');
		final int n = (int) out.length();
		if (out.offset() == 0 && out.data().length() >= n) out.data().asNioFloat().put(v, 0, n);
		else out.assign(org.nd4j.linalg.factory.Nd4j.create(java.util.Arrays.copyOf(v, n), shape,
			'c'));
		return out;
	}

	@Override
	public INDArray activate(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		assertInputSet(false);
		if (!fast(input)) {
			checkNoRelu();
			return super.activate(training, workspaceMgr);
		}
		if (nhwc()) return activateNhwc(training, workspaceMgr);
		final int[] k = layerConf().getKernelSize();
		final int n = (int) input.size(0), ch = (int) input.size(1), h = (int) input.size(2),
				w = (int) input.size(3);
		final int kh = k[0], kw = k[1], oh = h / kh, ow = w / kw;
		final float[] x = inBuffer = values(input, inBuffer);
		final int size = n * ch * oh * ow;
		final float[] y = outBuffer = reuse(outBuffer, size);
		// inference needs no argmax
		final byte[] at = !training ? null : argmaxBuffer != null && argmaxBuffer.length >= size
			? argmaxBuffer : new byte[size];
		if (training) argmaxBuffer = at;
		final boolean relu = ((MaxPooling) layerConf()).isRelu();
		inParallel(n * ch, size, (from, to) -> forward(x, y, at, from, to, h, w, kh, kw, relu));
		if (training) {
			pooledInput = input;
			argmax = at;
		}
		return create(workspaceMgr, ArrayType.ACTIVATIONS, new long[] { n, ch, oh, ow }, y);
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(final INDArray epsilon,
		final LayerWorkspaceMgr workspaceMgr)
	{
		assertInputSet(true);
		if (!fast(input)) {
			checkNoRelu();
			return super.backpropGradient(epsilon, workspaceMgr);
		}
		if (pooledInput != input || argmax == null) activate(true, workspaceMgr);
		if (nhwc()) return backpropNhwc(epsilon, workspaceMgr);
		final int[] k = layerConf().getKernelSize();
		final int n = (int) input.size(0), ch = (int) input.size(1), h = (int) input.size(2),
				w = (int) input.size(3);
		final int kh = k[0], kw = k[1], oh = h / kh, ow = w / kw;
		final byte[] at = argmax;
		final float[] e = outBuffer = values(epsilon.castTo(DataType.FLOAT), outBuffer);
		final float[] g = gradBuffer = reuse(gradBuffer, n * ch * h * w);
		inParallel(n * ch, (long) n * ch * h * w, (from, to) -> backward(e, g, at, from, to, h, w,
			kh, kw));
		pooledInput = null;
		argmax = null;
		return new Pair<>(new DefaultGradient(), create(workspaceMgr, ArrayType.ACTIVATION_GRAD,
			input.shape(), g));
	}

	/** Planes {@code from} to {@code to} of the NCHW forward pass. */
	private static void forward(final float[] x, final float[] y, final byte[] at, final int from,
		final int to, final int h, final int w, final int kh, final int kw, final boolean relu)
	{
		final int oh = h / kh, ow = w / kw;
		for (int plane = from; plane < to; plane++) {
			final int in0 = plane * h * w, out0 = plane * oh * ow;
			for (int r = 0; r < oh; r++) {
				final int o0 = out0 + r * ow, i0 = in0 + r * kh * w;
				if (kh == 1 && kw == 2) {
					// branch-free (random data makes a branch per window a coin toss, and mispredicted
					// branches cost more than the rest of the pooling): second = b > a from the sign of
					// a - b, keep = m > 0 from the bits of m, selections by bit masks. Same values as
					// "b > a ? b : a", then "m > 0 ? m : 0" (only signed zeros may differ, before the ReLU).
					for (int col = 0; col < ow; col++) {
						final int ab = Float.floatToRawIntBits(x[i0 + 2 * col]), bb = Float
							.floatToRawIntBits(x[i0 + 2 * col + 1]);
						final int second = Float.floatToRawIntBits(x[i0 + 2 * col] - x[i0 + 2 * col +
							1]) >>> 31;
						int mb = ab ^ ((ab ^ bb) & -second);
						int keep = 1;
						if (relu) {
							keep = 1 ^ (((mb - 1) | mb) >>> 31);
							mb &= -keep;
						}
						y[o0 + col] = Float.intBitsToFloat(mb);
						if (at != null) at[o0 + col] = (byte) ((second + 1) * keep - 1);
					}
					continue;
				}
				for (int col = 0; col < ow; col++) {
					float m = Float.NEGATIVE_INFINITY;
					int best = 0;
					for (int i = 0; i < kh; i++) {
						final int row = i0 + i * w + col * kw;
						for (int j = 0; j < kw; j++)
							if (x[row + j] > m) {
								m = x[row + j];
								best = i * kw + j;
							}
					}
					if (relu && !(m > 0)) {
						m = 0;
						best = -1;
					}
					y[o0 + col] = m;
					if (at != null) at[o0 + col] = (byte) best;
				}
			}
		}
	}

	/** Planes {@code from} to {@code to} of the NCHW backward pass. */
	private static void backward(final float[] e, final float[] g, final byte[] at,
		final int from, final int to, final int h, final int w, final int kh, final int kw)
	{
		final int oh = h / kh, ow = w / kw;
		for (int plane = from; plane < to; plane++) {
			final int in0 = plane * h * w, out0 = plane * oh * ow;
			if (kh == 1 && kw == 2 && h == 1) {
				// branch-free: pos is -1 (none), 0 or 1; both values of each window are written
				for (int col = 0; col < ow; col++) {
					final int pos = at[out0 + col], eb = Float.floatToRawIntBits(e[out0 + col]);
					g[in0 + 2 * col] = Float.intBitsToFloat(eb & -(1 - pos * pos));
					g[in0 + 2 * col + 1] = Float.intBitsToFloat(eb & -((pos + pos * pos) >> 1));
				}
				for (int c = 2 * ow; c < w; c++) g[in0 + c] = 0;
				continue;
			}
			java.util.Arrays.fill(g, in0, in0 + h * w, 0f);
			for (int r = 0; r < oh; r++) {
				final int o0 = out0 + r * ow, i0 = in0 + r * kh * w;
				for (int col = 0; col < ow; col++) {
					final int pos = at[o0 + col];
					if (pos >= 0) g[i0 + (pos / kw) * w + col * kw + pos % kw] = e[o0 + col];
				}
			}
		}
	}

	/** Work on planes, split in two halves run on two cores when there is enough of it. */
	private interface Planes {

		void run(int from, int to);
	}

	private static void inParallel(final int planes, final long values, final Planes work) {
		final int cores = Runtime.getRuntime().availableProcessors();
		if (values < (1 << 16) || planes < 2 || cores < 2 || ForkJoinPool
			.getCommonPoolParallelism() < 1)
		{
			work.run(0, planes);
			return;
		}
		final int parts = Math.min(Math.min(cores, 4), planes);
		final ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
		for (int p = 1; p < parts; p++) {
			final int from = (int) ((long) planes * p / parts), to = (int) ((long) planes * (p + 1) /
				parts);
			tasks[p - 1] = ForkJoinPool.commonPool().submit(() -> work.run(from, to));
		}
		work.run(0, planes / parts);
		for (final ForkJoinTask<?> t : tasks) t.join();
	}

	/** NHWC: channels innermost, so each window compares whole channel vectors. */
	private INDArray activateNhwc(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		final int[] k = layerConf().getKernelSize();
		final int n = (int) input.size(0), h = (int) input.size(1), w = (int) input.size(2),
				ch = (int) input.size(3);
		final int kh = k[0], kw = k[1], oh = h / kh, ow = w / kw;
		final float[] x = values(input, null);
		final float[] y = new float[n * oh * ow * ch];
		final byte[] at = new byte[y.length];
		for (int b = 0; b < n; b++)
			for (int r = 0; r < oh; r++)
				for (int col = 0; col < ow; col++) {
					final int o0 = ((b * oh + r) * ow + col) * ch;
					final int first = ((b * h + r * kh) * w + col * kw) * ch;
					System.arraycopy(x, first, y, o0, ch);
					for (int i = 0; i < kh; i++)
						for (int j = 0; j < kw; j++) {
							if (i == 0 && j == 0) continue;
							final int i0 = ((b * h + r * kh + i) * w + col * kw + j) * ch;
							final byte pos = (byte) (i * kw + j);
							for (int c = 0; c < ch; c++) {
								final float v = x[i0 + c];
								if (v > y[o0 + c]) {
									y[o0 + c] = v;
									at[o0 + c] = pos;
								}
							}
						}
					if (((MaxPooling) layerConf()).isRelu()) for (int c = 0; c < ch; c++)
						if (!(y[o0 + c] > 0)) {
							y[o0 + c] = 0;
							at[o0 + c] = -1;
						}
				}
		if (training) {
			pooledInput = input;
			argmax = at;
		}
		return create(workspaceMgr, ArrayType.ACTIVATIONS, new long[] { n, oh, ow, ch }, y);
	}

	private Pair<Gradient, INDArray> backpropNhwc(final INDArray epsilon,
		final LayerWorkspaceMgr workspaceMgr)
	{
		final int[] k = layerConf().getKernelSize();
		final int n = (int) input.size(0), h = (int) input.size(1), w = (int) input.size(2),
				ch = (int) input.size(3);
		final int kh = k[0], kw = k[1], oh = h / kh, ow = w / kw;
		final byte[] at = argmax;
		final float[] e = values(epsilon.castTo(DataType.FLOAT), null);
		final float[] g = new float[n * h * w * ch];
		for (int b = 0; b < n; b++)
			for (int r = 0; r < oh; r++)
				for (int col = 0; col < ow; col++) {
					final int o0 = ((b * oh + r) * ow + col) * ch;
					for (int c = 0; c < ch; c++) {
						final int pos = at[o0 + c];
						if (pos >= 0) g[((b * h + r * kh + pos / kw) * w + col * kw + pos % kw) * ch +
							c] = e[o0 + c];
					}
				}
		pooledInput = null;
		argmax = null;
		return new Pair<>(new DefaultGradient(), create(workspaceMgr, ArrayType.ACTIVATION_GRAD,
			input.shape(), g));
	}

	@Override
	public void clear() {
		super.clear();
		pooledInput = null;
		argmax = null;
		// the scratch buffers stay: DL4J clears layers after every fit, and they are reused
	}
}
