package org.spectralcnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralUnit;

/**
 * An ENVI header ({@code .hdr}, Harris/L3Harris "ENVI Header Format"): the first line
 * {@code ENVI}, then {@code key = value} lines, a value in braces ({@code {…}}) may span lines;
 * {@code ;} starts a comment line. Keys compare in lower case with single blanks. Shared by the
 * spectral-library reader and (later) image cubes: it knows the layout (samples, lines, bands,
 * interleave, data type, byte order, header offset) and the spectral metadata (wavelength and
 * its units, reflectance scale factor, data ignore value, bad band list), and decodes the raw
 * values of the data file.
 * <p>
 * Data types: 1 uint8, 2 int16, 3 int32, 4 float32, 5 float64, 12 uint16; others (complex 6/9,
 * 64-bit integers 14/15, uint32 13) are refused by name. A missing {@code byte order} means
 * little-endian (0), as ENVI writes on every current platform.
 */
final class EnviHeader {

	private final Path file;
	private final Map<String, String> values = new HashMap<>();
	private final Map<String, Integer> lineOf = new HashMap<>();

	private EnviHeader(final Path file) {
		this.file = file;
	}

	/** Extensions of an image cube's data file beside its header. */
	static final String[] CUBE_DATA = { "img", "dat", "raw", "bil", "bsq", "bip" };

	/** Extension of a spectral library's data file. */
	static final String LIBRARY_DATA = "sli";

	/** Every data file beside a header: cubes', then libraries'. */
	private static final List<String> DATA_EXTENSIONS = java.util.stream.Stream.concat(Arrays
		.stream(CUBE_DATA), java.util.stream.Stream.of(LIBRARY_DATA)).toList();

	/**
	 * The existing files an ENVI reader may read together with {@code file}: the data files
	 * beside a header, the headers beside a data file; empty for any other file. A run must not
	 * overwrite them either ({@link OutputPlan}).
	 */
	static List<Path> companions(final Path file) {
		final Path name = file.getFileName();
		if (name == null) return List.of();
		final String n = name.toString(), lower = n.toLowerCase(Locale.ROOT);
		final int dot = n.lastIndexOf('.');
		if (dot <= 0) return List.of();
		final String base = n.substring(0, dot), ext = lower.substring(dot + 1);
		final List<String> candidates = new ArrayList<>();
		if (ext.equals("hdr")) {
			for (final String e : DATA_EXTENSIONS) {
				candidates.add(base + "." + e);
				candidates.add(base + "." + e.toUpperCase(Locale.ROOT));
			}
			candidates.add(base);
		}
		else if (DATA_EXTENSIONS.contains(ext)) {
			candidates.addAll(List.of(base + ".hdr", base + ".HDR", n + ".hdr"));
		}
		final List<Path> found = new ArrayList<>();
		for (final String c : candidates) {
			final Path p = file.resolveSibling(c);
			if (Files.isRegularFile(p)) found.add(p);
		}
		return found;
	}

	/** Reads and parses a header file. */
	static EnviHeader read(final Path header, final ReadOptions options) throws IOException,
		SpectraFormatException
	{
		return parse(header, TextSource.readBytes(header), options);
	}

