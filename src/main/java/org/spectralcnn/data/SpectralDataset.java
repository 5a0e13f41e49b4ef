package org.spectralcnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * n samples × p spectral points on one {@link SpectralAxis}, with sample ids and the table's other
 * columns: numeric ones (lab targets, a split flag such as {@code train}; NaN = missing) and text
 * ones (class labels, descriptions).
 * <p>
 * Spectra are one row-major {@code float[n * p]}, so that an ImgLib2 {@code ArrayImg} or an
 * ImageJ {@code FloatProcessor} can wrap them without a copy. A dataset is immutable by contract:
 * {@link #data()} hands out the shared array for such views and must not be written to.
 */
public final class SpectralDataset {

	private final String name;
	private final String idColumn;
	private final SpectralAxis axis;
	private final String[] ids;
	private final float[] spectra;
	private final LinkedHashMap<String, double[]> numeric;
	private final LinkedHashMap<String, String[]> text;
	private final List<String> columnOrder;

	private SpectralDataset(final Builder b) {
		this.name = b.name;
		this.idColumn = b.idColumn;
		this.axis = b.axis;
		this.ids = b.ids;
		this.spectra = b.spectra;
		this.numeric = b.numeric;
		this.text = b.text;
		this.columnOrder = Collections.unmodifiableList(new ArrayList<>(b.columnOrder));
		validate();
	}

	/**
	 * Starts a dataset. The arrays are taken as they are (not copied): the caller hands them
	 * over.
	 *
	 * @param name where the data came from (file name), used in messages and titles
	 * @param axis the spectral axis, p points
	 * @param ids n sample ids
	 * @param spectra n × p values, row-major
	 */
	public static Builder builder(final String name, final SpectralAxis axis, final String[] ids,
		final float[] spectra)
	{
		return new Builder(name, axis, ids, spectra);
	}

	private void validate() {
		if (axis == null) throw new IllegalArgumentException(name + ": no spectral axis");
		final int n = ids.length, p = axis.size();
		if ((long) n * p != spectra.length) throw new IllegalArgumentException(name + ": " + n +
			" samples × " + p + " points need " + (long) n * p + " values, got " + spectra.length);
		final Map<String, Integer> seen = new HashMap<>();
		for (int i = 0; i < n; i++) {
			if (ids[i] == null || ids[i].isEmpty()) throw new IllegalArgumentException(name +
				": sample " + (i + 1) + " has no id");
			final Integer before = seen.put(ids[i], i);
			if (before != null) throw new IllegalArgumentException(name + ": sample id '" + ids[i] +
				"' appears twice (samples " + (before + 1) + " and " + (i + 1) + ")");
		}
		for (int k = 0; k < spectra.length; k++) {
			if (!Float.isFinite(spectra[k])) throw new IllegalArgumentException(name +
				": spectrum of sample '" + ids[k / p] + "' is " + spectra[k] + " at " + axis.value(k %
					p) + " " + axis.unit().symbol() + "; spectra must be finite");
		}
		for (final Map.Entry<String, double[]> e : numeric.entrySet())
			checkLength(e.getKey(), e.getValue().length);
		for (final Map.Entry<String, String[]> e : text.entrySet())
			checkLength(e.getKey(), e.getValue().length);
	}

	private void checkLength(final String column, final int length) {
		if (length != ids.length) throw new IllegalArgumentException(name + ": column '" + column +
			"' has " + length + " values for " + ids.length + " samples");
	}

	/** Where the data came from, e.g. the file name. */
	public String name() {
		return name;
	}

	/** Header of the id column in tables ({@code id} unless the file said otherwise). */
	public String idColumn() {
		return idColumn;
	}

	public SpectralAxis axis() {
		return axis;
	}

	/** Number of samples n. */
	public int size() {
		return ids.length;
	}

	/** Number of spectral points p. */
	public int points() {
		return axis.size();
	}

	public String id(final int sample) {
		return ids[sample];
	}

	public List<String> ids() {
		return Collections.unmodifiableList(Arrays.asList(ids));
	}

	/** Row of the sample with this id, or -1. */
	public int indexOf(final String id) {
		for (int i = 0; i < ids.length; i++)
			if (ids[i].equals(id)) return i;
		return -1;
	}

	public float value(final int sample, final int point) {
		return spectra[sample * axis.size() + point];
	}

	/** A copy of one spectrum. */
	public float[] spectrum(final int sample) {
		final int p = axis.size();
		return Arrays.copyOfRange(spectra, sample * p, (sample + 1) * p);
	}

	/** The shared row-major n × p array, for zero-copy views. Do not modify. */
	public float[] data() {
		return spectra;
	}

	/**
	 * A new row-major array: these spectra, then those of {@code more} (e.g. a library and the
	 * local samples added to it).
	 *
	 * @throws IllegalArgumentException when {@code more} has another number of points
	 */
	public float[] dataFollowedBy(final SpectralDataset more) {
		if (more.points() != points()) throw new IllegalArgumentException(more.name() + " has " + more
			.points() + " points a spectrum, " + name + " " + points());
		final float[] x = Arrays.copyOf(spectra, spectra.length + more.spectra.length);
		System.arraycopy(more.spectra, 0, x, spectra.length, more.spectra.length);
		return x;
	}

	/** Names of all non-spectral columns in table order (numeric and text). */
	public List<String> columnNames() {
		return columnOrder;
	}

	/** Names of the numeric non-spectral columns (targets, split flags), in table order. */
	public List<String> numericColumns() {
		return Collections.unmodifiableList(new ArrayList<>(numeric.keySet()));
	}

	/** Names of the text columns, in table order. */
	public List<String> textColumns() {
		return Collections.unmodifiableList(new ArrayList<>(text.keySet()));
	}

	public boolean hasNumericColumn(final String column) {
		return numeric.containsKey(column);
	}

	public boolean isTextColumn(final String column) {
		return text.containsKey(column);
	}

	/**
	 * A copy of a numeric column (NaN = missing).
	 *
	 * @throws IllegalArgumentException naming the available numeric columns
	 */
	public double[] column(final String column) {
		final double[] v = numeric.get(column);
		if (v == null) throw new IllegalArgumentException(unknownColumn(column));
		return v.clone();
	}

	/** A copy of a text column. */
	public String[] textColumn(final String column) {
		final String[] v = text.get(column);
		if (v == null) throw new IllegalArgumentException("no text column '" + column + "' in " +
			name + "; text columns: " + String.join(", ", text.keySet()));
		return v.clone();
	}

	/**
	 * Samples × targets (NaN = missing) for the named numeric columns.
	 *
	 * @throws IllegalArgumentException for an unknown name
	 */
	public double[][] targets(final List<String> columns) {
		final double[][] y = new double[ids.length][columns.size()];
		for (int t = 0; t < columns.size(); t++) {
			final double[] c = numeric.get(columns.get(t));
			if (c == null) throw new IllegalArgumentException(unknownColumn(columns.get(t)));
			for (int i = 0; i < ids.length; i++) y[i][t] = c[i];
		}
		return y;
	}

	/**
	 * Calibration mask from a split column such as {@code train}: true where the value is 1,
	 * false where it is 0.
	 *
	 * @throws IllegalArgumentException if the column is missing or holds another value
	 */
	public boolean[] splitMask(final String column) {
		final double[] v = numeric.get(column);
		if (v == null) throw new IllegalArgumentException("split column: " + unknownColumn(column));
		final boolean[] mask = new boolean[v.length];
		for (int i = 0; i < v.length; i++) {
			if (v[i] != 0 && v[i] != 1) throw new IllegalArgumentException("split column '" +
				column + "' must hold 1 (calibration) or 0 (test); sample '" + ids[i] + "' has " +
				v[i]);
			mask[i] = v[i] == 1;
		}
		return mask;
	}

	private String unknownColumn(final String column) {
		return "no numeric column '" + column + "' in " + name + notNumeric(column) +
			"; numeric columns: " + (numeric.isEmpty() ? "(none)" : String.join(", ", numeric.keySet()));
	}

	/**
	 * For messages about a missing numeric column: when a text column has that name, the first
	 * cell that made it text, e.g. {@code  ('clay' holds text: sample 'S005' has '26.7%')};
	 * else empty.
	 */
	public String notNumeric(final String column) {
		final String[] cells = text.get(column);
		if (cells == null) return "";
		for (int i = 0; i < cells.length; i++) {
			final String c = cells[i] == null ? "" : cells[i].trim();
			// the readers' missing values and numbers in either decimal style
			if (MissingValues.isMissing(c) || isNumber(c) || isNumber(c.replace(',', '.'))) continue;
			return " ('" + column + "' holds text: sample '" + ids[i] + "' has '" + c +
				"'; write plain numbers, an empty cell where a value is missing)";
		}
		return " ('" + column + "' holds text)";
	}

	private static boolean isNumber(final String text) {
		try {
			return Double.isFinite(Double.parseDouble(text));
		}
		catch (final NumberFormatException e) {
			return false;
		}
	}

	/** The same samples and columns with other spectra (e.g. preprocessed or resampled). */
	public SpectralDataset withSpectra(final SpectralAxis newAxis, final float[] newSpectra) {
		final Builder b = new Builder(name, newAxis, ids, newSpectra);
		b.idColumn = idColumn;
		copyColumns(b, null);
		return b.build();
	}

	/** The given rows, in the given order. */
	public SpectralDataset subset(final int[] rows) {
		final int p = axis.size();
		final String[] newIds = new String[rows.length];
		final float[] newSpectra = new float[rows.length * p];
		for (int r = 0; r < rows.length; r++) {
			newIds[r] = ids[rows[r]];
			System.arraycopy(spectra, rows[r] * p, newSpectra, r * p, p);
		}
		final Builder b = new Builder(name, axis, newIds, newSpectra);
		b.idColumn = idColumn;
		copyColumns(b, rows);
		return b.build();
	}

	/** The rows where {@code mask} is true. */
	public SpectralDataset select(final boolean[] mask) {
		if (mask.length != ids.length) throw new IllegalArgumentException("mask has " +
			mask.length + " entries for " + ids.length + " samples");
		int count = 0;
		for (final boolean m : mask)
			if (m) count++;
		final int[] rows = new int[count];
		for (int i = 0, r = 0; i < mask.length; i++)
			if (mask[i]) rows[r++] = i;
		return subset(rows);
	}

	/** This dataset with one more numeric column (or a replaced one). */
	public SpectralDataset withNumericColumn(final String column, final double[] values) {
		final Builder b = new Builder(name, axis, ids, spectra);
		b.idColumn = idColumn;
		copyColumns(b, null);
		b.numeric(column, values.clone());
		return b.build();
	}

	private void copyColumns(final Builder b, final int[] rows) {
		for (final String c : columnOrder) {
			if (numeric.containsKey(c)) b.numeric(c, pick(numeric.get(c), rows));
			else b.text(c, pick(text.get(c), rows));
		}
	}

	private static double[] pick(final double[] v, final int[] rows) {
		if (rows == null) return v;
		final double[] out = new double[rows.length];
		for (int r = 0; r < rows.length; r++) out[r] = v[rows[r]];
		return out;
	}

	private static String[] pick(final String[] v, final int[] rows) {
		if (rows == null) return v;
		final String[] out = new String[rows.length];
		for (int r = 0; r < rows.length; r++) out[r] = v[rows[r]];
		return out;
	}

	@Override
	public String toString() {
		return name + ": " + ids.length + (ids.length == 1 ? " sample × " : " samples × ") + axis
			.describe() + (columnOrder.isEmpty() ? "" : ", columns " + String.join(", ", columnOrder));
	}

	/** Collects the parts of a dataset; {@link #build()} validates them. */
	public static final class Builder {

		private final String name;
		private final SpectralAxis axis;
		private final String[] ids;
		private final float[] spectra;
		private String idColumn = "id";
		private final LinkedHashMap<String, double[]> numeric = new LinkedHashMap<>();
		private final LinkedHashMap<String, String[]> text = new LinkedHashMap<>();
		private final List<String> columnOrder = new ArrayList<>();

		private Builder(final String name, final SpectralAxis axis, final String[] ids,
			final float[] spectra)
		{
			this.name = name;
			this.axis = axis;
			this.ids = ids;
			this.spectra = spectra;
		}

		public Builder idColumn(final String header) {
			this.idColumn = header;
			return this;
		}

		/** Adds (or replaces) a numeric column; NaN marks a missing value. */
		public Builder numeric(final String column, final double[] values) {
			text.remove(column);
			if (numeric.put(column, values) == null && !columnOrder.contains(column)) columnOrder
				.add(column);
			return this;
		}

		/** Adds (or replaces) a text column; empty string marks a missing value. */
		public Builder text(final String column, final String[] values) {
			numeric.remove(column);
			if (text.put(column, values) == null && !columnOrder.contains(column)) columnOrder.add(
				column);
			return this;
		}

		/** @throws IllegalArgumentException naming what is inconsistent */
		public SpectralDataset build() {
			return new SpectralDataset(this);
		}
	}
}
