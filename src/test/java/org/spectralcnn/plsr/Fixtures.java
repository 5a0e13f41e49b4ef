package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spectralcnn.SharedData;
import org.spectralcnn.testdata.References;

/**
 * The scikit-learn reference numbers of src/test/python/make_plsr_fixtures.py (committed, and the
 * NIRsoil ones made at test time from ../shared/data), and helpers.
 */
final class Fixtures {

	private Fixtures() {}

	static JsonObject load(final String name) throws IOException {
		try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/plsr/" + name)) {
			if (in == null) throw new IOException("fixture " + name + " missing");
			return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
				.getAsJsonObject();
		}
	}

	/** A NIRsoil reference ({@code nirsoil_raw.json}, {@code nirsoil_sg1snv.json}). */
	static JsonObject nirsoil(final String name) throws IOException {
		final Path dir = References.make("plsr", "make_plsr_fixtures.py", "--nirsoil", SharedData
			.nirsoil().toString(), "--nirsoil-out", "{out}");
		return JsonParser.parseString(Files.readString(dir.resolve(name), StandardCharsets.UTF_8))
			.getAsJsonObject();
	}

	static double[] doubles(final JsonArray a) {
		final double[] d = new double[a.size()];
		for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
		return d;
	}

	static int[] ints(final JsonArray a) {
		final int[] d = new int[a.size()];
		for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsInt();
		return d;
	}

	/**
	 * Asserts |a − e| ≤ tol · max(|e|, mean |e|) element-wise (relative, with the mean magnitude as
	 * the floor so that values near zero do not blow the ratio up); returns the largest ratio.
	 */
	static double assertRelative(final double[] expected, final double[] actual, final double tol,
		final String what)
	{
		assertEquals(expected.length, actual.length, what + ": length");
		double meanAbs = 0;
		for (final double e : expected) meanAbs += Math.abs(e);
		meanAbs /= expected.length;
		double worst = 0;
		for (int i = 0; i < expected.length; i++) {
			final double rel = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]),
				meanAbs);
			worst = Math.max(worst, rel);
			assertTrue(rel <= tol, what + "[" + i + "]: expected " + expected[i] + ", got " +
				actual[i] + " (relative difference " + rel + ")");
		}
		return worst;
	}
}
