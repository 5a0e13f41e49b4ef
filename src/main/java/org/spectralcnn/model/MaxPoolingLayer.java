package org.spectralcnn.model;

import java.lang.ref.Reference;
import org.bytedeco.javacpp.FloatPointer;
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
import org.spectralcnn.parallel.Cores;

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

	private static float[] reuse(final float[] buffer, final int n) {
		return buffer != null && buffer.length >= n ? buffer : new float[n];
	}

	private static INDArray create(final LayerWorkspaceMgr mgr, final ArrayType type,
		final long[] shape, final float[] v)
	{
		final INDArray out = mgr.createUninitialized(type, DataType.FLOAT, shape, 'c');
		PackedArrays.put(out, v);
		return out;
	}

	/**
	 * Copies {@code length} values between {@code array[index...]} and the native values from
	 * {@code index} on ({@code in}: native to array).
	 */
	private static void copy(final FloatPointer values, final int index, final float[] array,
		final int length, final boolean in)
	{
		final FloatPointer p = new FloatPointer(values).position(index);
		if (in) p.get(array, index, length);
		else p.put(array, index, length);
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
		final int size = n * ch * oh * ow, inPlane = h * w, outPlane = oh * ow;
		final float[] x = inBuffer = reuse(inBuffer, n * ch * inPlane), y = outBuffer = reuse(
			outBuffer, size);
		// inference needs no argmax
		final byte[] at = !training ? null : argmaxBuffer != null && argmaxBuffer.length >= size
			? argmaxBuffer : new byte[size];
		if (training) argmaxBuffer = at;
		final boolean relu = ((MaxPooling) layerConf()).isRelu();
		final INDArray in = PackedArrays.packed(input), out = workspaceMgr.createUninitialized(
			ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] { n, ch, oh, ow }, 'c');
		final FloatPointer src = PackedArrays.pointer(in), dst = PackedArrays.pointer(out);
		// each part copies its own planes in and out: the copies run in parallel too
		Cores.split(n * ch, size, 1 << 16, (part, from, to) -> {
			copy(src, from * inPlane, x, (to - from) * inPlane, true);
			forward(x, y, at, from, to, h, w, kh, kw, relu);
			copy(dst, from * outPlane, y, (to - from) * outPlane, false);
		});
		Reference.reachabilityFence(in);
		if (training) {
			pooledInput = input;
			argmax = at;
		}
		return out;
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
		final int inPlane = h * w, outPlane = oh * ow;
		final float[] e = outBuffer = reuse(outBuffer, n * ch * outPlane), g = gradBuffer = reuse(
			gradBuffer, n * ch * inPlane);
		final INDArray eps = PackedArrays.packed(epsilon), grad = workspaceMgr.createUninitialized(
			ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
		final FloatPointer src = PackedArrays.pointer(eps), dst = PackedArrays.pointer(grad);
		Cores.split(n * ch, (long) n * ch * inPlane, 1 << 16, (part, from, to) -> {
			copy(src, from * outPlane, e, (to - from) * outPlane, true);
			backward(e, g, at, from, to, h, w, kh, kw);
			copy(dst, from * inPlane, g, (to - from) * inPlane, false);
		});
		Reference.reachabilityFence(eps);
		pooledInput = null;
		argmax = null;
		return new Pair<>(new DefaultGradient(), grad);
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
						final float a = x[i0 + 2 * col], b = x[i0 + 2 * col + 1];
						final int second = second(a, b), mb = pick(Float.floatToRawIntBits(a), Float
							.floatToRawIntBits(b), second), keep = relu ? positive(mb) : 1;
						y[o0 + col] = Float.intBitsToFloat(mb & -keep);
						if (at != null) at[o0 + col] = (byte) ((second + 1) * keep - 1);
					}
					continue;
				}
				if (kh == 2 && kw == 2) { // the better of each row's pair, then of the two, as above
					final int i1 = i0 + w;
					for (int col = 0; col < ow; col++) {
						final float a = x[i0 + 2 * col], b = x[i0 + 2 * col + 1], c = x[i1 + 2 * col],
								d = x[i1 + 2 * col + 1];
						final int s1 = second(a, b), s2 = second(c, d);
						final int m1 = pick(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b), s1),
								m2 = pick(Float.floatToRawIntBits(c), Float.floatToRawIntBits(d), s2);
						final int s = second(Float.intBitsToFloat(m1), Float.intBitsToFloat(m2));
						final int mb = pick(m1, m2, s), keep = relu ? positive(mb) : 1;
						y[o0 + col] = Float.intBitsToFloat(mb & -keep);
						if (at != null) at[o0 + col] = (byte) ((pick(s1, 2 + s2, s) + 1) * keep - 1);
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
			if (kh == 2 && kw == 2) { // branch-free: each window's four values written, one of them e
				for (int r = 0; r < oh; r++) {
					final int o0 = out0 + r * ow, i0 = in0 + 2 * r * w, i1 = i0 + w;
					for (int col = 0; col < ow; col++) {
						final int pos = at[o0 + col], eb = Float.floatToRawIntBits(e[o0 + col]);
						g[i0 + 2 * col] = Float.intBitsToFloat(eb & -same(pos, 0));
						g[i0 + 2 * col + 1] = Float.intBitsToFloat(eb & -same(pos, 1));
						g[i1 + 2 * col] = Float.intBitsToFloat(eb & -same(pos, 2));
						g[i1 + 2 * col + 1] = Float.intBitsToFloat(eb & -same(pos, 3));
					}
				}
				continue;
			}
			for (int r = 0; r < oh; r++) {
				final int o0 = out0 + r * ow, i0 = in0 + r * kh * w;
				for (int col = 0; col < ow; col++) {
					final int pos = at[o0 + col];
					if (pos >= 0) g[i0 + (pos / kw) * w + col * kw + pos % kw] = e[o0 + col];
				}
			}
		}
	}

	/** 1 where b > a, else 0, from the sign of a − b (only signed zeros may differ). */
	private static int second(final float a, final float b) {
		return Float.floatToRawIntBits(a - b) >>> 31;
	}

	/** a, or b where {@code second} is 1. */
	private static int pick(final int a, final int b, final int second) {
		return a ^ ((a ^ b) & -second);
	}

	/** 1 where the float with these bits is > 0, else 0. */
	private static int positive(final int bits) {
		return 1 ^ (((bits - 1) | bits) >>> 31);
	}

	/** 1 if a == b, else 0, without a branch. */
	private static int same(final int a, final int b) {
		final int v = a ^ b;
		return 1 - ((v | -v) >>> 31);
	}

	/** NHWC: channels innermost, so each window compares whole channel vectors. */
	private INDArray activateNhwc(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		final int[] k = layerConf().getKernelSize();
		final int n = (int) input.size(0), h = (int) input.size(1), w = (int) input.size(2),
				ch = (int) input.size(3);
		final int kh = k[0], kw = k[1], oh = h / kh, ow = w / kw;
		final float[] x = PackedArrays.values(input, null);
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
		final float[] e = PackedArrays.values(epsilon, null);
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
