package org.spectralcnn.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deeplearning4j's {@link DenseLayer} configuration, run by {@link GemmDense.Impl}, which computes
 * {@code x·W + b} with one BLAS {@code gemm} into a C-order buffer: DL4J's own {@code mmuli}
 * path costs 3–4× more per call (0.35 ms against 0.1 ms for 1 × 5568 · 5568 × 64), which is a
 * quarter of a 1-D CNN's single-spectrum latency. Everything else (dropout, activation,
 * backpropagation, serialisation as DL4J JSON under this class name) is DL4J's.
 */
public class GemmDense extends DenseLayer {

	private static final long serialVersionUID = 1L;

	/** For DL4J's JSON reader. */
	public GemmDense() {
		super();
	}

	/** The same layer as {@code built}, which a {@link DenseLayer.Builder} made. */
	public GemmDense(final DenseLayer built) {
		super();
		for (Class<?> c = DenseLayer.class; c != null && c != Object.class; c = c.getSuperclass()) {
			for (final Field f : c.getDeclaredFields()) {
				if (Modifier.isStatic(f.getModifiers())) continue;
				try {
					f.setAccessible(true);
					f.set(this, f.get(built));
				}
				catch (final ReflectiveOperationException | RuntimeException e) {
					throw new IllegalStateException("cannot copy dense layer field " + f.getName(), e);
				}
			}
		}
	}

	@Override
	public Layer instantiate(final NeuralNetConfiguration conf,
		final Collection<TrainingListener> listeners, final int layerIndex,
		final INDArray layerParamsView, final boolean initializeParams,
		final DataType networkDataType)
	{
		return CustomLayers.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex,
			layerParamsView, initializeParams, initializer());
	}

	@Override
	public GemmDense clone() {
		return (GemmDense) super.clone();
	}

	/** The layer: DL4J's dense layer with a direct {@code gemm} for {@code x·W}. */
	public static class Impl extends org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer {

		private static final long serialVersionUID = 1L;

		public Impl(final NeuralNetConfiguration conf, final DataType dataType) {
			super(conf, dataType);
		}

		/**
		 * The pre-activation of the last training forward pass (a copy outside the workspaces,
		 * batch × units: small) and the input it came from. DL4J's backpropagation computes the
		 * pre-activation again; this hands back the same values instead of a second gemm.
		 */
		private transient INDArray trainingZ, trainingInput;

		@Override
		protected Pair<INDArray, INDArray> preOutputWithPreNorm(final boolean training,
			final boolean forBackprop, final LayerWorkspaceMgr workspaceMgr)
		{
			if (input == null || input.rank() != 2 || input.dataType() != DataType.FLOAT ||
				hasLayerNorm() || maskArray != null) return super.preOutputWithPreNorm(training,
					forBackprop, workspaceMgr);
			assertInputSet(forBackprop);
			applyDropOutIfNecessary(training, workspaceMgr);
			final INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training,
				workspaceMgr);
			if (input.size(1) != w.size(0)) return super.preOutputWithPreNorm(training, forBackprop,
				workspaceMgr);
			final INDArray ret = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS,
				DataType.FLOAT, new long[] { input.size(0), w.size(1) }, 'c');
			if (forBackprop && trainingZ != null && trainingInput == input && trainingZ.length() == ret
				.length())
			{
				ret.assign(trainingZ);
				trainingZ = null;
				trainingInput = null;
				return new Pair<>(ret, ret);
			}
			Nd4j.gemm(input, w, ret, false, false, 1.0, 0.0);
			if (hasBias()) ret.addiRowVector(getParamWithNoise(DefaultParamInitializer.BIAS_KEY,
				training, workspaceMgr));
			if (training && !forBackprop && !hasWeightNoise()) {
				trainingZ = ret.detach();
				trainingInput = input;
			}
			else {
				trainingZ = null;
				trainingInput = null;
			}
			return new Pair<>(ret, ret);
		}

		private boolean hasWeightNoise() {
			return layerConf().getWeightNoise() != null;
		}

		@Override
		public void clear() {
			super.clear();
			trainingZ = null;
			trainingInput = null;
		}
	}
}
