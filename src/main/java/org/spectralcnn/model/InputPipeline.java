package org.spectralcnn.model;

import com.google.gson.JsonObject;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.SpectrogramScaler;
import org.spectralcnn.spectrogram.Stft;
import org.spectralcnn.spectrogram.StftParameters;

/**
 * Raw spectra to network input: the fitted preprocessing chain, then either the per-point
 * z-score ({@link Representation#SPECTRUM}) or the STFT spectrogram and its per-pixel z-score
 * ({@link Representation#SPECTROGRAM}). Training and prediction share it, so a model sees new
 * spectra exactly as it saw its training spectra. Input buffers are NCHW with one channel:
 * {@code [sample][0][height][width]}, height 1 for spectra.
 * <p>
 * Spectrograms are made a batch at a time ({@link #fill}), so that the spectrograms of a whole
 * dataset are never in memory.
 */
public final class InputPipeline {

	private final Representation representation;
	private final Preprocessing preprocessing;
	private final int points;
	private final FeatureScaler spectrumScaler;
	private final Stft stft;
	private final SpectrogramScaler spectrogramScaler;

	private InputPipeline(final Representation representation, final Preprocessing preprocessing,
		final int points, final FeatureScaler spectrumScaler, final Stft stft,
		final SpectrogramScaler spectrogramScaler)
	{
		this.representation = representation;
		this.preprocessing = preprocessing;
		this.points = points;
		this.spectrumScaler = spectrumScaler;
		this.stft = stft;
		this.spectrogramScaler = spectrogramScaler;
	}

	/**
	 * Checks that preprocessed spectra of this length make a valid input, before anything is
	 * fitted.
	 *
	 * @throws IllegalArgumentException naming the STFT window when it is longer than the spectra
	 */
	public static Architecture.Shape shapeFor(final Representation rep, final int points,
		final StftParameters stftParameters)
	{
		if (rep == Representation.SPECTRUM) return new Architecture.Shape(1, 1, points);
		stftParameters.validate(points);
		return new Architecture.Shape(1, stftParameters.frequencies(), stftParameters.frames(
			points));
	}

	/**
	 * Fits the input scaling on the training rows of preprocessed spectra.
	 *
	 * @param preprocessing the chain already fitted on the training spectra
	 * @param prepared spectra after {@code preprocessing}
	 * @param trainingRows rows of {@code prepared} to learn from
	 * @param stftParameters the spectrogram transform (ignored for spectra)
	 */
	public static InputPipeline fit(final Representation rep, final Preprocessing preprocessing,
		final SpectralDataset prepared, final int[] trainingRows,
		final StftParameters stftParameters)
	{
		if (rep == Representation.SPECTRUM) return new InputPipeline(rep, preprocessing, prepared
			.points(), FeatureScaler.fit(prepared.data(), prepared.points(), trainingRows), null,
			null);
		final Stft stft = new Stft(stftParameters);
		shapeFor(rep, prepared.points(), stftParameters);
		final SpectralDataset training = isAll(trainingRows, prepared.size()) ? prepared : prepared
			.subset(trainingRows);
		return new InputPipeline(rep, preprocessing, prepared.points(), null, stft,
			SpectrogramScaler.fit(stft, training));
	}

	private static boolean isAll(final int[] rows, final int n) {
		if (rows.length != n) return false;
		for (int i = 0; i < n; i++)
			if (rows[i] != i) return false;
		return true;
	}

	public Representation representation() {
		return representation;
	}

	public Preprocessing preprocessing() {
		return preprocessing;
	}

	/** Length of the preprocessed spectra the pipeline was fitted on. */
	public int points() {
		return points;
	}

	/** The STFT parameters, or null for spectra. */
	public StftParameters stftParameters() {
		return stft == null ? null : stft.parameters();
	}

