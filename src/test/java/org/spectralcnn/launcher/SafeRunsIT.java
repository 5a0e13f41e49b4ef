package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 as the user met it: {@code ./spectral-cnn --headless --run} and a macro run by the
 * launcher never overwrite an input, never replace the previous model in a failed run, and stop
 * on a number that does not parse, with one line naming the key and the text typed.
 */
class SafeRunsIT {

	private static final Path SOIL = Path.of("test-data", "soil_visnir.csv").toAbsolutePath();

	@TempDir
	Path tmp;

	private String train(final String more) {
		return "input=" + SOIL + ",targets=clay,architecture=tiny,epochs=1,batch_size=16," + more;
	}

	@Test
	void badOutputsAndNumbersFailBeforeAnyWorkAndLoseNothing() throws Exception {
		// the input inside the report folder, under a name the report writes
		final Path rep = Files.createDirectories(tmp.resolve("rep"));
		final Path input = rep.resolve("predictions.csv");
		Files.copy(SOIL, input);
		Launcher.Result r = Launcher.run(300, "--headless", "--run", "Train CNN", "input=" + input +
			",targets=clay,architecture=tiny,epochs=1,model=" + tmp.resolve("o6.zip") + ",report=" +
			rep);
		assertEquals(1, r.exitCode(), r.toString());
		assertEquals(1, r.stderrLines().size(), r.toString());
		assertTrue(r.stderr().contains("Train CNN: report " + input + " would overwrite the input " +
			input + " (input)"), r.toString());
		assertArrayEquals(Files.readAllBytes(SOIL), Files.readAllBytes(input));
		assertFalse(Files.exists(tmp.resolve("o6.zip")));

		// a report path that is a regular file: refused before training, the old model intact
		final Path prev = Files.writeString(tmp.resolve("prev.zip"), "the previous model");
		final Path rfile = Files.writeString(tmp.resolve("rfile"), "x\n");
		r = Launcher.run(300, "--headless", "--run", "Train CNN", train("model=" + prev + ",report=" +
			rfile));
		assertEquals(1, r.exitCode(), r.toString());
		assertTrue(r.stderr().contains("Train CNN: report: " + rfile + " is a file, not a folder"), r
			.toString());
		assertEquals("the previous model", Files.readString(prev));

		// numbers: the key and the text typed
		r = Launcher.run(300, "--headless", "--run", "Train CNN", "input=" + SOIL +
			",targets=clay,architecture=tiny,epochs=99999999999,model=" + prev);
		assertEquals(1, r.exitCode(), r.toString());
		assertTrue(r.stderr().contains(
			"Train CNN: epochs: 99999999999 is out of range (whole numbers from -2147483648 to 2147483647)"),
			r.toString());

		// a macro with a decimal comma stops, naming the key
		final Path macro = tmp.resolve("comma.ijm");
		Files.write(macro, ("run(\"Train CNN\", \"input=[" + SOIL +
			"] targets=clay architecture=tiny epochs=1 validation_fraction=0,2 model=[" + prev +
			"]\");\nprint(\"not reached\");\n").getBytes(StandardCharsets.UTF_8));
		r = Launcher.run(300, "-macro", macro.toString());
		assertEquals(1, r.exitCode(), r.toString());
		assertFalse(r.stdout().contains("not reached"), r.toString());
		assertTrue(r.stderr().contains("validation_fraction: write the decimal point as a dot: 0.2, not '0,2'"),
			r.toString());
		assertEquals("the previous model", Files.readString(prev));

		// a missing input names the folder that is missing
		final Path nope = tmp.resolve("x/nope.csv");
		r = Launcher.run(120, "--headless", "--run", "Import Spectra", "input=" + nope + ",output=" +
			tmp.resolve("o.tif"));
		assertEquals(1, r.exitCode(), r.toString());
		assertTrue(r.stderr().contains("Import Spectra: input: " + nope + ": folder " + tmp.resolve(
			"x") + " not found"), r.toString());
	}
}
