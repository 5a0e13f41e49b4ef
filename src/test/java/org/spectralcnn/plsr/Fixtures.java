package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/** The scikit-learn reference numbers of src/test/python/make_plsr_fixtures.py, and helpers. */
public final class Fixtures {

	private Fixtures() {}

	static JsonObject load(final String name) throws IOException {
		try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/plsr/" + name)) {
			if (in == null) throw new IOException("fixture " + name + " missing");
			return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
				.getAsJsonObject();
		}
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

	/**
	 * A plain CSV table with an id column, numeric columns and wavelength columns (headers that
	 * are numbers), read as Spectral CNN reads spectra (float32, empty cell = NaN).
	 * TODO replace by SpectraIO.open once org.spectralcnn.io lands.
	 */
	public static SpectralDataset readCsv(final Path file) throws IOException {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
				BufferedReader r = new BufferedReader(new InputStreamReader(in,
					StandardCharsets.UTF_8)))
		{
			final String[] header = r.readLine().split(",", -1);
			final List<Integer> wl = new ArrayList<>(), other = new ArrayList<>();
			for (int c = 1; c < header.length; c++) {
				try {
					Double.parseDouble(header[c]);
					wl.add(c);
				}
				catch (final NumberFormatException e) {
					other.add(c);
				}
			}
			final List<String[]> lines = new ArrayList<>();
			for (String line; (line = r.readLine()) != null;)
				if (!line.isEmpty()) lines.add(line.split(",", -1));
			final int n = lines.size(), p = wl.size();
			final double[] axis = new double[p];
			for (int j = 0; j < p; j++) axis[j] = Double.parseDouble(header[wl.get(j)]);
			final float[] data = new float[n * p];
			final String[] ids = new String[n];
			for (int i = 0; i < n; i++) {
				final String[] f = lines.get(i);
				ids[i] = f[0].replace("\"", "");
				for (int j = 0; j < p; j++) data[i * p + j] = Float.parseFloat(f[wl.get(j)]);
			}
			final SpectralDataset.Builder b = SpectralDataset.builder(file.getFileName().toString(),
				SpectralAxis.of(axis, SpectralUnit.parse("nm")), ids, data);
			for (final int c : other) {
				final double[] v = new double[n];
				for (int i = 0; i < n; i++) {
					final String s = lines.get(i)[c].trim();
					v[i] = s.isEmpty() || s.equals("NA") ? Double.NaN : Double.parseDouble(s);
				}
				b.numeric(header[c].replace("\"", ""), v);
			}
			return b.build();
		}
	}
}
