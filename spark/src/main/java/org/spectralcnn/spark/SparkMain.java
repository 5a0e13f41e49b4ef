package org.spectralcnn.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The job's command line, for {@code java -jar spectral-cnn-spark.jar} and {@code spark-submit}:
 * <pre>
 * [--master M] predict model=M input=I output=O [confidence= mc_passes= seed= files_per_task= rows_per_task= pixels_per_task= partitions=]
 * [--master M] spectrograms input=I output=O [window_size= hop= window= detrend= scaling= steps= format=parquet|tiff|both ...]
 * </pre>
 * Exit status 0 when every spectrum got its row, 2 when some files failed (their rows say why),
 * 1 when the job could not run.
 */
public final class SparkMain {

	private SparkMain() {}

	public static void main(final String[] args) {
		int status;
		try {
			status = run(args);
		}
		catch (final JobFailure e) {
			System.err.println("spectral-cnn-spark: " + e.getMessage());
			status = 1;
		}
		catch (final Exception e) {
			System.err.println("spectral-cnn-spark: " + e);
			e.printStackTrace();
			status = 1;
		}
		System.exit(status);
	}

	static int run(final String[] args) throws Exception {
		String master = null;
		final List<String> rest = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--master") && i + 1 < args.length) master = args[++i];
			else if (args[i].startsWith("--master=")) master = args[i].substring(9);
			else rest.add(args[i]);
		}
		if (rest.isEmpty() || !(rest.get(0).equals("predict") || rest.get(0).equals(
			"spectrograms"))) throw new JobFailure("usage: [--master local[2]] predict model=M input=I " +
				"output=O ...  |  [--master local[2]] spectrograms input=I output=O ... (docs/spark.md)");
		final String command = rest.get(0);
		final JobArguments a = JobArguments.parse(command, rest.subList(1, rest.size()), command
			.equals("predict") ? PredictJob.KEYS : SpectrogramJob.KEYS);
		final SparkConf given = new SparkConf(); // what spark-submit or -Dspark.* set
		if (master == null && !given.contains("spark.master")) throw new JobFailure(
			"no Spark master: give --master local[2] (this machine, 2 cores) or run through spark-submit");
		final SparkSession.Builder b = SparkSession.builder().appName("Spectral CNN " + command);
		if (master != null) b.master(master);
		// tasks read through a shared file system, so Spark's wait for a "local" slot (3 s per
		// locality level, for the Parquet read back) only idles the cores
		if (!given.contains("spark.locality.wait")) b.config("spark.locality.wait", "0");
		try (SparkSession spark = b.getOrCreate()) {
			final long start = System.nanoTime();
			final PredictJob.Result r = command.equals("predict") ? PredictJob.run(spark, a)
				: SpectrogramJob.run(spark, a);
			System.out.println(String.format(Locale.ROOT,
				"spectral-cnn-spark %s: %d units (%d finished before, %d run), %d rows, %d failed files, %.1f s; results in %s",
				command, r.planned(), r.skipped(), r.run(), r.rows(), r.errors(), (System.nanoTime() -
					start) / 1e9, a.text("output")));
			if (r.errors() > 0) System.out.println("spectral-cnn-spark: rows with an error say why; " +
				"after fixing those files (or for a lost worker), run the same command again: it redoes them only");
			return r.errors() > 0 ? 2 : 0;
		}
	}
}
