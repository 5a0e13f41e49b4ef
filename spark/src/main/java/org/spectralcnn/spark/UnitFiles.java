package org.spectralcnn.spark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spectralcnn.io.Decimals;
import org.spectralcnn.io.SpectraWriter;

/**
 * Writes one unit's rows from inside its task, so a job is a single Spark stage with no
 * DataFrame conversion, sort or second pass: {@code parquet/unit=<key>/part.parquet} (the
 * columns of {@code schema}, typed as Spark writes them, so {@code spark.read().parquet} reads
 * the whole table and finds {@code unit} in the folder names), optionally
 * {@code csv/unit=<key>/part.csv} (header, numbers as Predict with Model writes them), and last
 * {@code done/<key>} when the unit has no error row. Each file is written under a hidden
 * temporary name (readers skip names starting with '.') and renamed into place, so a retried or
 * speculative attempt replaces it whole.
 */
final class UnitFiles implements Serializable {

	private static final long serialVersionUID = 1L;

	/** What a task reports to the driver about one unit (times for the benchmark's breakdown). */
	record Summary(String unit, long rows, long errors, long computeNanos, long writeNanos)
		implements Serializable {}

	private final String folder;
	private final StructType schema;
	private final boolean csv;
	/** The driver's Hadoop settings (Configuration is not Serializable). */
	private final Map<String, String> hadoop;

	/** {@code schema}: a row's values in order, without {@code unit}; last column {@code error}. */
	UnitFiles(final String folder, final StructType schema, final boolean csv,
		final Configuration conf)
	{
		this.folder = folder;
		this.schema = schema;
		this.csv = csv;
		this.hadoop = new HashMap<>();
		for (final Map.Entry<String, String> e : conf) hadoop.put(e.getKey(), e.getValue());
	}

	static Path parquet(final String folder, final String unit) {
		return new Path(folder + "/parquet/" + Outputs.UNIT + "=" + unit, "part.parquet");
	}

	static Path csv(final String folder, final String unit) {
		return new Path(folder + "/csv/" + Outputs.UNIT + "=" + unit, "part.csv");
	}

	static Path tiff(final String folder, final String unit, final String name) {
		return new Path(folder + "/tiff/" + Outputs.UNIT + "=" + unit, name);
	}

	String folder() {
		return folder;
	}

	/** A local file into place at {@code target} (a unit's file besides its rows), temp + rename. */
	void copy(final java.nio.file.Path local, final Path target) throws IOException {
		final Configuration conf = configuration();
		final FileSystem fs = target.getFileSystem(conf);
		final Path tmp = new Path(target.getParent(), "." + target.getName() + "-" + attempt());
		fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
		place(fs, tmp, target);
	}

	private Configuration configuration() {
		final Configuration conf = new Configuration(false);
		for (final Map.Entry<String, String> e : hadoop.entrySet()) conf.set(e.getKey(), e.getValue());
		return conf;
	}

	private static long attempt() {
		return TaskContext.get() == null ? 0 : TaskContext.get().taskAttemptId();
	}

	static Path done(final String folder, final String unit) {
		return new Path(folder + "/done", unit);
	}

	/**
	 * Writes the unit's rows (values in {@code schema}'s order) and, with no error, its marker;
	 * {@code computeNanos}: the task's time making them.
	 */
	Summary write(final String unit, final List<Object[]> rows, final long computeNanos)
		throws IOException
	{
		final long t0 = System.nanoTime();
		final Configuration conf = configuration();
		final int error = schema.fieldIndex(Outputs.ERROR);
		long errors = 0;
		for (final Object[] v : rows)
			if (v[error] != null) errors++;
		final String attempt = "." + unit + "-" + attempt() + ".tmp";
		final Path pq = parquet(folder, unit);
		final FileSystem fs = pq.getFileSystem(conf);
		final Path pqTmp = new Path(pq.getParent(), attempt);
		writeParquet(pqTmp, conf, rows);
		place(fs, pqTmp, pq);
		if (csv) {
			final Path c = csv(folder, unit), cTmp = new Path(c.getParent(), attempt);
			writeCsv(fs, cTmp, rows);
			place(fs, cTmp, c);
		}
		final Path marker = done(folder, unit);
		if (errors == 0) {
			final Path mTmp = new Path(marker.getParent(), attempt);
			try (var out = fs.create(mTmp, true)) {
				out.write((rows.size() + " rows\n").getBytes(StandardCharsets.UTF_8));
			}
			place(fs, mTmp, marker);
		}
		else fs.delete(marker, false);
		return new Summary(unit, rows.size(), errors, computeNanos, System.nanoTime() - t0);
	}

	/** Hadoop's rename does not replace a file: remove the old one first. */
	private static void place(final FileSystem fs, final Path tmp, final Path target)
		throws IOException
	{
		fs.delete(target, false);
		if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
	}

	private void writeParquet(final Path file, final Configuration conf, final List<Object[]> rows)
		throws IOException
	{
		final MessageType type = new SparkToParquetSchemaConverter(new SQLConf()).convert(schema);
		final SimpleGroupFactory groups = new SimpleGroupFactory(type);
		final StructField[] f = schema.fields();
		try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file).withConf(conf).withType(type)
			.withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(
				ParquetFileWriter.Mode.OVERWRITE).build())
		{
			for (final Object[] v : rows) {
				final Group g = groups.newGroup();
				for (int i = 0; i < f.length; i++) {
					final Object x = v[i];
					if (x == null) continue;
					final String name = f[i].name();
					if (x instanceof String s) g.append(name, s);
					else if (x instanceof Long l) g.append(name, l);
					else if (x instanceof Integer n) g.append(name, n);
					else if (x instanceof Double d) g.append(name, d);
					else if (x instanceof Boolean b) g.append(name, b);
					else if (x instanceof float[] a && f[i].dataType() instanceof ArrayType) {
						// Spark's LIST layout: <name> { repeated list { element } }
						final Group list = g.addGroup(name);
						for (final float e : a) list.addGroup("list").append("element", e);
					}
					else throw new IllegalArgumentException(name + ": cannot write " + x.getClass());
				}
				w.write(g);
			}
		}
	}

	private void writeCsv(final FileSystem fs, final Path file, final List<Object[]> rows)
		throws IOException
	{
		final StructField[] f = schema.fields();
		try (Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(file, true),
			StandardCharsets.UTF_8), 1 << 16))
		{
			for (int i = 0; i < f.length; i++) {
				if (i > 0) w.write(',');
				SpectraWriter.cell(w, f[i].name());
			}
			w.write('\n');
			for (final Object[] v : rows) {
				for (int i = 0; i < f.length; i++) {
					if (i > 0) w.write(',');
					final Object x = v[i];
					// as Predict with Model: shortest exact decimals, NaN/missing empty, flags 1/0
					if (x == null) continue;
					if (x instanceof Double d) {
						if (!d.isNaN()) w.write(Decimals.format(d));
					}
					else if (x instanceof Boolean b) w.write(b ? "1" : "0");
					else if (f[i].dataType() == DataTypes.StringType) SpectraWriter.cell(w, (String) x);
					else w.write(x.toString());
				}
				w.write('\n');
			}
		}
	}
}
