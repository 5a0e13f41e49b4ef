package org.spectralcnn.preprocess;

import com.google.gson.JsonObject;
import org.spectralcnn.data.SpectralDataset;

/**
 * One preprocessing step: a pure function from a dataset to a new dataset (same samples and
 * columns; the spectra, and for {@code trim}, {@code resample} and {@code binning} the axis,
 * change). A step that learns something from data (the MSC reference, a scaler's ranges) is
 * fitted on calibration spectra and then applies that state unchanged to any spectra.
 */
public interface SpectralStep {

	/** The canonical text of the step, e.g. {@code sg(11,2,1)}, which {@link Preprocessing#parse} reads back. */
	@Override
	String toString();

	/** This step fitted on calibration spectra (a new object); stateless steps return themselves. */
	default SpectralStep fit(final SpectralDataset calibration) {
		return this;
	}

	/** False only for a learned step that has not been fitted yet. */
	default boolean isFitted() {
		return true;
	}

	/**
	 * @throws IllegalStateException if the step learns state and has not been fitted
	 * @throws IllegalArgumentException if the spectra do not suit the step (naming the step and
	 *           the sample)
	 */
	SpectralDataset apply(SpectralDataset data);

	/** The learned state, or null for a stateless or unfitted step. */
	default JsonObject state() {
		return null;
	}

	/** This step with a state written by {@link #state()}. */
	default SpectralStep withState(final JsonObject state) {
		throw new IllegalArgumentException(this + " has no learned state to restore");
	}
}
