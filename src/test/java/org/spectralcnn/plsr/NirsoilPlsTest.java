package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * PLSR on the real NIRsoil library against scikit-learn (references that make_plsr_fixtures.py
 * computes at test time): predictions and coefficients of the same k to 1e-4 relative, the peer's RMSECV curve, the
 * same chosen number of latent variables and the same RMSEP.
 */
class NirsoilPlsTest {

	static SpectralDataset nirsoil;

	@BeforeAll
	static void load() throws Exception {
		nirsoil = SpectraIO.open(SharedData.nirsoil());
	}

	@Test
	void rawSpectra() throws Exception {
		check(Fixtures.nirsoil("nirsoil_raw.json"), nirsoil);
	}

	@Test
	void sg1SnvSpectra() throws Exception {
		final JsonObject fixture = Fixtures.nirsoil("nirsoil_sg1snv.json");
		final Preprocessing steps = Preprocessing.parse(fixture.get("preprocessing").getAsString());
		check(fixture, steps.fit(nirsoil).apply(nirsoil));
	}

	static void check(final JsonObject fixture, final SpectralDataset data) {
		final List<String> targets = Arrays.asList("Nt", "Ciso", "CEC");
		final float[] x = data.data();
		final int p = data.points();
		final boolean[] cal = data.splitMask("train");
		final List<PlsrTraining.TargetFit> fits = PlsrTraining.fit(x, p, data.targets(targets),
			targets, cal, new PlsrTraining.Settings(30, 10, Selection.MIN, 0, false, 2));
		for (final PlsrTraining.TargetFit fit : fits) {
			final JsonObject t = fixture.getAsJsonObject("targets").getAsJsonObject(fit.target());
			final String what = fixture.get("preprocessing").getAsString() + " " + fit.target();
			final int[][] rows = Pls1Test.rows(data, fit.target());
			// the peer's curve and choice
			final double cvWorst = Fixtures.assertRelative(Fixtures.doubles(t.getAsJsonArray(
				"rmsecv")), fit.cv().rmsecv(), 1e-4, what + " RMSECV");
			assertEquals(t.get("chosen").getAsInt(), fit.components(), what + " chosen k");
			final double[] yTest = Pls1Test.pick(data.column(fit.target()), rows[1]);
			final double[][] pred = fit.model().predictAll(x, rows[1], fit.components());
			double sse = 0;
			for (int i = 0; i < yTest.length; i++) {
				final double e = pred[i][fit.components() - 1] - yTest[i];
				sse += e * e;
			}
			assertEquals(t.get("rmsep").getAsDouble(), Math.sqrt(sse / yTest.length), 1e-4 * t.get(
				"rmsep").getAsDouble(), what + " RMSEP");

			// same k, same predictions
			final Pls1 full = Pls1.fit(x, p, fit.rows(), fit.y(), 30, false);
			final double[][] all = full.predictAll(x, rows[1], 30);
			double worst = 0;
			for (final String k : t.getAsJsonObject("predictions").keySet())
				worst = Math.max(worst, Fixtures.assertRelative(Fixtures.doubles(t.getAsJsonObject(
					"predictions").getAsJsonArray(k)), Pls1Test.column(all, Integer.parseInt(k) - 1), 1e-4,
					what + " predictions k=" + k));
			final int ck = t.get("coefficients_k").getAsInt();
			final double coefWorst = Fixtures.assertRelative(Fixtures.doubles(t.getAsJsonArray(
				"coefficients")), full.coefficients(ck), 1e-4, what + " coefficients k=" + ck);
			System.out.printf("%s: k=%d, largest relative difference from scikit-learn: " +
				"predictions %.1e, coefficients %.1e, RMSECV %.1e%n", what, fit.components(), worst,
				coefWorst, cvWorst);
		}
	}
}
