package org.spectralcnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.Calibration;
import java.io.IOException;
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
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.Stft;
import org.spectralcnn.spectrogram.StftParameters;

/**
 * The Spark jobs in local mode against the launcher's own commands on the bundled test data:
 * models trained by Train PLSR and Train CNN, predictions by Predict with Model. PLSR must
 * agree to the bit, CNN to float rounding, whether the job cuts a table into shares or reads
 * files one by one; failed files must give error rows, and a re-run redo only those.
 */
class SparkJobTest {

	private static final Path ROOT = Paths.get(System.getProperty("spectralcnn.root", ".."))
		.toAbsolutePath().normalize();
	private static final Path DATA = ROOT.resolve("test-data");
	private static final String TABLE = DATA.resolve("soil_visnir.csv").toString();

	@TempDir
	static Path tmp;
	private static SparkSession spark;
	private static Path plsr, cnn;

	@BeforeAll
	static void start() {
		spark = SparkSession.builder().master("local[2]").appName("SparkJobTest").config(
			"spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2).config(
			"spark.locality.wait", "0").getOrCreate();
		plsr = tmp.resolve("plsr.zip");
		cnn = tmp.resolve("cnn.zip");
		launcher("Train PLSR", "input", TABLE, "targets", "clay,soc", "steps", "snv",
			"max_components", "8", "folds", "5", "selection", "min", "split_column", "train", "seed",
			"0", "model", plsr.toString());
		// the demo's tiny CNN (its dropout gives Monte Carlo intervals), fewer epochs
		launcher("Train CNN", "input", TABLE, "targets", "clay,soc", "representation", "spectrum",
			"architecture", "tiny", "steps", "snv", "split_column", "train", "epochs", "3",
			"batch_size", "16", "learning_rate", "0.005", "model", cnn.toString());
	}

	@AfterAll
	static void stop() {
		if (spark != null) spark.stop();
	}

	@Test
	void plsrOnTableSharesIsBitIdenticalToTheLauncher() throws IOException {
		final Path out = tmp.resolve("plsr_table");
		final PredictJob.Result r = predict(plsr, TABLE, out, "rows_per_task", "64");
		assertEquals(4, r.planned(), "200 rows in shares of 64");
		assertEquals(0, r.errors());
		compare(launcherPredict(plsr, TABLE), rows(out, TABLE), 0);
		// the CSV copy holds the same rows, with a header
		assertEquals(200, spark.read().option("header", true).csv(out + "/csv").count());
		// its cells are the launcher's cells: source,row,id,x,y then the launcher's columns, error
		final Map<String, String> launcherLines = new HashMap<>();
		for (final String line : launcherCsv(plsr, TABLE).subList(1, 201))
			launcherLines.put(line.substring(0, line.indexOf(',')), line);
		int seen = 0;
		try (var units = Files.newDirectoryStream(out.resolve("csv"))) {
			for (final Path unit : units) {
				final List<String> lines = Files.readAllLines(unit.resolve("part.csv"));
				assertTrue(lines.get(0).startsWith("source,row,id,x,y,clay,"), lines.get(0));
				for (final String line : lines.subList(1, lines.size())) {
					final String[] c = line.split(",", -1);
					assertEquals("", c[c.length - 1], "no error");
					final String launcherLine = launcherLines.get(c[2]);
					assertEquals(launcherLine, c[2] + "," + String.join(",", List.of(c).subList(5,
						c.length - 1)), () -> "launcher: [" + launcherLine + "] job: [" + line + "]");
					seen++;
				}
			}
		}
		assertEquals(200, seen);

		// a unit killed while writing: no marker, a broken file, an attempt's temporary file;
		// the next run redoes just that unit and the table is whole again
		final Path unit;
		try (var units = Files.list(out.resolve("parquet"))) {
			unit = units.sorted().findFirst().orElseThrow();
		}
		final String key = unit.getFileName().toString().substring("unit=".length());
		// shares of 64 rows and one of 8: which one sorts first depends on the keys' hashes
		final long unitRows = Long.parseLong(Files.readString(out.resolve("done").resolve(key))
			.split(" ")[0]);
		Files.delete(out.resolve("done").resolve(key));
		Files.writeString(unit.resolve("part.parquet"), "half a file");
		Files.writeString(unit.resolve("." + key + "-7.tmp"), "an attempt's leftovers");
		final PredictJob.Result again = predict(plsr, TABLE, out, "rows_per_task", "64");
		assertEquals(1, again.run());
		assertEquals(3, again.skipped());
		assertEquals(unitRows, again.rows());
		assertFalse(Files.exists(unit.resolve("." + key + "-7.tmp")));
		compare(launcherPredict(plsr, TABLE), rows(out, TABLE), 0);
	}

