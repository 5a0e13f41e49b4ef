package org.spectralcnn.commands;

import java.io.File;
import java.io.IOException;
import java.util.function.Consumer;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraFormatException;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.InputGrid;

/**
 * The {@code local_input} key of Train PLSR (spiking) and Train MBL: the samples of the site or
 * instrument to predict, with their lab values, put on the library's grid (they often come from
 * another instrument or export step).
 */
final class LocalInput {

	private LocalInput() {}

	/**
	 * @param notes hears a line when the spectra are resampled
	 * @throws CommandFailure naming {@code local_input} when the file cannot go on the grid
	 */
	static SpectralDataset read(final File file, final SpectralDataset library,
		final Consumer<String> notes) throws IOException, SpectraFormatException
	{
		try {
			return InputGrid.conform(SpectraIO.open(file.toPath()), library.axis(), notes);
		}
		catch (final IllegalArgumentException e) {
			throw new CommandFailure("local_input: " + e.getMessage(), e);
		}
	}
}
