package org.spectralcnn.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.testdata.SyntheticSpectra;

class PreprocessingTest {

	/** Synthetic soil reflectance, 400–2500 nm every 5 nm; the first half is "calibration". */
	private static SpectralDataset soil(final int n, final long seed) {
		final SyntheticSpectra.Soil s = SyntheticSpectra.soil(n, SyntheticSpectra.grid(400, 2500, 5),
			seed, 0);
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) ids[i] = "S" + seed + "_" + i;
		return SpectralDataset.builder("soil.csv", SpectralAxis.of(s.wavelengths, SpectralUnit.NM),
			ids, s.reflectance).numeric("clay", s.clay).build();
	}

	private static SpectralDataset rows(final double[] axis, final double[]... spectra) {
		final float[] x = new float[spectra.length * axis.length];
		final String[] ids = new String[spectra.length];
		for (int i = 0; i < spectra.length; i++) {
			ids[i] = "r" + i;
			for (int j = 0; j < axis.length; j++) x[i * axis.length + j] = (float) spectra[i][j];
		}
		return SpectralDataset.builder("rows", SpectralAxis.of(axis, SpectralUnit.NM), ids, x)
			.build();
	}

	@Test
	void textRoundTripsToCanonicalForm() {
		final Preprocessing p = Preprocessing.parse(" Absorbance, SG(11, 2), snv ,trim(1200.5, 2400)," +
			"resample(2400,1300,2.5), binning(2), detrend, msc, minmax");
		assertEquals("absorbance, sg(11,2,0), snv, trim(1200.5,2400), resample(2400,1300,2.5), " +
			"binning(2), detrend, msc, minmax", p.toString());
		assertEquals(p.toString(), Preprocessing.parse(p.toString()).toString());
		assertEquals(9, p.steps().size());
		assertTrue(Preprocessing.parse("  ").isEmpty());
		assertTrue(Preprocessing.parse(null).isEmpty());
	}

	@Test
	void unreadableStepsSayWhatIsAllowed() {
		assertMessage("absorbance, foo", "steps: unknown step 'foo'; allowed: absorbance, snv, msc, " +
			"sg(window, poly, deriv), detrend, trim(from, to), resample(from, to, step), binning(n), minmax");
		assertMessage("sg(11)", "steps: 'sg(11)' takes 3 arguments: sg(window, poly, deriv) (deriv may be left out: 0)");
		assertMessage("snv(2)", "steps: 'snv(2)' takes no arguments: snv");
		assertMessage("binning(2.5)", "steps: 'binning(2.5)' needs whole numbers, got 2.5");
		assertMessage("sg(10,2,1)", "sg(10,2,1): window must be an odd number of points ≥ 3, got 10");
		assertMessage("sg(11,2,3)", "sg(11,2,3): deriv must be between 0 and poly (2), got 3");
		assertMessage("sg(5,5,0)", "sg(5,5,0): poly must be between 0 and window - 1 (4), got 5");
		assertMessage("snv,,msc", "steps: empty step in 'snv,,msc'; write steps separated by commas: " +
			Preprocessing.STEPS);
		assertMessage("sg(11,2,1", "steps: unbalanced parentheses in 'sg(11,2,1'");
		assertMessage("trim(a, 2)", "steps: argument 'a' of 'trim(a, 2)' is not a number");
		assertMessage("resample(1,2,0)", "resample(1,2,0): step must be positive");
		assertMessage("binning(0)", "binning(0): n must be at least 1 point per bin");
	}

	private static void assertMessage(final String steps, final String message) {
		assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Preprocessing
			.parse(steps)).getMessage());
	}

	@Test
	void noStepsReturnTheDataAsItIs() {
		final SpectralDataset d = soil(3, 1);
		assertSame(d, Preprocessing.parse("").fit(d).apply(d));
	}

	@Test
	void learnedStepsAreFittedOnCalibrationOnlyAndKeptUnchanged() {
		final SpectralDataset calibration = soil(20, 1), other = soil(10, 2);
		final Preprocessing chain = Preprocessing.parse("absorbance, msc, minmax");
		assertFalse(chain.isFitted());
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> chain.apply(
			calibration));
		assertTrue(e.getMessage().contains("msc is not fitted"), e.getMessage());

		final Preprocessing fitted = chain.fit(calibration);
		assertTrue(fitted.isFitted());
		assertFalse(chain.isFitted()); // fit returns a new chain
		// the calibration spectra end within 0–1 per point; new spectra are scaled the same way
		final float[] cal = fitted.apply(calibration).data();
		for (final float v : cal) assertTrue(v >= -1e-6 && v <= 1 + 1e-6);
		// applying to other data does not refit: a sample gives the same result alone or in a batch
		final SpectralDataset one = other.subset(new int[] { 3 });
		assertArrayEquals(fitted.apply(other).spectrum(3), fitted.apply(one).spectrum(0));
		// the state survives JSON
		final JsonObject json = JsonParser.parseString(fitted.toJson().toString()).getAsJsonObject();
		assertEquals("absorbance, msc, minmax", json.get("text").getAsString());
		final Preprocessing restored = Preprocessing.fromJson(json);
		assertTrue(restored.isFitted());
		assertArrayEquals(fitted.apply(other).data(), restored.apply(other).data());
		// an unfitted chain round-trips as unfitted
		assertFalse(Preprocessing.fromJson(chain.toJson()).isFitted());
	}

	@Test
	void learnedStepsRefuseAnotherGrid() {
		final Preprocessing fitted = Preprocessing.parse("msc").fit(soil(5, 1));
		final SpectralDataset trimmed = Preprocessing.parse("trim(500, 2000)").apply(soil(5, 2));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fitted
			.apply(trimmed));
		assertEquals("msc was fitted on spectra of 400–2500 nm, 421 points but soil.csv has 500–2000 nm, 301 points",
			e.getMessage());
	}

	@Test
	void savitzkyGolayIsExactOnPolynomialsUpToTheEdges() {
		final double[] axis = new double[30];
		final double[] quadratic = new double[30], cubic = new double[30];
		for (int j = 0; j < 30; j++) {
			axis[j] = 1000 + 2 * j;
			quadratic[j] = 0.01 * j * j - 0.1 * j + 1;
			cubic[j] = 1e-4 * j * j * j - 0.002 * j * j + 0.01 * j + 0.5;
		}
		final SpectralDataset d = rows(axis, quadratic, cubic);
		final SpectralDataset first = Preprocessing.parse("sg(5,2,1)").apply(d);
		final SpectralDataset smooth = Preprocessing.parse("sg(7,3)").apply(d);
		final SpectralDataset second = Preprocessing.parse("sg(9,3,2)").apply(d);
		for (int j = 0; j < 30; j++) {
			assertEquals(0.02 * j - 0.1, first.value(0, j), 1e-5, "first derivative at " + j);
			assertEquals(cubic[j], smooth.value(1, j), 1e-5, "smoothed cubic at " + j);
			assertEquals(6e-4 * j - 0.004, second.value(1, j), 1e-5, "second derivative at " + j);
		}
	}

	@Test
	void axisChangingSteps() {
		final double[] axis = { 2500, 2490, 2480, 2470, 2460, 2450, 2440 };
		final double[] x = { 1, 2, 3, 4, 5, 6, 7 };
		final SpectralDataset d = rows(axis, x);
		final SpectralDataset trimmed = Preprocessing.parse("trim(2445, 2485)").apply(d);
		assertArrayEquals(new double[] { 2480, 2470, 2460, 2450 }, trimmed.axis().values(), 0);
		assertArrayEquals(new float[] { 3, 4, 5, 6 }, trimmed.data());
		final SpectralDataset binned = Preprocessing.parse("binning(3)").apply(d);
		assertArrayEquals(new double[] { 2490, 2460 }, binned.axis().values(), 1e-9);
		assertArrayEquals(new float[] { 2, 5 }, binned.data());
		final SpectralDataset resampled = Preprocessing.parse("resample(2445,2485,20)").apply(d);
		assertArrayEquals(new double[] { 2445, 2465, 2485 }, resampled.axis().values(), 0);
		assertArrayEquals(new float[] { 6.5f, 4.5f, 2.5f }, resampled.data(), 1e-6f);
		final SpectralDataset down = Preprocessing.parse("resample(2485,2445,20)").apply(d);
		assertArrayEquals(new double[] { 2485, 2465, 2445 }, down.axis().values(), 0);

		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
			Preprocessing.parse("resample(2400,2480,10)").apply(d));
		assertTrue(e.getMessage().startsWith("resample(2400,2480,10): spectra of rows cover"), e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.parse("trim(1,2)")
			.apply(d));
		assertEquals("trim(1,2) keeps no point of rows (2500–2440 nm, 7 points); at least 2 are needed",
			e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.parse("binning(4)")
			.apply(d));
		assertEquals("binning(4): rows has 7 points, which make fewer than 2 bins", e.getMessage());
	}

	@Test
	void rowProblemsNameStepAndSample() {
		final double[] axis = { 1, 2, 3 };
		final SpectralDataset d = rows(axis, new double[] { 0.5, 0.4, 0.3 }, new double[] { 0.2, 0,
			0.1 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
			Preprocessing.parse("absorbance").apply(d));
		assertEquals("absorbance: sample 'r1': reflectance 0.0 at 2 is not positive; absorbance needs reflectance > 0",
			e.getMessage());
		final SpectralDataset flat = rows(axis, new double[] { 1, 1, 1 });
		e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.parse("snv").apply(flat));
		assertEquals("snv: sample 'r0': the spectrum is constant; snv needs some variation", e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.parse("sg(5,2,0)")
			.apply(d));
		assertEquals("sg(5,2,0): sample 'r0': the window of 5 points is longer than the spectrum (3 points)",
			e.getMessage());
	}

	@Test
	void otherColumnsAndIdsStay() {
		final SpectralDataset d = soil(4, 3);
		final SpectralDataset out = Preprocessing.parse("absorbance, sg(11,2,1), snv").apply(d);
		assertEquals(d.ids(), out.ids());
		assertArrayEquals(d.column("clay"), out.column("clay"), 0);
		assertEquals(d.axis(), out.axis());
	}
}
