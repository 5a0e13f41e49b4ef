package org.spectralcnn.model;

import java.util.Locale;

/** What a CNN sees of a spectrum. */
public enum Representation {

	/** The preprocessed spectrum as a 1-D signal: a 1-D CNN. */
	SPECTRUM("spectrum"),
	/** The STFT spectrogram of the preprocessed spectrum as a 2-D image: a 2-D CNN. */
	SPECTROGRAM("spectrogram");

	private final String key;

	Representation(final String key) {
		this.key = key;
	}

	/** The name used in commands and model files. */
	public String key() {
		return key;
	}

	/** @throws IllegalArgumentException naming the allowed values */
	public static Representation parse(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		for (final Representation r : values())
			if (r.key.equals(t)) return r;
		throw new IllegalArgumentException("representation: unknown value '" + text +
			"'; allowed: spectrum, spectrogram");
	}

	@Override
	public String toString() {
		return key;
	}
}
