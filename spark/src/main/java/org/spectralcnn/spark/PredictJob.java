package org.spectralcnn.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.model.ModelFileException;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;

/**
 * {@code predict model=M input=I output=O}: Predict with Model over many files, a large table
 * or a folder of cubes. One row per spectrum: {@code source} (the file), {@code row} (its place
 * in the file), {@code id} (sample id, or {@code y<line>_x<sample>} for a cube pixel, with
 * {@code x}, {@code y}), the launcher's columns ({@code <target>}, {@code <target>_lower},
 * {@code <target>_upper}, {@code <target>_member_sd}, {@code t2}, {@code q},
 * {@code out_of_domain}, as far as the model has them), {@code error} (null, or why the file
 * could not be predicted: one such row per failed file, its other columns empty) and
 * {@code unit} ({@link Outputs}).
 */
public final class PredictJob {

	public static final List<String> KEYS = List.of("model", "input", "output", "confidence",
		"mc_passes", "seed", "files_per_task", "rows_per_task", "pixels_per_task", "partitions");

	/**
	 * What a run did: units planned, skipped (finished before), run; rows; rows with an error;
	 * the tasks' seconds reading and computing, and writing their files (summed over tasks).
	 */
	public record Result(int planned, int skipped, int run, long rows, long errors,
		double computeSeconds, double writeSeconds) {}

	private PredictJob() {}

	public static Result run(final SparkSession spark, final JobArguments a) throws IOException {
		final Path modelFile = Paths.get(a.text("model")).toAbsolutePath();
		final String input = a.text("input"), output = a.text("output");
		final PredictSettings settings = new PredictSettings(a.number("confidence", 0.9, 0.5, 0.999),
			a.whole("mc_passes", McDropout.DEFAULT_PASSES, 0), a.whole("seed", 0, Integer.MIN_VALUE));
		if (settings.mcPasses() == 1) throw new JobFailure(
			"predict: mc_passes must be 0 (no Monte Carlo dropout) or at least 2, not 1");
		final int filesPerTask = a.whole("files_per_task", 64, 1);
		final int rowsPerTask = a.whole("rows_per_task", 4096, 1);
		// the driver reads and checks the model once (a bad file stops the job here, not in
		// every task) and learns its columns; the tasks get its bytes
		final byte[] bytes;
		final SpectralModel model;
		try {
			bytes = Files.readAllBytes(modelFile);
			model = Models.load(modelFile);
		}
		catch (final IOException e) {
			throw new JobFailure("model: cannot read " + modelFile + ": " + e.getMessage(), e);
		}
		catch (final ModelFileException e) {
			throw new JobFailure("model: " + e.getMessage(), e);
		}
		final PredictColumns columns = PredictColumns.of(model);
		final Outputs out = new Outputs(spark, output);
		final Map<String, String> recorded = a.settings("output", "partitions");
		recorded.put("model", modelFile.toString());
		recorded.put("input", Paths.get(input).toAbsolutePath().normalize().toString());
		recorded.put("model_sha256", sha256(bytes));
		// planned before the output is claimed: a refused input leaves no output folder behind
		final List<WorkUnit> plan = Inputs.plan(input, filesPerTask, rowsPerTask, a.whole(
			"pixels_per_task", Inputs.PIXELS_PER_TASK, 1));
		out.claim(recorded);
		final List<WorkUnit> todo = Outputs.todo(plan, out.finished());
		if (todo.isEmpty()) return new Result(plan.size(), plan.size(), 0, 0, 0, 0, 0);
		final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		final int partitions = Math.min(todo.size(), a.whole("partitions", jsc.defaultParallelism(), 1));
		final Broadcast<byte[]> modelBytes = jsc.broadcast(bytes);
		try {
			return Outputs.result(plan, todo, out.run(todo, partitions, new PredictTask(modelBytes,
				settings, columns, new UnitFiles(output, schema(columns), true, jsc
					.hadoopConfiguration()))));
		}
		finally {
			modelBytes.destroy();
		}
	}

	/** A row's columns in the files (unit is the folder's name). */
	static StructType schema(final PredictColumns c) {
		final List<StructField> f = new ArrayList<>();
		f.add(DataTypes.createStructField("source", DataTypes.StringType, false));
		f.add(DataTypes.createStructField("row", DataTypes.LongType, true));
		f.add(DataTypes.createStructField("id", DataTypes.StringType, true));
		f.add(DataTypes.createStructField("x", DataTypes.IntegerType, true));
		f.add(DataTypes.createStructField("y", DataTypes.IntegerType, true));
		for (final String name : c.numbers())
			f.add(DataTypes.createStructField(name, DataTypes.DoubleType, true));
		if (c.domain()) f.add(DataTypes.createStructField("out_of_domain", DataTypes.BooleanType,
			true));
		f.add(DataTypes.createStructField(Outputs.ERROR, DataTypes.StringType, true));
		return DataTypes.createStructType(f);
	}

	static String sha256(final byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The options of Predict with Model. */
	record PredictSettings(double confidence, int mcPasses, long seed) implements
		java.io.Serializable {}

	/** The model's output columns, as Predict with Model writes them. */
	record PredictColumns(List<String> targets, boolean intervals, boolean memberSd,
		boolean domain) implements java.io.Serializable
	{

		static PredictColumns of(final SpectralModel m) {
			final boolean cal = m.calibration() != null;
			return new PredictColumns(List.copyOf(m.targets()), cal, m instanceof CnnModel cnn && cnn
				.memberCount() > 1, cal && m.calibration().domain() != null);
		}

		/** The numeric columns in the launcher's order (out_of_domain apart). */
		List<String> numbers() {
			final List<String> n = new ArrayList<>();
			for (final String t : targets) {
				n.add(t);
				if (intervals) {
					n.add(t + "_lower");
					n.add(t + "_upper");
				}
				if (memberSd) n.add(t + "_member_sd");
			}
			if (domain) {
				n.add("t2");
				n.add("q");
			}
			return n;
		}
	}
}
