package org.spectralcnn.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.spectralcnn.data.SpectralDataset;

/**
 * Writes datasets and per-sample results as CSV (UTF-8, {@code ,}, {@code .} decimals,
 * {@code \n}), atomically through {@link AtomicFiles} and gzip-compressed when the name ends in
 * {@code .gz}.
 * <p>
 * Numbers are written by {@link Decimals#format}: short, plain where possible ({@code 1100},
 * {@code 0.0001}) and exact, so {@link SpectraIO#open} gives back the very same floats, doubles
 * and strings. What CSV cannot carry: the axis unit (it is inferred again on reading; pass
 * {@link ReadOptions#withUnit} for keV), and the kind of a text column holding only numbers or
 * only empty strings (it comes back numeric).
 */
public final class SpectraWriter {

	private SpectraWriter() {}

	/**
	 * The dataset as a wide table in the layout {@link SpectraIO} reads: id column, the numeric
	 * and text columns in order (missing numbers as empty cells), then one column per spectral
	 * point with the axis value as header.
	 *
	 * @throws IllegalArgumentException if the id or another column has a numeric name, which
	 *           would read back as a spectral column
	 */
	public static void write(final SpectralDataset dataset, final Path target) throws IOException {
		write(dataset, target, true);
	}

	/**
	 * The id and the non-spectral columns only (lab values, split flags, labels): what a lab
	 * values table or a spreadsheet wants.
	 */
	public static void writeTable(final SpectralDataset dataset, final Path target)
		throws IOException
	{
		write(dataset, target, false);
	}

	private static void write(final SpectralDataset dataset, final Path target,
		final boolean withSpectra) throws IOException
	{
		final List<String> columns = dataset.columnNames();
		requireTextName(dataset.idColumn());
		for (final String c : columns) requireTextName(c);
		final int n = dataset.size(), p = withSpectra ? dataset.points() : 0;
		final Object[] values = new Object[columns.size()];
		for (int k = 0; k < values.length; k++) {
			final String c = columns.get(k);
			values[k] = dataset.hasNumericColumn(c) ? dataset.column(c) : dataset.textColumn(c);
		}
		final float[] spectra = dataset.data();
		AtomicFiles.writeText(target, w -> {
			cell(w, dataset.idColumn());
			for (final String c : columns) {
				w.write(',');
				cell(w, c);
			}
			for (int j = 0; j < p; j++) {
				w.write(',');
				w.write(Decimals.format(dataset.axis().value(j)));
			}
			w.write('\n');
			for (int i = 0; i < n; i++) {
				cell(w, dataset.id(i));
				for (final Object v : values) {
					w.write(',');
					if (v instanceof double[]) number(w, ((double[]) v)[i]);
					else cell(w, ((String[]) v)[i]);
				}
				for (int j = 0, o = i * p; j < p; j++) {
					w.write(',');
					w.write(Decimals.format(spectra[o + j]));
				}
				w.write('\n');
			}
		});
	}

	/**
	 * Per-sample numbers (targets, predictions, scores) as {@code id,<column>,…}; NaN is written
	 * as an empty cell (missing). Column order is the map's (use a {@code LinkedHashMap}).
	 *
	 * @throws IllegalArgumentException if a column's length differs from the number of ids
	 */
	public static void writeColumns(final Path target, final String idColumn,
		final List<String> ids, final Map<String, double[]> columns) throws IOException
	{
		for (final Map.Entry<String, double[]> e : columns.entrySet())
			if (e.getValue().length != ids.size()) throw new IllegalArgumentException("column '" + e
				.getKey() + "' has " + e.getValue().length + " values for " + ids.size() + " ids");
		AtomicFiles.writeText(target, w -> {
			cell(w, idColumn);
			for (final String c : columns.keySet()) {
				w.write(',');
				cell(w, c);
			}
			w.write('\n');
			for (int i = 0; i < ids.size(); i++) {
				cell(w, ids.get(i));
				for (final double[] v : columns.values()) {
					w.write(',');
					number(w, v[i]);
				}
				w.write('\n');
			}
		});
	}

	private static void requireTextName(final String column) {
		if (!Double.isNaN(Decimals.parse(column))) throw new IllegalArgumentException("column '" +
			column + "' has a numeric name and would read back as a spectral column; rename it");
	}

	private static void number(final Writer w, final double v) throws IOException {
		if (!Double.isNaN(v)) w.write(Decimals.format(v));
	}

	/**
	 * Quoted when it holds a delimiter (any the sniffer counts), a quote or a line break, or
	 * blanks a reader would trim. Public for writers that stream rows (the Spark job).
	 */
	public static void cell(final Writer w, final String s) throws IOException {
		boolean quote = !s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(0) == '\t' || s.charAt(s
			.length() - 1) == ' ' || s.charAt(s.length() - 1) == '\t');
		for (int i = 0; i < s.length() && !quote; i++) {
			final char c = s.charAt(i);
			quote = c == ',' || c == '"' || c == '\n' || c == '\r' || c == ';' || c == '\t';
		}
		if (!quote) {
			w.write(s);
			return;
		}
		w.write('"');
		w.write(s.replace("\"", "\"\""));
		w.write('"');
	}
}
