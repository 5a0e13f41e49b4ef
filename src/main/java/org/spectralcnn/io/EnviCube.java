package org.spectralcnn.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.spectralcnn.data.SpectralAxis;

/**
 * An ENVI image cube ({@code .hdr} + raw data file) read lazily: the header is parsed by
 * {@link EnviHeader}, the data file stays open and each {@link #readLine} or {@link #readBand}
 * reads only the bytes it needs with positioned reads, so a cube larger than the heap can be
 * worked through line by line. BSQ, BIL and BIP; data types 1, 2, 3, 4, 5, 12; either byte order;
 * {@code header offset}.
 * <p>
 * Values come out physical: {@code (raw × gain + offset) / reflectance scale factor}, with the
 * per-band {@code data gain values} and {@code data offset values} (1 and 0 when absent) and the
 * {@code reflectance scale factor} (1 when absent). A pixel holding the {@code data ignore value}
 * in any good band reads as NaN in every band (bad bands are often filled with it and do not
 * count). {@link #readLine} and {@link #readBand} are synchronized (one buffer serves them);
 * {@link #readLineBands} reads with a buffer per thread, so threads read lines at once.
 */
public final class EnviCube implements Closeable {

	/** How bands and pixels are ordered in the data file. */
	public enum Interleave {
		/** Band sequential: band planes one after the other. */
		BSQ,
		/** Band interleaved by line: per line, each band's samples. */
		BIL,
		/** Band interleaved by pixel: per pixel, all its bands. */
		BIP
	}

	private final Path header;
	private final Path data;
	private final int samples, lines, bands, type, size;
	private final Interleave interleave;
	private final ByteOrder order;
	private final long offset;
	private final SpectralAxis axis;
	private final boolean[] good;
	private final double[] mul, add;
	private final double ignore;
	private final double pixelWidth, pixelHeight;
	private final String pixelUnit;
	private final FileChannel channel;
	private final Scratch shared = new Scratch();
	private final ThreadLocal<Scratch> perThread = ThreadLocal.withInitial(Scratch::new);

	/** The bytes last read and their decoded values. */
	private static final class Scratch {

		ByteBuffer buffer = ByteBuffer.allocate(0);
		double[] raw = new double[0];
	}

	EnviCube(final EnviHeader h, final ReadOptions options) throws IOException,
		SpectraFormatException
	{
		header = h.file();
		final String fileType = h.get("file type");
		if (fileType != null && fileType.toLowerCase(Locale.ROOT).contains("spectral library"))
			throw h.error("file type", "'file type = " + fileType + "' is a spectral library, not an " +
				"image; read it with Import Spectra");
		samples = h.samples();
		lines = h.lines();
		bands = h.bands();
		type = h.dataType();
		size = EnviHeader.bytes(type);
		interleave = Interleave.valueOf(h.interleave().toUpperCase(Locale.ROOT));
		order = h.byteOrder();
		offset = h.headerOffset();
		if ((long) samples * bands * size > Integer.MAX_VALUE - 64) throw h.error("samples",
			"one line of samples " + samples + " × bands " + bands + " × " + size +
				" bytes is larger than 2 GiB; such cubes are not supported");
		axis = h.axis(bands, options);
		final boolean[] bbl = h.goodBands(bands);
		good = bbl != null ? bbl : all(bands);
		final double[] gain = perBand(h, "data gain values", 1);
		final double[] off = perBand(h, "data offset values", 0);
		final double rsf = h.reflectanceScaleFactor();
		if (rsf == 0) throw h.error("reflectance scale factor", "'reflectance scale factor = 0' " +
			"cannot be divided by");
		final double scale = Double.isFinite(rsf) ? rsf : 1;
		mul = new double[bands];
		add = new double[bands];
		for (int b = 0; b < bands; b++) {
			mul[b] = gain[b] / scale;
			add[b] = off[b] / scale;
		}
		final double ig = h.dataIgnoreValue();
		// float32 data hold the header's decimal rounded to float
		ignore = type == 4 ? (float) ig : ig;
		final double[] pixel = new double[] { 1, 1 };
		pixelUnit = pixelSize(h, pixel);
		pixelWidth = pixel[0];
		pixelHeight = pixel[1];
		data = h.dataFile(EnviHeader.CUBE_DATA);
		h.requireDataSize(data, Files.size(data));
		channel = FileChannel.open(data, StandardOpenOption.READ);
	}

