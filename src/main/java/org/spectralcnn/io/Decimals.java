package org.spectralcnn.io;

/**
 * Decimal numbers as spectra files write them: a fast, exact parser and a shortest round-trip
 * formatter.
 * <p>
 * {@link Float#parseFloat} on substrings dominates the time to read a wide table. The parser
 * here reads {@code [+-]digits[.digits][(e|E)[+-]digits]} straight from a {@code char[]}, and for
 * up to 15 significant digits and a power of ten up to 22 computes the value with one IEEE
 * multiplication or division of two exact doubles (Clinger's fast path), which is the correctly
 * rounded result. Anything longer goes to {@link Double#parseDouble}, so the result is always
 * exactly what {@code Double.parseDouble} gives; spectra are then cast to float, which is
 * {@code (float) Double.parseDouble(s)}.
 */
public final class Decimals {

	private static final double[] POWERS_OF_TEN = new double[23];
	static {
		double p = 1;
		for (int i = 0; i < POWERS_OF_TEN.length; i++, p *= 10) POWERS_OF_TEN[i] = p;
	}

	/** 2^53: every long below it is an exact double. */
	private static final long EXACT_LIMIT = 1L << 53;

	/** Mantissas stop growing here: ×10 + 9 still fits a long. */
	private static final long MANTISSA_LIMIT = 100_000_000_000_000_000L;

	private Decimals() {}

	/**
	 * The value of a decimal number such as {@code 0.3386885}, {@code -1.5e-3} or {@code inf}, or
	 * NaN if the text is not one (including {@code NaN}, hexadecimal floats and Java's
	 * {@code f}/{@code d} suffixes, which are not numbers in a table). Surrounding blanks are
	 * ignored.
	 */
	public static double parse(final CharSequence text) {
		final char[] c = text.toString().toCharArray();
		return parse(c, 0, c.length, false);
	}

	/**
	 * Parses {@code chars[start, end)}; see {@link #parse(CharSequence)}.
	 *
	 * @param decimalComma also accept {@code ,} as the decimal separator (for {@code ;}-separated
	 *          files from locales that write {@code 0,123})
	 */
	public static double parse(final char[] chars, int start, int end,
		final boolean decimalComma)
	{
		while (start < end && isBlank(chars[start])) start++;
		while (end > start && isBlank(chars[end - 1])) end--;
		if (start == end) return Double.NaN;
		int i = start;
		boolean negative = false;
		if (chars[i] == '-' || chars[i] == '+') {
			negative = chars[i] == '-';
			i++;
		}
		if (i < end && (chars[i] == 'i' || chars[i] == 'I')) return infinity(chars, i, end,
			negative);
		// Digits go into the mantissa until it reaches 10^17 (it cannot overflow); later ones only
		// move the exponent, and a mantissa that large sends the number to the slow path anyway.
		long mantissa = 0;
		int exponent = 0;
		final int digitsStart = i;
		for (; i < end; i++) {
			final int d = chars[i] - '0';
			if (d < 0 || d > 9) break;
			if (mantissa < MANTISSA_LIMIT) mantissa = mantissa * 10 + d;
			else exponent++;
		}
		int digits = i - digitsStart;
		if (i < end && (chars[i] == '.' || chars[i] == ',' && decimalComma)) {
			final int fractionStart = ++i;
			for (; i < end; i++) {
				final int d = chars[i] - '0';
				if (d < 0 || d > 9) break;
				if (mantissa < MANTISSA_LIMIT) {
					mantissa = mantissa * 10 + d;
					exponent--;
				}
			}
			digits += i - fractionStart;
		}
		if (digits == 0) return Double.NaN;
		if (i < end) {
			final char ch = chars[i];
			if (ch != 'e' && ch != 'E') return Double.NaN;
			i++;
			boolean expNegative = false;
			if (i < end && (chars[i] == '-' || chars[i] == '+')) {
				expNegative = chars[i] == '-';
				i++;
			}
			if (i == end) return Double.NaN;
			int e = 0;
			for (; i < end; i++) {
				final int d = chars[i] - '0';
				if (d < 0 || d > 9) return Double.NaN;
				if (e < 100000) e = e * 10 + d;
			}
			exponent += expNegative ? -e : e;
		}
		if (mantissa < EXACT_LIMIT && exponent >= -22 && exponent <= 22) {
			final double m = mantissa;
			final double v = exponent < 0 ? m / POWERS_OF_TEN[-exponent] : m *
				POWERS_OF_TEN[exponent];
			return negative ? -v : v;
		}
		return slow(chars, start, end, decimalComma);
	}

