package org.spectralcnn.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.spectralcnn.data.MemoryLimits;

/**
 * A whole text file decoded into one {@code char[]}: readers scan it without per-line strings.
 * Gzip is recognised by its magic bytes, a byte-order mark picks UTF-8/UTF-16 and is skipped,
 * and decoding is strict, so a file in another encoding fails at the first bad byte, with its
 * line and column, instead of turning sample names into replacement characters.
 */
final class TextSource {

	private static final Pattern XML_ENCODING = Pattern.compile(
		"^<\\?xml[^>]*\\bencoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

	final Path file;
	final char[] chars;
	final int length;

	private TextSource(final Path file, final char[] chars, final int length) {
		this.file = file;
		this.chars = chars;
		this.length = length;
	}

	/**
	 * The file's bytes, inflated when they start with the gzip magic number.
	 *
	 * @throws SpectraFormatException when the file, or its inflated text, is over
	 *           {@link #maxTextBytes()}: a 2 MB gzip that inflates to gigabytes is refused, not
	 *           read into "Java heap space"
	 */
	static byte[] readBytes(final Path file) throws IOException, SpectraFormatException {
		return readBytes(file, maxTextBytes());
	}

	/** {@link #readBytes(Path)} with another limit (tests). */
	static byte[] readBytes(final Path file, final long max) throws IOException,
		SpectraFormatException
	{
		final long size = Files.size(file);
		if (size > max) throw tooLarge(file, MemoryLimits.size(size), max);
		final byte[] raw = Files.readAllBytes(file);
		if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) return raw;
		try {
			return gunzip(file, raw, max);
		}
		catch (final ZipException | EOFException e) {
			throw new SpectraFormatException(file, "corrupt or truncated gzip data (" + e
				.getMessage() + ")", e);
		}
	}

	/**
	 * The most text a file may hold: a sixth of the heap, because while it is read the text is
	 * held as bytes and again as characters (two bytes each).
	 */
	static long maxTextBytes() {
		return Math.min(MemoryLimits.MAX_ARRAY, MemoryLimits.heap() / 6);
	}

	private static SpectraFormatException tooLarge(final Path file, final String size,
		final long max)
	{
		return new SpectraFormatException(file, 0, 0, "too large: " + size + " of text; the limit is " +
			MemoryLimits.size(max) + " (a sixth of the " + MemoryLimits.size(MemoryLimits.heap()) +
			" Java heap; a larger heap: SPECTRAL_CNN_HEAP or Fiji's Edit > Options > Memory & Threads)");
	}