	/** Opens the cube of an ENVI header, reading the header now and the data on demand. */
	/** A pixel's sample id wherever a cube's pixels become table rows: {@code y<line>_x<sample>}. */
	public static String pixelId(final int line, final int sample) {
		return "y" + line + "_x" + sample;
	}

	public static EnviCube open(final Path header) throws IOException, SpectraFormatException {
		return open(header, ReadOptions.defaults());
	}

	/** {@link #open(Path)} with read options (encoding of the header, the axis unit). */
	public static EnviCube open(final Path header, final ReadOptions options) throws IOException,
		SpectraFormatException
	{
		return new EnviCube(EnviHeader.read(header, options), options);
	}

	/**
	 * Whether {@code header} belongs to an image cube, not to a spectral library (a folder of
	 * cubes may hold both); a header that cannot be read counts as a cube, so that opening it
	 * says why.
	 */
	public static boolean isCube(final Path header) {
		try {
			return isImage(EnviHeader.read(header, ReadOptions.defaults()));
		}
		catch (final IOException | SpectraFormatException e) {
			return true;
		}
	}

	/**
	 * Whether a header describes an image cube rather than a spectral library: its
	 * {@code file type} says so, or (without one) it has more than one band.
	 */
	static boolean isImage(final EnviHeader h) throws SpectraFormatException {
		final String type = h.get("file type");
		if (type != null) return !type.toLowerCase(Locale.ROOT).contains("spectral library");
		return h.bands() > 1;
	}

	private static boolean[] all(final int n) {
		final boolean[] b = new boolean[n];
		Arrays.fill(b, true);
		return b;
	}

	private static double[] perBand(final EnviHeader h, final String key, final double otherwise)
		throws SpectraFormatException
	{
		final int n = h.bands();
		final double[] v = new double[n];
		final List<String> items = h.list(key);
		if (items.isEmpty()) {
			Arrays.fill(v, otherwise);
			return v;
		}
		if (items.size() != n) throw h.error(key, "'" + key + "' has " + items.size() +
			" values for " + n + " bands");
		for (int b = 0; b < n; b++) {
			v[b] = Decimals.parse(items.get(b));
			if (!Double.isFinite(v[b])) throw h.error(key, "'" + key + "' value " + (b + 1) + " '" +
				items.get(b) + "' is not a number");
		}
		return v;
	}

	/**
	 * Pixel width and height into {@code out} from {@code pixel size = {x, y, units=…}} or
	 * {@code map info = {projection, ref x, ref y, easting, northing, x size, y size, …,
	 * units=…}}; returns the unit ("pixel" with 1 × 1 when the header says neither).
	 */
	private static String pixelSize(final EnviHeader h, final double[] out)
		throws SpectraFormatException
	{
		for (final String key : new String[] { "pixel size", "map info" }) {
			final List<String> items = h.list(key);
			if (items.isEmpty()) continue;
			final int first = key.equals("pixel size") ? 0 : 5;
			if (items.size() < first + 2) throw h.error(key, "'" + key + "' has " + items.size() +
				" items; the pixel size needs " + (first + 2));
			for (int i = 0; i < 2; i++) {
				out[i] = Decimals.parse(items.get(first + i));
				if (!(out[i] > 0) || !Double.isFinite(out[i])) throw h.error(key, "'" + key +
					"' pixel " + (i == 0 ? "width" : "height") + " '" + items.get(first + i) +
					"' is not a positive number");
			}
			String units = null;
			for (final String item : items)
				if (item.toLowerCase(Locale.ROOT).startsWith("units")) units = item.substring(item
					.indexOf('=') + 1).trim();
			if (units == null) {
				// ENVI's default map units are metres; an arbitrary frame has no unit
				final String projection = key.equals("map info") ? items.get(0).toLowerCase(Locale.ROOT)
					: "";
				return projection.startsWith("arbitrary") ? "pixel" : projection.startsWith(
					"geographic") ? "degree" : "m";
			}
			return unit(units);
		}
		return "pixel";
	}

