package org.spectralcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplingTest {

	@Test
	void linearOntoFinerCoarserAndReversedGrids() {
		// y = 2x + 1 is reproduced exactly by linear interpolation
		final SpectralAxis src = SpectralAxis.regular(350, 10, 6, SpectralUnit.NM); // 350..400
		final float[] v = new float[6];
		for (int j = 0; j < 6; j++) v[j] = (float) (2 * src.value(j) + 1);
		final SpectralDataset d = SpectralDataset.builder("d", src, new String[] { "a" }, v).build();
		final SpectralAxis fine = SpectralAxis.regular(350, 2.5, 21, SpectralUnit.NM);
		final SpectralDataset r = Resampling.onto(d, fine);
		for (int k = 0; k < 21; k++)
			assertArrayEquals(new float[] { (float) (2 * fine.value(k) + 1) }, new float[] { r.value(0,
				k) }, 1e-3f);
		final SpectralAxis reversed = SpectralAxis.of(new double[] { 400, 375, 351 }, SpectralUnit.NM);
		assertArrayEquals(new float[] { 801, 751, 703 }, Resampling.onto(d, reversed).spectrum(0),
			1e-3f);
	}

	@Test
	void refusesExtrapolationAndOtherUnits() {
		final SpectralDataset d = SpectralDataset.builder("local.csv", SpectralAxis.regular(400, 10,
			11, SpectralUnit.NM), new String[] { "a" }, new float[11]).build();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Resampling.onto(d, SpectralAxis.regular(350, 10, 10, SpectralUnit.NM)));
		assertTrue(e.getMessage().contains("400–500 nm") && e.getMessage().contains("350–440 nm"), e
			.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Resampling.onto(d, SpectralAxis.channels(
			3)));
	}

	@Test
	void holdsTheEndValueWithinHalfAStepAndNoFurther() {
		final float[] v = new float[11];
		for (int j = 0; j < 11; j++) v[j] = j;
		final SpectralDataset d = SpectralDataset.builder("scan.0", SpectralAxis.regular(400, 10, 11,
			SpectralUnit.NM), new String[] { "a" }, v).build();
		final SpectralDataset r = Resampling.onto(d, SpectralAxis.regular(395, 10, 12, SpectralUnit.NM));
		assertEquals(0f, r.value(0, 0), 0); // 395: the 400 nm measurement, 5 nm away
		assertEquals(9.5f, r.value(0, 10), 1e-6f);
		assertEquals(10f, r.value(0, 11), 0); // 505: the 500 nm one
		assertThrows(IllegalArgumentException.class, () -> Resampling.onto(d, SpectralAxis.regular(394,
			10, 11, SpectralUnit.NM)));
		// a decreasing wavenumber axis, as OPUS writes it: two scans 0.02 cm⁻¹ apart at the low end
		final SpectralAxis scan = SpectralAxis.regular(7497.70, -1.929, 3578, SpectralUnit.WAVENUMBER);
		final SpectralAxis other = SpectralAxis.regular(7497.70, -1.929006, 3578, SpectralUnit.WAVENUMBER);
		assertTrue(other.min() < scan.min() && scan.covers(other));
		assertFalse(scan.covers(SpectralAxis.regular(7497.70, -1.9293, 3578, SpectralUnit.WAVENUMBER)));
	}
}
