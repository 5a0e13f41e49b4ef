package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spectralcnn.commands.CommandFailure;

class CommandArgumentsTest {

	private static Map<String, String> map(final String... kv) {
		final Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}

	@Test
	void fijiRunSyntax() {
		assertEquals(map("input", "a.csv", "output", "out/x y.tif", "steps", "snv, sg(11,2,1)"),
			CommandArguments.parseRunArguments(
				"input=a.csv, output=\"out/x y.tif\",steps=\"snv, sg(11,2,1)\""));
		assertEquals(map("steps", "sg(11,2,1)"), CommandArguments.parseRunArguments(
			"steps=[sg(11,2,1)]"));
		assertEquals(map(), CommandArguments.parseRunArguments(""));
	}

	@Test
	void macroOptionSyntax() {
		assertEquals(map("input", "/data/my soils.csv", "output", "a.tif", "targets_output", "t.csv",
			"zscore", "true"), CommandArguments.parseMacroOptions(
				"input=[/data/my soils.csv] output=a.tif targets_output=t.csv zscore"));
		// a key that ends like another (output, targets_output) is not confused with it
		assertEquals("a.tif", CommandArguments.parseMacroOptions(
			"targets_output=t.csv output=a.tif").get("output"));
		assertEquals(map("layers", "conv1 [x]"), CommandArguments.parseMacroOptions(
			"layers=[conv1 [x]]"));
	}

	@Test
	void errorsNameTheKey() {
		assertTrue(assertThrows(CommandFailure.class, () -> CommandArguments.parseRunArguments(
			"a=1,a=2")).getMessage().contains("'a'"));
		assertTrue(assertThrows(CommandFailure.class, () -> CommandArguments.parseMacroOptions(
			"input=[unclosed")).getMessage().contains("'input'"));
	}

	@Test
	void recorderStyleValues() {
		assertEquals("a.csv", CommandArguments.macroValue("a.csv"));
		assertEquals("[my file.csv]", CommandArguments.macroValue("my file.csv"));
		assertEquals("[]", CommandArguments.macroValue(""));
	}
}