	/**
	 * Sized from the gzip trailer (uncompressed length mod 2^32) so nothing is copied twice;
	 * never inflates more than {@code max} bytes, whatever the trailer says.
	 */
	private static byte[] gunzip(final Path file, final byte[] raw, final long max)
		throws IOException, SpectraFormatException
	{
		final int n = raw.length;
		final long trailer = raw.length < 18 ? -1 : (raw[n - 4] & 0xffL) | (raw[n - 3] & 0xffL) << 8 |
			(raw[n - 2] & 0xffL) << 16 | (raw[n - 1] & 0xffL) << 24;
		if (trailer > max) throw tooLarge(file, "gzip of " + MemoryLimits.size(n) + " inflating to " +
			MemoryLimits.size(trailer), max);
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
			final ByteArrayOutputStream all;
			if (trailer > 0 && trailer < Integer.MAX_VALUE - 16) {
				final byte[] out = new byte[(int) trailer];
				final int got = in.readNBytes(out, 0, out.length);
				final int next = in.read();
				if (got == out.length && next < 0) return out;
				// several gzip members, or a length over 4 GiB: continue the slow way
				all = new ByteArrayOutputStream(got * 2);
				all.write(out, 0, got);
				if (next < 0) return all.toByteArray();
				all.write(next);
			}
			else all = new ByteArrayOutputStream();
			final byte[] buffer = new byte[1 << 16];
			for (int r; (r = in.read(buffer)) > 0;) {
				if (all.size() + (long) r > max) throw tooLarge(file, "gzip of " + MemoryLimits.size(n) +
					" inflating to more than " + MemoryLimits.size(max), max);
				all.write(buffer, 0, r);
			}
			return all.toByteArray();
		}
	}

	/** True when the bytes look like a binary file: a NUL byte early on and no UTF-16 mark. */
	static boolean looksBinary(final byte[] bytes) {
		if (bomCharset(bytes) != null) return false;
		final int n = Math.min(bytes.length, 8192);
		for (int i = 0; i < n; i++)
			if (bytes[i] == 0) return true;
		return false;
	}

	/**
	 * Decodes strictly.
	 *
	 * @param encoding a charset name, or null: the byte-order mark, an XML declaration, else
	 *          UTF-8
	 */
	static TextSource decode(final Path file, final byte[] bytes, final String encoding)
		throws SpectraFormatException
	{
		Charset charset = encoding == null ? null : charset(file, encoding);
		final Charset bom = bomCharset(bytes);
		int offset = 0;
		// a byte-order mark wins over UTF-8, the default: UTF-8 text cannot start with FF FE or FE FF
		if (bom != null && (charset == null || charset.equals(bom) || charset.equals(
			StandardCharsets.UTF_8))) {
			charset = bom;
			offset = bom.equals(StandardCharsets.UTF_8) ? 3 : 2;
		}
		if (charset == null) charset = declaredXmlCharset(file, bytes);
		if (charset == null) charset = StandardCharsets.UTF_8;
		final CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		final ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
		final CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, (long) Math
			.ceil(in.remaining() * (double) decoder.maxCharsPerByte()) + 16));
		CoderResult result = decoder.decode(in, out, true);
		if (!result.isError()) result = decoder.flush(out);
		if (result.isError()) throw undecodable(file, charset, bytes[in.position()], out.array(), out
			.position());
		if (result.isOverflow()) throw new IllegalStateException("decoder overflow in " + file);
		return new TextSource(file, out.array(), out.position());
	}

	private static Charset charset(final Path file, final String name)
		throws SpectraFormatException
	{
		try {
			return Charset.forName(name);
		}
		catch (final IllegalCharsetNameException | UnsupportedCharsetException e) {
			throw new SpectraFormatException(file, 0, 0, "unknown encoding '" + name +
				"'; use a Java charset name such as UTF-8, windows-1250, ISO-8859-1 or UTF-16");
		}
	}

	private static Charset bomCharset(final byte[] b) {
		if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf)
			return StandardCharsets.UTF_8;
		if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe)
			return StandardCharsets.UTF_16LE;
		if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff)
			return StandardCharsets.UTF_16BE;
		return null;
	}

	private static Charset declaredXmlCharset(final Path file, final byte[] bytes)
		throws SpectraFormatException
	{
		if (bytes.length < 5 || bytes[0] != '<' || bytes[1] != '?') return null;
		final String prolog = new String(bytes, 0, Math.min(bytes.length, 200),
			StandardCharsets.ISO_8859_1);
		final Matcher m = XML_ENCODING.matcher(prolog);
		return m.find() ? charset(file, m.group(1)) : null;
	}

	private static SpectraFormatException undecodable(final Path file, final Charset charset,
		final byte bad, final char[] decoded, final int decodedLength)
	{
		int line = 1, lineStart = 0;
		for (int i = 0; i < decodedLength; i++) {
			if (decoded[i] == '\n') {
				line++;
				lineStart = i + 1;
			}
		}
		final String advice = charset.equals(StandardCharsets.UTF_8)
			? "re-save the file as UTF-8 or open it with encoding=windows-1250 (or whichever " +
				"encoding it was saved in)"
			: "open it with the encoding it was saved in (e.g. UTF-8)";
		return new SpectraFormatException(file, line, decodedLength - lineStart + 1, String.format(
			Locale.ROOT, "byte 0x%02X is not valid %s; %s", bad & 0xff, charset.name(), advice));
	}

	/**
	 * The decoded text of a file a text format claimed: refuses binary content and files with
	 * nothing in them, with the messages every text format shares.
	 */
	static TextSource text(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		if (bytes.length == 0) throw new SpectraFormatException(file, 0, 0,
			"empty file: expected a header line or a spectrum");
		if (looksBinary(bytes)) throw new SpectraFormatException(file, 0, 0,
			"binary file: not a text spectra format (CSV, .msa, ASCII .spe, RadiaCode XML, JCAMP-DX)");
		final TextSource source = decode(file, bytes, options.encoding());
		if (source.isBlank()) throw new SpectraFormatException(file, 0, 0,
			"empty file: expected a header line or a spectrum");
		return source;
	}

	/**
	 * The first non-blank line of a file's first bytes, trimmed, for recognising a format by its
	 * signature (ISO-8859-1, which keeps ASCII signatures whatever the encoding; UTF-16 when a
	 * byte-order mark says so).
	 */
	static String firstLine(final byte[] head) {
		final Charset bom = bomCharset(head);
		final int skip = bom == null ? 0 : bom.equals(StandardCharsets.UTF_8) ? 3 : 2;
		final String start = new String(head, skip, Math.min(head.length, 512) - skip, bom == null ||
			bom.equals(StandardCharsets.UTF_8) ? StandardCharsets.ISO_8859_1 : bom);
		for (final String line : start.split("[\r\n]+"))
			if (!line.trim().isEmpty()) return line.trim();
		return "";
	}

	/**
	 * For a file claimed by its extension: its first line must start with {@code prefix}.
	 *
	 * @param what the format, e.g. {@code an EMSA/MAS (.msa) spectrum}
	 */
	void requireStart(final String prefix, final String what) throws SpectraFormatException {
		final String first = firstLine();
		if (!first.startsWith(prefix)) throw new SpectraFormatException(file, 1, 0, "not " + what +
			": the first line is '" + (first.length() <= 60 ? first : first.substring(0, 57) + "…") +
			"'");
	}

	/** True when the text holds nothing but blanks and line breaks. */
	boolean isBlank() {
		for (int i = 0; i < length; i++)
			if (!Character.isWhitespace(chars[i])) return false;
		return true;
	}

	/** The first line that is not blank, trimmed, or "". */
	String firstLine() {
		final Lines lines = lines();
		while (lines.next())
			if (!lines.isBlank()) return lines.text().trim();
		return "";
	}

	Lines lines() {
		return new Lines();
	}

	/** Iterates lines ({@code \n}, {@code \r\n} or {@code \r}) with their 1-based numbers. */
	final class Lines {

		private int pos;
		/** The current line: {@code chars[start, end)}, number 1-based. */
		int start, end, number;

		boolean next() {
			if (pos >= length) return false;
			start = pos;
			int i = pos;
			while (i < length && chars[i] != '\n' && chars[i] != '\r') i++;
			end = i;
			if (i < length && chars[i] == '\r') i++;
			if (i < length && chars[i] == '\n' && (i == end || chars[i - 1] == '\r')) i++;
			pos = i;
			number++;
			return true;
		}

		String text() {
			return new String(chars, start, end - start);
		}

		/** The whole text the line lies in: the line is {@code chars()[start, end)}. */
		char[] chars() {
			return chars;
		}

		boolean isBlank() {
			for (int i = start; i < end; i++)
				if (!Character.isWhitespace(chars[i])) return false;
			return true;
		}
	}
}
