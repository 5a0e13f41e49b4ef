package org.spectralcnn.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling with non-overlapping windows ({@code stride = kernel}, no padding, odd sizes
 * floored): Deeplearning4j's {@link SubsamplingLayer} configuration, run by
 * {@link MaxPoolingLayer}, which pools in plain Java. libnd4j's pooling ops (oneDNN or not) take
 * about half of a 1-D CNN's training time on 1-pixel-high images; these loops take a few per
 * cent. The configuration is stored in the model file as DL4J JSON under this class name.
 */
public class MaxPooling extends SubsamplingLayer {

	private static final long serialVersionUID = 1L;

	/** Whether a ReLU comes first: {@code max(0, max(window))}, the same as ReLU then pooling. */
	private boolean relu;

	/** For DL4J's JSON reader. */
	public MaxPooling() {
		super();
	}

	public MaxPooling(final int kernelHeight, final int kernelWidth, final CNN2DFormat format) {
		this(kernelHeight, kernelWidth, format, false);
	}

	/**
	 * @param relu apply ReLU to the input first (fused: the convolution before it can stay
	 *          linear, saving a pass over its output forward and backward)
	 */
	public MaxPooling(final int kernelHeight, final int kernelWidth, final CNN2DFormat format,
		final boolean relu)
	{
		super(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kernelHeight, kernelWidth)
			.stride(kernelHeight, kernelWidth).convolutionMode(ConvolutionMode.Truncate).dataFormat(
				format));
		this.relu = relu;
	}

	public boolean isRelu() {
		return relu;
	}

	public void setRelu(final boolean relu) {
		this.relu = relu;
	}

	@Override
	public Layer instantiate(final NeuralNetConfiguration conf,
		final Collection<TrainingListener> listeners, final int layerIndex,
		final INDArray layerParamsView, final boolean initializeParams,
		final DataType networkDataType)
	{
		return CustomLayers.wire(new MaxPoolingLayer(conf, networkDataType), conf, listeners, layerIndex,
			layerParamsView, initializeParams, initializer());
	}

	@Override
	public MaxPooling clone() {
		return (MaxPooling) super.clone();
	}

	@Override
	public boolean equals(final Object o) {
		return super.equals(o) && o instanceof MaxPooling m && m.relu == relu;
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + Boolean.hashCode(relu);
	}
}
