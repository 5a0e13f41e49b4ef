package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * The GEMM forward pass gives Deeplearning4j's outputs (to float rounding) for every 1-D
 * preset: pooling by 2 and by 4, lengths the pooling floors, batch normalisation with trained-like
 * statistics, a head per target, more samples than one batch; and it declines 2-D networks.
 */
class GemmForwardTest {

	@BeforeAll
	static void start() {
		Backend.ensureStarted();
	}

	private static SpectralDataset spectra(final int n, final int points, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double[] wl = new double[points];
		for (int j = 0; j < points; j++)
			wl[j] = 400 + 2 * j;
		final float[] v = new float[n * points];
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) {
			ids[i] = "s" + i;
			final double level = r.nextDouble(), slope = r.nextGaussian();
			for (int j = 0; j < points; j++)
				v[i * points + j] = (float) (level + slope * j / points + 0.1 * r.nextGaussian());
		}
		return SpectralDataset.builder("test", SpectralAxis.of(wl, SpectralUnit.NM), ids, v).build();
	}

	/** Every batch-norm layer's statistics and affine parameters set away from their defaults. */
	private static void perturbBatchNorm(final ComputationGraph net, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		for (final Layer l : net.getLayers()) {
			if (!(l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization))
				continue;
			for (final String key : l.paramTable().keySet()) {
				final INDArray p = l.getParam(key);
				final float[] v = new float[(int) p.length()];
				for (int i = 0; i < v.length; i++)
					v[i] = (float) (key.equals("var") ? 0.5 + r.nextDouble() : key.equals("log10stdev") ? -0.3 +
						0.4 * r.nextDouble() : key.equals("gamma") ? 0.5 + r.nextDouble() : 0.3 * r
							.nextGaussian());
				PackedArrays.put(p, v);
			}
		}
	}

	private static void compare(final String preset, final int points, final int targets,
		final int samples)
	{
		final Architecture arch = Architecture.preset(preset, Representation.SPECTRUM);
		final SpectralDataset data = spectra(samples, points, points);
		final int[] rows = new int[samples];
		for (int i = 0; i < rows.length; i++)
			rows[i] = i;
		final InputPipeline input = InputPipeline.fit(Representation.SPECTRUM, Preprocessing.parse(
			""), data, rows, null);
		final ComputationGraph net = Networks.create(arch.configuration(input.shape(), targets, 0,
			1e-3), 7);
		perturbBatchNorm(net, 11);
		final GemmForward gemm = GemmForward.of(net, arch, input.shape());
		assertNotNull(gemm, preset);
		final float[][] expected = Networks.forward(net, input, data, rows, Networks.PREDICT_BATCH);
		final float[][] actual = gemm.forward(input, data, rows, null);
		assertEquals(expected[0].length, gemm.outputs());
		double worst = 0;
		for (int i = 0; i < samples; i++)
			for (int t = 0; t < expected[i].length; t++) {
				final double e = expected[i][t], err = Math.abs(actual[i][t] - e);
				worst = Math.max(worst, err / Math.max(1, Math.abs(e)));
				assertEquals(e, actual[i][t], 1e-5 * Math.max(1, Math.abs(e)), preset + " sample " + i +
					" output " + t);
			}
		assertEquals(0, worst, 1e-5);
		// what the heads read (the last shared dense layer's output, else the trunk's, flattened
		// as Deeplearning4j does), where Monte Carlo dropout passes start
		assertEquals(arch.shared().isEmpty() ? LayerNames.pool(arch.trunk().size() / 2) : LayerNames
			.dense(arch.shared().size()), gemm.headInput());
		final float[][] features = new float[samples][gemm.headFeatures()];
		// ng2019's trunk (four convolutions, batch norm folded in) differs in the 5th digit
		final double tolerance = arch.shared().isEmpty() ? 1e-4 : 1e-5;
		final float[][] again = gemm.forward(input, data, rows, features);
		final float[] buffer = new float[samples * input.sampleSize()];
		input.fill(data, rows, buffer);
		final float[][] dl4j = net.output(java.util.List.of(gemm.headInput()), false,
			new org.nd4j.linalg.api.ndarray.INDArray[] { Networks.input(net, buffer, samples, input
				.shape()) }, null)[0].reshape('c', samples, -1).toFloatMatrix();
		for (int i = 0; i < samples; i++) {
			assertArrayEquals(actual[i], again[i], 0, "outputs do not change when features are asked for");
			for (int f = 0; f < features[i].length; f++)
				assertEquals(dl4j[i][f], features[i][f], tolerance * Math.max(1, Math.abs(dl4j[i][f])), preset +
					" sample " + i + " feature " + f);
		}
	}

	@Test
	void fastPresetAsDeeplearning4j() {
		compare(Architecture.FAST, 200, 1, 600); // three batches, split over the cores
		compare(Architecture.FAST, 203, 3, 5); // odd lengths: the pooling floors them
	}

	@Test
	void batchNormAndHeadsAsDeeplearning4j() {
		compare(Architecture.NG2019, 171, 2, 300);
	}

	@Test
	void poolingByFourAsDeeplearning4j() {
		compare(Architecture.TINY, 101, 2, 40);
	}

	@Test
	void declinesSpectrogramNetworks() {
		final Architecture arch = Architecture.preset(Architecture.FAST, Representation.SPECTROGRAM);
		final Architecture.Shape shape = new Architecture.Shape(1, 16, 16);
		assertNull(GemmForward.of(Networks.create(arch.configuration(shape, 1, 0, 1e-3), 0), arch,
			shape));
	}

	@Test
	void predictionUsesIt() {
		// CnnModel.predict goes through the GEMM pass for 1-D presets: same figures as DL4J's
		final SpectralDataset data = spectra(70, 120, 3);
		final int[] rows = new int[70];
		for (int i = 0; i < rows.length; i++)
			rows[i] = i;
		final Preprocessing snv = Preprocessing.parse("snv").fit(data);
		final InputPipeline input = InputPipeline.fit(Representation.SPECTRUM, snv, snv.apply(data),
			rows, null);
		final Architecture arch = Architecture.preset(Architecture.FAST, Representation.SPECTRUM);
		final ComputationGraph net = Networks.create(arch.configuration(input.shape(), 1, 0, 1e-3), 2);
		final CnnModel model = CnnModel.of(data.axis(), arch, input, List.of(new TargetScaler("clay",
			"%", 30, 10)), net, null);
		assertPredictsAsDeeplearning4j(model, net, input, data, rows);
		// weights changed in place after a prediction (fine-tuning, soups): the next one uses them
		final double before = model.predict(data)[0][0];
		net.params().muli(1.25);
		assertPredictsAsDeeplearning4j(model, net, input, data, rows);
		assertNotEquals(before, model.predict(data)[0][0], 1e-6);
	}

	private static void assertPredictsAsDeeplearning4j(final CnnModel model,
		final ComputationGraph net, final InputPipeline input, final SpectralDataset data,
		final int[] rows)
	{
		final double[][] y = model.predict(data);
		final float[][] z = Networks.forward(net, input, input.preprocess(data), rows,
			Networks.PREDICT_BATCH);
		for (int i = 0; i < rows.length; i++)
			assertEquals(30 + 10 * z[i][0], y[i][0], 1e-4, "sample " + i);
	}
}
