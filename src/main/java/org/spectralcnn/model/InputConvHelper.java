package org.spectralcnn.model;

import java.lang.ref.Reference;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spectralcnn.parallel.Cores;

/**
 * Convolution helper for a convolution layer that reads the network input: its backward pass
 * computes the weight and bias gradients only, and no gradient for the input (which nothing
 * uses: the input is data, not a layer's output). The forward pass stays with {@code fallback}
 * (oneDNN), and so does everything the loops below do not handle.
 * <p>
 * For the fast preset's first layer (conv 32 k7 on 32 × 700 values, one channel) oneDNN's
 * backward pass, input gradient included, took 3.3 ms per batch; these loops, which the JIT
 * vectorises, took 1.3 ms for the weight and bias gradients (measured when they were written).
 * <p>
 * Handled: float, NCHW, images 1 pixel high (kernel height 1, 1-D spectra), stride 1, no
 * dilation, any padding and channel count. The backward pass returns a null input gradient,
 * as DL4J's embedding layers do (so {@code ComputationGraph.calculateGradients} reports no input
 * gradient for such a network).
 * <p>
 * Deterministic: every gradient value is summed by one thread in a fixed order, whatever the
 * number of threads. The order differs from oneDNN's, so the gradients differ from its in the
 * last bits.
 */
final class InputConvHelper implements ConvolutionHelper {

	private final ConvolutionHelper fallback;
	private float[] xBuf;
	private float[][] shifted;

	InputConvHelper(final ConvolutionHelper fallback) {
		this.fallback = fallback;
	}

	/** The helper that does everything but the backward pass of the handled case. */
	ConvolutionHelper fallback() {
		return fallback;
	}

	/** Whether the loops handle a convolution of {@code input} (stride 1, no dilation). */
	static boolean handles(final INDArray input, final INDArray weights, final int[] kernel,
		final int[] strides, final int[] dilation, final CNN2DFormat format)
	{
		return format == CNN2DFormat.NCHW && input.rank() == 4 && input.dataType() == DataType.FLOAT &&
			input.size(2) == 1 && weights.rank() == 4 && weights.size(2) == 1 && kernel[0] == 1 &&
			strides[0] == 1 && strides[1] == 1 && dilation[0] == 1 && dilation[1] == 1 && weights.size(
				1) == input.size(1) && input.size(0) * input.size(1) * weights.size(3) * (input.size(3) +
					weights.size(3)) <= 1 << 24 && weights.size(0) * input.size(0) * (input.size(3) +
						weights.size(3)) < Integer.MAX_VALUE;
	}

	@Override
	public boolean checkSupported() {
		return true;
	}

	@Override
	public Map<String, Long> helperMemoryUse() {
		return fallback == null ? Map.of() : fallback.helperMemoryUse();
	}

	@Override
	public INDArray activate(final INDArray z, final IActivation afn, final boolean training) {
		return fallback == null ? null : fallback.activate(z, afn, training);
	}

	@Override
	public INDArray preOutput(final INDArray input, final INDArray weights, final INDArray bias,
		final int[] kernel, final int[] strides, final int[] pad, final AlgoMode mode,
		final FwdAlgo fwdAlgo, final ConvolutionMode convolutionMode, final int[] dilation,
		final CNN2DFormat format, final LayerWorkspaceMgr workspaceMgr)
	{
		// oneDNN: the same loops in Java take as long (about 0.8 ms for 32 × 700 values, 32
		// filters k7); null: the layer's own code
		return fallback == null ? null : fallback.preOutput(input, weights, bias, kernel, strides,
			pad, mode, fwdAlgo, convolutionMode, dilation, format, workspaceMgr);
	}