	private static String unit(final String units) {
		final String u = units.toLowerCase(Locale.ROOT);
		if (u.startsWith("meter") || u.startsWith("metre") || u.equals("m")) return "m";
		if (u.startsWith("km") || u.startsWith("kilomet")) return "km";
		if (u.startsWith("cm") || u.startsWith("centimet")) return "cm";
		if (u.startsWith("mm") || u.startsWith("millimet")) return "mm";
		if (u.startsWith("um") || u.startsWith("µm") || u.startsWith("micromet")) return "µm";
		if (u.startsWith("feet") || u.startsWith("foot") || u.equals("ft")) return "ft";
		if (u.startsWith("degree")) return "degree";
		return units;
	}

	public Path header() {
		return header;
	}

	public Path dataFile() {
		return data;
	}

	/** Pixels per line (x). */
	public int samples() {
		return samples;
	}

	/** Lines (y). */
	public int lines() {
		return lines;
	}

	public int bands() {
		return bands;
	}

	public Interleave interleave() {
		return interleave;
	}

	/** The ENVI data type code (1, 2, 3, 4, 5 or 12). */
	public int dataType() {
		return type;
	}

	public ByteOrder byteOrder() {
		return order;
	}

	public SpectralAxis axis() {
		return axis;
	}

	/** A copy of the good-band flags (ENVI {@code bbl}; all true without one). */
	public boolean[] goodBands() {
		return good.clone();
	}

	public double pixelWidth() {
		return pixelWidth;
	}

	public double pixelHeight() {
		return pixelHeight;
	}

	public String pixelUnit() {
		return pixelUnit;
	}

	/** Bytes of values (without the header offset). */
	public long dataBytes() {
		return (long) samples * lines * bands * size;
	}

	/** Reads line {@code y}: {@code out[x][b]}, out is at least samples × bands. */
	public synchronized void readLine(final int y, final float[][] out) throws IOException {
		if (y < 0 || y >= lines) throw new IndexOutOfBoundsException("line " + y + " of " + lines);
		final int n = samples * bands;
		final double[] v = values(shared, n);
		final long lineBytes = (long) n * size;
		switch (interleave) {
			case BIL:
				read(shared, offset + y * lineBytes, n, v, 0);
				for (int b = 0; b < bands; b++) {
					final double m = mul[b], a = add[b];
					for (int x = 0; x < samples; x++) out[x][b] = (float) (v[b * samples + x] * m + a);
				}
				break;
			case BIP:
				read(shared, offset + y * lineBytes, n, v, 0);
				for (int x = 0; x < samples; x++) {
					final float[] o = out[x];
					for (int b = 0, i = x * bands; b < bands; b++, i++)
						o[b] = (float) (v[i] * mul[b] + add[b]);
				}
				break;
			default:
				for (int b = 0; b < bands; b++) {
					read(shared, offset + ((long) b * lines + y) * samples * size, samples, v, b * samples);
					final double m = mul[b], a = add[b];
					for (int x = 0; x < samples; x++) out[x][b] = (float) (v[b * samples + x] * m + a);
				}
		}
		if (ignore == ignore) maskIgnored(v, out);
	}

