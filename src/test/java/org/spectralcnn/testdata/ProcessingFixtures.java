package org.spectralcnn.testdata;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The scipy / numpy / scikit-learn reference outputs in {@code fixtures/processing/}, made by
 * {@code src/test/python/make_fixtures.py}: an index ({@code fixtures.json}) and one
 * little-endian float32 array per fixture.
 */
public final class ProcessingFixtures {

	private static final String DIR = "/fixtures/processing/";
	private static JsonObject index;

	private ProcessingFixtures() {}

	public static synchronized JsonObject index() {
		if (index == null) {
			try (InputStream in = resource("fixtures.json")) {
				index = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
					.getAsJsonObject();
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
		try (InputStream in = resource(name + ".bin")) {
			final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
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

	private static InputStream resource(final String file) {
		final InputStream in = ProcessingFixtures.class.getResourceAsStream(DIR + file);
		if (in == null) throw new IllegalStateException("missing test resource " + DIR + file +
			"; run src/test/python/make_fixtures.py");
		return in;
	}
}
