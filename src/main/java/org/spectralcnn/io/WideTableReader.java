package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.spectralcnn.data.MemoryLimits;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * A wide table: one sample per row; the first column is the sample id, columns whose header is
 * a number are the spectrum (in file order), the others are numeric columns (targets, split
 * flags; empty, {@code NA}, {@code NaN} = missing) or, if any of their cells is not a number,
 * text columns.
 * <p>
 * Spectra are parsed in place into one row-major array sized from the line count, so a 400 ×
 * 2151 table makes no per-cell objects.
 */
final class WideTableReader {

	private WideTableReader() {}

	static SpectralDataset read(final DelimitedText table, final String[] names,
		final double[] headerValues, final ReadOptions options) throws SpectraFormatException
	{
		final Path file = table.source().file;
		final int headerLine = table.recordLine;
		int m = names.length;
		// a delimiter at the end of every line leaves an empty last header: not a column
		final boolean trailingDelimiter = m > 1 && names[m - 1].isEmpty();
		if (trailingDelimiter) m--;

		int p = 0;
		for (int k = 1; k < m; k++)
			if (Double.isFinite(headerValues[k])) p++;
		final int[] spectral = new int[p];
		final int[] meta = new int[m - 1 - p];
		for (int k = 1, s = 0, t = 0; k < m; k++) {
			if (Double.isFinite(headerValues[k])) spectral[s++] = k;
			else meta[t++] = k;
		}
		final String idColumn = names[0].isEmpty() ? "id" : names[0];
		checkNames(file, headerLine, names, meta, idColumn);
		// a text header among the spectral ones is a typo ("88O" for 880), not a label column
		for (final int k : meta)
			if (p > 0 && k > spectral[0] && k < spectral[p - 1]) {
				int before = spectral[0];
				for (final int s : spectral)
					if (s < k) before = s;
				throw new SpectraFormatException(file, headerLine, k + 1, names[k], "'" + names[k] +
					"' is not a number but lies among the spectral columns (after '" + names[before] +
					"'); a spectral column header must be a number, other columns go before or after them");
			}
		final SpectralAxis axis = axis(file, headerLine, names, headerValues, spectral, options);

		// blank lines overcount the rows: start within the memory limit, refuse only real rows
		final long rowBytes = (long) p * Float.BYTES + 8L * (meta.length + 1);
		final long maxRows = Math.min(MemoryLimits.MAX_ARRAY / Math.max(1, p), MemoryLimits.heap() /
			4 / rowBytes);
		int capacity = (int) Math.max(1, Math.min(maxRows, Math.max(16, countLines(table
			.source()))));
		float[] spectra = new float[capacity * p];
		String[] ids = new String[capacity];
		String[][] metaCells = new String[meta.length][capacity];
		final Map<String, Integer> idLines = new HashMap<>();
		int n = 0;
		while (table.next()) {
			final int cells = table.cells;
			if (cells != m && !(trailingDelimiter && cells == m + 1 && table.isEmpty(m)))
				throw ragged(table, names, m);
			if (n == capacity) {
				if (n >= maxRows) throw new SpectraFormatException(file, table.recordLine, 0,
					"too large: more than " + n + " rows of " + m + " columns (" + MemoryLimits.size(
						(n + 1) * rowBytes) + "); the limit is " + maxRows + " rows of this width, " +
						"a quarter of the " + MemoryLimits.size(MemoryLimits.heap()) +
						" Java heap or Java's largest array");
				capacity = (int) Math.min(maxRows, 2L * capacity);
				spectra = Arrays.copyOf(spectra, capacity * p);
				ids = Arrays.copyOf(ids, capacity);
				for (int t = 0; t < meta.length; t++) metaCells[t] = Arrays.copyOf(metaCells[t],
					capacity);
			}
			final String id = table.text(0);
			if (id.isEmpty()) throw new SpectraFormatException(file, table.recordLine, 1, idColumn,
				"empty sample id; every row needs an id in the first column");
			final Integer before = idLines.put(id, table.recordLine);
			if (before != null) throw new SpectraFormatException(file, table.recordLine, 1, idColumn,
				"sample id '" + id + "' appears twice (lines " + before + " and " + table.recordLine +
					"); sample ids must be unique");
			ids[n] = id;
			final int offset = n * p;
			for (int s = 0; s < p; s++) {
				final float v = (float) table.number(spectral[s]);
				if (!Float.isFinite(v)) throw badSpectralCell(table, spectral[s], names[spectral[s]]);
				spectra[offset + s] = v;
			}
			for (int t = 0; t < meta.length; t++) metaCells[t][n] = table.text(meta[t]);
			n++;
		}
		if (n == 0) throw new SpectraFormatException(file, headerLine, 0,
			"header only: no data rows after the header; expected one row per sample");

		final SpectralDataset.Builder b = SpectralDataset.builder(file.getFileName().toString(),
			axis, n == capacity ? ids : Arrays.copyOf(ids, n), spectra.length == n * p ? spectra
				: Arrays.copyOf(spectra, n * p)).idColumn(idColumn);
		for (int t = 0; t < meta.length; t++) addColumn(b, names[meta[t]], metaCells[t], n,
			table.decimalComma);
		return b.build();
	}