	/**
	 * Reads line {@code y} band by band (safe from several threads at once: each has its own
	 * buffer): the value of pixel x in band b goes to
	 * {@code out[at + b * stride + x]} (the same values as {@link #readLine}, ignored pixels
	 * NaN). A BIL or BSQ line is already stored so, and float32 data without gain, offset or
	 * scale factor are copied straight from the file's bytes: no transposition, no per-value
	 * conversion (what a PLSR map of a large cube spends its time on).
	 */
	public void readLineBands(final int y, final float[] out, final int at,
		final int stride) throws IOException
	{
		if (y < 0 || y >= lines) throw new IndexOutOfBoundsException("line " + y + " of " + lines);
		final int n = samples * bands;
		final long lineBytes = (long) n * size;
		final boolean direct = type == 4 && identity();
		final Scratch scratch = perThread.get();
		final double[] v = direct ? null : values(scratch, n);
		switch (interleave) {
			case BIL:
				if (direct) {
					final FloatBuffer f = fill(scratch, offset + y * lineBytes, n * size).asFloatBuffer();
					for (int b = 0; b < bands; b++)
						f.get(b * samples, out, at + b * stride, samples);
				}
				else {
					read(scratch, offset + y * lineBytes, n, v, 0);
					for (int b = 0; b < bands; b++) {
						final double m = mul[b], a = add[b];
						final int o = at + b * stride, i = b * samples;
						for (int x = 0; x < samples; x++) out[o + x] = (float) (v[i + x] * m + a);
					}
				}
				break;
			case BIP:
				if (direct) {
					final FloatBuffer f = fill(scratch, offset + y * lineBytes, n * size).asFloatBuffer();
					for (int x = 0, i = 0; x < samples; x++)
						for (int b = 0; b < bands; b++, i++) out[at + b * stride + x] = f.get(i);
				}
				else {
					read(scratch, offset + y * lineBytes, n, v, 0);
					for (int x = 0, i = 0; x < samples; x++)
						for (int b = 0; b < bands; b++, i++) out[at + b * stride + x] = (float) (v[i] *
							mul[b] + add[b]);
				}
				break;
			default:
				for (int b = 0; b < bands; b++) {
					final long position = offset + ((long) b * lines + y) * samples * size;
					final int o = at + b * stride;
					if (direct) {
						fill(scratch, position, samples * size).asFloatBuffer().get(0, out, o, samples);
					}
					else {
						read(scratch, position, samples, v, b * samples);
						final double m = mul[b], a = add[b];
						for (int x = 0; x < samples; x++) out[o + x] = (float) (v[b * samples + x] * m + a);
					}
				}
		}
		if (ignore != ignore) return;
		// as maskIgnored: the raw value (for direct reads, the value itself) in a good band
		for (int x = 0; x < samples; x++)
			for (int b = 0; b < bands; b++) {
				if (!good[b]) continue;
				final double raw = direct ? out[at + b * stride + x] : v[interleave == Interleave.BIP
					? x * bands + b : b * samples + x];
				if (raw == ignore) {
					for (int c = 0; c < bands; c++) out[at + c * stride + x] = Float.NaN;
					break;
				}
			}
	}

	/** Whether values are the raw numbers: no gain, offset or scale factor. */
	private boolean identity() {
		for (int b = 0; b < bands; b++)
			if (mul[b] != 1 || add[b] != 0) return false;
		return true;
	}

	/** Pixels with the ignore value in a good band become NaN in every band. */
	private void maskIgnored(final double[] v, final float[][] out) {
		for (int x = 0; x < samples; x++)
			for (int b = 0; b < bands; b++) {
				if (!good[b]) continue;
				final int i = interleave == Interleave.BIP ? x * bands + b : b * samples + x;
				if (v[i] == ignore) {
					Arrays.fill(out[x], 0, bands, Float.NaN);
					break;
				}
			}
	}

