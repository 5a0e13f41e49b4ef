package org.spectralcnn.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * The soil-core cube's clay map from a PLSR model of large_visnir that never saw the cube's 20
 * source spectra. Measured (benchmarks/SoilCoreAccuracy, raw reflectance, up to 20 latent
 * variables, 10 folds): RMSE 5.28 %, R² 0.914 over the 3,072 pixels; the bounds leave a third
 * of margin for another BLAS or fold order. The map is also Predict with Model's for the cube
 * read as a table, slice by slice.
 */
class SoilCoreMapTest {

	@Test
	void plsrClayMapMatchesTheTruthMap() throws Exception {
		try (SpectralImage cube = EnviImage.open(SoilCore.cube())) {
			assertEquals(64, cube.width());
			assertEquals(48, cube.height());
			final SpectralDataset library = SoilCore.library(cube);
			assertEquals(742 - 20, library.size(), "the 20 source spectra are left out");
			final boolean[] all = new boolean[library.size()];
			Arrays.fill(all, true);
			final SpectralModel plsr = PlsrWorkflow.train(library, Preprocessing.parse(""), List.of(
				"clay"), all, new PlsrTraining.Settings(20, 10, Selection.MIN, 0, false, 2), null)
				.model();
			try (PredictionPlanes maps = ImagePrediction.run(plsr, cube, null, ImagePrediction.Options
				.defaults(), null, null, null))
			{
				final Metrics m = SoilCore.score(maps.plane(maps.slice("clay")), SoilCore.truth(64, 48));
				assertEquals(64 * 48, m.n(), "every pixel predicted");
				assertTrue(m.rmse() < 7.0, "clay RMSE " + m.rmse());
				assertTrue(m.r2() > 0.85, "clay R² " + m.r2());
				// every slice (clay, its interval, T², Q, the flag) is Predict with Model's for the
				// cube read as a table
				final SpectralDataset table = SpectraIO.open(SoilCore.cube());
				assertEquals(64 * 48, table.size());
				final TrustedPredictions tp = Intervals.predict(plsr, table, 0.9, 0, 0);
				assertTrue(tp.hasIntervals() && tp.hasDomain());
				ImagePredictionTest.assertPixelsEqualTable(maps, tp, table, 1e-6);
			}
		}
	}
}
