package org.spectralcnn.train;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.Detrend;
import org.spectralcnn.spectrogram.Scaling;
import org.spectralcnn.spectrogram.StftParameters;
import org.spectralcnn.spectrogram.WindowFunction;

/** Small, fast training set-ups on the synthetic {@code test-data/soil_visnir.csv}. */
public final class CnnFixtures {

	public static final Path SOIL = Paths.get("test-data", "soil_visnir.csv");
	public static final List<String> TARGETS = List.of("clay", "soc");

	private static SpectralDataset soil;

	private CnnFixtures() {}

	/** The 200 synthetic soils (421 points, clay and soc with missing values, train 150/50). */
	public static synchronized SpectralDataset soil() throws Exception {
		if (soil == null) soil = SpectraIO.open(SOIL);
		return soil;
	}

	/** The first {@code n} samples. */
	public static SpectralDataset first(final int n) throws Exception {
		final int[] rows = new int[n];
		for (int i = 0; i < n; i++) rows[i] = i;
		return soil().subset(rows);
	}

	public static TrainingRequest tinySpectrum(final int epochs, final long seed) {
		return new TrainingRequest(TARGETS, null, Representation.SPECTRUM, Architecture.preset(
			Architecture.TINY, Representation.SPECTRUM), Preprocessing.parse("snv"), null,
			TrainingSettings.defaults(seed).withEpochs(epochs).withBatchSize(16));
	}

	public static TrainingRequest tinySpectrogram(final int epochs, final long seed) {
		return new TrainingRequest(TARGETS, null, Representation.SPECTROGRAM, Architecture.preset(
			Architecture.TINY, Representation.SPECTROGRAM), Preprocessing.parse(""), StftParameters
				.of(64, 32, WindowFunction.HANN, Detrend.NONE, Scaling.LOG_PSD), TrainingSettings
					.defaults(seed).withEpochs(epochs).withBatchSize(16));
	}

	/** {training, validation}: the first 100 samples and the next 30. */
	public static SpectralDataset[] split() throws Exception {
		final SpectralDataset all = first(130);
		final int[] t = new int[100], v = new int[30];
		for (int i = 0; i < 100; i++) t[i] = i;
		for (int i = 0; i < 30; i++) v[i] = 100 + i;
		return new SpectralDataset[] { all.subset(t), all.subset(v) };
	}
}
