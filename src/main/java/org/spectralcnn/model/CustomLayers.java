package org.spectralcnn.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every DL4J layer configuration's {@code instantiate} does, for the project's own layers. */
final class CustomLayers {

	private CustomLayers() {}

	/** Wires a new layer to its configuration, listeners, index and parameter views. */
	static Layer wire(final Layer layer, final NeuralNetConfiguration conf,
		final Collection<TrainingListener> listeners, final int layerIndex,
		final INDArray layerParamsView, final boolean initializeParams,
		final ParamInitializer initializer)
	{
		layer.setListeners(listeners);
		layer.setIndex(layerIndex);
		layer.setParamsViewArray(layerParamsView);
		layer.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
		layer.setConf(conf);
		return layer;
	}
}
