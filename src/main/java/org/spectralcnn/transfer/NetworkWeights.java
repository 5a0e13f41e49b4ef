package org.spectralcnn.transfer;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.LayerNames;
import org.spectralcnn.model.Networks;

/**
 * Moving weights between networks of the same preset for fine-tuning: the parent's weights into
 * the new network (heads by target), every parameter back after training, and a copy of a
 * network with some layers frozen.
 */
final class NetworkWeights {

	private NetworkWeights() {}

	/**
	 * Copies the parent's weights into {@code net} (the same preset for the local targets): every
	 * layer before the outputs, and the heads of the targets that start from the parent.
	 */
	static void copyWeights(final CnnModel parent, final List<String> targets,
		final List<FineTuning.HeadStart> heads, final ComputationGraph net)
	{
		final ComputationGraph from = parent.network();
		final List<String> parentTargets = parent.targets();
		final boolean headPerTarget = parent.architecture().headPerTarget();
		for (final String v : net.getConfiguration().getTopologicalOrderStr()) {
			final Layer to = layer(net, v);
			if (to == null || to.numParams() == 0) continue;
			final LayerNames.Parsed h = LayerNames.parse(v);
			if (h == null || h.part() != LayerNames.Part.HEAD) {
				copyParams(layer(from, v), to);
				continue;
			}
			if (!headPerTarget) { // one output layer, a unit per target: copy the units
				for (int t = 0; t < targets.size(); t++) {
					if (heads.get(t) != FineTuning.HeadStart.PARENT) continue;
					final int p = parentTargets.indexOf(targets.get(t));
					final Layer src = layer(from, v);
					for (final Map.Entry<String, INDArray> e : to.paramTable().entrySet())
						copyColumn(src.getParam(e.getKey()), p, e.getValue(), t);
				}
				continue;
			}
			final int t = h.target();
			if (heads.get(t) != FineTuning.HeadStart.PARENT) continue;
			final int p = parentTargets.indexOf(targets.get(t));
			copyParams(layer(from, LayerNames.forTarget(h, p)), to);
		}
	}

	private static Layer layer(final ComputationGraph net, final String name) {
		final org.deeplearning4j.nn.graph.vertex.GraphVertex v = net.getVertex(name);
		return v != null && v.hasLayer() ? v.getLayer() : null;
	}

	private static void copyParams(final Layer from, final Layer to) {
		if (from == null) throw new IllegalStateException("the parent network lacks a layer of " +
			to.conf().getLayer().getLayerName());
		for (final Map.Entry<String, INDArray> e : to.paramTable().entrySet()) {
			final INDArray src = from.getParam(e.getKey());
			if (src == null || !java.util.Arrays.equals(src.shape(), e.getValue().shape()))
				throw new IllegalStateException("parameter " + e.getKey() + " of layer " + to.conf()
					.getLayer().getLayerName() + " differs in shape from the parent's");
			e.getValue().assign(src);
		}
	}

	/** One unit's column of a {@code [inputs, units]} weight matrix or {@code [units]} bias. */
	private static void copyColumn(final INDArray from, final int fromColumn, final INDArray to,
		final int toColumn)
	{
		if (to.rank() == 1) { // a bias: [units]
			final float[] src = from.toFloatVector(), dst = to.toFloatVector();
			dst[toColumn] = src[fromColumn];
			to.assign(Nd4j.create(dst, to.shape(), 'c').castTo(to.dataType()));
			return;
		}
		final float[][] src = from.toFloatMatrix(), dst = to.toFloatMatrix();
		for (int r = 0; r < dst.length; r++) dst[r][toColumn] = src[r][fromColumn];
		to.assign(Nd4j.create(dst).castTo(to.dataType()));
	}

	/** Every parameter of {@code from} into the layer of the same name in {@code to}. */
	static void copyAll(final ComputationGraph from, final ComputationGraph to) {
		for (final String v : to.getConfiguration().getTopologicalOrderStr()) {
			final Layer dst = layer(to, v);
			if (dst == null || dst.numParams() == 0) continue;
			final Layer src = layer(from, v);
			for (final Map.Entry<String, INDArray> e : dst.paramTable().entrySet())
				e.getValue().assign(src.getParam(e.getKey()));
		}
	}

	/**
	 * A network with the configuration and weights of {@code net}, its {@code frozen} vertices
	 * wrapped in Deeplearning4j {@link FrozenLayer}s.
	 */
	static ComputationGraph withFrozen(final ComputationGraph net, final List<String> frozen) {
		final ComputationGraphConfiguration conf = net.getConfiguration().clone();
		for (final String v : frozen) {
			final GraphVertex vertex = conf.getVertices().get(v);
			if (!(vertex instanceof LayerVertex lv)) throw new IllegalStateException(v +
				" is not a layer");
			final NeuralNetConfiguration nnc = lv.getLayerConf();
			final FrozenLayer wrapped = new FrozenLayer(nnc.getLayer());
			wrapped.setLayerName(v);
			nnc.setLayer(wrapped);
		}
		final ComputationGraph out = new ComputationGraph(conf);
		out.init();
		Networks.tune(out);
		copyAll(net, out);
		return out;
	}
}
