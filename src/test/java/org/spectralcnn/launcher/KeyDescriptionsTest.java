package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectralcnn.commands.TrainCnnCommand;

/** {@code --list} shows each key's default, allowed values and whether it may be left out. */
class KeyDescriptionsTest {

	@Test
	void keysCarryDefaultsAllowedValuesAndOptionality() {
		final List<KeyDescriptions.Key> keys = KeyDescriptions.of(TrainCnnCommand.class);
		final KeyDescriptions.Key input = find(keys, "input");
		assertFalse(input.optional(), "input has no default and is required");
		assertEquals(null, input.defaultValue());
		final KeyDescriptions.Key representation = find(keys, "representation");
		assertTrue(representation.optional());
		assertEquals("spectrum", representation.defaultValue());
		assertEquals(List.of("spectrum", "spectrogram"), representation.choices());
		assertEquals("number 0 … 0.9", find(keys, "validation_fraction").allowed());
		assertEquals("0.1", find(keys, "validation_fraction").defaultValue());
	}

	@Test
	void listingShowsOneLinePerKey() {
		final String text = KeyDescriptions.listing(TrainCnnCommand.class);
		final String[] lines = text.split("\n");
		assertEquals(KeyDescriptions.of(TrainCnnCommand.class).size(), lines.length, text);
		assertTrue(line(lines, "input").startsWith("    input (required) — file — "), text);
		assertTrue(line(lines, "representation").startsWith(
			"    representation (optional, default spectrum) — spectrum | spectrogram — "), text);
		assertTrue(line(lines, "steps").startsWith("    steps (optional, default empty) — text — "),
			text);
		assertTrue(line(lines, "window_size").contains("integer ≥ 2"), text);
	}

	private static KeyDescriptions.Key find(final List<KeyDescriptions.Key> keys,
		final String name)
	{
		return keys.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
	}

	private static String line(final String[] lines, final String key) {
		for (final String l : lines)
			if (l.startsWith("    " + key + " ")) return l;
		throw new AssertionError("no line for " + key);
	}
}
