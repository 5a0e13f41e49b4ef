package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.spectralcnn.parallel.Cores;

/** The gemm dense layer computes what DL4J's does, forward, backward and after JSON. */
class GemmDenseTest {

	@BeforeAll
	static void start() {
		Backend.ensureStarted();
	}

	private static ComputationGraph net(final boolean ours) {
		return net(ours, 37, 9);
	}

	private static ComputationGraph net(final boolean ours, final int nIn, final int nOut) {
		final DenseLayer dense = new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(Activation.RELU)
			.dropOut(new SeededDropout(0.3, 11)).build();
		final ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3)
			.dataType(DataType.FLOAT).updater(new Adam(0.01)).graphBuilder().addInputs("in")
			.addLayer("dense", ours ? new GemmDense(dense) : dense, "in").addLayer("out",
				new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(nOut).nOut(2).activation(
					Activation.IDENTITY).build(), "dense").setOutputs("out").build();
		final ComputationGraph net = new ComputationGraph(conf);
		net.init();
		return net;
	}

	@Test
	void sameAsDl4jsDenseLayer() throws Exception {
		final ComputationGraph dl4j = net(false), ours = net(true);
		ours.setParams(dl4j.params().dup());
		assertTrue(ours.getLayer("dense") instanceof GemmDense.Impl);
		final INDArray x = Nd4j.rand(DataType.FLOAT, 7, 37), y = Nd4j.rand(DataType.FLOAT, 7, 2);
		assertArrayEquals(dl4j.outputSingle(x).ravel().toFloatVector(), ours.outputSingle(x).ravel()
			.toFloatVector(), 1e-6f);
		for (int i = 0; i < 3; i++) {
			dl4j.fit(new MultiDataSet(x, y));
			ours.fit(new MultiDataSet(x, y));
			assertEquals(dl4j.score(), ours.score(), 1e-6);
		}
		assertArrayEquals(dl4j.params().toFloatVector(), ours.params().toFloatVector(), 1e-5f);
		final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		ModelSerializer.writeModel(ours, bytes, false);
		final ComputationGraph back = ModelSerializer.restoreComputationGraph(
			new java.io.ByteArrayInputStream(bytes.toByteArray()), false);
		assertTrue(back.getLayer("dense") instanceof GemmDense.Impl);
		assertEquals(ours.getConfiguration().toJson(), back.getConfiguration().toJson());
		assertArrayEquals(ours.outputSingle(x).ravel().toFloatVector(), back.outputSingle(x).ravel()
			.toFloatVector(), 0f);
	}

	/**
	 * With BLAS on one thread (as in training) the products of a large layer are split over the
	 * cores: the same outputs, gradients and training steps as DL4J's own layer.
	 */
	@Test
	void splitOverTheCoresSameAsDl4j() {
		final org.nd4j.linalg.api.blas.Blas blas = Nd4j.factory().blas();
		final int threads = blas.getMaxThreads();
		blas.setMaxThreads(1);
		try {
			final int n = 16, nIn = 2048, nOut = 64;
			final INDArray a = Nd4j.rand(DataType.FLOAT, n, nIn), b = Nd4j.rand(DataType.FLOAT, nOut,
				nIn), c = Nd4j.create(DataType.FLOAT, n, nOut);
			// split exactly when there is more than one core to split over
			assertEquals(Cores.parts(2, (long) n * nIn * nOut, 1 << 20) > 1, GemmDense.splitProduct(
				false, true, a, b, c));
			assertArrayEquals(a.mmul(b.transpose()).ravel().toFloatVector(), c.ravel()
				.toFloatVector(), 1e-3f);
			final INDArray ct = Nd4j.create(DataType.FLOAT, nOut, nIn), d = Nd4j.rand(DataType.FLOAT,
				n, nOut);
			GemmDense.splitProduct(true, false, d, a, ct);
			assertArrayEquals(d.transpose().mmul(a).ravel().toFloatVector(), ct.ravel()
				.toFloatVector(), 1e-3f);

			final ComputationGraph dl4j = net(false, nIn, nOut), ours = net(true, nIn, nOut);
			ours.setParams(dl4j.params().dup());
			final INDArray x = Nd4j.rand(DataType.FLOAT, n, nIn), y = Nd4j.rand(DataType.FLOAT, n, 2);
			for (int i = 0; i < 3; i++) {
				dl4j.fit(new MultiDataSet(x, y));
				ours.fit(new MultiDataSet(x, y));
				assertEquals(dl4j.score(), ours.score(), 1e-4 * Math.abs(dl4j.score()));
			}
			// each Adam step moves a weight by up to 0.01, a rounding difference in a tiny gradient too
			assertArrayEquals(dl4j.params().toFloatVector(), ours.params().toFloatVector(), 1e-4f);
		}
		finally {
			blas.setMaxThreads(threads);
		}
	}
}
