package org.spectralcnn.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.spectralcnn.data.MemoryLimits;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * An ENVI image cube's header ({@code file type = ENVI Standard}, or no file type and
 * {@code bands > 1}) read as a spectra table: one spectrum per pixel, row-major (line 0 samples
 * 0…, then line 1), ids {@code y<line>_x<sample>}, physical values ({@link EnviCube}). Bad bands
 * ({@code bbl}) are left out of the table, and so are pixels without a finite value in every
 * good band (the ignore value, NaN): their ids are missing from the table. A cube too large for a
 * table in memory is refused with a pointer to Predict Image and Spectra from ROIs, which read
 * it line by line.
 */
final class EnviImageReader implements SpectraReader {

	private static final Pattern FILE_TYPE = Pattern.compile("(?im)^\\s*file\\s+type\\s*=\\s*(.*)$");
	private static final Pattern BANDS = Pattern.compile("(?im)^\\s*bands\\s*=\\s*(\\d+)\\s*$");

	@Override
	public String name() {
		return "ENVI image cube (.hdr + data file)";
	}

	/** None: a folder of cubes is not one table; the .hdr is opened on its own. */
	@Override
	public List<String> extensions() {
		return Collections.emptyList();
	}

	/**
	 * An ENVI header whose {@code file type} (or, without one, {@code bands > 1}) in its first
	 * bytes says image; spectral libraries go to {@link EnviLibraryReader}.
	 */
	@Override
	public boolean recognises(final byte[] head, final String extension) {
		if (!TextSource.firstLine(head).equals("ENVI")) return false;
		final String text = new String(head, StandardCharsets.ISO_8859_1);
		final Matcher type = FILE_TYPE.matcher(text);
		if (type.find()) return !type.group(1).toLowerCase(Locale.ROOT).contains("spectral library");
		final Matcher bands = BANDS.matcher(text);
		return bands.find() && !bands.group(1).equals("1");
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws IOException, SpectraFormatException
	{
		return read(EnviHeader.parse(file, bytes, options), options, Math.min(MemoryLimits.MAX_ARRAY,
			MemoryLimits.heap() / 16));
	}

	/** @param maxValues the most pixels × good bands a table may hold (a quarter of the heap) */
	static SpectralDataset read(final EnviHeader header, final ReadOptions options,
		final long maxValues) throws IOException, SpectraFormatException
	{
		return read(header, options, maxValues, 0, Integer.MAX_VALUE);
	}

	/**
	 * Lines {@code [fromLine, toLine)} of the cube (toLine clipped to its lines) as the whole
	 * cube's table holds them: the same rows, in the same order, reading only those lines.
	 */
	static SpectralDataset read(final EnviHeader header, final ReadOptions options,
		final long maxValues, final int fromLine, final int toLine) throws IOException,
		SpectraFormatException
	{
		if (header.bands() < 2) throw header.error("bands", "an image with bands = " + header.bands() +
			" has no spectra to read; a spectral library says 'file type = ENVI Spectral Library'");
		try (EnviCube cube = new EnviCube(header, options)) {
			final boolean[] good = cube.goodBands();
			int p = 0;
			for (final boolean g : good)
				if (g) p++;
			if (p == 0) throw header.error("bbl", "every band is marked bad in 'bbl'");
			final int w = cube.samples(), to = Math.min(toLine, cube.lines());
			if (fromLine < 0 || fromLine >= to) throw new IndexOutOfBoundsException("lines " +
				fromLine + "–" + toLine + " of " + cube.lines());
			final int h = to - fromLine;
			final long count = (long) w * h * p;
			if (count > maxValues) throw new SpectraFormatException(header.file(), 0, 0, String.format(
				Locale.ROOT, "too large for a spectra table: %d × %d pixels × %d bands = %,d values " +
					"(%s); the limit is %,d values (a quarter of the %s Java heap). Predict Image " +
					"reads a cube of any size line by line; Spectra from ROIs makes a table of region " +
					"spectra", w, h, p, count, MemoryLimits.size(count * 4), maxValues, MemoryLimits.size(
						MemoryLimits.heap())));
			final int[] keep = new int[p];
			final double[] x = new double[p];
			for (int b = 0, k = 0; b < good.length; b++)
				if (good[b]) {
					x[k] = cube.axis().value(b);
					keep[k++] = b;
				}
			final SpectralAxis axis = p == good.length ? cube.axis() : SpectralAxis.of(x, cube.axis()
				.unit());
			float[] spectra = new float[(int) count];
			final String[] ids = new String[w * h];
			final float[][] line = new float[w][cube.bands()];
			int n = 0;
			for (int y = fromLine; y < to; y++) {
				cube.readLine(y, line);
				pixels: for (int i = 0; i < w; i++) {
					final int at = n * p;
					for (int k = 0; k < p; k++) {
						final float v = line[i][keep[k]];
						if (!Float.isFinite(v)) continue pixels;
						spectra[at + k] = v;
					}
					ids[n++] = EnviCube.pixelId(y, i);
				}
			}
			if (n == 0) throw new SpectraFormatException(header.file(), 0, 0, "no pixel " + (h < cube
				.lines() ? "of lines " + fromLine + "–" + (to - 1) + " " : "") + "has a value in every " +
				"good band (all hold the data ignore value or NaN)");
			if (n < ids.length) spectra = Arrays.copyOf(spectra, n * p);
			return SpectralDataset.builder(header.file().getFileName().toString(), axis, Arrays
				.copyOf(ids, n), spectra).build();
		}
	}
}
