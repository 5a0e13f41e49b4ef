package org.spectralcnn.data;

/** How tables write a missing value: an empty cell, or R's, pandas' and spreadsheets' words. */
public final class MissingValues {

	private MissingValues() {}

	/** Whether a cell is empty (blanks only) or {@code NA}, {@code NaN}, {@code N/A}, any case. */
	public static boolean isMissing(final String cell) {
		final String t = cell == null ? "" : cell.trim();
		return t.isEmpty() || t.equalsIgnoreCase("na") || t.equalsIgnoreCase("nan") || t
			.equalsIgnoreCase("n/a");
	}
}