	@Test
	void cnnOnTableSharesAndFilesMatchesTheLauncher() throws IOException {
		final Path out = tmp.resolve("cnn_table");
		assertEquals(0, predict(cnn, TABLE, out, "rows_per_task", "64").errors());
		compare(launcherPredict(cnn, TABLE), rows(out, TABLE), 1e-5);

		final Path files = tmp.resolve("cnn_files");
		final PredictJob.Result r = predict(cnn, DATA + "/batch/*.csv", files, "files_per_task", "1");
		assertEquals(3, r.planned());
		for (final String f : List.of("field_a.csv", "field_b.csv", "field_c.csv")) {
			final String file = DATA.resolve("batch").resolve(f).toString();
			compare(launcherPredict(cnn, file), rows(files, file), 1e-5);
		}
	}

	@Test
	void mblOnTableSharesMatchesTheLauncher() throws IOException {
		final Path mbl = tmp.resolve("mbl.zip"), out = tmp.resolve("mbl_table");
		launcher("Train MBL", "input", TABLE, "targets", "clay,soc", "steps", "snv", "neighbours",
			"30", "max_components", "8", "split_column", "train", "model", mbl.toString());
		assertEquals(0, predict(mbl, TABLE, out, "rows_per_task", "64").errors());
		// intervals and flags included: the same columns, the same values
		compare(launcherPredict(mbl, TABLE), rows(out, TABLE), 0);
	}

