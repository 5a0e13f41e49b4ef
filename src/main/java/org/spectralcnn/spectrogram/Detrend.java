package org.spectralcnn.spectrogram;

/** What is subtracted from each STFT segment before windowing, as in {@code scipy.signal.spectrogram}. */
public enum Detrend {

	/** The segment mean (scipy's default): the DC offset of the spectrum does not swamp bin 0. */
	CONSTANT("constant"),
	/** The least-squares line through the segment. */
	LINEAR("linear"),
	/** Nothing. */
	NONE("none");

	private final String key;

	Detrend(final String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	/** @throws IllegalArgumentException naming the key {@code detrend} and the allowed names */
	public static Detrend parse(final String text) {
		return Keys.parse("detrend", text, values());
	}

	@Override
	public String toString() {
		return key;
	}
}
