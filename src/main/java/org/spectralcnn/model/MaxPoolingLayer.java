package org.spectralcnn.model;

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
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link MaxPooling}: non-overlapping max pooling of NCHW float activations in
 * plain Java, forward and backward (the gradient goes to the first maximum of each window).
 * Any other configuration falls back to Deeplearning4j's own code.
 */
public class MaxPoolingLayer extends SubsamplingLayer {

	private static final long serialVersionUID = 1L;

	public MaxPoolingLayer(final NeuralNetConfiguration conf, final DataType dataType) {
		super(conf, dataType);
	}

	/** Whether the Java loops handle this configuration and input. */
	private boolean fast(final INDArray in) {
		final org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
		final int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), d = c
			.getDilation();
		return in != null && in.rank() == 4 && in.dataType() == DataType.FLOAT && c
			.getPoolingType() == PoolingType.MAX && c.getCnn2dDataFormat() == CNN2DFormat.NCHW &&
			c.getConvolutionMode() != ConvolutionMode.Same && k[0] == s[0] && k[1] == s[1] &&
			p[0] == 0 && p[1] == 0 && d[0] == 1 && d[1] == 1 && in.size(2) >= k[0] && in.size(
				3) >= k[1];
	}

	private static float[] values(final INDArray a) {
		final INDArray c = a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : a.dup(
			'c');
		return c.data().getFloatsAt(c.offset(), (int) c.length());
	}

	private static void write(final INDArray target, final float[] v) {
		if (target.offset() == 0 && target.ordering() == 'c' && Shape.hasDefaultStridesForShape(
			target) && target.data().length() == v.length) target.data().setData(v);
		else target.assign(Nd4j.create(v, target.shape(), 'c'));
	}

	@Override
	public INDArray activate(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		assertInputSet(false);
		if (!fast(input)) return super.activate(training, workspaceMgr);
		final int[] k = layerConf().getKernelSize();
		final int n = (int) input.size(0), ch = (int) input.size(1), h = (int) input.size(2),
				w = (int) input.size(3);
		final int kh = k[0], kw = k[1], oh = h / kh, ow = w / kw;
		final float[] x = values(input);
		final float[] y = new float[n * ch * oh * ow];
		for (int plane = 0, planes = n * ch; plane < planes; plane++) {
			final int in0 = plane * h * w, out0 = plane * oh * ow;
			for (int r = 0; r < oh; r++) {
				for (int col = 0; col < ow; col++) {
					float m = Float.NEGATIVE_INFINITY;
					for (int i = 0; i < kh; i++) {
						final int row = in0 + (r * kh + i) * w + col * kw;
						for (int j = 0; j < kw; j++)
							if (x[row + j] > m) m = x[row + j];
					}
					y[out0 + r * ow + col] = m;
				}
			}
		}
		final INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
			new long[] { n, ch, oh, ow }, 'c');
		write(out, y);
		return out;
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(final INDArray epsilon,
		final LayerWorkspaceMgr workspaceMgr)
	{
		assertInputSet(true);
		if (!fast(input)) return super.backpropGradient(epsilon, workspaceMgr);
		final int[] k = layerConf().getKernelSize();
		final int n = (int) input.size(0), ch = (int) input.size(1), h = (int) input.size(2),
				w = (int) input.size(3);
		final int kh = k[0], kw = k[1], oh = h / kh, ow = w / kw;
		final float[] x = values(input);
		final float[] e = values(epsilon.castTo(DataType.FLOAT));
		final float[] g = new float[x.length];
		for (int plane = 0, planes = n * ch; plane < planes; plane++) {
			final int in0 = plane * h * w, out0 = plane * oh * ow;
			for (int r = 0; r < oh; r++) {
				for (int col = 0; col < ow; col++) {
					float m = Float.NEGATIVE_INFINITY;
					int at = in0 + r * kh * w + col * kw;
					for (int i = 0; i < kh; i++) {
						final int row = in0 + (r * kh + i) * w + col * kw;
						for (int j = 0; j < kw; j++)
							if (x[row + j] > m) {
								m = x[row + j];
								at = row + j;
							}
					}
					g[at] += e[out0 + r * ow + col];
				}
			}
		}
		final INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD,
			DataType.FLOAT, input.shape(), 'c');
		write(out, g);
		return new Pair<>(new DefaultGradient(), out);
	}
}