	/** Channels × height × width of one network input. */
	public Architecture.Shape shape() {
		return representation == Representation.SPECTRUM ? new Architecture.Shape(1, 1, points)
			: new Architecture.Shape(1, stft.frequencies(), stft.frames(points));
	}

	/** Floats per sample in an input buffer. */
	public int sampleSize() {
		return (int) shape().size();
	}

	/**
	 * Applies the preprocessing chain.
	 *
	 * @throws IllegalArgumentException if the result does not have the length the model expects
	 */
	public SpectralDataset preprocess(final SpectralDataset raw) {
		final SpectralDataset prepared = preprocessing.apply(raw);
		if (prepared.points() != points) throw new IllegalArgumentException(raw.name() +
			": preprocessing '" + preprocessing + "' gives " + prepared.points() +
			" points but the model was trained on " + points);
		return prepared;
	}

	/**
	 * Writes the network inputs of some rows of preprocessed spectra into {@code out}, one
	 * sample after the other.
	 */
	public void fill(final SpectralDataset prepared, final int[] rows, final float[] out) {
		if (representation == Representation.SPECTRUM) {
			final float[] data = prepared.data();
			for (int r = 0; r < rows.length; r++)
				spectrumScaler.apply(data, rows[r] * points, out, r * points);
		}
		else stft.transformBatch(prepared, rows, out, spectrogramScaler);
	}

	/** The pipeline's part of a model manifest. */
	public void writeJson(final JsonObject manifest) {
		manifest.add("preprocessing", preprocessing.toJson());
		manifest.addProperty("preprocessed_points", points);
		if (representation == Representation.SPECTRUM) manifest.add("input_scaler", spectrumScaler
			.toJson());
		else {
			manifest.add("stft", stft.parameters().toJson());
			manifest.add("spectrogram_scaler", spectrogramScaler.toJson());
		}
	}

	/**
	 * Reads the pipeline back from a manifest.
	 *
	 * @throws IllegalArgumentException naming the part that is missing or inconsistent
	 */
	public static InputPipeline fromJson(final Representation rep, final JsonObject manifest) {
		final Preprocessing preprocessing = Preprocessing.fromJson(object(manifest,
			"preprocessing"));
		if (!preprocessing.isFitted()) throw new IllegalArgumentException(
			"preprocessing state is missing for '" + preprocessing + "'");
		if (!manifest.has("preprocessed_points")) throw new IllegalArgumentException(
			"no 'preprocessed_points'");
		final int points = manifest.get("preprocessed_points").getAsInt();
		if (rep == Representation.SPECTRUM) return new InputPipeline(rep, preprocessing, points,
			FeatureScaler.fromJson(object(manifest, "input_scaler"), points), null, null);
		final Stft stft = new Stft(StftParameters.fromJson(object(manifest, "stft")));
		final SpectrogramScaler scaler = SpectrogramScaler.fromJson(object(manifest,
			"spectrogram_scaler"));
		if (scaler.frequencies() != stft.frequencies() || scaler.frames() != stft.frames(points))
			throw new IllegalArgumentException("spectrogram scaler is " + scaler.frequencies() +
				" × " + scaler.frames() + " but the STFT gives " + stft.frequencies() + " × " + stft
					.frames(points));
		return new InputPipeline(rep, preprocessing, points, null, stft, scaler);
	}

	static JsonObject object(final JsonObject o, final String key) {
		if (!o.has(key) || !o.get(key).isJsonObject()) throw new IllegalArgumentException("no '" +
			key + "' object");
		return o.getAsJsonObject(key);
	}

	/** E.g. {@code sg(11,2,1), snv → spectrum 700 points}. */
	@Override
	public String toString() {
		final String prep = preprocessing.isEmpty() ? "no preprocessing" : preprocessing.toString();
		return prep + " → " + (representation == Representation.SPECTRUM ? "spectrum, " + points +
			" points" : "spectrogram " + shape().height() + " × " + shape().width() + " (" + stft
				.parameters() + ")");
	}
}
