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
		// one line per format; formats with a signature before those known by extension only
		new MsaReader(),
		new SpeReader(),
		new RadiaCodeXmlReader(),
		new OpusReader(),
		new AsdReader(),
		new SpcReader(),
		new JcampReader(),
		new EnviImageReader(),
		new EnviLibraryReader(),
		new BinaryGammaRefusal(),
		new SpreadsheetRefusal(),
		new TableReader()));

	private SpectraReaders() {}

	/** Every registered format, in the order they are tried. */
	public static List<SpectraReader> all() {
		return ALL;
	}

	/**
	 * The format of a file: by content first (each reader asked with no extension, so only a
	 * signature counts: a {@code .csv} that starts {@code #FORMAT} is EMSA), then by extension;
	 * null when none claims it.
	 *
	 * @param head the file's first bytes (gzip inflated), at most 4096
	 * @param extension lower case, without the dot and without {@code .gz}
	 */
	public static SpectraReader find(final byte[] head, final String extension) {
		for (final SpectraReader r : ALL)
			if (r.recognises(head, "")) return r;
		if (extension.isEmpty()) return null;
		for (final SpectraReader r : ALL)
			if (r.recognises(head, extension)) return r;
		return null;
	}
}
