package org.spectralcnn.featuremaps;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;
import org.spectralcnn.model.TargetScaler;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.StftParameters;
import org.spectralcnn.testdata.SyntheticSpectra;

/**
 * Untrained models on synthetic soils, built in a second: 700 points at 400–2497 nm (NIRsoil's
 * length), spectrograms with the default STFT (window 100, hop 50: 51 frequencies × 13 frames).
 * Batch-norm layers get random statistics, so that they do something.
 */
public final class FeatureMapModels {

	public static final SpectralAxis AXIS = SpectralAxis.of(SyntheticSpectra.grid(400, 2497, 3),
		SpectralUnit.NM);

	private FeatureMapModels() {}

	/** {@code n} synthetic soil spectra on {@link #AXIS}, ids S1, S2, …. */
	public static SpectralDataset spectra(final int n, final long seed) {
		final SyntheticSpectra.Soil soil = SyntheticSpectra.soil(n, AXIS.values(), seed, 0);
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) ids[i] = "S" + (i + 1);
		return SpectralDataset.builder("synthetic.csv", AXIS, ids, soil.reflectance).build();
	}

	public static CnnModel model(final Representation rep, final String preset, final String steps,
		final long seed)
	{
		final SpectralDataset data = spectra(30, seed);
		final Preprocessing prep = Preprocessing.parse(steps).fit(data);
		final SpectralDataset prepared = prep.apply(data);
		final int[] all = new int[data.size()];
		for (int i = 0; i < all.length; i++) all[i] = i;
		final InputPipeline input = InputPipeline.fit(rep, prep, prepared, all, rep ==
			Representation.SPECTROGRAM ? StftParameters.defaults() : null);
		final Architecture arch = Architecture.preset(preset, rep);
		final ComputationGraph net = Networks.create(arch.configuration(input.shape(), 2, seed,
			1e-3), seed);
		randomiseBatchNorm(net, seed);
		return CnnModel.of(data.axis(), arch, input, List.of(new TargetScaler("clay", "%", 20, 5),
			new TargetScaler("soc", "%", 1, 0.5)), net, null);
	}

	private static void randomiseBatchNorm(final ComputationGraph net, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		for (final Layer layer : net.getLayers()) {
			if (!(layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization))
				continue;
			for (final Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
				final String p = e.getKey();
				final INDArray a = e.getValue();
				final float[] v = new float[(int) a.length()];
				for (int i = 0; i < v.length; i++) v[i] = (float) (p.equals("var") ? 0.2 + r
					.nextDouble() : p.equals("log10stdev") ? -0.5 + 0.7 * r.nextDouble() : p.equals(
						"gamma") ? 0.5 + r.nextDouble() : r.nextDouble() - 0.5);
				a.assign(Nd4j.create(v, a.shape(), 'c'));
			}
		}
	}
}