	@Test
	void failedFilesGetErrorRowsAndARerunRedoesOnlyThem() throws Exception {
		final Path in = Files.createDirectories(tmp.resolve("mixed"));
		Files.copy(DATA.resolve("batch/field_a.csv"), in.resolve("a.csv"));
		Files.writeString(in.resolve("b.csv"), "id,400,405\nS1,0.5,abc\n");
		final Path out = tmp.resolve("mixed_out");
		PredictJob.Result r = predict(plsr, in.toString(), out, "files_per_task", "1");
		assertEquals(2, r.planned());
		assertEquals(1, r.errors());
		final List<Row> all = spark.read().parquet(out + "/parquet").collectAsList();
		final List<Row> failed = all.stream().filter(x -> !x.isNullAt(x.fieldIndex("error")))
			.toList();
		assertEquals(1, failed.size());
		final String message = failed.get(0).getString(failed.get(0).fieldIndex("error"));
		assertTrue(message.contains("b.csv"), message);
		assertEquals(launcherPredict(plsr, in.resolve("a.csv").toString()).size(), all.size() - 1,
			"every spectrum of the good file has its row");

		// the same job again: the good file is skipped, the bad one tried again
		r = predict(plsr, in.toString(), out, "files_per_task", "1");
		assertEquals(1, r.skipped());
		assertEquals(1, r.errors());
		// fixed: its rows replace its error row
		Files.copy(DATA.resolve("batch/field_b.csv"), in.resolve("b.csv"),
			java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		r = predict(plsr, in.toString(), out, "files_per_task", "1");
		assertEquals(1, r.skipped());
		assertEquals(0, r.errors());
		compare(launcherPredict(plsr, in.resolve("b.csv").toString()), rows(out, in.resolve("b.csv")
			.toString()), 0);
		assertEquals(0, spark.read().parquet(out + "/parquet").filter("error is not null").count());
		// other settings into the same folder are refused, not mixed in
		final JobFailure e = assertThrows(JobFailure.class, () -> predict(plsr, in.toString(), out,
			"files_per_task", "1", "confidence", "0.8"));
		assertTrue(e.getMessage().contains("other settings (confidence: not given there, 0.8 now;"), e
			.getMessage());
	}

	@Test
	void spectrogramsMatchTheStftOfTheWholeTable() throws Exception {
		final Path out = tmp.resolve("spectrograms");
		final PredictJob.Result r = SpectrogramJob.run(spark, args("spectrograms", SpectrogramJob.KEYS,
			"input", TABLE, "output", out.toString(), "window_size", "64", "hop", "16", "steps",
			"absorbance", "rows_per_task", "64"));
		assertEquals(4, r.planned());
		assertEquals(0, r.errors(), () -> errors(out).toString());
		final SpectralDataset d = Preprocessing.parse("absorbance").fitAndApply(SpectraIO.open(Paths
			.get(TABLE)), note -> {});
		final Stft stft = new Stft(StftParameters.fromKeys(64, 16, "hann", "constant", "log_psd"));
		final List<Row> rows = spark.read().parquet(out + "/parquet").orderBy("row").collectAsList();
		assertEquals(d.size(), rows.size());
		for (int i = 0; i < d.size(); i++) {
			final Row row = rows.get(i);
			assertEquals(d.id(i), row.getString(row.fieldIndex("id")));
			final float[] expected = stft.transform(d.spectrum(i));
			final List<Float> got = row.getList(row.fieldIndex("spectrogram"));
			assertEquals(expected.length, got.size());
			for (int k = 0; k < expected.length; k++)
				assertEquals(Float.floatToIntBits(expected[k]), Float.floatToIntBits(got.get(k)), d.id(i) +
					" value " + k);
		}
	}

	@Test
	void spectrogramTiffStacksHoldTheLaunchersSlices() throws Exception {
		final Path out = tmp.resolve("spectrogram_tiff");
		final PredictJob.Result r = SpectrogramJob.run(spark, args("spectrograms", SpectrogramJob.KEYS,
			"input", TABLE, "output", out.toString(), "window_size", "64", "hop", "16", "steps",
			"absorbance", "rows_per_task", "64", "format", "tiff"));
		assertEquals(0, r.errors(), () -> errors(out).toString());
		final Path whole = tmp.resolve("launcher_spectrograms.tif");
		launcher("Spectra to Spectrograms", "input", TABLE, "output", whole.toString(), "window_size",
			"64", "hop", "16", "steps", "absorbance");
		final ImagePlus expected = IJ.openImage(whole.toString());
		final Map<String, Integer> sliceOf = new HashMap<>();
		for (int s = 1; s <= expected.getStackSize(); s++)
			sliceOf.put(expected.getStack().getSliceLabel(s), s);
		assertEquals(200, sliceOf.size());
		int seen = 0;
		try (var units = Files.newDirectoryStream(out.resolve("tiff"))) {
			for (final Path unit : units) {
				final ImagePlus got = IJ.openImage(unit.resolve("soil_visnir.tif").toString());
				assertEquals(ImagePlus.GRAY32, got.getType());
				assertEquals(expected.getWidth(), got.getWidth());
				assertEquals(expected.getHeight(), got.getHeight());
				final Calibration e = expected.getCalibration(), g = got.getCalibration();
				assertEquals(e.pixelWidth, g.pixelWidth);
				assertEquals(e.pixelHeight, g.pixelHeight);
				assertEquals(e.xOrigin, g.xOrigin);
				assertEquals(e.getXUnit(), g.getXUnit());
				assertEquals(e.getYUnit(), g.getYUnit());
				for (int s = 1; s <= got.getStackSize(); s++) {
					final String id = got.getStack().getSliceLabel(s);
					assertArrayEquals((float[]) expected.getStack().getPixels(sliceOf.get(id)),
						(float[]) got.getStack().getPixels(s), id);
					seen++;
				}
			}
		}
		assertEquals(200, seen);
		// tiff only: the Parquet rows index the stacks, without the floats
		assertEquals(200, spark.read().parquet(out + "/parquet").filter("spectrogram is null and " +
			"error is null").count());
	}

	// --- helpers

	private static PredictJob.Result predict(final Path model, final String input, final Path out,
		final String... more) throws IOException
	{
		final List<String> kv = new ArrayList<>(List.of("model", model.toString(), "input", input,
			"output", out.toString()));
		kv.addAll(List.of(more));
		return PredictJob.run(spark, args("predict", PredictJob.KEYS, kv.toArray(new String[0])));
	}

	private static JobArguments args(final String command, final List<String> keys,
		final String... kv)
	{
		final List<String> a = new ArrayList<>();
		for (int i = 0; i < kv.length; i += 2) a.add(kv[i] + "=" + kv[i + 1]);
		return JobArguments.parse(command, a, keys);
	}

	private static void launcher(final String command, final String... kv) {
		final Map<String, String> a = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) a.put(kv[i], kv[i + 1]);
		final SpectralCnnRuntime rt = SpectralCnnRuntime.get();
		rt.invoker().run(rt.catalog().find(command), a);
	}

