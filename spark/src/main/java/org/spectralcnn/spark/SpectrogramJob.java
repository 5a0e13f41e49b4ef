package org.spectralcnn.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.spectralcnn.bridge.ImageFiles;
import org.spectralcnn.bridge.SpectrogramImages;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.Spectrograms;
import org.spectralcnn.spectrogram.Stft;
import org.spectralcnn.spectrogram.StftParameters;

/**
 * {@code spectrograms input=I output=O}: Spectra to Spectrograms at scale. One Parquet row per
 * spectrum: {@code source}, {@code row}, {@code id}, {@code frequencies}, {@code frames} and
 * {@code spectrogram}, the {@code frequencies × frames} floats row-major (the launcher's TIFF
 * slice, top row first), or {@code error}. The preprocessing steps must treat each spectrum on its
 * own (absorbance, sg, snv, …): a step that learns from the spectra would learn from each share.
 * {@code format=tiff} or {@code both} also writes per unit and file the launcher's 32-bit TIFF
 * stack ({@code tiff/unit=<key>/<file>.tif}, one slice per spectrum, label = id); with
 * {@code tiff} the Parquet rows keep all but the floats (an index of the stacks, and the errors).
 */
public final class SpectrogramJob {

	public static final List<String> KEYS = List.of("input", "output", "window_size", "hop",
		"window", "detrend", "scaling", "steps", "format", "files_per_task", "rows_per_task",
		"pixels_per_task",
		"partitions");

	private SpectrogramJob() {}

	public static PredictJob.Result run(final SparkSession spark, final JobArguments a)
		throws IOException
	{
		final Keys p = new Keys(a.whole("window_size", StftParameters.DEFAULT_WINDOW_SIZE, 2), a.whole(
			"hop", StftParameters.DEFAULT_HOP, 1), a.text("window", "hann"), a.text("detrend",
				"constant"), a.text("scaling", "log_psd"));
		final String steps = a.text("steps", "");
		final String format = a.text("format", "parquet");
		if (!List.of("parquet", "tiff", "both").contains(format)) throw new JobFailure(
			"spectrograms: format must be parquet, tiff or both, not '" + format + "'");
		try {
			p.parameters();
			// a learned step (msc, …) would be fitted on each share differently
			if (!Preprocessing.parse(steps).isFitted()) throw new JobFailure("spectrograms: steps '" +
				steps + "': a step there learns from the whole set of spectra, which a task does not " +
				"see; give steps that treat each spectrum on its own (absorbance, sg, snv, …)");
		}
		catch (final IllegalArgumentException e) {
			throw new JobFailure("spectrograms: " + e.getMessage(), e);
		}
		final Outputs out = new Outputs(spark, a.text("output"));
		final java.util.Map<String, String> recorded = a.settings("output", "partitions");
		recorded.put("input", java.nio.file.Paths.get(a.text("input")).toAbsolutePath().normalize()
			.toString());
		final List<WorkUnit> plan = Inputs.plan(a.text("input"), a.whole("files_per_task", 64, 1), a
			.whole("rows_per_task", 4096, 1), a.whole("pixels_per_task", Inputs.PIXELS_PER_TASK, 1));
		out.claim(recorded);
		final List<WorkUnit> todo = Outputs.todo(plan, out.finished());
		if (todo.isEmpty()) return new PredictJob.Result(plan.size(), plan.size(), 0, 0, 0, 0,
			0);
		final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		final int partitions = Math.min(todo.size(), a.whole("partitions", jsc.defaultParallelism(), 1));
		return Outputs.result(plan, todo, out.run(todo, partitions, new Task(p, steps, !format.equals(
			"tiff"), !format.equals("parquet"), new UnitFiles(a.text("output"), schema(), false, jsc
				.hadoopConfiguration()))));
	}

