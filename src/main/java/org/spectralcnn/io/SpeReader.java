package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * ORTEC ASCII spectra ({@code .spe}, as Maestro/GammaVision and many other programs write
 * them): {@code $SECTION:} lines, each followed by its values.
 * <ul>
 * <li>{@code $SPEC_ID:} → text column {@code description};</li>
 * <li>{@code $MEAS_TIM:} {@code live real} → numeric columns {@code livetime_s},
 * {@code realtime_s};</li>
 * <li>{@code $DATA:} {@code first last}, then the counts (one or more per line);</li>
 * <li>energy axis in keV from {@code $MCA_CAL:} (polynomial in the channel number, usually
 * quadratic) or else {@code $ENER_FIT:} (offset, slope).</li>
 * </ul>
 * A calibration that is all zero (e.g. a digiBASE file never calibrated) or not strictly
 * increasing over the channels is treated as no calibration: the axis is then the channel
 * numbers {@code first…last} and the unit {@code channel} says so.
 */
final class SpeReader implements SpectraReader {

	@Override
	public String name() {
		return "ORTEC ASCII .spe";
	}

	@Override
	public List<String> extensions() {
		return Collections.singletonList("spe");
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		return TextSource.firstLine(head).startsWith("$SPEC_ID") || extension.equals("spe");
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		final TextSource source = TextSource.text(file, bytes, options);
		source.requireStart("$", "an ORTEC ASCII .spe spectrum");
		return read(source, options);
	}

	static SpectralDataset read(final TextSource source, final ReadOptions options)
		throws SpectraFormatException
	{
		final Path file = source.file;
		final TextSource.Lines lines = source.lines();
		String section = "";
		int sectionRow = 0; // non-blank lines read in the section
		String description = null;
		double live = Double.NaN, real = Double.NaN;
		int first = 0, dataLine = 0;
		float[] counts = null;
		int filled = 0;
		double[] mcaCal = null, enerFit = null;
		String mcaUnit = null;
		while (lines.next()) {
			if (lines.isBlank()) continue;
			final String text = lines.text().trim();
			if (text.startsWith("$")) {
				final int colon = text.indexOf(':');
				section = (colon < 0 ? text.substring(1) : text.substring(1, colon)).trim().toUpperCase(
					Locale.ROOT);
				sectionRow = 0;
				continue;
			}
			sectionRow++;
			switch (section) {
				case "SPEC_ID":
					if (description == null) description = text;
					break;
				case "MEAS_TIM":
					if (sectionRow == 1) {
						final double[] t = numbers(file, lines.number, text, 2, "live and real time (s)");
						live = t[0];
						real = t[1];
					}
					break;
				case "DATA":
					if (sectionRow == 1) {
						final double[] range = numbers(file, lines.number, text, 2,
							"the first and last channel");
						first = (int) range[0];
						final long n = (long) range[1] - first + 1;
						if (range[0] != first || n < 2 || n > 1 << 24) throw new SpectraFormatException(
							file, lines.number, 0, "'" + text + "' is not a channel range; $DATA: is " +
								"followed by the first and last channel, e.g. 0 16383");
						counts = new float[(int) n];
						dataLine = lines.number;
					}
					else filled = readCounts(file, lines, counts, filled);
					break;
				case "MCA_CAL":
					if (sectionRow == 2) {
						// coefficients, optionally followed by their unit: "0 3.78444E-001 0 keV"
						final String[] words = text.split("\\s+");
						mcaCal = leadingNumbers(text);
						mcaUnit = mcaCal.length < words.length ? words[mcaCal.length] : null;
					}
					break;
				case "ENER_FIT":
					if (sectionRow == 1) enerFit = leadingNumbers(text);
					break;
				default:
					break;
			}
		}
		if (counts == null) throw new SpectraFormatException(file, 0, 0,
			"no $DATA: section: not an ORTEC ASCII .spe spectrum");
		if (filled != counts.length) throw new SpectraFormatException(file, dataLine, 0, "$DATA: " +
			"announces " + counts.length + " channels (" + first + "–" + (first + counts.length - 1) +
			") but " + filled + " counts follow");

		final SpectralDataset.Builder b = Datasets.single(file, axis(file, first, counts.length,
			mcaCal, mcaUnit, enerFit, options), counts);
		Datasets.numeric(b, "livetime_s", live);
		Datasets.numeric(b, "realtime_s", real);
		Datasets.text(b, "description", description);
		return b.build();
	}

	private static int readCounts(final Path file, final TextSource.Lines lines,
		final float[] counts, int filled) throws SpectraFormatException
	{
		final char[] c = lines.chars();
		int i = lines.start;
		while (i < lines.end) {
			if (Character.isWhitespace(c[i])) {
				i++;
				continue;
			}
			int j = i;
			while (j < lines.end && !Character.isWhitespace(c[j])) j++;
			final double v = Decimals.parse(c, i, j, false);
			if (!Float.isFinite((float) v)) throw new SpectraFormatException(file, lines.number, i -
				lines.start + 1, "'" + new String(c, i, j - i) + "' is not a count; $DATA: holds one " +
					"number per channel");
			if (filled == counts.length) throw new SpectraFormatException(file, lines.number, i -
				lines.start + 1, "more counts than the " + counts.length + " channels $DATA: announces");
			counts[filled++] = (float) v;
			i = j;
		}
		return filled;
	}

	/**
	 * keV from the calibration if it is usable, else channel numbers. {@code unit=channel} in the
	 * options drops the calibration.
	 */
	private static SpectralAxis axis(final Path file, final int first, final int n,
		final double[] mcaCal, final String mcaUnit, final double[] enerFit,
		final ReadOptions options) throws SpectraFormatException
	{
		if (options.unit() != SpectralUnit.CHANNEL) {
			final double scale = mcaUnit == null || mcaUnit.isEmpty() ? 1 : mcaUnit.equalsIgnoreCase(
				"MeV") ? 1000 : mcaUnit.equalsIgnoreCase("eV") ? 1e-3 : 1;
			double[] energy = AxisUnits.polynomial(mcaCal, first, n, scale);
			if (energy == null) energy = AxisUnits.polynomial(enerFit, first, n, 1);
			if (energy != null) {
				AxisUnits.requireUnit(file, options, SpectralUnit.KEV, "energy calibration");
				return SpectralAxis.of(energy, SpectralUnit.KEV);
			}
			AxisUnits.requireUnit(file, options, SpectralUnit.CHANNEL, "no usable energy calibration");
		}
		return SpectralAxis.regular(first, 1, n, SpectralUnit.CHANNEL);
	}

	private static double[] numbers(final Path file, final int line, final String text,
		final int count, final String expected) throws SpectraFormatException
	{
		final double[] v = leadingNumbers(text);
		if (v.length < count) throw new SpectraFormatException(file, line, 0, "expected " +
			expected + ", found '" + text + "'");
		return v;
	}

	/** The numbers at the start of a line, up to the first word that is none (e.g. "keV"). */
	private static double[] leadingNumbers(final String text) {
		final String[] words = text.trim().split("\\s+");
		final double[] v = new double[words.length];
		int k = 0;
		for (final String w : words) {
			final double x = Decimals.parse(w);
			if (!Double.isFinite(x)) break;
			v[k++] = x;
		}
		return Arrays.copyOf(v, k);
	}
}
