package org.spectralcnn.model;

import java.util.function.Consumer;
import org.spectralcnn.data.Resampling;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/** Puts new spectra on the grid a model was trained on, or says why that is impossible. */
public final class InputGrid {

	private InputGrid() {}

	/**
	 * Same grid: the data as is. Another grid that spans the model's range: resampled linearly,
	 * with a note to {@code notes}. Otherwise an error naming both ranges.
	 *
	 * @throws IllegalArgumentException when the spectra do not cover the model's range or unit
	 */
	public static SpectralDataset conform(final SpectralDataset data, final SpectralAxis model,
		final Consumer<String> notes)
	{
		if (data.axis().sameGrid(model)) return data;
		if (data.axis().unit() != model.unit()) throw new IllegalArgumentException(data.name() +
			": spectra are in " + data.axis().unit() + " but the model expects " + model.unit());
		if (!data.axis().covers(model)) throw new IllegalArgumentException(data.name() +
			": spectra cover " + data.axis().describe() + " but the model needs " + model.describe() +
			"; they cannot be resampled onto the model's grid");
		notes.accept(data.name() + ": spectra on " + data.axis().describe() +
			" resampled linearly onto the model's grid " + model.describe());
		return Resampling.onto(data, model);
	}
}
