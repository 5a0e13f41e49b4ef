package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralUnit;

/**
 * The unit of an axis from its values (wide tables, whose headers are bare numbers) or from a
 * column or keyword name ({@code energy_keV}, {@code #XUNITS : eV}).
 */
final class AxisUnits {

	private static final Pattern KEV = Pattern.compile("(^|[^a-z])kev([^a-z]|$)");
	private static final Pattern EV = Pattern.compile("(^|[^a-z])ev([^a-z]|$)");
	private static final Pattern WAVENUMBER = Pattern.compile(
		"wavenumber|cm\\s*\\^?\\s*-1|cm⁻¹|1\\s*/\\s*cm");
	private static final Pattern NM = Pattern.compile("(^|[^a-z])nm([^a-z]|$)|wavelength");
	private static final Pattern CHANNEL = Pattern.compile("channel|(^|[^a-z])(ch|chan)([^a-z]|$)");

	private AxisUnits() {}

	/**
	 * Infers the unit of bare axis values, in this order:
	 * <ol>
	 * <li>starting at 0 or 1 in integer steps of exactly 1: {@code channel};</li>
	 * <li>decreasing, or within 100–15000 and reaching above 3000: {@code cm^-1} (MIR
	 * 4000–400, FT-NIR 12500–4000; MIR files are often written high to low);</li>
	 * <li>within 100–3000: {@code nm} (vis-NIR 350–2500);</li>
	 * <li>otherwise {@code channel}.</li>
	 * </ol>
	 * keV cannot be told from the values (XRF 0–41, gamma 0–3000 look like channels or nm); say
	 * so with {@link ReadOptions#withUnit}.
	 */
	static SpectralUnit infer(final double[] axis) {
		if (isChannelIndex(axis)) return SpectralUnit.CHANNEL;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (final double v : axis) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		final boolean decreasing = axis.length > 1 && axis[1] < axis[0];
		if (decreasing || min >= 100 && max <= 15000 && max > 3000) return SpectralUnit.WAVENUMBER;
		if (min >= 100 && max <= 3000) return SpectralUnit.NM;
		return SpectralUnit.CHANNEL;
	}

	private static boolean isChannelIndex(final double[] axis) {
		if (axis[0] != 0 && axis[0] != 1) return false;
		for (int i = 1; i < axis.length; i++)
			if (axis[i] != axis[i - 1] + 1) return false;
		return true;
	}

	/** The unit a name such as {@code energy_keV}, {@code nm} or {@code channel} states, or null. */
	static SpectralUnit fromName(final String name) {
		if (name == null) return null;
		final String s = name.toLowerCase(Locale.ROOT);
		if (KEV.matcher(s).find() || EV.matcher(s).find()) return SpectralUnit.KEV;
		if (WAVENUMBER.matcher(s).find()) return SpectralUnit.WAVENUMBER;
		if (NM.matcher(s).find()) return SpectralUnit.NM;
		if (CHANNEL.matcher(s).find()) return SpectralUnit.CHANNEL;
		return null;
	}

	/**
	 * What values in the named unit are divided by to be in the unit {@link #fromName} gives: 1000
	 * for eV (to keV), else 1. Division, not multiplication by 0.001, keeps {@code -17.1133} eV at
	 * {@code -0.0171133} keV.
	 */
	static double divisor(final String name) {
		final String s = name == null ? "" : name.toLowerCase(Locale.ROOT);
		return !KEV.matcher(s).find() && EV.matcher(s).find() ? 1000 : 1;
	}

	/**
	 * An energy calibration {@code scale · Σ c[k]·ch^k} over the channels {@code first …
	 * first+n-1}, or null when there is none to use: fewer than two coefficients, all zero (an
	 * uncalibrated instrument), or not strictly increasing over the channels.
	 */
	static double[] polynomial(final double[] c, final int first, final int n,
		final double scale)
	{
		if (c == null || c.length < 2 || n < 2) return null;
		boolean allZero = true;
		for (final double v : c) allZero &= v == 0;
		if (allZero) return null;
		final double[] e = new double[n];
		for (int i = 0; i < n; i++) {
			final double ch = first + i;
			double v = 0;
			for (int k = c.length - 1; k >= 0; k--) v = v * ch + c[k];
			e[i] = v * scale;
		}
		return SpectralAxis.firstViolation(e) < 0 && e[1] > e[0] ? e : null;
	}

	/**
	 * Instrument files carry their own axis: a unit asked for in the options must agree with it
	 * (only {@code channel}, which drops a calibration, is handled by the readers themselves).
	 */
	static void requireUnit(final Path file, final ReadOptions options, final SpectralUnit unit,
		final String why) throws SpectraFormatException
	{
		if (options.unit() != null && options.unit() != unit) throw new SpectraFormatException(file,
			0, 0, "unit=" + options.unit().symbol() + " does not apply: the file's axis is " + unit
				.symbol() + " (" + why + "); leave the unit empty, or use unit=channel for channel " +
				"indices");
	}
}
