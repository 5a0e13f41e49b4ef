package org.spectralcnn.model;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.logging.Logger;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.parallel.Cores;

/**
 * Deeplearning4j's {@link DenseLayer} configuration, run by {@link GemmDense.Impl}, which computes
 * {@code x·W + b} with one BLAS {@code gemm} into a C-order buffer: DL4J's own {@code mmuli}
 * path costs 3–4× more per call (0.35 ms against 0.1 ms for 1 × 5568 · 5568 × 64), which is a
 * quarter of a 1-D CNN's single-spectrum latency. When BLAS runs on one thread (training), the
 * products of the forward and backward pass are split over the cores ({@link #splitProduct}).
 * Everything else (dropout, activation, the rest of backpropagation, serialisation as DL4J JSON
 * under this class name) is DL4J's.
 */
public class GemmDense extends DenseLayer {

	private static final long serialVersionUID = 1L;

	/** For DL4J's JSON reader. */
	public GemmDense() {
		super();
	}

	/**
	 * {@code built} (which a {@link DenseLayer.Builder} made) as a GemmDense, or {@code built}
	 * itself, with a line in the log, when its fields cannot be copied (another DL4J version):
	 * the same layer, computed by DL4J's slower code.
	 */
	public static DenseLayer of(final DenseLayer built) {
		try {
			return new GemmDense(built);
		}
		catch (final IllegalStateException e) {
			Logger.getLogger(GemmDense.class.getName()).warning("Spectral CNN: " + e.getMessage() +
				"; the dense layers run DL4J's own, slower code");
			return built;
		}
	}

	/**
	 * The same layer as {@code built}, which a {@link DenseLayer.Builder} made. The fields are
	 * copied by reflection because DenseLayer has no copy constructor and its builder builds a
	 * DenseLayer only.
	 */
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
					throw new IllegalStateException("cannot copy dense layer field " + f.getName() +
						" (" + e + ")", e);
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

	/** Whether products of {@code macs} multiply-adds are split over the cores. */
	private static boolean splitsProducts(final long macs) {
		return Nd4j.factory().blas().getMaxThreads() == 1 && Cores.parts(2, macs, 1 << 20) > 1;
	}

	/**
	 * {@code c = op(a)·op(b)} for row-major (packed C-order) float matrices, in blocks of columns
	 * of {@code c}, one per core, each a one-thread BLAS call.
	 *
	 * @return false, having done nothing, when BLAS runs on several threads, the product is small
	 *         or an operand is not packed
	 */
	static boolean splitProduct(final boolean transA, final boolean transB, final INDArray a,
		final INDArray b, final INDArray c)
	{
		if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || a.dataType() != DataType.FLOAT || b
			.dataType() != DataType.FLOAT || c.dataType() != DataType.FLOAT || !PackedArrays.isPacked(
				a) || !PackedArrays.isPacked(b) || !PackedArrays.isPacked(c)) return false;
		final int m = (int) c.size(0), n = (int) c.size(1), k = (int) (transA ? a.size(0) : a.size(
			1));
		if ((transA ? a.size(1) : a.size(0)) != m || (transB ? b.size(1) : b.size(0)) != k ||
			(transB ? b.size(0) : b.size(1)) != n || !splitsProducts((long) m * n * k)) return false;
		final int lda = (int) a.size(1), ldb = (int) b.size(1);
		final FloatPointer pa = PackedArrays.pointer(a), pb = PackedArrays.pointer(b), pc =
			PackedArrays.pointer(c);
		Cores.split(n, (long) m * n * k, 1 << 20, (part, from, to) -> cblas_sgemm(CblasRowMajor,
			transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, to - from, k,
			1f, pa, lda, new FloatPointer(pb).position(transB ? (long) from * ldb : from), ldb, 0f,
			new FloatPointer(pc).position(from), n));
		Reference.reachabilityFence(a);
		Reference.reachabilityFence(b);
		Reference.reachabilityFence(c);
		return true;
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
			if (!splitProduct(false, true, input, w.transpose(), ret)) Nd4j.gemm(input, w, ret, false,
				false, 1.0, 0.0);
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

		/**
		 * DL4J's backpropagation ({@code BaseLayer.backpropGradient}), with its two products split
		 * over the cores when BLAS runs on one thread (as during training).
		 */
		@Override
		public Pair<Gradient, INDArray> backpropGradient(final INDArray epsilon,
			final LayerWorkspaceMgr workspaceMgr)
		{
			final INDArray wGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
			if (input == null || input.rank() != 2 || input.dataType() != DataType.FLOAT ||
				hasLayerNorm() || hasWeightNoise() || wGrad == null || !splitsProducts((long) input.size(
					0) * input.size(1) * wGrad.size(1))) return super.backpropGradient(epsilon,
						workspaceMgr);
			assertInputSet(true);
			final INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
			final INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
			if (maskArray != null) applyMask(delta);
			final Gradient ret = new DefaultGradient();
			if (hasBias()) {
				final INDArray bGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
				delta.sum(bGrad, 0);
				ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, bGrad);
			}
			final INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true,
				workspaceMgr);
			final INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD,
				DataType.FLOAT, new long[] { input.size(0), w.size(0) }, 'c');
			// ε = δ·Wᵀ; ∇W = xᵀ·δ (W and ∇W are column-major: their transposes are row-major)
			if (!splitProduct(false, false, delta, w.transpose(), epsilonNext)) Nd4j.gemm(delta, w,
				epsilonNext, false, true, 1.0, 0.0);
			if (!splitProduct(true, false, delta, input, wGrad.transpose())) Nd4j.gemm(input, delta,
				wGrad, true, false, 1.0, 0.0);
			ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, wGrad);
			weightNoiseParams.clear();
			return new Pair<>(ret, backpropDropOutIfPresent(epsilonNext));
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
