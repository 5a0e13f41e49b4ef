package org.spectralcnn.preprocess;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * A row step whose state is learned from the calibration spectra, point by point: it applies
 * only once fitted, and only to spectra on the grid it was fitted on.
 */
abstract class LearnedRowStep extends RowStep {

	/** The grid of the calibration spectra; null until fitted. */
	final SpectralAxis axis;

	LearnedRowStep(final SpectralAxis axis) {
		this.axis = axis;
	}

	@Override
	public boolean isFitted() {
		return axis != null;
	}

	/** @throws IllegalArgumentException if the data are on another grid than the fitted one */
	@Override
	public SpectralDataset apply(final SpectralDataset data) {
		checkFitted();
		if (!axis.sameGrid(data.axis())) throw new IllegalArgumentException(this +
			" was fitted on spectra of " + axis.describe() + " but " + data.name() + " has " + data
				.axis().describe());
		return super.apply(data);
	}
}
