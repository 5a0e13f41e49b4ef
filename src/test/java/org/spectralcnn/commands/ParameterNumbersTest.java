package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link ParameterNumbers}: the values of plain numbers, and what every other text is told. */
class ParameterNumbersTest {

	private static String refusal(final String text, final Class<?> type) {
		return assertThrows(IllegalArgumentException.class, () -> ParameterNumbers.parse(text, type))
			.getMessage();
	}

	@Test
	void plainNumbersParseToTheirValue() {
		assertEquals(42, ParameterNumbers.parse("42", int.class));
		assertEquals(-3, ParameterNumbers.parse(" -3 ", Integer.class));
		assertEquals(5, ParameterNumbers.parse("+5", int.class));
		assertEquals(20, ParameterNumbers.parse("20.0", int.class));
		assertEquals(1000, ParameterNumbers.parse("1e3", int.class));
		assertEquals(Integer.MAX_VALUE, ParameterNumbers.parse("2147483647", int.class));
		assertEquals(Long.MIN_VALUE, ParameterNumbers.parse("-9223372036854775808", long.class));
		assertEquals(0.25, ParameterNumbers.parse("0.25", double.class));
		assertEquals(0.5, ParameterNumbers.parse(".5", Double.class));
		assertEquals(5.0, ParameterNumbers.parse("5.", double.class));
		assertEquals(1e-3, ParameterNumbers.parse("1E-3", double.class));
		assertEquals(0.1f, ParameterNumbers.parse("0.1", float.class));
	}

	@Test
	void everythingElseIsRefusedShowingTheText() {
		assertEquals("expected a whole number, got 'abc'", refusal("abc", int.class));
		assertEquals("expected a whole number, got '2.5'", refusal("2.5", int.class));
		assertEquals("expected a whole number, got an empty value", refusal(" ", int.class));
		assertEquals("expected a number, got nothing", refusal(null, double.class));
		assertEquals("2147483648 is out of range (whole numbers from -2147483648 to 2147483647)",
			refusal("2147483648", int.class));
		assertEquals("1e999999999 is out of range (whole numbers from -2147483648 to 2147483647)",
			refusal("1e999999999", int.class));
		assertEquals("1e99999999999 is out of range", refusal("1e99999999999", double.class));
		assertEquals("write the decimal point as a dot: 0.2, not '0,2'", refusal("0,2", double.class));
		assertEquals("write the decimal point as a dot: -.5, not '-,5'", refusal("-,5", double.class));
		for (final String text : new String[] { "NaN", "Infinity", "0x10", "5d", "1.5f", "1 000",
			"1e", "--1", "½" })
			assertEquals("expected a number such as 0.25 or 1e-3, got '" + text + "'", refusal(text,
				double.class), text);
		assertEquals("-1e400 is out of range (at most 1.7976931348623157E308)", refusal("-1e400",
			double.class));
		assertEquals("1e39 is out of range (at most 3.4028235E38)", refusal("1e39", float.class));
	}
}
