package org.spectralcnn.io;

import org.spectralcnn.data.SpectralDataset;

/**
 * Delimited text tables: decides between a wide table (one spectrum per row, numeric column
 * headers) and a long table (one spectrum down the rows) from the first one or two records.
 * <ul>
 * <li>Every cell of the first line a number and 2–3 columns: a long table without header.</li>
 * <li>At least two headers after the first (id) column are numbers: a wide table.</li>
 * <li>No header is a number, 2–3 columns and the next row all numbers: a long table with
 * header.</li>
 * <li>Anything else has no spectral columns.</li>
 * </ul>
 * A wide table needs its first header to be text (the id column), which tells a 3-column wide
 * file {@code id,1100,1102} from a headerless {@code 0,-0.035,0} long file.
 */
final class TableReader {

	private TableReader() {}

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
		final boolean allNumeric = Double.isFinite(values[0]) && numeric == m - 1;
		if (allNumeric && m >= 2 && m <= 3) return LongTableReader.read(table, null, options);
		if (numeric >= 2) return WideTableReader.read(table, names, values, options);
		final int headerLine = table.recordLine;
		if (numeric == 0 && m >= 2 && m <= 3 && table.next() && isNumericRow(table))
			return LongTableReader.read(table, names, options);
		if (numeric == 1) throw new SpectraFormatException(source.file, headerLine, firstNumeric + 1,
			names[firstNumeric], "no spectral columns: only this column header is a number and a " +
				"spectrum needs at least 2; spectral columns need numeric headers such as 1100 or 0");
		throw new SpectraFormatException(source.file, headerLine, 0,
			"no spectral columns: no column header is a number; spectral columns need numeric " +
				"headers such as 1100 or 0 (a single spectrum may also be given as 2 or 3 numeric " +
				"columns x,y or channel,energy,counts)");
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