	/** A row's columns in the files (unit is the folder's name). */
	static StructType schema() {
		return DataTypes.createStructType(List.of(DataTypes.createStructField("source",
			DataTypes.StringType, false), DataTypes.createStructField("row", DataTypes.LongType, true),
			DataTypes.createStructField("id", DataTypes.StringType, true), DataTypes.createStructField(
				"frequencies", DataTypes.IntegerType, true), DataTypes.createStructField("frames",
					DataTypes.IntegerType, true), DataTypes.createStructField("spectrogram", DataTypes
						.createArrayType(DataTypes.FloatType, false), true), DataTypes.createStructField(
							Outputs.ERROR, DataTypes.StringType, true)));
	}

	/** The STFT keys: sent to the tasks as they are (StftParameters is not Serializable). */
	record Keys(int windowSize, int hop, String window, String detrend, String scaling) implements
		java.io.Serializable
	{

		StftParameters parameters() {
			return StftParameters.fromKeys(windowSize, hop, window, detrend, scaling);
		}
	}

	private static final class Task implements FlatMapFunction<Iterator<WorkUnit>,
		UnitFiles.Summary>
	{

		private static final long serialVersionUID = 1L;
		private final Keys parameters;
		private final String steps;
		private final boolean floats, tiff;
		private final UnitFiles files;

		Task(final Keys parameters, final String steps, final boolean floats, final boolean tiff,
			final UnitFiles files)
		{
			this.parameters = parameters;
			this.steps = steps;
			this.floats = floats;
			this.tiff = tiff;
			this.files = files;
		}

		@Override
		public Iterator<UnitFiles.Summary> call(final Iterator<WorkUnit> units) throws IOException {
			final Stft stft = new Stft(parameters.parameters());
			final List<UnitFiles.Summary> done = new ArrayList<>();
			while (units.hasNext()) {
				final WorkUnit u = units.next();
				final long t0 = System.nanoTime();
				final List<Object[]> rows = new ArrayList<>();
				for (int f = 0; f < u.files().size(); f++) {
					final String file = u.files().get(f);
					try {
						final Preprocessing chain = Preprocessing.parse(steps);
						final SpectralDataset d = chain.apply(u.read(file));
						if (tiff) tiff(d, chain, u, f);
						final List<Object[]> mine = new ArrayList<>(d.size());
						for (int i = 0; i < d.size(); i++)
							mine.add(new Object[] {file, u.firstRow() + i, d.id(i), stft.frequencies(), stft
								.frames(d.points()), floats ? stft.transform(d.spectrum(i)) : null, null});
						rows.addAll(mine);
					}
					catch (final Exception e) {
						rows.add(new Object[] {file, null, null, null, null, null, u.failure(file, e)});
					}
				}
				done.add(files.write(u.key(), rows, System.nanoTime() - t0));
			}
			return done.iterator();
		}

		/**
		 * The launcher's Spectra to Spectrograms stack of these spectra (same code: calibration,
		 * slice labels, properties), as {@code tiff/unit=<key>/<file name>.tif}.
		 */
		private void tiff(final SpectralDataset d, final Preprocessing chain, final WorkUnit u,
			final int index) throws IOException
		{
			final StftParameters sp = parameters.parameters();
			sp.validate(d.points());
			final ImagePlus imp = SpectrogramImages.toImagePlus(Spectrograms.compute(d, sp), d, sp);
			if (!chain.isEmpty()) imp.setProp("spectral_cnn.preprocessing", chain.toString());
			final String name = Paths.get(u.files().get(index)).getFileName().toString()
				.replaceFirst("\\.[^.]*$", "");
			final java.nio.file.Path local = Files.createTempFile("spectral-cnn-spectrograms", ".tif");
			try {
				ImageFiles.saveTiff(imp, local);
				files.copy(local, UnitFiles.tiff(files.folder(), u.key(), (u.files().size() > 1 ? index +
					"_" : "") + name + ".tif"));
			}
			finally {
				Files.deleteIfExists(local);
			}
		}
	}
}
