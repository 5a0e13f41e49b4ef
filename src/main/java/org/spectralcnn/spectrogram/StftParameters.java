package org.spectralcnn.spectrogram;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * How spectra become spectrograms: a short-time Fourier transform along the spectral axis with
 * {@code window_size} points per segment, segments {@code hop} points apart (no padding, so
 * {@code frames = 1 + (points - window_size) / hop}), {@code window_size / 2 + 1} frequency
 * bins. Immutable; the JSON form is stored with models so that prediction uses the same
 * transform.
 */
public final class StftParameters {

	public static final int DEFAULT_WINDOW_SIZE = 100;
	public static final int DEFAULT_HOP = 50;

	private final int windowSize;
	private final int hop;
	private final WindowFunction window;
	private final Detrend detrend;
	private final Scaling scaling;

	private StftParameters(final int windowSize, final int hop, final WindowFunction window,
		final Detrend detrend, final Scaling scaling)
	{
		if (windowSize < 2) throw new IllegalArgumentException(
			"window_size must be at least 2 points, got " + windowSize);
		if (hop < 1 || hop > windowSize) throw new IllegalArgumentException(
			"hop must be between 1 and window_size (" + windowSize + "), got " + hop);
		this.windowSize = windowSize;
		this.hop = hop;
		this.window = Objects.requireNonNull(window, "window");
		this.detrend = Objects.requireNonNull(detrend, "detrend");
		this.scaling = Objects.requireNonNull(scaling, "scaling");
	}

	/**
	 * @throws IllegalArgumentException naming {@code window_size} or {@code hop} when they are out
	 *           of range
	 */
	public static StftParameters of(final int windowSize, final int hop,
		final WindowFunction window, final Detrend detrend, final Scaling scaling)
	{
		return new StftParameters(windowSize, hop, window, detrend, scaling);
	}

	/**
	 * From the five command keys ({@code window_size, hop, window, detrend, scaling}), as Spectra
	 * to Spectrograms and Train CNN take them.
	 *
	 * @throws IllegalArgumentException naming the key and the allowed values
	 */
	public static StftParameters fromKeys(final int windowSize, final int hop, final String window,
		final String detrend, final String scaling)
	{
		return of(windowSize, hop, WindowFunction.parse(window), Detrend.parse(detrend), Scaling
			.parse(scaling));
	}

	/** Window 100, hop 50, Hann, constant detrend, log PSD. */
	public static StftParameters defaults() {
		return of(DEFAULT_WINDOW_SIZE, DEFAULT_HOP, WindowFunction.HANN, Detrend.CONSTANT,
			Scaling.LOG_PSD);
	}

	public StftParameters withScaling(final Scaling newScaling) {
		return of(windowSize, hop, window, detrend, newScaling);
	}

	public int windowSize() {
		return windowSize;
	}

	public int hop() {
		return hop;
	}

	public WindowFunction window() {
		return window;
	}

	public Detrend detrend() {
		return detrend;
	}

	public Scaling scaling() {
		return scaling;
	}

	/**
	 * Checks that spectra of this length give at least one frame.
	 *
	 * @throws IllegalArgumentException naming {@code window_size}
	 */
	public void validate(final int points) {
		if (windowSize > points) throw new IllegalArgumentException("window_size (" + windowSize +
			") is longer than the spectra (" + points + " points); use at most " + points);
	}

	/** Number of frequency bins (image height): {@code window_size / 2 + 1}. */
	public int frequencies() {
		return windowSize / 2 + 1;
	}

	/** Number of frames (image width) for spectra of this length; 0 if the window does not fit. */
	public int frames(final int points) {
		return points < windowSize ? 0 : 1 + (points - windowSize) / hop;
	}

	/**
	 * Point index (fractional for odd windows) of the centre of a frame's window: where the
	 * periodic window peaks, and scipy's segment time.
	 */
	public double frameCentre(final int frame) {
		return frame * (double) hop + windowSize / 2.0;
	}

	public JsonObject toJson() {
		final JsonObject o = new JsonObject();
		o.addProperty("window_size", windowSize);
		o.addProperty("hop", hop);
		o.addProperty("window", window.key());
		o.addProperty("detrend", detrend.key());
		o.addProperty("scaling", scaling.key());
		return o;
	}

	/**
	 * @throws IllegalArgumentException if a key is missing or holds a bad value
	 */
	public static StftParameters fromJson(final JsonObject o) {
		for (final String key : new String[] { "window_size", "hop", "window", "detrend",
			"scaling" })
			if (!o.has(key)) throw new IllegalArgumentException("STFT parameters: missing '" + key +
				"' in " + o);
		return fromKeys(o.get("window_size").getAsInt(), o.get("hop").getAsInt(), o.get("window")
			.getAsString(), o.get("detrend").getAsString(), o.get("scaling").getAsString());
	}

	@Override
	public boolean equals(final Object other) {
		if (!(other instanceof StftParameters)) return false;
		final StftParameters p = (StftParameters) other;
		return p.windowSize == windowSize && p.hop == hop && p.window == window &&
			p.detrend == detrend && p.scaling == scaling;
	}

	@Override
	public int hashCode() {
		return Objects.hash(windowSize, hop, window, detrend, scaling);
	}

	/** E.g. {@code window_size=100, hop=50, window=hann, detrend=constant, scaling=log_psd}. */
	@Override
	public String toString() {
		return "window_size=" + windowSize + ", hop=" + hop + ", window=" + window + ", detrend=" +
			detrend + ", scaling=" + scaling;
	}
}