	/**
	 * The input shifted for each tap, {@code [(s·ci + c)·k + j][t] = x[s][c][t + j - padL]} (0
	 * outside the input): arrays that all start at 0, so that the JIT vectorises the loops over
	 * them (C2 in Java 17 does not vectorise a loop whose arrays are read at different offsets).
	 */
	private float[][] shift(final float[] x, final int n, final int ci, final int w, final int k,
		final int padL, final int ow)
	{
		xBuf = x;
		final int rows = n * ci * k;
		if (shifted == null || shifted.length < rows || shifted[0].length != ow) shifted =
			new float[rows][ow];
		final float[][] xs = shifted;
		for (int s = 0; s < n; s++)
			for (int c = 0; c < ci; c++)
				for (int j = 0; j < k; j++) {
					final float[] r = xs[(s * ci + c) * k + j];
					final int off = j - padL;
					// output t reads input t + off, which must lie in [0, w)
					final int t0 = Math.min(ow, Math.max(0, -off)), t1 = Math.max(t0, Math.min(ow, w -
						off));
					java.util.Arrays.fill(r, 0, t0, 0f);
					java.util.Arrays.fill(r, t1, ow, 0f);
					System.arraycopy(x, (s * ci + c) * w + t0 + off, r, t0, t1 - t0);
				}
		return xs;
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(final INDArray input, final INDArray weights,
		final INDArray bias, final INDArray delta, final int[] kernel, final int[] strides,
		final int[] pad, final INDArray biasGradView, final INDArray weightGradView,
		final IActivation afn, final AlgoMode mode, final BwdFilterAlgo bwdFilterAlgo,
		final BwdDataAlgo bwdDataAlgo, final ConvolutionMode convolutionMode, final int[] dilation,
		final CNN2DFormat format, final LayerWorkspaceMgr workspaceMgr)
	{
		if (!handles(input, weights, kernel, strides, dilation, format) || delta.rank() != 4 ||
			delta.dataType() != DataType.FLOAT || delta.size(0) != input.size(0) || delta.size(
				1) != weights.size(0) || delta.size(2) != 1 || delta.size(3) > input.size(3) + weights
					.size(3))
			return fallback == null ? null : fallback.backpropGradient(input, weights, bias, delta,
				kernel, strides, pad, biasGradView, weightGradView, afn, mode, bwdFilterAlgo,
				bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
		final int n = (int) input.size(0), ci = (int) input.size(1), w = (int) input.size(3);
		final int co = (int) delta.size(1), ow = (int) delta.size(3), k = (int) weights.size(3);
		final int padL = pad[1];
		final float[][] xs = shift(PackedArrays.values(input, xBuf), n, ci, w, k, padL, ow);
		final INDArray packedDelta = PackedArrays.packed(delta);
		final FloatPointer d = PackedArrays.pointer(packedDelta);
		final float[] gw = new float[co * ci * k], gb = new float[co];
		// one thread per output channel: acc[c·k + j][t] = Σ_s d[s][o][t] · xs[s][c][j][t], and
		// acc[ci·k][t] = Σ_s d[s][o][t] (bias), then sums over t, all in a fixed order
		Cores.split(co, (long) n * co * ci * ow * k, 1 << 20, (part, from, to) -> {
			final float[] row = new float[ow];
			final FloatPointer rows = new FloatPointer(d);
			final float[][] acc = new float[ci * k + 1][ow];
			for (int o = from; o < to; o++) {
				for (final float[] a : acc) java.util.Arrays.fill(a, 0f);
				for (int s = 0; s < n; s++) {
					rows.position((long) (s * co + o) * ow).get(row, 0, ow);
					add(acc[ci * k], row);
					for (int c = 0; c < ci * k; c++) multiplyAdd(acc[c], row, xs[s * ci * k + c]);
				}
				for (int c = 0; c < ci * k; c++) gw[o * ci * k + c] = sum(acc[c]);
				gb[o] = sum(acc[ci * k]);
			}
		});
		Reference.reachabilityFence(packedDelta);
		PackedArrays.put(weightGradView, gw);
		final Gradient gradient = new DefaultGradient();
		if (bias != null && biasGradView != null) {
			PackedArrays.put(biasGradView, gb);
			gradient.gradientForVariable().put("b", biasGradView);
		}
		gradient.gradientForVariable().put("W", weightGradView);
		return new Pair<>(gradient, null);
	}

	/** {@code acc[t] += a[t]} over {@code acc}. */
	private static void add(final float[] acc, final float[] a) {
		for (int t = 0; t < acc.length; t++) acc[t] += a[t];
	}

	/** {@code acc[t] += a[t] · b[t]} over {@code acc}. */
	private static void multiplyAdd(final float[] acc, final float[] a, final float[] b) {
		for (int t = 0; t < acc.length; t++) acc[t] += a[t] * b[t];
	}

	/** Σ a with 8 partial sums, in a fixed order. */
	private static float sum(final float[] a) {
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
		int i = 0;
		final int end = a.length;
		for (; i + 8 <= end; i += 8) {
			s0 += a[i];
			s1 += a[i + 1];
			s2 += a[i + 2];
			s3 += a[i + 3];
			s4 += a[i + 4];
			s5 += a[i + 5];
			s6 += a[i + 6];
			s7 += a[i + 7];
		}
		for (; i < end; i++) s0 += a[i];
		return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
	}
}
