package org.spectralcnn.model;

import com.google.gson.JsonObject;
import java.util.List;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * A trained model that predicts soil properties from raw spectra: a CNN or a PLSR baseline.
 * Prediction, evaluation and comparison work on this interface, whatever the model kind.
 */
public interface SpectralModel {

	/** The manifest's kind: {@code cnn} or {@code plsr}. */
	String kind();

	/** Names of the predicted properties, in output column order. */
	List<String> targets();

	/** The grid of the raw spectra the model was trained on (before its preprocessing). */
	SpectralAxis inputAxis();

	/**
	 * Predictions in the targets' original units, samples × targets. The spectra must be on
	 * {@link #inputAxis()}; {@link InputGrid#conform} puts them there.
	 */
	double[][] predict(SpectralDataset spectra);

	/**
	 * The spectra as the model sees them after its own preprocessing (the input of the
	 * out-of-domain model).
	 */
	default SpectralDataset preprocess(final SpectralDataset spectra) {
		return spectra;
	}

	/**
	 * The conformal scores and out-of-domain model of the model file, or null for a file written
	 * before intervals existed ({@link Intervals}).
	 */
	default Calibration calibration() {
		return null;
	}

	/** Everything the model file says about the model (a copy). */
	JsonObject manifest();

	/** The same model with more manifest entries (replacing those of the same names). */
	SpectralModel withManifestEntries(JsonObject extra);

	/** A copy of {@code manifest} with {@code extra}'s entries put in (the models' own use). */
	static JsonObject merged(final JsonObject manifest, final JsonObject extra) {
		final JsonObject m = manifest.deepCopy();
		for (final java.util.Map.Entry<String, com.google.gson.JsonElement> e : extra.entrySet())
			m.add(e.getKey(), e.getValue().deepCopy());
		return m;
	}
}
