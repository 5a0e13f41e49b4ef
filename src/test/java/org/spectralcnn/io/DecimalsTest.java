package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fast parser must agree with {@code Double.parseDouble} bit for bit; formatting must round-trip. */
class DecimalsTest {

	private static void assertParsesLikeJava(final String s) {
		final double expected = Double.parseDouble(s);
		final double actual = Decimals.parse(s);
		assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), s);
	}

	@Test
	void parsesLikeDoubleParseDouble() {
		for (final String s : new String[] { "0", "-0", "0.0", "1", "-1", "+1", "1.", ".5", "0.3386885",
			"1100", "2498", "0.969666666666667", "1.00166666666667", "123456789012345678",
			"1234567890123456789", "12345678901234567890123", "9007199254740993", "9007199254740992",
			"1e22", "1e23", "1.5e-3", "1E-4", "-2.5E+10", "4.9e-324", "2.4e-324", "1.7976931348623157e308",
			"1e309", "0.000000000000000000000000000001", "100000000000000000000000",
			"0.1000000000000000055511151231257827", "3.4028235e38", "1.17549435E-38", "0e500",
			"00012.5000", "  7.25 ", "8.589973e9" })
			assertParsesLikeJava(s);
	}

	@Test
	void randomDecimalsParseLikeJava() {
		final Random random = new Random(42);
		for (int k = 0; k < 30_000; k++) {
			final StringBuilder sb = new StringBuilder();
			if (random.nextInt(4) == 0) sb.append('-');
			final int intDigits = random.nextInt(8);
			for (int i = 0; i < intDigits; i++) sb.append((char) ('0' + random.nextInt(10)));
			if (intDigits == 0 || random.nextBoolean()) {
				sb.append('.');
				final int fracDigits = 1 + random.nextInt(random.nextInt(4) == 0 ? 25 : 12);
				for (int i = 0; i < fracDigits; i++) sb.append((char) ('0' + random.nextInt(10)));
			}
			if (random.nextInt(5) == 0) sb.append('e').append(random.nextInt(80) - 40);
			assertParsesLikeJava(sb.toString());
		}
	}

	@Test
	void floatsAreRoundedThroughDouble() {
		final Random random = new Random(7);
		for (int k = 0; k < 20_000; k++) {
			final String s = Float.toString(Float.intBitsToFloat(random.nextInt()));
			if (s.contains("N") || s.contains("I")) continue;
			assertEquals((float) Double.parseDouble(s), (float) Decimals.parse(s), s);
		}
	}

	@Test
	void rejectsWhatIsNotADecimalNumber() {
		for (final String s : new String[] { "", " ", "-", ".", "e5", "1e", "1e+", "abc", "1.5f", "2d",
			"0x1p3", "NaN", "1,5", "1.2.3", "1 2", "--1", "1e5.5", "Infinit" })
			assertTrue(Double.isNaN(Decimals.parse(s)), s);
		assertEquals(Double.POSITIVE_INFINITY, Decimals.parse("inf"));
		assertEquals(Double.NEGATIVE_INFINITY, Decimals.parse("-Infinity"));
	}

	@Test
	void decimalCommaOnlyWhenAsked() {
		final char[] c = "0,125".toCharArray();
		assertEquals(0.125, Decimals.parse(c, 0, c.length, true));
		assertTrue(Double.isNaN(Decimals.parse(c, 0, c.length, false)));
		final char[] mixed = "1.234,5".toCharArray();
		assertTrue(Double.isNaN(Decimals.parse(mixed, 0, mixed.length, true)));
	}

	@Test
	void formatsPlainly() {
		assertEquals("1100", Decimals.format(1100.0));
		assertEquals("0", Decimals.format(0.0));
		assertEquals("-0", Decimals.format(-0.0));
		assertEquals("0.0001", Decimals.format(1e-4));
		assertEquals("0.0000012", Decimals.format(1.2e-6));
		assertEquals("10000000", Decimals.format(1e7));
		assertEquals("15000000000", Decimals.format(1.5e10));
		assertEquals("1E-12", Decimals.format(1e-12));
		assertEquals("1.5E300", Decimals.format(1.5e300));
		assertEquals("0.3386885", Decimals.format(0.3386885f));
		assertEquals("12345678", Decimals.format(12345678f));
		assertEquals("inf", Decimals.format(Double.POSITIVE_INFINITY));
	}

	@Test
	void formattedFloatsAndDoublesReadBackExactly() {
		final Random random = new Random(1);
		for (int k = 0; k < 20_000; k++) {
			final float f = Float.intBitsToFloat(random.nextInt());
			if (Float.isFinite(f)) {
				final String s = Decimals.format(f);
				assertEquals(Float.floatToIntBits(f), Float.floatToIntBits((float) Decimals.parse(s)), s);
			}
			final double d = Double.longBitsToDouble(random.nextLong());
			if (Double.isFinite(d)) {
				final String s = Decimals.format(d);
				assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(Decimals.parse(s)), s);
			}
		}
		for (final float f : new float[] { Float.MIN_VALUE, Float.MAX_VALUE, Float.MIN_NORMAL, 1e-7f,
			1e7f, 0.1f, 1.1f, 2498f })
			assertEquals(f, (float) Decimals.parse(Decimals.format(f)));
	}
}
