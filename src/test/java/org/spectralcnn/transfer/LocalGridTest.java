package org.spectralcnn.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/** Local spectra on another grid are resampled onto the model's; no or partial overlap fails. */
class LocalGridTest {

	/** Spectra {@code a + b·x} on a grid: linear, so resampling must reproduce them exactly. */
	private static SpectralDataset linear(final SpectralAxis axis, final int n) {
		final float[] data = new float[n * axis.size()];
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) {
			ids[i] = "L" + i;
			for (int j = 0; j < axis.size(); j++) data[i * axis.size() + j] = (float) (0.1 * (i + 1) +
				1e-4 * axis.value(j));
		}
		return SpectralDataset.builder("local.csv", axis, ids, data).numeric("clay", new double[n])
			.build();
	}

	@Test
	void coarserLocalGridIsResampledOntoTheModelGrid() {
		// large_visnir's case: a 10 nm local set onto the 2 nm library grid
		final SpectralAxis model = SpectralAxis.regular(350, 2, 1076, SpectralUnit.NM);
		final SpectralAxis coarse = SpectralAxis.regular(350, 10, 216, SpectralUnit.NM);
		final List<String> notes = new ArrayList<>();
		final SpectralDataset out = LocalGrid.conform(linear(coarse, 3), model, notes::add);
		assertTrue(out.axis().sameGrid(model));
		assertEquals(3, out.size());
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < model.size(); j += 37)
				assertEquals(0.1 * (i + 1) + 1e-4 * model.value(j), out.value(i, j), 1e-6);
		assertEquals(1, notes.size());
		assertTrue(notes.get(0).contains("350–2500 nm, 216 points") && notes.get(0).contains(
			"1076 points"), notes.get(0));
		// a wider local range is cut to the model's
		final SpectralAxis wide = SpectralAxis.regular(300, 5, 461, SpectralUnit.NM);
		assertTrue(LocalGrid.conform(linear(wide, 1), model, s -> {}).axis().sameGrid(model));
		// the same grid: the data as is
		final SpectralDataset same = linear(model, 1);
		assertSame(same, LocalGrid.conform(same, model, notes::add));
	}

	@Test
	void noOverlapAndPartialOverlapAreClearErrors() {
		final SpectralAxis model = SpectralAxis.regular(350, 2, 1076, SpectralUnit.NM);
		final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
			() -> LocalGrid.conform(linear(SpectralAxis.regular(2600, 10, 50, SpectralUnit.NM),
				1), model, s -> {}));
		assertTrue(none.getMessage().contains("do not overlap"), none.getMessage());
		assertTrue(none.getMessage().contains("2600–3090 nm") && none.getMessage().contains(
			"350–2500 nm"), none.getMessage());
		final IllegalArgumentException part = assertThrows(IllegalArgumentException.class,
			() -> LocalGrid.conform(linear(SpectralAxis.regular(400, 10, 201, SpectralUnit.NM),
				1), model, s -> {}));
		assertTrue(part.getMessage().contains("overlap only from 400 to 2400"), part.getMessage());
		final IllegalArgumentException unit = assertThrows(IllegalArgumentException.class,
			() -> LocalGrid.conform(linear(SpectralAxis.regular(4000, -4, 500,
				SpectralUnit.WAVENUMBER), 1), model, s -> {}));
		assertTrue(unit.getMessage().contains("nm"), unit.getMessage());
	}
}
