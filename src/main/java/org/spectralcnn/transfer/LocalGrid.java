package org.spectralcnn.transfer;

import java.util.Locale;
import java.util.function.Consumer;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.InputGrid;

/**
 * Puts local spectra on the global model's grid. Local spectra are often measured on another
 * instrument or exported at another step (the large_visnir local set: 10 nm, 216 points against
 * the library's 2 nm, 1076 points): spectra that span the model's range are resampled linearly
 * onto its grid, as {@link InputGrid} does for prediction. Spectra that do not reach the model's
 * range, or only part of it, are refused: a network needs every input point, and extrapolating
 * a spectrum would invent data.
 */
public final class LocalGrid {

	private LocalGrid() {}

	/**
	 * The local spectra on the model's grid.
	 *
	 * @param notes hears a line when the spectra are resampled
	 * @throws IllegalArgumentException when the units differ, the ranges do not overlap, or the
	 *           local range misses part of the model's, naming both ranges
	 */
	public static SpectralDataset conform(final SpectralDataset local, final SpectralAxis model,
		final Consumer<String> notes)
	{
		final SpectralAxis a = local.axis();
		if (a.unit() == model.unit() && !a.sameGrid(model)) {
			final double lo = Math.max(a.min(), model.min()), hi = Math.min(a.max(), model.max());
			if (lo > hi) throw new IllegalArgumentException(local.name() + ": local spectra cover " +
				a.describe() + " and the global model's grid is " + model.describe() +
				"; the ranges do not overlap, so the local spectra cannot be put on the model's grid");
			if (!a.covers(model)) throw new IllegalArgumentException(String.format(Locale.ROOT,
				"%s: local spectra cover %s but the global model needs %s; they overlap only from %s to %s, and the network needs every point of its grid (measure or export the local spectra over the model's whole range, or train the global model on the shared range)",
				local.name(), a.describe(), model.describe(), number(lo), number(hi)));
		}
		return InputGrid.conform(local, model, notes);
	}

	private static String number(final double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
