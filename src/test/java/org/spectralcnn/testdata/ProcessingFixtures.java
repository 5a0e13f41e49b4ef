package org.spectralcnn.testdata;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spectralcnn.SharedData;

/**
 * The scipy / numpy / scikit-learn reference outputs for the preprocessing and spectrogram tests,
 * made from NIRsoil rows (and a synthetic spectrum) by {@code src/test/python/make_fixtures.py}
 * at test time ({@link References}): an index ({@code fixtures.json}) and one little-endian
 * float32 array per fixture.
 */
public final class ProcessingFixtures {

	private static JsonObject index;

	private ProcessingFixtures() {}

	public static synchronized JsonObject index() {
		if (index == null) {
			try {
				index = JsonParser.parseString(Files.readString(file("fixtures.json"),
					StandardCharsets.UTF_8)).getAsJsonObject();
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return index;
	}

	/** The entry of a named fixture in a section ({@code preprocessing}, {@code spectrograms}). */
	public static JsonObject entry(final String section, final String name) {
		for (final JsonElement e : index().getAsJsonArray(section))
			if (e.getAsJsonObject().get("name").getAsString().equals(name)) return e.getAsJsonObject();
		throw new IllegalArgumentException("no fixture " + name + " in " + section);
	}

	/** The float32 values of a fixture, row-major. */
	public static float[] values(final String name) {
		try {
			final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file(name + ".bin"))).order(
				ByteOrder.LITTLE_ENDIAN);
			final float[] v = new float[b.remaining() / 4];
			b.asFloatBuffer().get(v);
			return v;
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The NIRsoil ids of the fixture rows, in order. */
	public static String[] nirsoilIds() {
		final JsonArray ids = index().getAsJsonObject("nirsoil").getAsJsonArray("ids");
		final String[] out = new String[ids.size()];
		for (int i = 0; i < out.length; i++) out[i] = ids.get(i).getAsString();
		return out;
	}

	private static Path file(final String name) {
		return References.make("processing", "make_fixtures.py", "--nirsoil", SharedData.nirsoil()
			.toString(), "--out", "{out}").resolve(name);
	}
}
