package org.spectralcnn.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.testdata.NirsoilRows;
import org.spectralcnn.testdata.ProcessingFixtures;

/**
 * Every preprocessing step (and a chain) on real NIRsoil spectra equals the numpy / scipy /
 * scikit-learn reference of {@code src/test/python/make_fixtures.py}; learned steps are fitted
 * on the first rows only and applied to all. Tolerance: 1e-5 of the largest |value| of each
 * spectrum (derivatives cross zero, so a purely relative test is meaningless there).
 */
class PreprocessingFixtureTest {

	@Test
	void everyStepEqualsTheReference() throws Exception {
		for (final JsonElement element : ProcessingFixtures.index().getAsJsonArray("preprocessing")) {
			final JsonObject e = element.getAsJsonObject();
			final String name = e.get("name").getAsString();
			final SpectralDataset data = NirsoilRows.first(e.get("rows").getAsInt());
			final SpectralDataset calibration = NirsoilRows.first(e.get("fit_rows").getAsInt());
			final Preprocessing chain = Preprocessing.parse(e.get("steps").getAsString()).fit(
				calibration);
			final SpectralDataset out = chain.apply(data);

			final JsonObject axis = e.getAsJsonObject("axis");
			final SpectralAxis expectedAxis = SpectralAxis.regular(axis.get("first").getAsDouble(), axis
				.get("step").getAsDouble(), axis.get("points").getAsInt(), data.axis().unit());
			assertTrue(expectedAxis.sameGrid(out.axis()), name + ": axis " + out.axis());
			final float[] expected = ProcessingFixtures.values(name);
			assertEquals(expected.length, out.data().length, name);
			final int p = out.points();
			double worst = 0;
			for (int i = 0; i < out.size(); i++) {
				double top = 0;
				for (int j = 0; j < p; j++) top = Math.max(top, Math.abs(expected[i * p + j]));
				for (int j = 0; j < p; j++) { // a spectrum can be all 0 (the smallest one after minmax)
					final double d = Math.abs(out.value(i, j) - (double) expected[i * p + j]);
					worst = Math.max(worst, d == 0 ? 0 : d / top);
				}
			}
			System.out.printf("%s (%s): max error %.2e of the spectrum's largest value%n", name, e.get(
				"steps").getAsString(), worst);
			assertTrue(worst < 1e-5, name + ": " + worst);
		}
	}
}
