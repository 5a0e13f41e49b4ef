package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.ModelFileException;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.models.Models;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * MBL against a direct computation with numpy/scikit-learn
 * ({@code src/test/python/make_mbl_fixture.py}: the same neighbours, the same weighted local PLS)
 * on the synthetic library, and its model file.
 */
class MblTest {

	static SpectralDataset data;
	static JsonObject fixture;

	@TempDir
	Path dir;

	@BeforeAll
	static void load() throws Exception {
		data = SpectraIO.open(Paths.get("test-data/global_visnir.csv"));
		fixture = Fixtures.load("mbl_synthetic.json");
	}

	private static int[] ints(final JsonArray a) {
		final int[] v = new int[a.size()];
		for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
		return v;
	}

	@Test
	void neighboursAndPredictionsMatchTheDirectComputation() {
		final int[] lib = ints(fixture.getAsJsonArray("library_rows"));
		final int[] queries = ints(fixture.getAsJsonArray("query_rows"));
		final double[] clay = data.column("clay");
		final double[] y = new double[lib.length];
		for (int i = 0; i < lib.length; i++) y[i] = clay[lib[i]];
		for (final Mbl.Dissimilarity d : Mbl.Dissimilarity.values()) {
			final Mbl mbl = Mbl.fit(data.data(), data.points(), lib, y, new Mbl.Settings(fixture.get("k")
				.getAsInt(), fixture.get("min_components").getAsInt(), fixture.get("max_components")
					.getAsInt(), fixture.get("score_components").getAsInt(), d));
			final JsonObject ref = fixture.getAsJsonObject(d.key());
			for (int q = 0; q < queries.length; q++) {
				final int[] nb = mbl.neighbours(data.data(), queries[q]);
				for (int i = 0; i < nb.length; i++) nb[i] = lib[nb[i]];
				Arrays.sort(nb);
				assertArrayEquals(ints(ref.getAsJsonArray("neighbours").get(q).getAsJsonArray()), nb, d +
					" neighbours of row " + queries[q]);
				final double expected = ref.getAsJsonArray("predictions").get(q).getAsDouble();
				assertEquals(expected, mbl.predict(data.data(), queries[q]), 1e-6 * Math.abs(expected),
					d + " prediction of row " + queries[q]);
			}
		}
	}

	@Test
	void modelFileRoundTripAndValidation() throws Exception {
		final boolean[] cal = new boolean[data.size()];
		for (int i = 0; i < 200; i++) cal[i] = true;
		final MblWorkflow.Result r = MblWorkflow.train(data, Preprocessing.parse("snv"), List.of(
			"clay", "soc"), cal, new Mbl.Settings(30, 2, 8, 10, Mbl.Dissimilarity.PLS), null);
		assertEquals(100, r.test().get(0).n());
		assertTrue(r.test().get(0).r2() > 0.5, "MBL predicts the synthetic clay: " + r.test().get(0));
		final Path file = dir.resolve("mbl.zip");
		r.model().save(file);
		final SpectralModel loaded = Models.load(file);
		assertEquals(MblModel.KIND, loaded.kind());
		assertEquals(List.of("clay", "soc"), loaded.targets());
		assertEquals("MBL, 30 neighbours in a library of 200: " + data.axis().describe() +
			", snv → clay, soc", loaded.toString());
		final SpectralDataset test = data.subset(new int[] { 250, 251, 252 });
		final double[][] a = r.model().predict(test), b = loaded.predict(test);
		for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 1e-9);

		// a row number outside the library is refused, naming the entry
		final Path bad = dir.resolve("bad.zip");
		rewrite(file, bad, "mbl/0/rows.f64");
		final ModelFileException e = assertThrows(ModelFileException.class, () -> Models.load(bad));
		assertTrue(e.getMessage().contains("mbl/0/rows.f64"), e.getMessage());
	}

	@Test
	void heldOutErrorsGiveIntervalsAndTheLibraryAFlag() throws Exception {
		final boolean[] cal = new boolean[data.size()];
		for (int i = 0; i < 200; i++) cal[i] = true;
		final Mbl.Settings settings = new Mbl.Settings(30, 2, 8, 10, Mbl.Dissimilarity.PLS);
		final MblModel model = MblWorkflow.train(data, Preprocessing.parse("snv"), List.of("clay"),
			cal, settings, null).model();
		final Calibration c = model.calibration();
		assertEquals(200, c.target("clay").split().size());

		// a held-out prediction is the weighted local PLS of the other nearest neighbours
		final SpectralDataset library = Preprocessing.parse("snv").fit(data.select(cal)).apply(data
			.select(cal));
		final int[] rows = IntStream.range(0, 200).toArray();
		final double[] clay = library.column("clay");
		final Mbl mbl = Mbl.fit(library.data(), library.points(), rows, clay, settings);
		final Mbl wider = Mbl.fit(library.data(), library.points(), rows, clay, settings
			.withNeighbours(31));
		for (final int i : new int[] { 0, 57, 199 }) {
			final int[] nb = wider.neighbours(library.data(), i);
			assertEquals(i, nb[0], "a library spectrum is its own nearest neighbour");
			final int[] others = Arrays.copyOfRange(nb, 1, nb.length);
			final double[] y = new double[others.length];
			for (int j = 0; j < y.length; j++) y[j] = clay[others[j]];
			assertEquals(Mbl.weightedPls(library.data(), library.points(), others, y, library.data(),
				i, 2, 8), mbl.predictHeldOut(i), 1e-9);
		}

		// new samples like the library: 90 % intervals hold about 90 % of them, few flags
		final SpectralDataset test = data.subset(IntStream.range(200, data.size()).toArray());
		final TrustedPredictions tp = Intervals.predict(model, test, 0.9, 0, 0);
		int inside = 0;
		final double[] truth = test.column("clay");
		for (int i = 0; i < truth.length; i++)
			if (truth[i] >= tp.lower()[i][0] && truth[i] <= tp.upper()[i][0]) inside++;
		final double coverage = inside / (double) truth.length;
		assertTrue(coverage >= 0.8 && coverage <= 0.99, "coverage " + coverage);
		assertTrue(tp.flagged() <= 0.1 * test.size(), tp.flagged() + " of " + test.size() + " flagged");
		// spectra unlike the library (upside down) are flagged
		final float[] flipped = test.data().clone();
		for (int i = 0; i < flipped.length; i++) flipped[i] = 1 - flipped[i];
		assertEquals(test.size(), Intervals.predict(model, test.withSpectra(test.axis(), flipped),
			0.9, 0, 0).flagged());

		// the calibration travels with the model file
		final Path file = dir.resolve("calibrated.zip");
		model.save(file);
		assertArrayEquals(c.target("clay").split().sorted(), Models.load(file).calibration().target(
			"clay").split().sorted(), 0);
	}

	/** Copies the zip with the first value of {@code entry} set to 1e6. */
	private static void rewrite(final Path from, final Path to, final String entry)
		throws Exception
	{
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
			OutputStream os = Files.newOutputStream(to); ZipOutputStream out = new ZipOutputStream(os))
		{
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				final byte[] bytes = in.readAllBytes();
				if (e.getName().equals(entry)) java.nio.ByteBuffer.wrap(bytes).order(
					java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(0, 1e6);
				out.putNextEntry(new ZipEntry(e.getName()));
				out.write(bytes);
				out.closeEntry();
			}
		}
	}
}
