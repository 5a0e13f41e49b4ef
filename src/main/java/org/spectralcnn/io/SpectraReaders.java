package org.spectralcnn.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The registry of spectra file formats, tried in this order by {@link SpectraIO}: the first
 * reader that {@link SpectraReader#recognises} a file reads it.
 */
public final class SpectraReaders {

	private static final List<SpectraReader> ALL = Collections.unmodifiableList(Arrays.asList(
		// one line per format
		new OpusReader(),
		new AsdReader(),
		new SpcReader()
	));

	private SpectraReaders() {}

	/** Every registered format, in the order they are tried. */
	public static List<SpectraReader> all() {
		return ALL;
	}
}
