package org.spectralcnn.spectrogram;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import org.spectralcnn.data.SpectralDataset;

/**
 * Per-pixel z-scoring of spectrograms, {@code (v - mean) / sd}, with mean and population SD of
 * each pixel learned on the calibration spectrograms only and kept (JSON) so that prediction
 * scales new spectra exactly as training did. A pixel that does not vary in calibration keeps
 * SD 1, as in the peer scripts' standardiser.
 */
public final class SpectrogramScaler {

	/** Rows per batch when the scaler is fitted straight from spectra. */
	private static final int FIT_BATCH = 256;

	private final int frequencies;
	private final int frames;
	private final double[] mean;
	private final double[] sd;

	private SpectrogramScaler(final int frequencies, final int frames, final double[] mean,
		final double[] sd)
	{
		this.frequencies = frequencies;
		this.frames = frames;
		this.mean = mean;
		this.sd = sd;
	}

	/**
	 * Fits on some slices of a spectrogram stack.
	 *
	 * @param slices 0-based slices of the calibration samples
	 */
	public static SpectrogramScaler fit(final PlanarImg<FloatType, FloatArray> spectrograms,
		final int[] slices)
	{
		final Welford w = new Welford((int) spectrograms.dimension(1), (int) spectrograms
			.dimension(0));
		for (final int z : slices)
			w.add(spectrograms.getPlane(z).getCurrentStorageArray(), 0);
		return w.result();
	}

	/**
	 * Fits on the spectrograms of the calibration spectra, computed a batch at a time so that
	 * they are never all in memory.
	 */
	public static SpectrogramScaler fit(final Stft stft, final SpectralDataset calibration) {
		final int plane = stft.planeSize(calibration.points());
		final Welford w = new Welford(stft.frequencies(), stft.frames(calibration.points()));
		final float[] batch = new float[Math.min(FIT_BATCH, calibration.size()) * plane];
		for (int from = 0; from < calibration.size(); from += FIT_BATCH) {
			final int[] rows = new int[Math.min(FIT_BATCH, calibration.size() - from)];
			for (int r = 0; r < rows.length; r++) rows[r] = from + r;
			stft.transformBatch(calibration, rows, batch);
			for (int r = 0; r < rows.length; r++) w.add(batch, r * plane);
		}
		return w.result();
	}

	public int frequencies() {
		return frequencies;
	}

	public int frames() {
		return frames;
	}

	/** Scales the plane at {@code offset} in place. */
	public void apply(final float[] data, final int offset) {
		for (int i = 0; i < mean.length; i++)
			data[offset + i] = (float) ((data[offset + i] - mean[i]) / sd[i]);
	}

	/** Scales every slice in place. */
	public void apply(final PlanarImg<FloatType, FloatArray> spectrograms) {
		checkShape((int) spectrograms.dimension(1), (int) spectrograms.dimension(0));
		for (int z = 0; z < spectrograms.numSlices(); z++)
			apply(spectrograms.getPlane(z).getCurrentStorageArray(), 0);
	}

	/** @throws IllegalArgumentException if spectrograms of this shape were not what it learned */
	void checkShape(final int otherFrequencies, final int otherFrames) {
		if (otherFrequencies != frequencies || otherFrames != frames)
			throw new IllegalArgumentException("the spectrogram scaler was fitted on " + frequencies +
				" frequencies × " + frames + " frames, not " + otherFrequencies + " × " + otherFrames);
	}

	public JsonObject toJson() {
		final JsonObject o = new JsonObject();
		o.addProperty("frequencies", frequencies);
		o.addProperty("frames", frames);
		o.add("mean", array(mean));
		o.add("sd", array(sd));
		return o;
	}

	/** @throws IllegalArgumentException if a key is missing or the sizes disagree */
	public static SpectrogramScaler fromJson(final JsonObject o) {
		for (final String key : new String[] { "frequencies", "frames", "mean", "sd" })
			if (!o.has(key)) throw new IllegalArgumentException("spectrogram scaler: missing '" + key +
				"'");
		final int frequencies = o.get("frequencies").getAsInt(), frames = o.get("frames").getAsInt();
		final double[] mean = values(o.getAsJsonArray("mean")), sd = values(o.getAsJsonArray("sd"));
		if (mean.length != frequencies * frames || sd.length != mean.length)
			throw new IllegalArgumentException("spectrogram scaler: " + frequencies + " × " + frames +
				" pixels but " + mean.length + " means and " + sd.length + " SDs");
		return new SpectrogramScaler(frequencies, frames, mean, sd);
	}

	private static JsonArray array(final double[] v) {
		final JsonArray a = new JsonArray(v.length);
		for (final double x : v) a.add(x);
		return a;
	}

	private static double[] values(final JsonArray a) {
		final double[] v = new double[a.size()];
		for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
		return v;
	}

	/** Running per-pixel mean and variance (Welford: no cancellation when mean ≫ SD). */
	private static final class Welford {

		final int frequencies, frames;
		final double[] mean, m2;
		long n;

		Welford(final int frequencies, final int frames) {
			this.frequencies = frequencies;
			this.frames = frames;
			mean = new double[frequencies * frames];
			m2 = new double[mean.length];
		}

		void add(final float[] data, final int offset) {
			n++;
			for (int i = 0; i < mean.length; i++) {
				final double v = data[offset + i], d = v - mean[i];
				mean[i] += d / n;
				m2[i] += d * (v - mean[i]);
			}
		}

		SpectrogramScaler result() {
			if (n == 0) throw new IllegalArgumentException(
				"no calibration spectrograms to fit the scaler on");
			final double[] sd = new double[mean.length];
			for (int i = 0; i < sd.length; i++) {
				final double s = Math.sqrt(m2[i] / n);
				sd[i] = s > 0 ? s : 1;
			}
			return new SpectrogramScaler(frequencies, frames, mean, sd);
		}
	}
}
