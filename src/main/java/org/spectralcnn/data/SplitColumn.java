package org.spectralcnn.data;

import java.util.Arrays;

/**
 * The split column, the one place that reads it: a numeric column with 1 for a calibration
 * sample and 0 for a test sample (e.g. {@value #CONVENTIONAL}). Train CNN, Train PLSR, Fine-tune
 * CNN, the transfer comparison and the preprocessing commands all split through here, with the
 * same messages.
 */
public final class SplitColumn {

	/** The column Preprocess Spectra and Spectra to Spectrograms fit learned steps on when present. */
	public static final String CONVENTIONAL = "train";

	private SplitColumn() {}

	/** Whether {@code column} names a split (not null or blank). */
	public static boolean given(final String column) {
		return column != null && !column.trim().isEmpty();
	}

	/**
	 * The calibration samples: column = 1, or every sample when no column is given.
	 *
	 * @throws IllegalArgumentException starting "split_column: " for an unknown column (listing
	 *           the numeric ones) or a value other than 0 and 1 (naming the sample)
	 */
	public static boolean[] calibration(final SpectralDataset data, final String column) {
		final boolean[] cal = new boolean[data.size()];
		if (!given(column)) {
			Arrays.fill(cal, true);
			return cal;
		}
		final String name = column.trim();
		if (!data.hasNumericColumn(name)) throw new IllegalArgumentException(
			"split_column: no numeric column '" + column + "' in " + data.name() + data.notNumeric(
				name) + "; numeric columns: " + String.join(", ", data.numericColumns()) +
				" (leave split_column empty to calibrate on all samples)");
		try {
			return data.splitMask(name);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("split_column: " + e.getMessage(), e);
		}
	}

	/**
	 * {calibration, test} samples; the test set is null when no column is given.
	 *
	 * @throws IllegalArgumentException as {@link #calibration}, or when no sample is marked 1
	 */
	public static SpectralDataset[] parts(final SpectralDataset data, final String column) {
		if (!given(column)) return new SpectralDataset[] { data, null };
		final boolean[] cal = calibration(data, column);
		final boolean[] test = new boolean[cal.length];
		for (int i = 0; i < cal.length; i++) test[i] = !cal[i];
		final SpectralDataset calibration = data.select(cal);
		if (calibration.size() == 0) throw new IllegalArgumentException("split column '" + column
			.trim() + "' marks no sample as calibration (1)");
		return new SpectralDataset[] { calibration, data.select(test) };
	}

	/** Indices of the true and of the false entries: {calibration rows, test rows}. */
	public static int[][] rows(final boolean[] calibration) {
		int n = 0;
		for (final boolean c : calibration)
			if (c) n++;
		final int[] cal = new int[n], test = new int[calibration.length - n];
		for (int i = 0, a = 0, b = 0; i < calibration.length; i++) {
			if (calibration[i]) cal[a++] = i;
			else test[b++] = i;
		}
		return new int[][] { cal, test };
	}
}
