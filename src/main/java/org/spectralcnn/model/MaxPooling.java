package org.spectralcnn.model;

import java.util.Collection;
import java.util.Map;
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

	/** For DL4J's JSON reader. */
	public MaxPooling() {
		super();
	}

	public MaxPooling(final int kernelHeight, final int kernelWidth, final CNN2DFormat format) {
		super(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kernelHeight, kernelWidth)
			.stride(kernelHeight, kernelWidth).convolutionMode(ConvolutionMode.Truncate).dataFormat(
				format));
	}

	@Override
	public Layer instantiate(final NeuralNetConfiguration conf,
		final Collection<TrainingListener> listeners, final int layerIndex,
		final INDArray layerParamsView, final boolean initializeParams,
		final DataType networkDataType)
	{
		final MaxPoolingLayer layer = new MaxPoolingLayer(conf, networkDataType);
		layer.setListeners(listeners);
		layer.setIndex(layerIndex);
		layer.setParamsViewArray(layerParamsView);
		final Map<String, INDArray> table = initializer().init(conf, layerParamsView,
			initializeParams);
		layer.setParamTable(table);
		layer.setConf(conf);
		return layer;
	}

	@Override
	public MaxPooling clone() {
		return (MaxPooling) super.clone();
	}
}