	/** The lines of Predict with Model's CSV. */
	private static List<String> launcherCsv(final Path model, final String input)
		throws IOException
	{
		final Path csv = Files.createTempFile(tmp, "launcher", ".csv");
		Files.delete(csv);
		launcher("Predict with Model", "model", model.toString(), "input", input, "output", csv
			.toString());
		return Files.readAllLines(csv);
	}

	/** Predict with Model's CSV: id → column → value (NaN for an empty cell). */
	private static Map<String, Map<String, Double>> launcherPredict(final Path model,
		final String input) throws IOException
	{
		final List<String> lines = launcherCsv(model, input);
		final String[] header = lines.get(0).split(",", -1);
		final Map<String, Map<String, Double>> byId = new LinkedHashMap<>();
		for (final String line : lines.subList(1, lines.size())) {
			final String[] cells = line.split(",", -1);
			final Map<String, Double> v = new LinkedHashMap<>();
			for (int k = 1; k < header.length; k++) v.put(header[k], cells[k].isEmpty() ? Double.NaN
				: Double.parseDouble(cells[k]));
			byId.put(cells[0], v);
		}
		return byId;
	}

	private static List<String> errors(final Path out) {
		return spark.read().parquet(out + "/parquet").filter("error is not null").select("error")
			.collectAsList().stream().map(r -> r.getString(0)).toList();
	}

	/** The job's Parquet rows of one source file, by id. */
	private static Map<String, Row> rows(final Path out, final String source) {
		final Map<String, Row> byId = new HashMap<>();
		for (final Row r : spark.read().parquet(out + "/parquet").filter(
			org.apache.spark.sql.functions.col("source").equalTo(source)).collectAsList())
		{
			assertNull(r.get(r.fieldIndex("error")), () -> r.getString(r.fieldIndex("error")));
			assertNull(byId.put(r.getString(r.fieldIndex("id")), r), "one row per spectrum");
		}
		return byId;
	}

	/** Same ids, same columns, values equal (tolerance 0: to the bit) relative to max(1, |v|). */
	private static void compare(final Map<String, Map<String, Double>> launcher,
		final Map<String, Row> job, final double tolerance)
	{
		assertFalse(launcher.isEmpty());
		assertEquals(launcher.keySet(), job.keySet(), "sample ids");
		for (final Map.Entry<String, Map<String, Double>> e : launcher.entrySet()) {
			final Row r = job.get(e.getKey());
			for (final Map.Entry<String, Double> c : e.getValue().entrySet()) {
				final double expected = c.getValue();
				final Object cell = r.get(r.fieldIndex(c.getKey()));
				final double got = cell instanceof Boolean b ? b ? 1 : 0 : cell == null ? Double.NaN
					: (Double) cell;
				final String what = e.getKey() + " " + c.getKey();
				if (tolerance == 0) assertEquals(Double.doubleToLongBits(expected), Double
					.doubleToLongBits(got), () -> what + ": launcher " + expected + ", job " + got);
				else assertEquals(expected, got, tolerance * Math.max(1, Math.abs(expected)), what);
			}
		}
	}
}
