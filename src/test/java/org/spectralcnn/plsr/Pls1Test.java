package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;

/** PLS1 and its cross-validation against scikit-learn on the bundled synthetic spectra. */
class Pls1Test {

	static SpectralDataset data;
	static JsonObject fixture;

	@BeforeAll
	static void load() throws Exception {
		data = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
		fixture = Fixtures.load("synthetic.json");
	}

	/** Calibration (train = 1) and test rows with the target present. */
	static int[][] rows(final SpectralDataset d, final String target) {
		final double[] y = d.column(target), train = d.column("train");
		int nc = 0, nt = 0;
		for (int i = 0; i < y.length; i++)
			if (!Double.isNaN(y[i])) {
				if (train[i] == 1) nc++;
				else nt++;
			}
		final int[] cal = new int[nc], test = new int[nt];
		for (int i = 0, a = 0, b = 0; i < y.length; i++)
			if (!Double.isNaN(y[i])) {
				if (train[i] == 1) cal[a++] = i;
				else test[b++] = i;
			}
		return new int[][] { cal, test };
	}

	static double[] pick(final double[] v, final int[] rows) {
		final double[] out = new double[rows.length];
		for (int i = 0; i < rows.length; i++) out[i] = v[rows[i]];
		return out;
	}

	static double[] column(final double[][] m, final int c) {
		final double[] out = new double[m.length];
		for (int i = 0; i < m.length; i++) out[i] = m[i][c];
		return out;
	}

	@Test
	void predictionsCoefficientsAndRmsecvEqualScikitLearn() {
		final float[] x = data.data();
		final int p = data.points();
		final boolean scale = fixture.get("scale").getAsBoolean();
		for (final Map.Entry<String, com.google.gson.JsonElement> e : fixture.getAsJsonObject(
			"targets").entrySet())
		{
			final String target = e.getKey();
			final JsonObject t = e.getValue().getAsJsonObject();
			final int[][] rows = rows(data, target);
			final double[] y = pick(data.column(target), rows[0]);
			assertEquals(t.getAsJsonArray("test_ids").size(), rows[1].length);
			assertEquals(t.getAsJsonArray("test_ids").get(0).getAsString(), data.id(rows[1][0]));

			final Pls1 model = Pls1.fit(x, p, rows[0], y, 10, scale);
			assertEquals(10, model.components());
			final double[][] pred = model.predictAll(x, rows[1], 10);
			for (int k = 1; k <= 10; k++)
				Fixtures.assertRelative(Fixtures.doubles(t.getAsJsonObject("predictions").getAsJsonArray(
					String.valueOf(k))), column(pred, k - 1), 1e-6, target + " k=" + k);

			final int ck = t.get("coefficients_k").getAsInt();
			Fixtures.assertRelative(Fixtures.doubles(t.getAsJsonArray("coefficients")), model
				.coefficients(ck), 1e-6, target + " coefficients");
			assertEquals(t.get("intercept").getAsDouble(), model.intercept(ck), 1e-6 * Math.abs(t
				.get("intercept").getAsDouble()));

			final int folds = fixture.get("folds").getAsInt();
			final int[] fold = Folds.kFold(rows[0].length, folds, fixture.get("seed").getAsLong());
			// three fold groups in parallel, the full model alongside
			final CrossValidation.Outcome cv = CrossValidation.run(x, p, rows[0], y, 10, fold, folds,
				scale, 3);
			Fixtures.assertRelative(Fixtures.doubles(t.getAsJsonArray("rmsecv")), cv.cv().rmsecv(),
				1e-6, target + " RMSECV");
			assertArrayEquals(model.coefficients(ck), cv.full().coefficients(ck), 0, target +
				": the full model fitted beside the folds is the same model");
		}
	}

	@Test
	void truncationAndVip() {
		final float[] x = data.data();
		final int[][] rows = rows(data, "clay");
		final double[] y = pick(data.column("clay"), rows[0]);
		final Pls1 ten = Pls1.fit(x, data.points(), rows[0], y, 10, false);
		final Pls1 four = Pls1.fit(x, data.points(), rows[0], y, 4, false);
		// components do not depend on how many follow
		assertArrayEquals(four.coefficients(4), ten.truncate(4).coefficients(4), 1e-12);
		assertArrayEquals(four.coefficients(4), ten.coefficients(4), 1e-12);
		// VIP: mean square 1
		final double[] vip = ten.vip(10);
		double ms = 0;
		for (final double v : vip) ms += v * v;
		assertEquals(1, ms / vip.length, 1e-9);
		// explained response variance grows with k
		final double[] r2 = ten.explainedY();
		for (int a = 1; a < r2.length; a++) assertTrue(r2[a] >= r2[a - 1] - 1e-12);
	}
}
