package org.spectralcnn.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;

/**
 * A job's output folder: {@code parquet/} (and {@code csv/} where the rows fit CSV), both
 * partitioned by {@code unit=<key>} ({@link WorkUnit#key}), {@code done/<key>} markers of the
 * units finished without an error, and {@code job.properties}, the settings it was made with. A
 * re-run with the same settings skips the marked units and rewrites the others' folders; other
 * settings are refused rather than mixed into the same table.
 */
final class Outputs {

	static final String UNIT = "unit", ERROR = "error";

	private final SparkSession spark;
	private final String folder;

	Outputs(final SparkSession spark, final String folder) {
		this.spark = spark;
		this.folder = folder;
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
				" holds the results of a job with other settings (" + differences(before, settings) +
				"; " + file + "); give another folder, or the same settings to finish that job");
			return;
		}
		fs.mkdirs(file.getParent());
		try (OutputStream out = fs.create(file, false)) {
			out.write(text.toString().getBytes(StandardCharsets.UTF_8));
		}
	}

	/** Which settings differ from those recorded, e.g. {@code confidence: not given there, 0.8 now}. */
	private static String differences(final String recorded, final Map<String, String> now) {
		final Map<String, String> then = new java.util.LinkedHashMap<>();
		for (final String line : recorded.split("\n"))
			if (!line.startsWith("#") && line.contains("=")) then.put(line.substring(0, line.indexOf(
				'=')), line.substring(line.indexOf('=') + 1));
		final Set<String> keys = new java.util.LinkedHashSet<>(then.keySet());
		keys.addAll(now.keySet());
		final StringBuilder sb = new StringBuilder();
		for (final String k : keys) {
			final String a = then.get(k), b = now.get(k);
			if (a != null && a.equals(b)) continue;
			sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ").append(a == null ? "not given"
				: a).append(" there, ").append(b == null ? "not given" : b).append(" now");
		}
		return sb.length() == 0 ? "the same keys, written otherwise" : sb.toString();
	}

	/** Units finished without an error: those with a marker in {@code done/}. */
	Set<String> finished() throws IOException {
		final Path done = new Path(folder, "done");
		final FileSystem fs = done.getFileSystem(spark.sparkContext().hadoopConfiguration());
		final Set<String> keys = new HashSet<>();
		if (!fs.exists(done)) return keys;
		for (final FileStatus f : fs.listStatus(done))
			if (!f.getPath().getName().startsWith(".")) keys.add(f.getPath().getName());
		return keys;
	}

	/**
	 * Runs {@code task} over the units in one Spark stage (each task writes its units' files,
	 * {@link UnitFiles}) after removing what an earlier, unfinished run left of them (partial
	 * files, a killed attempt's temporary ones); the summaries come back to the driver.
	 */
	List<UnitFiles.Summary> run(final List<WorkUnit> todo, final int partitions,
		final FlatMapFunction<Iterator<WorkUnit>, UnitFiles.Summary> task) throws IOException
	{
		final FileSystem fs = new Path(folder).getFileSystem(spark.sparkContext()
			.hadoopConfiguration());
		for (final WorkUnit u : todo) {
			fs.delete(UnitFiles.done(folder, u.key()), false);
			fs.delete(UnitFiles.parquet(folder, u.key()).getParent(), true);
			fs.delete(UnitFiles.csv(folder, u.key()).getParent(), true);
			fs.delete(UnitFiles.tiff(folder, u.key(), "x").getParent(), true);
		}
		return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(new ArrayList<>(
			todo), partitions).mapPartitions(task).collect();
	}

	/** The job's result from the tasks' summaries. */
	static PredictJob.Result result(final List<WorkUnit> plan, final List<WorkUnit> todo,
		final List<UnitFiles.Summary> done)
	{
		long rows = 0, errors = 0, compute = 0, write = 0;
		for (final UnitFiles.Summary s : done) {
			rows += s.rows();
			errors += s.errors();
			compute += s.computeNanos();
			write += s.writeNanos();
		}
		return new PredictJob.Result(plan.size(), plan.size() - todo.size(), todo.size(), rows,
			errors, compute / 1e9, write / 1e9);
	}

	/** The units' keys not yet finished, in plan order. */
	static List<WorkUnit> todo(final List<WorkUnit> plan, final Set<String> finished) {
		return plan.stream().filter(u -> !finished.contains(u.key())).toList();
	}
}
