package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class McDropoutTest {

	/** The masks are those SeededDropout's generator would draw, whatever order they are made in. */
	@Test
	void drawsAreSplittableRandomsByNumber() {
		for (final long seed : new long[] { 0, 7, -3, 0x9E3779B97F4A7C15L * 5 + 131L * 0xBF58476D1CE4E5B9L }) {
			final SplittableRandom expected = new SplittableRandom(seed);
			final McDropout.Draws draws = new McDropout.Draws(seed);
			for (int block = 0; block < 3; block++) {
				final int n = 1000 + block;
				final long[] values = new long[n];
				// drawn backwards: each value comes from its number alone
				for (int i = n - 1; i >= 0; i--) values[i] = draws.at(i);
				draws.skip(n);
				for (int i = 0; i < n; i++) assertEquals(expected.nextLong(), values[i], "seed " + seed +
					", block " + block + ", draw " + i);
			}
		}
	}
}