	/** Header names must identify columns: none empty, none twice. */
	private static void checkNames(final Path file, final int line, final String[] names,
		final int[] meta, final String idColumn) throws SpectraFormatException
	{
		final Map<String, Integer> seen = new HashMap<>();
		seen.put(idColumn, 0);
		for (final int k : meta) {
			if (names[k].isEmpty()) throw new SpectraFormatException(file, line, k + 1,
				"empty column header; every column needs a name (spectral columns a number such as " +
					"1100)");
			final Integer before = seen.put(names[k], k);
			if (before != null) throw new SpectraFormatException(file, line, k + 1, names[k],
				"the header repeats column " + (before + 1) + "; column names must be unique");
		}
	}

	/** The axis from the numeric headers: distinct, strictly monotonic, at least two. */
	private static SpectralAxis axis(final Path file, final int line, final String[] names,
		final double[] headerValues, final int[] spectral, final ReadOptions options)
		throws SpectraFormatException
	{
		final int p = spectral.length;
		final double[] values = new double[p];
		for (int s = 0; s < p; s++) values[s] = headerValues[spectral[s]];
		final Integer[] order = new Integer[p];
		for (int s = 0; s < p; s++) order[s] = s;
		Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
		for (int r = 1; r < p; r++) {
			final int a = Math.min(order[r - 1], order[r]), b = Math.max(order[r - 1], order[r]);
			if (values[a] == values[b]) throw new SpectraFormatException(file, line, spectral[b] + 1,
				names[spectral[b]], "spectral column header repeats the axis value " + Decimals.format(
					values[b]) + " of column " + (spectral[a] + 1) + " ('" + names[spectral[a]] +
					"'); each spectral column needs its own value");
		}
		final int bad = SpectralAxis.firstViolation(values);
		if (bad > 0) {
			final boolean increasing = values[1] > values[0];
			throw new SpectraFormatException(file, line, spectral[bad] + 1, names[spectral[bad]],
				"spectral column headers must be strictly " + (increasing ? "increasing" : "decreasing") +
					" (as the first two are), but this one comes after column " + (spectral[bad - 1] + 1) +
					" ('" + names[spectral[bad - 1]] + "')");
		}
		final SpectralUnit unit = options.unit() != null ? options.unit() : AxisUnits.infer(values);
		return SpectralAxis.of(values, unit);
	}

	private static SpectraFormatException ragged(final DelimitedText table, final String[] names,
		final int m)
	{
		final int cells = table.cells;
		String problem = "found " + cells + " cells but the header has " + m + " columns; every " +
			"row needs one cell per header column (leave a missing target empty but keep its " +
			"delimiter)";
		if (table.delimiter == ',' && cells > m && !table.recordContains('.'))
			problem += ". The file seems to use decimal commas (as in 0,123) with ',' as delimiter, " +
				"which cannot be read unambiguously: save it with ';' as delimiter or '.' as decimal " +
				"separator";
		final int column = Math.min(cells, m) + 1;
		return new SpectraFormatException(table.source().file, table.recordLine, column, cells < m
			? names[cells] : null, problem);
	}

	private static SpectraFormatException badSpectralCell(final DelimitedText table,
		final int column, final String header)
	{
		final String cell = table.text(column);
		final String problem;
		if (table.isEmpty(column)) problem =
			"empty cell in a spectrum; spectra must be complete (fill it or drop the sample)";
		else if (table.isMissing(column)) problem = "missing value '" + cell +
			"' in a spectrum; spectra must be complete (fill it or drop the sample)";
		else if (Double.isInfinite(table.number(column))) problem = "'" + cell +
			"' is not a finite number; spectra must be finite";
		else if (Double.isFinite(table.number(column))) problem = "'" + cell +
			"' is beyond the range of spectrum values (float, ±3.4E38)";
		else problem = "'" + cell + "' is not a number; spectral columns hold numbers" + (cell
			.indexOf(',') >= 0 && !table.decimalComma
				? " (decimal commas are read only in ';'- or tab-separated files)" : "");
		return new SpectraFormatException(table.source().file, table.recordLine, column + 1, header,
			problem);
	}

	/**
	 * A numeric column when every cell is a finite number or missing, else a text column (cells
	 * as written). An infinite number ("Inf", "1e999": a spreadsheet's division by zero) makes
	 * it text too: as a lab value it would break the scaling of every target silently, and a
	 * command that needs the column names the cell ({@link SpectralDataset#notNumeric}).
	 */
	private static void addColumn(final SpectralDataset.Builder b, final String name,
		final String[] cells, final int n, final boolean decimalComma)
	{
		final double[] values = new double[n];
		for (int i = 0; i < n; i++) {
			final String cell = cells[i];
			if (DelimitedText.isMissingToken(cell)) {
				values[i] = Double.NaN;
				continue;
			}
			values[i] = Decimals.parse(cell.toCharArray(), 0, cell.length(), decimalComma);
			if (!Double.isFinite(values[i])) {
				b.text(name, Arrays.copyOf(cells, n));
				return;
			}
		}
		b.numeric(name, values);
	}

	/** Line breaks + 1: the row capacity to start with (blank or quoted lines only overcount). */
	private static int countLines(final TextSource source) {
		final char[] c = source.chars;
		int lines = 1;
		for (int i = 0, n = source.length; i < n; i++)
			if (c[i] == '\n') lines++;
		return lines;
	}
}