	/**
	 * Reads band {@code b} as a plane, {@code plane[y * samples + x]}: one read per line of the
	 * band for BSQ and BIL; a BIP cube has to read every line whole (the whole file per band). Ignored pixels are NaN as in
	 * {@link #readLine}.
	 */
	public synchronized void readBand(final int b, final float[] plane) throws IOException {
		if (b < 0 || b >= bands) throw new IndexOutOfBoundsException("band " + b + " of " + bands);
		final double m = mul[b], a = add[b];
		if (ignore == ignore && bandsToCheck() > 0) {
			// whole lines: the ignore value in any good band masks the pixel
			final float[][] line = new float[samples][bands];
			for (int y = 0; y < lines; y++) {
				readLine(y, line);
				for (int x = 0; x < samples; x++) plane[y * samples + x] = line[x][b];
			}
			return;
		}
		if (interleave == Interleave.BIP) {
			// a band of a BIP file is spread over every line: read each line, decode one band
			final long lineBytes = (long) samples * bands * size;
			for (int y = 0; y < lines; y++) {
				final ByteBuffer buffer = fill(shared, offset + y * lineBytes, (int) lineBytes);
				for (int x = 0; x < samples; x++) plane[y * samples + x] = (float) (raw(buffer, x * bands + b) *
					m + a);
			}
			return;
		}
		final double[] v = values(shared, samples);
		for (int y = 0; y < lines; y++) {
			final long position = interleave == Interleave.BSQ ? offset + ((long) b * lines + y) *
				samples * size : offset + ((long) y * bands + b) * samples * size;
			read(shared, position, samples, v, 0);
			for (int x = 0; x < samples; x++) plane[y * samples + x] = (float) (v[x] * m + a);
		}
	}

	private int bandsToCheck() {
		int n = 0;
		for (final boolean g : good)
			if (g) n++;
		return n;
	}

	private static double[] values(final Scratch s, final int n) {
		if (s.raw.length < n) s.raw = new double[n];
		return s.raw;
	}

	/** Reads {@code n} raw values at byte {@code position} into {@code out[at…]}. */
	private void read(final Scratch s, final long position, final int n, final double[] out,
		final int at) throws IOException
	{
		final ByteBuffer buffer = fill(s, position, n * size);
		switch (type) {
			case 1:
				for (int i = 0; i < n; i++) out[at + i] = buffer.get(i) & 0xff;
				break;
			case 2:
				for (int i = 0; i < n; i++) out[at + i] = buffer.getShort(i << 1);
				break;
			case 12:
				for (int i = 0; i < n; i++) out[at + i] = buffer.getShort(i << 1) & 0xffff;
				break;
			case 3:
				for (int i = 0; i < n; i++) out[at + i] = buffer.getInt(i << 2);
				break;
			case 4:
				for (int i = 0; i < n; i++) out[at + i] = buffer.getFloat(i << 2);
				break;
			default:
				for (int i = 0; i < n; i++) out[at + i] = buffer.getDouble(i << 3);
		}
	}

	/** Raw value {@code i} of bytes that {@link #fill} read. */
	private double raw(final ByteBuffer buffer, final int i) {
		switch (type) {
			case 1:
				return buffer.get(i) & 0xff;
			case 2:
				return buffer.getShort(i << 1);
			case 12:
				return buffer.getShort(i << 1) & 0xffff;
			case 3:
				return buffer.getInt(i << 2);
			case 4:
				return buffer.getFloat(i << 2);
			default:
				return buffer.getDouble(i << 3);
		}
	}

	/** Reads {@code bytes} bytes at {@code position} into the scratch buffer, in the file's order. */
	private ByteBuffer fill(final Scratch s, final long position, final int bytes)
		throws IOException
	{
		if (s.buffer.capacity() < bytes) s.buffer = ByteBuffer.allocateDirect(bytes);
		final ByteBuffer buffer = s.buffer;
		buffer.clear().limit(bytes);
		long p = position;
		while (buffer.hasRemaining()) {
			final int r = channel.read(buffer, p);
			if (r < 0) throw new IOException(data + ": the file ended at byte " + p + " while " +
				"reading " + bytes + " bytes at byte " + position + " (it was shortened after opening?)");
			p += r;
		}
		buffer.flip();
		return buffer.order(order);
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}

	@Override
	public String toString() {
		return header.getFileName() + " (" + samples + " × " + lines + " × " + bands + ", " +
			interleave.name().toLowerCase(Locale.ROOT) + ", data type " + type + ")";
	}
}
