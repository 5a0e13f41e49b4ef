package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.ConformalScores;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.models.Models;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.preprocess.Preprocessing;

/** PLSR intervals: scores from the cross-validated residuals, stored in the model file. */
class PlsrIntervalsTest {

	@TempDir
	Path dir;

	@Test
	void crossValidatedResidualsCalibrateTheIntervals() throws Exception {
		final SpectralDataset data = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
		final boolean[] cal = SplitColumn.calibration(data, "train");
		final PlsrWorkflow.Result r = PlsrWorkflow.train(data, Preprocessing.parse("snv"), List.of(
			"clay", "soc"), cal, new PlsrTraining.Settings(8, 5, Selection.MIN, 0, false, 2), null);
		final PlsrModel model = r.model();
		final Calibration c = model.calibration();
		assertNull(c.targets().get(0).monteCarlo(), "no Monte Carlo scores for PLSR");
		assertTrue(c.residuals().contains("5-fold cross-validated"), c.residuals());
		for (int t = 0; t < 2; t++) {
			final PlsrTraining.TargetFit f = r.fits().get(t);
			final double[] cv = new double[f.rows().length];
			for (int i = 0; i < cv.length; i++) cv[i] = f.cv().predictions()[i][f.components() - 1];
			assertArrayEquals(ConformalScores.absoluteResiduals(f.y(), cv).sorted(), c.targets().get(
				t).split().sorted(), 0, "the scores are the CV residuals at the chosen k");
		}
		final TrustedPredictions p = Intervals.predict(model, data, 0.9, 30, 0);
		assertEquals(Intervals.SPLIT, p.method());
		final double q = c.target("soc").split().quantile(0.9);
		final double[][] y = data.targets(List.of("clay", "soc"));
		int inside = 0, n = 0;
		for (int i = 0; i < data.size(); i++) {
			assertEquals(2 * q, p.upper()[i][1] - p.lower()[i][1], 1e-9);
			if (cal[i] || Double.isNaN(y[i][1])) continue;
			n++;
			if (y[i][1] >= p.lower()[i][1] && y[i][1] <= p.upper()[i][1]) inside++;
		}
		// 50 test samples of the same synthetic population: the 90 % intervals hold most of them
		assertTrue(inside >= 0.75 * n, inside + " of " + n);
		assertTrue(p.flagged() <= 0.1 * data.size(), p.flagged() + " flagged");

		final Path file = dir.resolve("plsr.zip");
		model.save(file);
		final TrustedPredictions again = Intervals.predict(Models.load(file), data, 0.9, 30, 0);
		for (int i = 0; i < data.size(); i++) {
			assertArrayEquals(p.lower()[i], again.lower()[i], 0);
			assertArrayEquals(p.upper()[i], again.upper()[i], 0);
		}
		assertArrayEquals(p.outOfDomain(), again.outOfDomain());
	}
}
