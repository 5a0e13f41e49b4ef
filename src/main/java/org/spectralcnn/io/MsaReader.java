package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * EMSA/MAS spectral data files (ISO 22029, {@code .msa}): {@code #KEYWORD : value} lines,
 * {@code #SPECTRUM}, the values ({@code DATATYPE Y}: counts, several per line allowed;
 * {@code XY}: x, y pairs; comma or blank separated), optionally {@code #ENDOFDATA}.
 * <p>
 * Axis: {@code #OFFSET + i·#XPERCHAN} in {@code #XUNITS} (eV is converted to keV; eV is assumed
 * when XUNITS is missing), or the x values of XY data; without {@code #XPERCHAN} channel indices
 * (the PIXL point spectra carry no calibration). Kept as columns: {@code livetime_s},
 * {@code realtime_s} and {@code beam_kv} (numeric, for count rates) and {@code title}. A value
 * may be followed by a comment, as PIXL files do ({@code #NPOINTS : 0  This should be zero…}):
 * numbers are read from the first word.
 */
final class MsaReader implements SpectraReader {

	private static final List<String> EXTENSIONS = Arrays.asList("msa", "emsa", "mas");

	@Override
	public String name() {
		return "EMSA/MAS";
	}

	@Override
	public List<String> extensions() {
		return EXTENSIONS;
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		return TextSource.firstLine(head).startsWith("#FORMAT") || EXTENSIONS.contains(extension);
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		final TextSource source = TextSource.text(file, bytes, options);
		source.requireStart("#", "an EMSA/MAS (.msa) spectrum");
		return read(source, options);
	}

	static SpectralDataset read(final TextSource source, final ReadOptions options)
		throws SpectraFormatException
	{
		final Path file = source.file;
		final Map<String, String> keys = new HashMap<>();
		final Map<String, Integer> keyLines = new HashMap<>();
		final TextSource.Lines lines = source.lines();
		boolean data = false;
		double[] values = new double[4096];
		int count = 0;
		int dataLine = 0;
		while (lines.next()) {
			if (lines.isBlank()) continue;
			final String text = lines.text().trim();
			if (!data) {
				if (!text.startsWith("#")) throw new SpectraFormatException(file, lines.number, 1,
					"expected a '#KEYWORD : value' line (or #SPECTRUM before the data), found '" +
						abbreviate(text) + "'");
				if (text.startsWith("##")) continue; // user-defined keyword
				final int colon = text.indexOf(':');
				final String key = (colon < 0 ? text.substring(1) : text.substring(1, colon)).trim()
					.toUpperCase(Locale.ROOT);
				final String value = colon < 0 ? "" : text.substring(colon + 1).trim();
				if (key.equals("SPECTRUM")) {
					data = true;
					dataLine = lines.number;
					checkHasSpectrum(file, keys, keyLines);
				}
				else if (!keys.containsKey(key)) {
					keys.put(key, value);
					keyLines.put(key, lines.number);
				}
				continue;
			}
			if (text.startsWith("#")) break; // #ENDOFDATA (or a checksum after it)
			int i = lines.start;
			while (i < lines.end) {
				final char ch = source.chars[i];
				if (ch == ',' || Character.isWhitespace(ch)) {
					i++;
					continue;
				}
				int j = i;
				while (j < lines.end && source.chars[j] != ',' && !Character.isWhitespace(
					source.chars[j])) j++;
				final double v = Decimals.parse(source.chars, i, j, false);
				if (!Float.isFinite((float) v)) throw new SpectraFormatException(file, lines.number, i -
					lines.start + 1, "'" + new String(source.chars, i, j - i) +
						"' is not a number; the lines after #SPECTRUM hold the spectrum values");
				if (count == values.length) values = Arrays.copyOf(values, count * 2);
				values[count++] = v;
				i = j;
			}
		}
		if (!data) {
			checkHasSpectrum(file, keys, keyLines);
			throw new SpectraFormatException(file, 0, 0,
				"no #SPECTRUM line: not an EMSA/MAS spectrum (expected #KEYWORD lines, #SPECTRUM, " +
					"then the values)");
		}
		final String type = firstWord(keys.getOrDefault("DATATYPE", "Y")).toUpperCase(Locale.ROOT);
		if (!type.equals("Y") && !type.equals("XY")) throw new SpectraFormatException(file, keyLines
			.get("DATATYPE"), 0, "DATATYPE " + type + " is not supported; expected Y (counts) or XY " +
				"(x, y pairs); split several detectors into separate .msa files");
		final boolean xy = type.equals("XY");
		if (xy && count % 2 != 0) throw new SpectraFormatException(file, dataLine, 0, "DATATYPE XY " +
			"needs x, y pairs, but an odd number of values (" + count + ") follows #SPECTRUM");
		final int n = xy ? count / 2 : count;
		final double declared = number(file, keys, keyLines, "NPOINTS");
		if (!Double.isNaN(declared) && declared != n) throw new SpectraFormatException(file, keyLines
			.get("NPOINTS"), 0, "NPOINTS is " + Decimals.format(declared) + " but " + n + (xy
				? " x, y pairs follow" : " values follow") + " #SPECTRUM");
		if (n < 2) throw new SpectraFormatException(file, dataLine, 0,
			"a spectrum needs at least 2 values after #SPECTRUM, found " + n);

		final float[] spectrum = new float[n];
		for (int i = 0; i < n; i++) spectrum[i] = (float) values[xy ? 2 * i + 1 : i];
		final SpectralDataset.Builder b = Datasets.single(file, axis(file, keys, keyLines, values, n,
			xy, options), spectrum);
		Datasets.numeric(b, "livetime_s", number(file, keys, keyLines, "LIVETIME"));
		Datasets.numeric(b, "realtime_s", number(file, keys, keyLines, "REALTIME"));
		Datasets.numeric(b, "beam_kv", number(file, keys, keyLines, "BEAMKV"));
		final String title = keys.get("TITLE");
		Datasets.text(b, "title", title == null || title.isEmpty() ? null : title);
		return b.build();
	}

	/** The configuration files of PIXL are EMSA files without a spectrum. */
	private static void checkHasSpectrum(final Path file, final Map<String, String> keys,
		final Map<String, Integer> keyLines) throws SpectraFormatException
	{
		if (number(file, keys, keyLines, "NPOINTS") == 0) throw new SpectraFormatException(file,
			keyLines.get("NPOINTS"), 0, "the file has no spectrum (NPOINTS 0): an instrument " +
				"configuration file? Open the spectrum .msa files instead");
	}

	private static SpectralAxis axis(final Path file, final Map<String, String> keys,
		final Map<String, Integer> keyLines, final double[] values, final int n, final boolean xy,
		final ReadOptions options) throws SpectraFormatException
	{
		if (options.unit() == SpectralUnit.CHANNEL) return SpectralAxis.channels(n);
		final double perChannel = number(file, keys, keyLines, "XPERCHAN");
		if (!xy && (Double.isNaN(perChannel) || perChannel == 0)) {
			AxisUnits.requireUnit(file, options, SpectralUnit.CHANNEL, "no #XPERCHAN calibration");
			return SpectralAxis.channels(n);
		}
		final String units = keys.getOrDefault("XUNITS", "eV");
		final SpectralUnit unit = AxisUnits.fromName(units);
		if (unit == null) throw new SpectraFormatException(file, keyLines.get("XUNITS"), 0,
			"XUNITS '" + units + "' is not a unit of a spectral axis (eV, keV, nm, cm-1); open the " +
				"file with unit=channel to ignore the calibration");
		AxisUnits.requireUnit(file, options, unit, "#XUNITS " + units);
		final double divisor = AxisUnits.divisor(units);
		final double offset = xy ? 0 : orZero(number(file, keys, keyLines, "OFFSET"));
		final double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = (xy ? values[2 * i] : offset + i * perChannel) / divisor;
		final int bad = SpectralAxis.firstViolation(x);
		if (bad >= 0) throw new SpectraFormatException(file, 0, 0, "the x values are not strictly " +
			"monotonic at point " + (bad + 1) + "; an axis needs distinct values in order");
		return SpectralAxis.of(x, unit);
	}

	private static double orZero(final double v) {
		return Double.isNaN(v) ? 0 : v;
	}

	/** The first word of a keyword's value as a number, NaN if the keyword is absent. */
	private static double number(final Path file, final Map<String, String> keys,
		final Map<String, Integer> keyLines, final String key) throws SpectraFormatException
	{
		final String value = keys.get(key);
		if (value == null || value.isEmpty()) return Double.NaN;
		final String word = firstWord(value);
		final double v = Decimals.parse(word);
		if (!Double.isFinite(v)) throw new SpectraFormatException(file, keyLines.get(key), 0, "#" +
			key + " should be a number, found '" + abbreviate(value) + "'");
		return v;
	}

	private static String firstWord(final String value) {
		final String[] words = value.trim().split("[\\s,]+", 2);
		return words[0];
	}

	private static String abbreviate(final String s) {
		return s.length() <= 60 ? s : s.substring(0, 57) + "…";
	}
}
