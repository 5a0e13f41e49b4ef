package org.spectralcnn.bridge;

import ij.gui.Plot;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.preprocess.Preprocessing;

/** Line plots of spectra over their calibrated axis. */
public final class SpectraPlots {

	/** Colours that stay apart on screen and in print (Okabe–Ito, then greys). */
	private static final Color[] PALETTE = { new Color(0, 114, 178), new Color(213, 94, 0),
		new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0), new Color(86,
			180, 233), new Color(0, 0, 0), new Color(240, 228, 66), new Color(120, 120, 120),
		new Color(170, 170, 170) };

	/** Samples plotted when the user names none. */
	public static final int DEFAULT_COUNT = 10;

	private SpectraPlots() {}

	/** A plot of the given samples (0-based rows), one coloured line each, ids in the legend. */
	public static Plot plot(final SpectralDataset data, final int[] rows, final String yLabel) {
		final String unit = data.axis().unit().symbol();
		final Plot plot = new Plot(SpectraImages.title(data.name()) + " spectra", xLabel(unit),
			yLabel);
		final double[] x = data.axis().values();
		final StringBuilder legend = new StringBuilder();
		for (int k = 0; k < rows.length; k++) {
			final float[] s = data.spectrum(rows[k]);
			final double[] y = new double[s.length];
			for (int j = 0; j < s.length; j++) y[j] = s[j];
			plot.setColor(PALETTE[k % PALETTE.length]);
			plot.addPoints(x, y, Plot.LINE);
			legend.append(k == 0 ? "" : "\n").append(data.id(rows[k]));
		}
		plot.setColor(Color.BLACK);
		if (rows.length <= 12) plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
		plot.setLimitsToFit(false);
		return plot;
	}

	/** Axis label for a spectral unit. */
	public static String xLabel(final String unit) {
		switch (unit) {
			case "nm":
				return "Wavelength (nm)";
			case "cm^-1":
				return "Wavenumber (cm^-1)";
			case "keV":
				return "Energy (keV)";
			default:
				return "Channel";
		}
	}

	/**
	 * What the values of spectra are, for a plot's y-axis: absorbance after a chain that is just
	 * the {@code absorbance} step, the chain's name after other chains; counts for XRF and
	 * gamma (keV, channel) spectra; reflectance for vis–NIR/MIR spectra (nm, cm^-1) whose
	 * values lie in 0 to 2 (a fraction, at most a little above 1); else "Value".
	 *
	 * @param applied the preprocessing the values went through, or null for none
	 */
	public static String yLabel(final SpectralDataset data, final Preprocessing applied) {
		if (applied != null && !applied.isEmpty()) {
			if (applied.toString().equals("absorbance")) return "Absorbance (log10 1/R)";
			return "Preprocessed value (" + applied + ")";
		}
		final String declared = declared(data);
		if (declared != null) return declared;
		final SpectralUnit unit = data.axis().unit();
		if (unit == SpectralUnit.KEV || unit == SpectralUnit.CHANNEL) return "Counts";
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < data.size(); i++)
			for (final float v : data.spectrum(i)) { // finite: datasets hold no NaN
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
		return lo >= 0 && hi < 2 ? "Reflectance" : "Value";
	}

	/**
	 * What the files say their values are, when every spectrum says the same: JCAMP-DX's
	 * {@code yunits}, SPC's {@code y_type}, the OPUS or ASD {@code block}. The values alone
	 * cannot tell MIR absorbance (0–2) from a reflectance fraction.
	 */
	private static String declared(final SpectralDataset data) {
		for (final String column : new String[] { "yunits", "y_type", "block" }) {
			if (!data.isTextColumn(column)) continue;
			final String[] cells = data.textColumn(column);
			final String first = cells.length == 0 || cells[0] == null ? "" : cells[0].trim();
			for (final String c : cells)
				if (c == null || !c.trim().equalsIgnoreCase(first)) return null;
			final String l = first.toLowerCase(Locale.ROOT);
			if (l.equals("ab") || l.startsWith("ab_") || l.contains("absorbance") || l.equals(
				"log(1/r)")) return "Absorbance";
			if (l.equals("r") || l.contains("reflectance")) return "Reflectance";
			if (l.equals("tr") || l.contains("transmittance")) return "Transmittance";
			if (!l.isEmpty()) return "Value (" + column + " " + first + ")";
		}
		return null;
	}

	/**
	 * Rows to plot: a comma list of sample ids or 1-based row numbers; empty means up to
	 * {@value #DEFAULT_COUNT} samples spread over the dataset.
	 *
	 * @throws IllegalArgumentException naming an id or row that does not exist
	 */
	public static int[] selectRows(final SpectralDataset data, final String selection) {
		if (selection == null || selection.trim().isEmpty()) {
			final int count = Math.min(DEFAULT_COUNT, data.size());
			final int[] rows = new int[count];
			for (int k = 0; k < count; k++) rows[k] = (int) ((long) k * data.size() / count);
			return rows;
		}
		final List<Integer> rows = new ArrayList<>();
		for (final String token : selection.split(",")) {
			final String t = token.trim();
			if (t.isEmpty()) continue;
			int row = data.indexOf(t);
			if (row < 0 && t.matches("\\d+")) {
				final int r = Integer.parseInt(t) - 1;
				if (r >= 0 && r < data.size()) row = r;
			}
			if (row < 0) throw new IllegalArgumentException("sample '" + t + "' is neither an id in " +
				data.name() + " nor a row between 1 and " + data.size());
			rows.add(row);
		}
		return rows.stream().mapToInt(Integer::intValue).toArray();
	}
}
