package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class FoldsTest {

	@Test
	void sameFoldsAsScikitLearnKFold() throws Exception {
		for (final JsonElement e : Fixtures.load("kfold.json").getAsJsonArray("cases")) {
			final JsonObject c = e.getAsJsonObject();
			final int n = c.get("n").getAsInt(), folds = c.get("folds").getAsInt();
			final long seed = c.get("seed").getAsLong();
			assertArrayEquals(Fixtures.ints(c.getAsJsonArray("fold")), Folds.kFold(n, folds, seed),
				"KFold(" + folds + ", shuffle=True, random_state=" + seed + ") on " + n + " samples");
		}
	}

	@Test
	void numpyPermutation() {
		// numpy.random.RandomState(0).permutation(10)
		assertArrayEquals(new int[] { 2, 8, 4, 9, 1, 6, 7, 3, 0, 5 }, Folds.shuffled(10, 0));
	}

	@Test
	void badArguments() {
		assertThrows(IllegalArgumentException.class, () -> Folds.kFold(5, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> Folds.kFold(5, 6, 0));
		assertThrows(IllegalArgumentException.class, () -> Folds.kFold(5, 2, -1));
		assertThrows(IllegalArgumentException.class, () -> Folds.kFold(5, 2, 1L << 32));
	}
}
