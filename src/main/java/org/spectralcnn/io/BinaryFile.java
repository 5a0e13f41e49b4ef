package org.spectralcnn.io;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralUnit;

/**
 * Bounds-checked reads from a binary spectra file held in memory (OPUS, ASD, SPC). Every read
 * names what it reads, so a truncated file or a pointer past its end becomes a
 * {@link SpectraFormatException} naming the file, the item and its byte offset instead of an
 * index exception; {@link #require} lets a reader check a count against the bytes left before it
 * allocates, so a corrupt count can never ask for more memory than the file could fill.
 */
final class BinaryFile {

	final Path file;
	final byte[] bytes;
	private final boolean little;

	BinaryFile(final Path file, final byte[] bytes, final ByteOrder order) {
		this.file = file;
		this.bytes = bytes;
		this.little = order == ByteOrder.LITTLE_ENDIAN;
	}

	/** The same bytes read in another byte order. */
	BinaryFile withOrder(final ByteOrder order) {
		return new BinaryFile(file, bytes, order);
	}

	int size() {
		return bytes.length;
	}

	/**
	 * Checks that {@code length} bytes starting at {@code offset} lie inside the file.
	 *
	 * @param what what is stored there, for the message ("block AB", "subfile 3 y values")
	 */
	void require(final long offset, final long length, final String what)
		throws SpectraFormatException
	{
		if (offset < 0 || length < 0 || offset + length > bytes.length) throw error(offset, what +
			" needs " + length + " bytes at byte offset " + offset + ", but the file has " +
			bytes.length + " bytes (truncated file, or a corrupt offset or count)");
	}

	/** A format error at a byte offset: "file, byte offset N: problem". */
	SpectraFormatException error(final long offset, final String problem) {
		return new SpectraFormatException(file, 0, 0, "byte offset " + offset + ": " + problem);
	}

	/**
	 * The axis of values computed from a header (first, step or last), or an error at
	 * {@code offset} when they are not strictly monotonic (a corrupt range or count).
	 */
	SpectralAxis axis(final double[] x, final SpectralUnit unit, final long offset,
		final String what) throws SpectraFormatException
	{
		final int bad = SpectralAxis.firstViolation(x);
		if (bad >= 0) throw error(offset, what + ": x value " + (bad + 1) + " (" + x[bad] +
			") does not continue a strictly monotonic axis");
		return SpectralAxis.of(x, unit);
	}

	int u8(final int offset, final String what) throws SpectraFormatException {
		require(offset, 1, what);
		return bytes[offset] & 0xff;
	}

	int i8(final int offset, final String what) throws SpectraFormatException {
		require(offset, 1, what);
		return bytes[offset];
	}

	int i16(final int offset, final String what) throws SpectraFormatException {
		require(offset, 2, what);
		return (short) raw16(offset);
	}

	int u16(final int offset, final String what) throws SpectraFormatException {
		require(offset, 2, what);
		return raw16(offset);
	}

	int i32(final int offset, final String what) throws SpectraFormatException {
		require(offset, 4, what);
		return raw32(offset);
	}

	float f32(final int offset, final String what) throws SpectraFormatException {
		require(offset, 4, what);
		return Float.intBitsToFloat(raw32(offset));
	}

	double f64(final int offset, final String what) throws SpectraFormatException {
		require(offset, 8, what);
		return Double.longBitsToDouble(raw64(offset));
	}

	/** Latin-1 text of at most {@code length} bytes, cut at the first NUL and trimmed. */
	String text(final int offset, final int length, final String what)
		throws SpectraFormatException
	{
		require(offset, length, what);
		int end = offset;
		while (end < offset + length && bytes[end] != 0) end++;
		return new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1).trim();
	}

	/** Unchecked: callers {@link #require} the whole array first. */
	int raw16(final int o) {
		final int a = bytes[o] & 0xff, b = bytes[o + 1] & 0xff;
		return little ? a | b << 8 : a << 8 | b;
	}

	/** Unchecked: callers {@link #require} the whole array first. */
	int raw32(final int o) {
		final int a = bytes[o] & 0xff, b = bytes[o + 1] & 0xff, c = bytes[o + 2] & 0xff,
			d = bytes[o + 3] & 0xff;
		return little ? a | b << 8 | c << 16 | d << 24 : a << 24 | b << 16 | c << 8 | d;
	}

	/** Unchecked: callers {@link #require} the whole array first. */
	long raw64(final int o) {
		final long lo = raw32(little ? o : o + 4) & 0xffffffffL;
		final long hi = raw32(little ? o + 4 : o) & 0xffffffffL;
		return hi << 32 | lo;
	}
}
