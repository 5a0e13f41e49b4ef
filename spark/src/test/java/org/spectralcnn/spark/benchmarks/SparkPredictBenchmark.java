package org.spectralcnn.spark.benchmarks;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.Decimals;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.launcher.SpectralCnnRuntime;
import org.spectralcnn.spark.JobArguments;
import org.spectralcnn.spark.PredictJob;

/**
 * Throughput of the Spark predict job in local[1] and local[2] against the launcher's
 * single-JVM Predict with Model on the same synthetic table (docs/spark.md, "Scale"). Prints
 * figures; asserts nothing. The table: the 200 spectra of test-data/soil_visnir.csv repeated,
 * each copy scaled by a small factor so no two rows are equal.
 *
 * <pre>
 * mvn -B -o -q install -DskipTests
 * nice java -Xmx4g $(for p in java.lang java.nio sun.nio.ch java.util java.lang.invoke java.io java.net java.util.concurrent sun.util.calendar; do echo --add-opens=java.base/$p=ALL-UNNAMED; done) \
 *   -cp spark/target/test-classes:spark/target/spectral-cnn-spark.jar \
 *   org.spectralcnn.spark.benchmarks.SparkPredictBenchmark MODEL.zip [spectra=100000] [work folder]
 * </pre>
 */
public final class SparkPredictBenchmark {

	private SparkPredictBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Path model = Paths.get(args[0]).toAbsolutePath();
		final int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
		final Path work = Files.createDirectories(Paths.get(args.length > 2 ? args[2]
			: "spark/target/benchmark"));
		final Path table = work.resolve("synthetic_" + n + ".csv");
		if (!Files.exists(table)) write(table, n);
		System.out.printf(Locale.ROOT, "%d spectra, %.0f MB table, model %s, %d cores%n", n, Files
			.size(table) / 1e6, model.getFileName(), Runtime.getRuntime().availableProcessors());

		// the launcher: warmed up on the small table first, as the Spark runs are by the launcher's
		final SpectralCnnRuntime rt = SpectralCnnRuntime.get();
		predictWithLauncher(rt, model, Paths.get("test-data/soil_visnir.csv"), work.resolve(
			"warmup.csv"));
		final double launcher = predictWithLauncher(rt, model, table, work.resolve("launcher.csv"));
		System.out.printf(Locale.ROOT, "launcher Predict with Model: %.1f s, %.0f spectra/s%n",
			launcher, n / launcher);

		final Map<String, Double> spark = new LinkedHashMap<>();
		for (final String master : List.of("local[1]", "local[2]")) {
			final long t0 = System.nanoTime();
			try (SparkSession s = SparkSession.builder().master(master).appName("benchmark").config(
				"spark.ui.enabled", false).config("spark.locality.wait", "0").getOrCreate())
			{
				final double start = (System.nanoTime() - t0) / 1e9;
				final Path out = work.resolve("spark_" + master.replaceAll("\\W", ""));
				deleteTree(out);
				final long t1 = System.nanoTime();
				final PredictJob.Result r = PredictJob.run(s, JobArguments.parse("predict", List.of(
					"model=" + model, "input=" + table, "output=" + out), PredictJob.KEYS));
				final double seconds = (System.nanoTime() - t1) / 1e9;
				if (r.rows() != n || r.errors() != 0) throw new IllegalStateException(r.toString());
				spark.put(master, seconds);
				System.out.printf(Locale.ROOT,
					"Spark %s: %.1f s (+ %.1f s session start), %.0f spectra/s, %d tasks; %.2f × the launcher's time%n",
					master, seconds, start, n / seconds, r.run(), seconds / launcher);
				System.out.printf(Locale.ROOT,
					"  breakdown (summed over tasks): read + predict %.1f s, write Parquet + CSV + marker %.1f s; driver and Spark %.1f s%n",
					r.computeSeconds(), r.writeSeconds(), seconds - (r.computeSeconds() + r
						.writeSeconds()) / Integer.parseInt(master.replaceAll("\\D", "")));
			}
		}
		System.out.printf(Locale.ROOT, "scaling local[1] → local[2]: %.2f×%n", spark.get("local[1]") /
			spark.get("local[2]"));
		// again at the end: on a shared machine the load changes during the runs
		final double again = predictWithLauncher(rt, model, table, work.resolve("launcher.csv"));
		System.out.printf(Locale.ROOT,
			"launcher Predict with Model again: %.1f s; local[1] / mean launcher time: %.2f×%n", again,
			spark.get("local[1]") / ((launcher + again) / 2));
	}

	private static double predictWithLauncher(final SpectralCnnRuntime rt, final Path model,
		final Path input, final Path output) throws Exception
	{
		Files.deleteIfExists(output);
		final Map<String, String> a = new LinkedHashMap<>();
		a.put("model", model.toString());
		a.put("input", input.toString());
		a.put("output", output.toString());
		final long t = System.nanoTime();
		rt.invoker().run(rt.catalog().find("Predict with Model"), a);
		return (System.nanoTime() - t) / 1e9;
	}

	private static void write(final Path table, final int n) throws Exception {
		final SpectralDataset base = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
		final Path tmp = table.resolveSibling(table.getFileName() + ".tmp");
		try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
			w.write("id");
			for (int p = 0; p < base.points(); p++) w.write("," + Decimals.format(base.axis().value(p)));
			w.write('\n');
			for (int i = 0; i < n; i++) {
				final float[] s = base.spectrum(i % base.size());
				final float f = 1 + 0.01f * (float) Math.sin(i * 0.37);
				w.write(String.format(Locale.ROOT, "B%07d", i));
				for (final float v : s) {
					w.write(',');
					w.write(Decimals.format(Math.round(v * f * 1e5f) / 1e5f));
				}
				w.write('\n');
			}
		}
		Files.move(tmp, table);
	}

	private static void deleteTree(final Path p) throws Exception {
		if (!Files.exists(p)) return;
		final List<Path> all = new ArrayList<>();
		try (var s = Files.walk(p)) {
			s.forEach(all::add);
		}
		for (int i = all.size() - 1; i >= 0; i--) Files.delete(all.get(i));
	}
}
