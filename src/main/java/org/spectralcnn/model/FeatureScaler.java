package org.spectralcnn.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Per-point z-scoring of the network input, {@code (x - mean) / sd}, with each point's mean and
 * population SD learned on the training spectra only (after preprocessing), as the peers'
 * standardiser does. A point that does not vary keeps SD 1. Stored in the model file as JSON
 * numbers (exact doubles), so that prediction scales new spectra exactly as training did.
 */
public final class FeatureScaler {

	private final double[] mean;
	private final double[] sd;

	private FeatureScaler(final double[] mean, final double[] sd) {
		this.mean = mean;
		this.sd = sd;
	}

	/**
	 * Fits on some rows of a row-major {@code n × p} array.
	 *
	 * @throws IllegalArgumentException when there are no rows
	 */
	public static FeatureScaler fit(final float[] data, final int p, final int[] rows) {
		if (rows.length == 0) throw new IllegalArgumentException("no training spectra to scale");
		final double[] mean = new double[p], m2 = new double[p];
		long n = 0;
		for (final int r : rows) { // Welford: no cancellation when mean ≫ SD
			n++;
			final int base = r * p;
			for (int j = 0; j < p; j++) {
				final double v = data[base + j], d = v - mean[j];
				mean[j] += d / n;
				m2[j] += d * (v - mean[j]);
			}
		}
		final double[] sd = new double[p];
		for (int j = 0; j < p; j++) {
			final double s = Math.sqrt(m2[j] / n);
			sd[j] = s > 0 ? s : 1;
		}
		return new FeatureScaler(mean, sd);
	}

	public int size() {
		return mean.length;
	}

	/** Scales {@code p} values from {@code src[srcOffset]} into {@code dst[dstOffset]}. */
	public void apply(final float[] src, final int srcOffset, final float[] dst,
		final int dstOffset)
	{
		for (int j = 0; j < mean.length; j++)
			dst[dstOffset + j] = (float) ((src[srcOffset + j] - mean[j]) / sd[j]);
	}

	public JsonObject toJson() {
		final JsonObject o = new JsonObject();
		o.add("mean", Json.array(mean));
		o.add("sd", Json.array(sd));
		return o;
	}

	/** @throws IllegalArgumentException if the arrays are missing, of different lengths or bad */
	public static FeatureScaler fromJson(final JsonObject o, final int expectedSize) {
		final double[] mean = Json.doubles(o, "mean"), sd = Json.doubles(o, "sd");
		if (mean.length != expectedSize || sd.length != expectedSize)
			throw new IllegalArgumentException("input scaler has " + mean.length + " means and " +
				sd.length + " SDs for " + expectedSize + " input points");
		for (final double s : sd)
			if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException(
				"input scaler has an SD of " + s);
		return new FeatureScaler(mean, sd);
	}

	/** JSON helpers shared by the model's manifest parts. */
	static final class Json {

		private Json() {}

		static JsonArray array(final double[] v) {
			final JsonArray a = new JsonArray(v.length);
			for (final double x : v) a.add(x);
			return a;
		}

		static double[] doubles(final JsonObject o, final String key) {
			if (!o.has(key) || !o.get(key).isJsonArray()) throw new IllegalArgumentException("no '" +
				key + "' array");
			final JsonArray a = o.getAsJsonArray(key);
			final double[] v = new double[a.size()];
			for (int i = 0; i < v.length; i++) {
				v[i] = a.get(i).getAsDouble();
				if (!Double.isFinite(v[i])) throw new IllegalArgumentException("'" + key + "' holds " +
					v[i]);
			}
			return v;
		}
	}
}
