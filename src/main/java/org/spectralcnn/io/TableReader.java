package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.spectralcnn.data.SpectralDataset;

/**
 * Delimited text tables: decides between a wide table (one spectrum per row, numeric column
 * headers) and a long table (one spectrum down the rows) from the first one or two records.
 * <ul>
 * <li>2–3 columns, the first line all numbers (or empty, but not the first cell): a long table
 * without header, such as {@code 0,,5} from an uncalibrated gamma spectrum.</li>
 * <li>At least two headers after the first (id) column are numbers: a wide table.</li>
 * <li>No header is a number, 2–3 columns and the next row all numbers: a long table with
 * header.</li>
 * <li>Anything else has no spectral columns.</li>
 * </ul>
 * A wide table needs its first header to be text (the id column), which tells a 3-column wide
 * file {@code id,1100,1102} from a headerless {@code 0,-0.035,0} long file.
 */
final class TableReader implements SpectraReader {

	/** Wavelength headers as R's {@code check.names} writes them: {@code X1100}. */
	private static final Pattern R_PREFIXED = Pattern.compile("[Xx]-?[0-9]+(\\.[0-9]+)?");
	private static final List<String> EXTENSIONS = Arrays.asList("csv", "tsv", "tab", "txt", "dat",
		"xy");

	@Override
	public String name() {
		return "table (CSV/TSV, wide or long)";
	}

	@Override
	public List<String> extensions() {
		return EXTENSIONS;
	}

	/** Tables have no signature: by extension only, after every format that has one. */
	@Override
	public boolean recognises(final byte[] head, final String extension) {
		return EXTENSIONS.contains(extension);
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		return read(TextSource.text(file, bytes, options), options);
	}

	static SpectralDataset read(final TextSource source, final ReadOptions options)
		throws SpectraFormatException
	{
		final char delimiter = options.delimiter() != null ? options.delimiter() : DelimitedText
			.sniff(source);
		final DelimitedText table = new DelimitedText(source, delimiter);
		if (!table.next()) throw new SpectraFormatException(source.file, 0, 0,
			"empty file: expected a header line");
		final int m = table.cells;
		final String[] names = new String[m];
		final double[] values = new double[m];
		int numeric = 0, firstNumeric = -1;
		for (int k = 0; k < m; k++) {
			names[k] = table.text(k);
			values[k] = table.number(k);
			if (k > 0 && Double.isFinite(values[k])) {
				numeric++;
				if (firstNumeric < 0) firstNumeric = k;
			}
		}
		final boolean narrow = m >= 2 && m <= 3;
		if (narrow && Double.isFinite(values[0]) && isNumericRow(table)) return LongTableReader.read(
			table, null, options);
		if (numeric >= 2) return WideTableReader.read(table, names, values, options);
		final int headerLine = table.recordLine;
		if (numeric == 0 && narrow && table.next() && isNumericRow(table)) return LongTableReader
			.read(table, names, options);
		if (numeric == 1) throw new SpectraFormatException(source.file, headerLine, firstNumeric + 1,
			names[firstNumeric], "no spectral columns: only this column header is a number and a " +
				"spectrum needs at least 2; spectral columns need numeric headers such as 1100 or 0");
		final String prefixed = rPrefixed(names);
		throw new SpectraFormatException(source.file, headerLine, 0,
			"no spectral columns: no column header is a number; spectral columns need numeric " +
				"headers such as 1100 or 0" + (prefixed != null ? " (headers such as '" + prefixed +
					"' look like R's check.names prefix: write the table with check.names = FALSE, or " +
					"remove the X)" : " (a single spectrum may also be given as 2 or 3 numeric columns " +
						"x,y or channel,energy,counts)"));
	}

	/** The first of at least two headers written like {@code X1100}, or null. */
	private static String rPrefixed(final String[] names) {
		String first = null;
		int count = 0;
		for (final String name : names) {
			if (!R_PREFIXED.matcher(name).matches()) continue;
			if (first == null) first = name;
			count++;
		}
		return count >= 2 ? first : null;
	}

	/** A long table's data row: every cell a number or empty, at least two numbers. */
	private static boolean isNumericRow(final DelimitedText table) {
		int numbers = 0;
		for (int k = 0; k < table.cells; k++) {
			if (table.isEmpty(k)) continue;
			if (Double.isNaN(table.number(k))) return false;
			numbers++;
		}
		return numbers >= 2;
	}
}
