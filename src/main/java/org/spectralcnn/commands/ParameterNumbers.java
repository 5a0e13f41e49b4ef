package org.spectralcnn.commands;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Numbers typed as text for a command's parameters (launcher, macros, a SciJava call with
 * strings), parsed strictly. SciJava's own conversion turns anything it cannot read ("abc",
 * "0,2", "99999999999" for an int, even " 7 ") into 0, which trained models with a seed, a
 * validation fraction or a patience nobody asked for. Here the text is a plain decimal number
 * ({@code 42}, {@code -3}, {@code 0.25}, {@code 1e-3}; a whole number may be written
 * {@code 20.0}) or the run fails with the text that was typed.
 */
public final class ParameterNumbers {

	private static final Pattern DECIMAL = Pattern.compile(
		"[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
	private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d*,\\d+");

	private ParameterNumbers() {}

	/** Whether values of this type are numbers parsed here. */
	public static boolean isNumber(final Class<?> type) {
		return whole(type) || type == double.class || type == Double.class || type == float.class ||
			type == Float.class;
	}

	/**
	 * The value of the text for a parameter of the given type.
	 *
	 * @param key the parameter name, for the message
	 * @throws CommandFailure e.g. {@code epochs: expected a whole number, got 'abc'}
	 */
	public static Object parse(final String key, final String text, final Class<?> type) {
		try {
			return parse(text, type);
		}
		catch (final IllegalArgumentException e) {
			throw new CommandFailure(key + ": " + e.getMessage());
		}
	}

	/**
	 * The value of the text, boxed to the type's wrapper.
	 *
	 * @throws IllegalArgumentException saying what was expected and what was typed
	 */
	public static Object parse(final String text, final Class<?> type) {
		final boolean whole = whole(type);
		final String expected = whole ? "a whole number" : "a number";
		if (text == null || text.isBlank()) throw new IllegalArgumentException("expected " +
			expected + ", got " + (text == null ? "nothing" : "an empty value"));
		final String t = text.trim();
		if (DECIMAL_COMMA.matcher(t).matches()) throw new IllegalArgumentException(
			"write the decimal point as a dot: " + t.replace(',', '.') + ", not '" + t + "'");
		if (!DECIMAL.matcher(t).matches()) throw new IllegalArgumentException("expected " +
			expected + (whole ? "" : " such as 0.25 or 1e-3") + ", got '" + text + "'");
		final BigDecimal value;
		try {
			value = new BigDecimal(t);
		}
		catch (final NumberFormatException | ArithmeticException e) { // an exponent beyond int
			throw new IllegalArgumentException(t + " is out of range");
		}
		if (whole) return wholeValue(t, value, type);
		final double d = value.doubleValue();
		if (type == float.class || type == Float.class) {
			final float f = value.floatValue();
			if (Float.isInfinite(f)) throw new IllegalArgumentException(t +
				" is out of range (at most " + Float.MAX_VALUE + ")");
			return f;
		}
		if (Double.isInfinite(d)) throw new IllegalArgumentException(t +
			" is out of range (at most " + Double.MAX_VALUE + ")");
		return d;
	}

	private static Object wholeValue(final String t, final BigDecimal value, final Class<?> type) {
		final long min, max;
		if (type == long.class || type == Long.class) {
			min = Long.MIN_VALUE;
			max = Long.MAX_VALUE;
		}
		else if (type == short.class || type == Short.class) {
			min = Short.MIN_VALUE;
			max = Short.MAX_VALUE;
		}
		else if (type == byte.class || type == Byte.class) {
			min = Byte.MIN_VALUE;
			max = Byte.MAX_VALUE;
		}
		else {
			min = Integer.MIN_VALUE;
			max = Integer.MAX_VALUE;
		}
		// integer digits first: 1e999999999 must not become a billion-digit BigInteger
		if (value.signum() != 0 && value.precision() - value.scale() > 20 || value.compareTo(
			BigDecimal.valueOf(max)) > 0 || value.compareTo(BigDecimal.valueOf(min)) < 0)
			throw new IllegalArgumentException(t + " is out of range (whole numbers from " + min +
				" to " + max + ")");
		if (value.stripTrailingZeros().scale() > 0) throw new IllegalArgumentException(
			"expected a whole number, got '" + t + "'");
		final long v = value.longValueExact();
		if (type == long.class || type == Long.class) return v;
		if (type == short.class || type == Short.class) return (short) v;
		if (type == byte.class || type == Byte.class) return (byte) v;
		return (int) v;
	}

	private static boolean whole(final Class<?> type) {
		return type == int.class || type == Integer.class || type == long.class ||
			type == Long.class || type == short.class || type == Short.class || type == byte.class ||
			type == Byte.class;
	}
}
