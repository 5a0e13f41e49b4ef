package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.Arrays;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * A long table: ONE spectrum down the rows, as instruments and converters export it.
 * <ul>
 * <li>2 columns: {@code x,y}.</li>
 * <li>3 columns: {@code channel,energy,counts}; the middle column is the axis when every row
 * has it (a calibrated spectrum), else the first (the gamma converter leaves the energy empty
 * without a calibration).</li>
 * </ul>
 * The header line is optional. The unit comes from {@link ReadOptions#unit()}, else the axis
 * column's name ({@code energy_keV}, {@code wavelength_nm}, {@code channel}; eV is converted to
 * keV), else the values (see {@link AxisUnits#infer}). The sample id is the file name without
 * extension.
 */
final class LongTableReader {

	private LongTableReader() {}

	/**
	 * @param table positioned on the first data row
	 * @param names the header, or null when the file has none
	 */
	static SpectralDataset read(final DelimitedText table, final String[] names,
		final ReadOptions options) throws SpectraFormatException
	{
		final Path file = table.source().file;
		final int m = names != null ? names.length : table.cells;
		double[][] columns = new double[m][256];
		int[] lines = new int[256];
		int n = 0;
		do {
			if (table.cells != m) throw new SpectraFormatException(file, table.recordLine, 0,
				"found " + table.cells + " cells but the " + (names != null ? "header has " : "first " +
					"row has ") + m + "; a one-spectrum table has the same " + m + " columns on every " +
					"row");
			if (n == lines.length) {
				lines = Arrays.copyOf(lines, n * 2);
				for (int k = 0; k < m; k++) columns[k] = Arrays.copyOf(columns[k], n * 2);
			}
			for (int k = 0; k < m; k++) {
				final double v = table.isEmpty(k) ? Double.NaN : table.number(k);
				if (!table.isEmpty(k) && !Float.isFinite((float) v)) throw new SpectraFormatException(file,
					table.recordLine, k + 1, name(names, k), "'" + table.text(k) +
						"' is not a finite number; a one-spectrum table holds numbers in every row");
				columns[k][n] = v;
			}
			lines[n++] = table.recordLine;
		}
		while (table.next());
		if (n < 2) throw new SpectraFormatException(file, lines[0], 0,
			"a spectrum needs at least 2 rows (points), found " + n);

		final int yColumn = m - 1;
		final int xColumn = m == 3 && isComplete(columns[1], n) ? 1 : 0;
		final double[] y = columns[yColumn];
		for (int i = 0; i < n; i++)
			if (Double.isNaN(y[i])) throw new SpectraFormatException(file, lines[i], yColumn + 1, name(
				names, yColumn), "empty cell in the spectrum column; spectra must be complete");
		final double[] x = Arrays.copyOf(columns[xColumn], n);
		for (int i = 0; i < n; i++)
			if (Double.isNaN(x[i])) throw new SpectraFormatException(file, lines[i], xColumn + 1, name(
				names, xColumn), "empty cell in the axis column; every point needs its axis value");
		final String xName = name(names, xColumn);
		final int bad = SpectralAxis.firstViolation(x);
		if (bad > 0) throw new SpectraFormatException(file, lines[bad], xColumn + 1, xName,
			"axis value " + Decimals.format(x[bad]) + " does not continue the strictly " + (x[1] > x[0]
				? "increasing" : "decreasing") + " axis after " + Decimals.format(x[bad - 1]) +
				" (line " + lines[bad - 1] + "); axis values must be distinct and in order" + (names == null
					? "" : " (the file is read as one spectrum down the rows because no column header is a " +
						"number)"));

		SpectralUnit unit = options.unit();
		if (unit == null) {
			unit = AxisUnits.fromName(xName);
			final double divisor = AxisUnits.divisor(xName);
			if (divisor != 1) for (int i = 0; i < n; i++) x[i] /= divisor;
		}
		if (unit == null) unit = AxisUnits.infer(x);
		final float[] spectrum = new float[n];
		for (int i = 0; i < n; i++) spectrum[i] = (float) y[i];
		return Datasets.single(file, SpectralAxis.of(x, unit), spectrum).build();
	}

	private static String name(final String[] names, final int column) {
		return names == null ? null : names[column];
	}

	private static boolean isComplete(final double[] column, final int n) {
		for (int i = 0; i < n; i++)
			if (Double.isNaN(column[i])) return false;
		return true;
	}
}