	/** Parses a header's bytes (gzip already inflated). */
	static EnviHeader parse(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		final TextSource text = TextSource.text(file, bytes, options);
		text.requireStart("ENVI", "an ENVI header (first line ENVI)");
		final EnviHeader h = new EnviHeader(file);
		final TextSource.Lines lines = text.lines();
		lines.next(); // ENVI
		while (lines.next()) {
			final String line = lines.text().trim();
			if (line.isEmpty() || line.startsWith(";")) continue;
			final int eq = line.indexOf('=');
			if (eq < 0) throw new SpectraFormatException(file, lines.number, 0, "expected 'key = " +
				"value', found '" + (line.length() <= 60 ? line : line.substring(0, 57) + "…") + "'");
			final String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT).replaceAll(
				"\\s+", " ");
			final int number = lines.number;
			String value = line.substring(eq + 1).trim();
			if (value.startsWith("{")) {
				final StringBuilder sb = new StringBuilder(value);
				while (sb.indexOf("}") < 0) {
					if (!lines.next()) throw new SpectraFormatException(file, number, 0, "the '{' of '" +
						key + "' is never closed by '}'");
					sb.append('\n').append(lines.text());
				}
				value = sb.substring(1, sb.indexOf("}")).trim();
			}
			h.values.put(key, value);
			h.lineOf.put(key, number);
		}
		return h;
	}

	/** The header file. */
	Path file() {
		return file;
	}

	/** The raw value of a key (braces removed), or null. */
	String get(final String key) {
		return values.get(key);
	}

	/** The comma-separated items of a brace list, trimmed; empty when the key is absent. */
	List<String> list(final String key) {
		final String v = values.get(key);
		if (v == null || v.isEmpty()) return Collections.emptyList();
		final List<String> items = new ArrayList<>();
		for (final String s : v.split(",")) items.add(s.trim());
		// a trailing comma, as some writers leave, adds no item
		final int last = items.size() - 1;
		if (last >= 0 && items.get(last).isEmpty()) items.remove(last);
		return items;
	}

	/** An error at the line of {@code key} (or the header as a whole when it is absent). */
	SpectraFormatException error(final String key, final String problem) {
		final Integer line = lineOf.get(key);
		return new SpectraFormatException(file, line == null ? 0 : line, 0, problem);
	}

	/** A required whole number of at least {@code min}. */
	long integer(final String key, final long min) throws SpectraFormatException {
		final String v = values.get(key);
		if (v == null) throw error(key, "the header has no '" + key + "'");
		try {
			final long n = Long.parseLong(v.trim());
			if (n < min) throw error(key, "'" + key + " = " + v + "' must be at least " + min);
			return n;
		}
		catch (final NumberFormatException e) {
			throw error(key, "'" + key + " = " + v + "' is not a whole number");
		}
	}

	/** An optional number, {@code otherwise} when absent. */
	double number(final String key, final double otherwise) throws SpectraFormatException {
		final String v = values.get(key);
		if (v == null || v.isEmpty()) return otherwise;
		if (v.trim().equalsIgnoreCase("nan")) return Double.NaN;
		final double d = Decimals.parse(v);
		if (Double.isNaN(d)) throw error(key, "'" + key + " = " + v + "' is not a number");
		return d;
	}

	int samples() throws SpectraFormatException {
		return (int) Math.min(integer("samples", 1), Integer.MAX_VALUE);
	}

	int lines() throws SpectraFormatException {
		return (int) Math.min(integer("lines", 1), Integer.MAX_VALUE);
	}

	int bands() throws SpectraFormatException {
		return (int) Math.min(integer("bands", 1), Integer.MAX_VALUE);
	}

	long headerOffset() throws SpectraFormatException {
		return values.containsKey("header offset") ? integer("header offset", 0) : 0;
	}

	/** {@code bsq}, {@code bil} or {@code bip} (BSQ when absent). */
	String interleave() throws SpectraFormatException {
		final String v = values.getOrDefault("interleave", "bsq").trim().toLowerCase(Locale.ROOT);
		if (!v.equals("bsq") && !v.equals("bil") && !v.equals("bip")) throw error("interleave",
			"'interleave = " + v + "' is not bsq, bil or bip");
		return v;
	}

	/** The ENVI data type code, checked to be one this class decodes. */
	int dataType() throws SpectraFormatException {
		final long t = integer("data type", 0);
		if (bytes((int) Math.min(t, 99)) == 0) throw error("data type", "'data type = " + t +
			"' is not supported (" + typeName(t) + "); supported: 1 uint8, 2 int16, 3 int32, " +
			"4 float32, 5 float64, 12 uint16");
		return (int) t;
	}

	/** Bytes per value of a data type code, 0 for a type not supported. */
	static int bytes(final int dataType) {
		switch (dataType) {
			case 1:
				return 1;
			case 2:
			case 12:
				return 2;
			case 3:
			case 4:
				return 4;
			case 5:
				return 8;
			default:
				return 0;
		}
	}

	private static String typeName(final long t) {
		if (t == 6) return "complex float32";
		if (t == 9) return "complex float64";
		if (t == 13) return "uint32";
		if (t == 14) return "int64";
		if (t == 15) return "uint64";
		return "not an ENVI data type";
	}

	ByteOrder byteOrder() throws SpectraFormatException {
		if (!values.containsKey("byte order")) return ByteOrder.LITTLE_ENDIAN;
		final long b = integer("byte order", 0);
		if (b > 1) throw error("byte order", "'byte order = " + b +
			"' must be 0 (little-endian) or 1 (big-endian)");
		return b == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
	}

	/** The factor stored values were multiplied by (reflectance × factor), NaN when absent. */
	double reflectanceScaleFactor() throws SpectraFormatException {
		return number("reflectance scale factor", Double.NaN);
	}

	/** The value that marks no data, NaN when absent (or NaN itself). */
	double dataIgnoreValue() throws SpectraFormatException {
		return number("data ignore value", Double.NaN);
	}

	/** The bad band list (1 good, 0 bad) with {@code count} entries, or null when absent. */
	boolean[] goodBands(final int count) throws SpectraFormatException {
		final List<String> items = list("bbl");
		if (items.isEmpty()) return null;
		if (items.size() != count) throw error("bbl", "bbl has " + items.size() + " entries for " +
			count + " bands");
		final boolean[] good = new boolean[count];
		for (int i = 0; i < count; i++) good[i] = Decimals.parse(items.get(i)) != 0;
		return good;
	}

	/**
	 * The spectral axis of {@code count} bands from {@code wavelength} and
	 * {@code wavelength units} (nanometres, micrometres → nm, wavenumber → cm⁻¹; unknown or absent
	 * units are inferred from the values); band numbers 1…count (unit channel) without a
	 * wavelength list, or when the options ask for channels.
	 */
	SpectralAxis axis(final int count, final ReadOptions options) throws SpectraFormatException {
		final List<String> items = list("wavelength");
		if (items.isEmpty() || options.unit() == SpectralUnit.CHANNEL) return SpectralAxis.regular(1,
			1, count, SpectralUnit.CHANNEL);
		if (items.size() != count) throw error("wavelength", "the wavelength list has " + items
			.size() + " values for " + count + " bands");
		final String units = values.getOrDefault("wavelength units", "").trim().toLowerCase(
			Locale.ROOT);
		double scale = 1;
		SpectralUnit unit = null;
		if (units.startsWith("nanomet") || units.equals("nm")) unit = SpectralUnit.NM;
		else if (units.startsWith("micromet") || units.equals("um") || units.equals("µm")) {
			unit = SpectralUnit.NM;
			scale = 1000;
		}
		else if (units.startsWith("wavenumber") || units.equals("cm-1")) unit =
			SpectralUnit.WAVENUMBER;
		final double[] x = new double[count];
		for (int i = 0; i < count; i++) {
			x[i] = Decimals.parse(items.get(i)) * scale;
			if (!Double.isFinite(x[i])) throw error("wavelength", "wavelength " + (i + 1) + " '" +
				items.get(i) + "' is not a number");
		}
		if (unit == null) unit = AxisUnits.infer(x);
		AxisUnits.requireUnit(file, options, unit, "wavelength units = " + values.getOrDefault(
			"wavelength units", "(none)"));
		try {
			return SpectralAxis.of(x, unit);
		}
		catch (final IllegalArgumentException e) {
			throw error("wavelength", "the wavelength list is not a spectral axis: " + e.getMessage());
		}
	}

	/**
	 * The data file beside this header: the header's name without {@code .hdr}, with each of
	 * {@code extensions} (as given, then upper case), or with none.
	 */
	Path dataFile(final String... extensions) throws SpectraFormatException {
		final String name = file.getFileName().toString();
		final String base = name.toLowerCase(Locale.ROOT).endsWith(".hdr") ? name.substring(0, name
			.length() - 4) : name;
		final List<String> tried = new ArrayList<>();
		for (final String ext : extensions)
			for (final String e : new String[] { ext, ext.toUpperCase(Locale.ROOT) }) {
				final Path p = file.resolveSibling(base + "." + e);
				if (Files.isRegularFile(p)) return p;
				tried.add(base + "." + e);
			}
		final Path bare = file.resolveSibling(base);
		if (Files.isRegularFile(bare)) return bare;
		tried.add(base);
		throw new SpectraFormatException(file, 0, 0, "no data file beside the header (looked for " +
			String.join(", ", tried) + ")");
	}

	/** Bytes the data need after the header offset: samples × lines × bands × value size. */
	long dataBytes() throws SpectraFormatException {
		final long n = (long) samples() * lines();
		final long bytes = bytes(dataType());
		if (n > Long.MAX_VALUE / bands() / bytes) throw error("samples", "samples × lines × bands " +
			"is too large for any file");
		return n * bands() * bytes;
	}

	/**
	 * Checks that a data file of {@code size} bytes holds what the header announces: a shorter
	 * file is truncated (nothing is allocated for data it does not have). A longer one is refused
	 * when ENVI itself wrote it (file type ENVI Standard or Spectral Library, or none): ENVI
	 * writes exactly the data, so the header is wrong, and every value would be read shifted.
	 * Other file types (PCIDSK's {@code .pix}, …) keep more after the image and are read.
	 */
	void requireDataSize(final Path data, final long size) throws SpectraFormatException {
		final long need = dataBytes() + headerOffset();
		final String announced = "the file has " + size + " bytes but its header " + file
			.getFileName() + " announces " + need + " (header offset " + headerOffset() + " + samples " +
			samples() + " × lines " + lines() + " × bands " + bands() + " × " + bytes(dataType()) +
			" bytes)";
		if (size < need) throw new SpectraFormatException(data, 0, 0, announced +
			": truncated, or the header is wrong");
		final String type = get("file type");
		final boolean envi = type == null || type.toLowerCase(Locale.ROOT).startsWith("envi");
		if (size > need && envi) throw new SpectraFormatException(data, 0, 0, announced + ": " + (size -
			need) + " bytes more than announced, which ENVI does not write: the header is wrong or " +
			"belongs to another file (bytes before the data would need 'header offset = " + (size -
				need + headerOffset()) + "'; bytes after it, other samples, lines or bands)");
	}

	/** The value at byte {@code position} of the data, in the header's type and byte order. */
	static double value(final ByteBuffer data, final int dataType, final int position) {
		switch (dataType) {
			case 1:
				return data.get(position) & 0xff;
			case 2:
				return data.getShort(position);
			case 12:
				return data.getShort(position) & 0xffff;
			case 3:
				return data.getInt(position);
			case 4:
				return data.getFloat(position);
			default:
				return data.getDouble(position);
		}
	}
}