	/** The syntax was checked: Java's parser only has to do the rounding. */
	private static double slow(final char[] chars, final int start, final int end,
		final boolean decimalComma)
	{
		String s = new String(chars, start, end - start);
		if (decimalComma) s = s.replace(',', '.');
		return Double.parseDouble(s);
	}

	private static double infinity(final char[] chars, final int start, final int end,
		final boolean negative)
	{
		final String word = new String(chars, start, end - start);
		if (!word.equalsIgnoreCase("inf") && !word.equalsIgnoreCase("infinity")) return Double.NaN;
		return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
	}

	private static boolean isBlank(final char c) {
		return c == ' ' || c == '\t';
	}

	/**
	 * A short decimal (the digits of {@link Float#toString}) that reads back as exactly this
	 * float through {@code (float) Double.parseDouble}, written plainly where that is as short as Java's
	 * exponent notation: {@code 0.0001} not {@code 1.0E-4}, {@code 1100} not {@code 1100.0}.
	 * Non-finite values: {@code NaN}, {@code inf}, {@code -inf}.
	 */
	public static String format(final float value) {
		if (!Float.isFinite(value)) return nonFinite(value);
		String s = Float.toString(value);
		// Float.toString targets Float.parseFloat; reading goes through double, where a digit
		// string very close to a midpoint between two floats could round the other way.
		if (Float.floatToIntBits((float) Double.parseDouble(s)) != Float.floatToIntBits(value))
			s = Double.toString(value);
		return plain(s);
	}

	/** As {@link #format(float)} for doubles: {@code Double.parseDouble} gives the value back. */
	public static String format(final double value) {
		if (!Double.isFinite(value)) return nonFinite(value);
		return plain(Double.toString(value));
	}

	private static String nonFinite(final double value) {
		return Double.isNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";
	}

	/**
	 * Rewrites Java's {@code d.dddE±x} as a plain decimal for exponents -7…20 and drops a trailing
	 * {@code .0}; moving the point is exact, so the value is unchanged.
	 */
	static String plain(final String javaString) {
		final int e = javaString.indexOf('E');
		if (e < 0) return javaString.endsWith(".0") ? javaString.substring(0, javaString.length() -
			2) : javaString;
		final int exponent = Integer.parseInt(javaString.substring(e + 1));
		final boolean negative = javaString.charAt(0) == '-';
		final String mantissa = javaString.substring(negative ? 1 : 0, e);
		String digits = mantissa.replace(".", "");
		final int pointAt = mantissa.indexOf('.') + exponent; // digits before the point
		if (exponent < -7 || exponent > 20) {
			final String m = mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2)
				: mantissa;
			return (negative ? "-" : "") + m + "E" + exponent;
		}
		while (digits.length() > 1 && digits.endsWith("0") && digits.length() > pointAt) digits =
			digits.substring(0, digits.length() - 1);
		final StringBuilder sb = new StringBuilder(24);
		if (negative) sb.append('-');
		if (pointAt <= 0) {
			sb.append("0.");
			for (int k = pointAt; k < 0; k++) sb.append('0');
			sb.append(digits);
		}
		else if (pointAt >= digits.length()) {
			sb.append(digits);
			for (int k = digits.length(); k < pointAt; k++) sb.append('0');
		}
		else sb.append(digits, 0, pointAt).append('.').append(digits, pointAt, digits.length());
		return sb.toString();
	}
}
