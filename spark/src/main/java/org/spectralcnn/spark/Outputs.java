package org.spectralcnn.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A job's output folder: {@code parquet/} (and {@code csv/} where the rows fit CSV), both
 * partitioned by {@code unit=<key>} ({@link WorkUnit#key}), and {@code job.properties}, the
 * settings it was made with. A re-run with the same settings skips the units whose rows are
 * there without an error and rewrites the others (Spark's dynamic partition overwrite replaces
 * just those folders); other settings are refused rather than mixed into the same table.
 */
final class Outputs {

	static final String UNIT = "unit", ERROR = "error";

	private final SparkSession spark;
	private final String folder;

	Outputs(final SparkSession spark, final String folder) {
		this.spark = spark;
		this.folder = folder;
	}

	String parquet() {
		return folder + "/parquet";
	}

	String csv() {
		return folder + "/csv";
	}

	/** Records the settings, or refuses a folder made with others. */
	void claim(final Map<String, String> settings) throws IOException {
		final StringBuilder text = new StringBuilder(
			"# Spectral CNN on Spark: the settings of the job that writes this folder\n");
		for (final Map.Entry<String, String> e : settings.entrySet())
			text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
		final Path file = new Path(folder, "job.properties");
		final FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
		if (fs.exists(file)) {
			final String before;
			try (InputStream in = fs.open(file)) {
				before = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			if (!before.equals(text.toString())) throw new JobFailure("output: " + folder +
				" holds the results of a job with other settings (" + file + "); give another folder, " +
				"or the same settings to finish that job");
			return;
		}
		fs.mkdirs(file.getParent());
		try (OutputStream out = fs.create(file, false)) {
			out.write(text.toString().getBytes(StandardCharsets.UTF_8));
		}
	}

	/** Units whose rows are in {@code parquet/} without an error. */
	Set<String> finished() throws IOException {
		final Path p = new Path(parquet());
		if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p))
			return new HashSet<>();
		final Set<String> done = new HashSet<>();
		// unit folder names start with a letter: read back as text, never guessed to be numbers
		for (final Row r : spark.read().parquet(parquet()).groupBy(UNIT).agg(count(col(ERROR)).as(
			"errors")).collectAsList())
			if (r.getLong(1) == 0) done.add(r.getString(0));
		return done;
	}

	/**
	 * Writes the rows of the units just run to Parquet, replacing only their folders, and
	 * returns them as read back: the CSV copy and the counts come from there, so the tasks run
	 * once and no rows are cached.
	 */
	Dataset<Row> write(final Dataset<Row> rows, final List<WorkUnit> units, final boolean csv) {
		rows.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").partitionBy(
			UNIT).parquet(parquet());
		final Dataset<Row> written = spark.read().parquet(parquet()).where(col(UNIT).isin(units
			.stream().map(WorkUnit::key).toArray()));
		if (csv) written.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")
			.option("header", true).partitionBy(UNIT).csv(csv());
		return written;
	}

	/** The units' keys not yet finished, in plan order. */
	static List<WorkUnit> todo(final List<WorkUnit> plan, final Set<String> finished) {
		return plan.stream().filter(u -> !finished.contains(u.key())).toList();
	}
}
