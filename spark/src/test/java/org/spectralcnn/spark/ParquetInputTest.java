package org.spectralcnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
 * A wide Parquet table, as Spark writes the CSV table (id, targets, one double column per
 * wavelength, several row groups): read in shares it gives the CSV route's spectra, and PLSR
 * predicts it to the bit as Predict with Model predicts the CSV; a NaN is an error row naming
 * the file, row and column.
 */
class ParquetInputTest {

	private static final String TABLE = Paths.get(System.getProperty("spectralcnn.root", ".."))
		.toAbsolutePath().normalize().resolve("test-data/soil_visnir.csv").toString();

	@TempDir
	static Path tmp;
	private static SparkSession spark;
	private static Path parquet;

	@BeforeAll
	static void start() throws Exception {
		spark = SparkSession.builder().master("local[2]").appName("ParquetInputTest").config(
			"spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2).getOrCreate();
		parquet = tmp.resolve("library");
		// small row groups (Parquet checks the size every 100 rows: two), so a share spans both
		// and another skips the first
		// the schema given (id text, every other column double): inferring 425 columns is slow
		org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
		for (final String name : Files.readAllLines(Paths.get(TABLE)).get(0).split(","))
			schema = schema.add(name, name.equals("id") ? org.apache.spark.sql.types.DataTypes.StringType
				: org.apache.spark.sql.types.DataTypes.DoubleType);
		spark.read().option("header", true).schema(schema).csv(TABLE).coalesce(1).write()
			.option("parquet.block.size", 100_000).parquet(parquet.toString());
	}

	@AfterAll
	static void stop() {
		if (spark != null) spark.stop();
	}

	@Test
	void sharesReadAsTheCsvTable() throws Exception {
		final List<WorkUnit> units = Inputs.plan(parquet.toString(), 1, 64, Inputs.PIXELS_PER_TASK);
		assertEquals(4, units.size(), "200 rows in shares of 64");
		try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader
			.open(org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(
				units.get(0).files().get(0)), new org.apache.hadoop.conf.Configuration())))
		{
			assertTrue(r.getRowGroups().size() > 1, "row groups: " + r.getRowGroups().size());
		}
		final SpectralDataset csv = SpectraIO.open(Paths.get(TABLE));
		int at = 0;
		for (final WorkUnit u : units) {
			final SpectralDataset share = u.read(u.files().get(0));
			assertEquals(at, u.firstRow());
			assertEquals(csv.axis().size(), share.axis().size());
			for (int k = 0; k < csv.axis().size(); k++)
				assertEquals(csv.axis().value(k), share.axis().value(k));
			assertEquals(csv.axis().unit(), share.axis().unit());
			for (int i = 0; i < share.size(); i++, at++) {
				assertEquals(csv.id(at), share.id(i));
				final float[] a = csv.spectrum(at), b = share.spectrum(i);
				for (int k = 0; k < a.length; k++)
					assertEquals(Float.floatToIntBits(a[k]), Float.floatToIntBits(b[k]), share.id(i));
			}
		}
		assertEquals(csv.size(), at);
	}

	@Test
	void plsrOnParquetSharesIsBitIdenticalToTheLauncherOnTheCsv() throws Exception {
		final Path plsr = tmp.resolve("plsr.zip");
		launcher("Train PLSR", "input", TABLE, "targets", "clay,soc", "steps", "snv",
			"max_components", "8", "folds", "5", "selection", "min", "split_column", "train", "seed",
			"0", "model", plsr.toString());
		final Path out = tmp.resolve("out");
		final PredictJob.Result r = PredictJob.run(spark, JobArguments.parse("predict", List.of(
			"model=" + plsr, "input=" + parquet, "output=" + out, "rows_per_task=64"),
			PredictJob.KEYS));
		assertEquals(4, r.planned());
		assertEquals(0, r.errors());
		final Map<String, Row> job = new HashMap<>();
		for (final Row row : spark.read().parquet(out + "/parquet").collectAsList()) {
			assertNull(row.get(row.fieldIndex("error")), () -> row.getString(row.fieldIndex("error")));
			assertNull(job.put(row.getString(row.fieldIndex("id")), row));
		}
		final Path csv = tmp.resolve("launcher.csv");
		launcher("Predict with Model", "model", plsr.toString(), "input", TABLE, "output", csv
			.toString());
		final List<String> lines = Files.readAllLines(csv);
		final String[] header = lines.get(0).split(",", -1);
		assertEquals(lines.size() - 1, job.size());
		for (final String line : lines.subList(1, lines.size())) {
			final String[] cells = line.split(",", -1);
			final Row row = job.get(cells[0]);
			for (int k = 1; k < header.length; k++) {
				final Object cell = row.get(row.fieldIndex(header[k]));
				final double got = cell instanceof Boolean b ? b ? 1 : 0 : ((Number) cell).doubleValue();
				final double expected = Double.parseDouble(cells[k]);
				assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got), cells[0] +
					" " + header[k]);
			}
		}
	}

	@Test
	void aNanIsAnErrorNamingFileRowAndColumn() throws Exception {
		final Path bad = tmp.resolve("bad");
		spark.sql("select 'a' as id, 0.1d as `400`, 0.2d as `410`, 0.3d as `420` union all " +
			"select 'b', 0.1d, cast('NaN' as double), 0.3d").coalesce(1).write().parquet(bad
				.toString());
		final WorkUnit u = Inputs.plan(bad.toString(), 1, 64, Inputs.PIXELS_PER_TASK).get(0);
		final Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> u
			.read(u.files().get(0)));
		assertTrue(e.getMessage().contains(u.files().get(0)), e.getMessage());
		assertTrue(e.getMessage().contains("row 1 (from 0), column '410'"), e.getMessage());
		assertTrue(e.getMessage().contains("NaN"), e.getMessage());
	}

	private static void launcher(final String command, final String... kv) {
		final Map<String, String> a = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) a.put(kv[i], kv[i + 1]);
		final SpectralCnnRuntime rt = SpectralCnnRuntime.get();
		rt.invoker().run(rt.catalog().find(command), a);
	}

	@Test
	void anIdInTwoPartFilesIsRefusedNamingBoth() throws Exception {
		final Path twice = tmp.resolve("twice");
		spark.sql("select 'a' as id, 0.1d as `400`, 0.2d as `410` union all select 'b', 0.1d, 0.2d " +
			"union all select 'a', 0.3d, 0.4d").repartition(3).write().parquet(twice.toString());
		final JobFailure e = org.junit.jupiter.api.Assertions.assertThrows(JobFailure.class,
			() -> Inputs.plan(twice.toString(), 1, 64, Inputs.PIXELS_PER_TASK));
		assertTrue(e.getMessage().contains("sample id 'a' appears twice ("), e.getMessage());
		// both places named: part file and row (Spark decides which part holds which row)
		assertTrue(e.getMessage().matches("(?s).*part-\\S*\\.parquet row \\d and .*part-\\S*\\.parquet " +
			"row \\d, rows from 0.*"), e.getMessage());
	}
}
