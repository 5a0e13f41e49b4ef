package org.spectralcnn.preprocess;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralUnit;

/** JSON of learned steps: the grid they were fitted on and their per-point vectors. */
final class LearnedState {

	private LearnedState() {}

	/** A state object holding the fitted grid. */
	static JsonObject withAxis(final SpectralAxis axis) {
		final JsonObject o = new JsonObject();
		o.addProperty("unit", axis.unit().symbol());
		o.add("axis", array(axis.values()));
		return o;
	}

	static SpectralAxis axis(final JsonObject state) {
		return SpectralAxis.of(vector(state, "axis"), SpectralUnit.parse(state.get("unit")
			.getAsString()));
	}

	static JsonArray array(final double[] v) {
		final JsonArray a = new JsonArray(v.length);
		for (final double x : v) a.add(x);
		return a;
	}

	/**
	 * @throws IllegalArgumentException if the key is missing
	 */
	static double[] vector(final JsonObject state, final String key) {
		if (!state.has(key)) throw new IllegalArgumentException("learned state lacks '" + key + "'");
		final JsonArray a = state.getAsJsonArray(key);
		final double[] v = new double[a.size()];
		for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
		return v;
	}
}
