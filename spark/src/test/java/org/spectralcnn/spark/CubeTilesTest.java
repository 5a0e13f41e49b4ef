package org.spectralcnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.launcher.SpectralCnnRuntime;

/**
 * An ENVI cube cut into tiles of whole lines gives, tile by tile, the rows of the whole cube's
 * table, and the job's PLSR predictions of the tiles are the launcher's on the whole cube, to
 * the bit: ids, ignored pixels, bad band and scale factor included.
 */
class CubeTilesTest {

	private static final Path DATA = Paths.get(System.getProperty("spectralcnn.root", ".."))
		.toAbsolutePath().normalize().resolve("test-data");
	private static final int SAMPLES = 64, LINES = 6;

	@TempDir
	static Path tmp;
	private static SparkSession spark;
	private static Path plsr, cube;

	@BeforeAll
	static void start() throws Exception {
		spark = SparkSession.builder().master("local[2]").appName("CubeTilesTest").config(
			"spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2).getOrCreate();
		final String table = DATA.resolve("soil_visnir.csv").toString();
		plsr = tmp.resolve("plsr.zip");
		launcher("Train PLSR", "input", table, "targets", "clay,soc", "steps", "snv",
			"max_components", "8", "folds", "5", "selection", "min", "split_column", "train", "seed",
			"0", "model", plsr.toString());
		cube = writeCube(SpectraIO.open(Paths.get(table)), Files.createDirectories(tmp.resolve(
			"cube")).resolve("scene"));
	}

	@AfterAll
	static void stop() {
		if (spark != null) spark.stop();
	}

	/**
	 * The table's spectra as pixels of a BIL float32 cube, stored × 2 with reflectance scale
	 * factor 2; pixel (line 1, sample 5) holds the ignore value and band 3 is marked bad.
	 */
	private static Path writeCube(final SpectralDataset d, final Path base) throws IOException {
		final int bands = d.axis().size();
		final ByteBuffer b = ByteBuffer.allocate(SAMPLES * LINES * bands * 4).order(
			ByteOrder.LITTLE_ENDIAN);
		for (int y = 0; y < LINES; y++)
			for (int band = 0; band < bands; band++)
				for (int x = 0; x < SAMPLES; x++) {
					final float v = y == 1 && x == 5 ? -9999f : 2 * d.spectrum((y * SAMPLES + x) % d.size())[band];
					b.putFloat(v);
				}
		Files.write(base.resolveSibling("scene.img"), b.array());
		final StringBuilder w = new StringBuilder(), bbl = new StringBuilder();
		for (int band = 0; band < bands; band++) {
			w.append(band == 0 ? "" : ", ").append(d.axis().value(band));
			bbl.append(band == 0 ? "" : ", ").append(band == 3 ? 0 : 1);
		}
		return Files.writeString(base.resolveSibling("scene.hdr"), "ENVI\nsamples = " + SAMPLES +
			"\nlines = " + LINES + "\nbands = " + bands + "\nheader offset = 0\nfile type = ENVI " +
			"Standard\ndata type = 4\ninterleave = bil\nbyte order = 0\ndata ignore value = -9999\n" +
			"reflectance scale factor = 2\nwavelength units = Nanometers\nwavelength = {" + w +
			"}\nbbl = {" + bbl + "}\n");
	}

	@Test
	void tilesHoldTheWholeCubesRowsLineByLine() throws Exception {
		// 100 pixels → 2 whole lines of 64: three tiles
		final List<WorkUnit> units = Inputs.plan(cube.getParent().toString(), 1, 64, 100);
		assertEquals(3, units.size());
		final SpectralDataset whole = SpectraIO.open(cube);
		assertEquals(SAMPLES * LINES - 1, whole.size(), "the ignored pixel is left out");
		int at = 0;
		for (int t = 0; t < 3; t++) {
			final WorkUnit u = units.get(t);
			assertEquals(2L * t * SAMPLES, u.firstRow());
			assertTrue(u.describe(cube.toString()).endsWith("(lines " + 2 * t + "–" + (2 * t + 1) + ")"));
			final SpectralDataset tile = u.read(cube.toString());
			assertEquals(whole.axis().size(), tile.axis().size(), "the bad band is left out");
			for (int i = 0; i < tile.size(); i++, at++) {
				assertEquals(whole.id(at), tile.id(i));
				final float[] a = whole.spectrum(at), b = tile.spectrum(i);
				for (int k = 0; k < a.length; k++)
					assertEquals(Float.floatToIntBits(a[k]), Float.floatToIntBits(b[k]), tile.id(i));
			}
		}
		assertEquals(whole.size(), at);
	}

	@Test
	void plsrOnCubeTilesIsBitIdenticalToTheLauncherOnTheWholeCube() throws IOException {
		final Path out = tmp.resolve("tiles_out");
		final List<String> a = new ArrayList<>();
		for (final String kv : List.of("model=" + plsr, "input=" + cube.getParent(), "output=" + out,
			"pixels_per_task=100"))
			a.add(kv);
		final PredictJob.Result r = PredictJob.run(spark, JobArguments.parse("predict", a,
			PredictJob.KEYS));
		assertEquals(3, r.planned());
		assertEquals(0, r.errors());
		final Map<String, Row> job = new HashMap<>();
		for (final Row row : spark.read().parquet(out + "/parquet").collectAsList()) {
			assertNull(row.get(row.fieldIndex("error")), () -> row.getString(row.fieldIndex("error")));
			assertNull(job.put(row.getString(row.fieldIndex("id")), row), "one row per pixel");
		}
		final Map<String, Map<String, String>> launcher = launcherPredict(plsr, cube.toString());
		assertFalse(launcher.isEmpty());
		assertEquals(launcher.keySet(), job.keySet(), "pixel ids");
		for (final Map.Entry<String, Map<String, String>> e : launcher.entrySet()) {
			final Row row = job.get(e.getKey());
			for (final Map.Entry<String, String> c : e.getValue().entrySet()) {
				final Object cell = row.get(row.fieldIndex(c.getKey()));
				final double got = cell instanceof Boolean b ? b ? 1 : 0 : ((Number) cell).doubleValue();
				final double expected = Double.parseDouble(c.getValue());
				assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got), () -> e
					.getKey() + " " + c.getKey() + ": launcher " + expected + ", job " + got);
			}
		}
	}

	private static void launcher(final String command, final String... kv) {
		final Map<String, String> a = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) a.put(kv[i], kv[i + 1]);
		final SpectralCnnRuntime rt = SpectralCnnRuntime.get();
		rt.invoker().run(rt.catalog().find(command), a);
	}

	/** Predict with Model's CSV: id → column → cell. */
	private static Map<String, Map<String, String>> launcherPredict(final Path model,
		final String input) throws IOException
	{
		final Path csv = tmp.resolve("launcher.csv");
		launcher("Predict with Model", "model", model.toString(), "input", input, "output", csv
			.toString());
		final List<String> lines = Files.readAllLines(csv);
		final String[] header = lines.get(0).split(",", -1);
		final Map<String, Map<String, String>> byId = new LinkedHashMap<>();
		for (final String line : lines.subList(1, lines.size())) {
			final String[] cells = line.split(",", -1);
			final Map<String, String> v = new LinkedHashMap<>();
			for (int k = 1; k < header.length; k++) v.put(header[k], cells[k]);
			byId.put(cells[0], v);
		}
		return byId;
	}
}
