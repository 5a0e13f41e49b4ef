package org.spectralcnn.spectrogram;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing of the enumerated STFT keys, with one error message format for all of them. */
final class Keys {

	private Keys() {}

	static <E extends Enum<E>> E parse(final String key, final String text, final E[] values) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		for (final E v : values)
			if (v.toString().equals(t)) return v;
		throw new IllegalArgumentException(key + ": unknown value '" + text + "'; allowed: " + Arrays
			.stream(values).map(Object::toString).collect(Collectors.joining(", ")));
	}
}
