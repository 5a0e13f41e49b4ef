package org.spectralcnn.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.Stft;
import org.spectralcnn.spectrogram.StftParameters;

/**
 * {@code spectrograms input=I output=O}: Spectra to Spectrograms at scale. One Parquet row per
 * spectrum: {@code source}, {@code row}, {@code id}, {@code frequencies}, {@code frames} and
 * {@code spectrogram}, the {@code frequencies × frames} floats row-major (the launcher's TIFF
 * slice, top row first), or {@code error}. The preprocessing steps must treat each spectrum on its
 * own (absorbance, sg, snv, …): a step that learns from the spectra would learn from each share.
 */
public final class SpectrogramJob {

	public static final List<String> KEYS = List.of("input", "output", "window_size", "hop",
		"window", "detrend", "scaling", "steps", "files_per_task", "rows_per_task", "pixels_per_task",
		"partitions");

	private SpectrogramJob() {}

	public static PredictJob.Result run(final SparkSession spark, final JobArguments a)
		throws IOException
	{
		final Keys p = new Keys(a.whole("window_size", StftParameters.DEFAULT_WINDOW_SIZE, 2), a.whole(
			"hop", StftParameters.DEFAULT_HOP, 1), a.text("window", "hann"), a.text("detrend",
				"constant"), a.text("scaling", "log_psd"));
		final String steps = a.text("steps", "");
		try {
			p.parameters();
			// a learned step (msc, …) would be fitted on each share differently
			if (!Preprocessing.parse(steps).isFitted()) throw new JobFailure("spectrograms: steps '" +
				steps + "' has a step that learns from the spectra; give steps that treat each " +
				"spectrum on its own (absorbance, sg, snv, …)");
		}
		catch (final IllegalArgumentException e) {
			throw new JobFailure("spectrograms: " + e.getMessage(), e);
		}
		final Outputs out = new Outputs(spark, a.text("output"));
		final java.util.Map<String, String> recorded = a.settings("output", "partitions");
		recorded.put("input", java.nio.file.Paths.get(a.text("input")).toAbsolutePath().normalize()
			.toString());
		out.claim(recorded);
		final List<WorkUnit> plan = Inputs.plan(a.text("input"), a.whole("files_per_task", 64, 1), a
			.whole("rows_per_task", 4096, 1), a.whole("pixels_per_task", Inputs.PIXELS_PER_TASK, 1));
		final List<WorkUnit> todo = Outputs.todo(plan, out.finished());
		if (todo.isEmpty()) return new PredictJob.Result(plan.size(), plan.size(), 0, 0, 0);
		final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		final int partitions = Math.min(todo.size(), a.whole("partitions", jsc.defaultParallelism(), 1));
		final JavaRDD<Row> rows = jsc.parallelize(new ArrayList<>(todo), partitions).mapPartitions(
			new Task(p, steps));
		final Dataset<Row> table = out.write(spark.createDataFrame(rows, schema()), todo, false);
		return new PredictJob.Result(plan.size(), plan.size() - todo.size(), todo.size(), table
			.count(), table.filter(table.col(Outputs.ERROR).isNotNull()).count());
	}

	static StructType schema() {
		return DataTypes.createStructType(List.of(DataTypes.createStructField("source",
			DataTypes.StringType, false), DataTypes.createStructField("row", DataTypes.LongType, true),
			DataTypes.createStructField("id", DataTypes.StringType, true), DataTypes.createStructField(
				"frequencies", DataTypes.IntegerType, true), DataTypes.createStructField("frames",
					DataTypes.IntegerType, true), DataTypes.createStructField("spectrogram", DataTypes
						.createArrayType(DataTypes.FloatType, false), true), DataTypes.createStructField(
							Outputs.ERROR, DataTypes.StringType, true), DataTypes.createStructField(
								Outputs.UNIT, DataTypes.StringType, false)));
	}

	/** The STFT keys: sent to the tasks as they are (StftParameters is not Serializable). */
	record Keys(int windowSize, int hop, String window, String detrend, String scaling) implements
		java.io.Serializable
	{

		StftParameters parameters() {
			return StftParameters.fromKeys(windowSize, hop, window, detrend, scaling);
		}
	}

	private static final class Task implements FlatMapFunction<Iterator<WorkUnit>, Row> {

		private static final long serialVersionUID = 1L;
		private final Keys parameters;
		private final String steps;

		Task(final Keys parameters, final String steps) {
			this.parameters = parameters;
			this.steps = steps;
		}

		@Override
		public Iterator<Row> call(final Iterator<WorkUnit> units) {
			final Stft stft = new Stft(parameters.parameters());
			final List<Row> rows = new ArrayList<>();
			while (units.hasNext()) {
				final WorkUnit u = units.next();
				for (final String file : u.files()) {
					try {
						final SpectralDataset d = Preprocessing.parse(steps).apply(u.read(file));
						final List<Row> mine = new ArrayList<>(d.size());
						for (int i = 0; i < d.size(); i++) {
							final float[] plane = stft.transform(d.spectrum(i));
							final Float[] boxed = new Float[plane.length];
							for (int k = 0; k < plane.length; k++) boxed[k] = plane[k];
							mine.add(RowFactory.create(file, u.firstRow() + i, d.id(i), stft.frequencies(), stft
								.frames(d.points()), boxed, null, u.key()));
						}
						rows.addAll(mine);
					}
					catch (final Exception e) {
						rows.add(RowFactory.create(file, null, null, null, null, null, u.describe(file) + ": " +
							(e.getMessage() == null ? e.toString() : e.getMessage()), u.key()));
					}
				}
			}
			return rows.iterator();
		}
	}
}
