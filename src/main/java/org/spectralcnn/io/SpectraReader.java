package org.spectralcnn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.spectralcnn.data.SpectralDataset;

/**
 * One spectra file format: how to recognise a file of it and how to read one. A new format is
 * one class implementing this plus one line in {@link SpectraReaders}.
 */
public interface SpectraReader {

	/** The format's name as users know it, for messages, e.g. {@code Bruker OPUS}. */
	String name();

	/** The usual file extensions, lower case without the dot (folders read files ending so). */
	List<String> extensions();

	/**
	 * Whether the file's first bytes (gzip already inflated; at most 4096 of them, fewer for a
	 * short file) say it is of this format. {@code extension} is lower case, without the dot and
	 * without {@code .gz}; formats without a signature of their own may use it.
	 */
	boolean recognises(byte[] head, String extension);

	/**
	 * Reads a whole file (gzip already inflated).
	 *
	 * @throws SpectraFormatException for content that is not a valid file of this format, naming
	 *           the file and where (line, block, byte offset) and what was expected
	 */
	SpectralDataset read(Path file, byte[] bytes, ReadOptions options) throws IOException,
		SpectraFormatException;
}
