package org.spectralcnn.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;

/**
 * How fast {@link SpectraIO#open} imports a wide table compared with {@code pandas.read_csv},
 * the tool soil spectroscopists would otherwise use. Not a test: a {@code main} that times both
 * in one run with the same protocol (warm-up runs, then the median of N timed runs of a whole
 * file import, gunzip included) and prints ms per file, rows/s and the ratio. The pandas side is
 * {@code benchmarks/import_peer.py}, run with {@code /usr/bin/python3} from the project root.
 * <p>
 * Run from the project root:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   org.spectralcnn.benchmarks.ImportBenchmark [--warmup 5] [--runs 15] [FILE...]
 * </pre>
 *
 * Without files it times {@code datsoilspc.csv.gz} (391 × 2151) and {@code nirsoil.csv.gz}
 * (825 × 700) from {@code ../shared/data}. Times are wall clock: on a shared machine run it a
 * few times and compare the ratios rather than the absolute numbers.
 */
public final class ImportBenchmark {

	private ImportBenchmark() {}

	public static void main(final String[] args) throws Exception {
		int warmup = 5, runs = 15;
		final List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--warmup")) warmup = Integer.parseInt(args[++i]);
			else if (args[i].equals("--runs")) runs = Integer.parseInt(args[++i]);
			else files.add(Paths.get(args[i]).toAbsolutePath());
		}
		if (files.isEmpty()) {
			final Path data = SharedData.sharedDir().resolve("data");
			files.add(data.resolve("datsoilspc/datsoilspc.csv.gz"));
			files.add(data.resolve("nirsoil/nirsoil.csv.gz"));
		}

		final double[] javaMs = new double[files.size()];
		final int[] rows = new int[files.size()], points = new int[files.size()];
		for (int f = 0; f < files.size(); f++) {
			SpectralDataset d = null;
			for (int i = 0; i < warmup; i++) d = SpectraIO.open(files.get(f));
			final double[] times = new double[runs];
			for (int i = 0; i < runs; i++) {
				final long start = System.nanoTime();
				d = SpectraIO.open(files.get(f));
				times[i] = (System.nanoTime() - start) / 1e6;
			}
			javaMs[f] = median(times);
			rows[f] = d.size();
			points[f] = d.points();
		}
		final JsonObject peer = runPeer(warmup, runs, files);
		final JsonArray results = peer.getAsJsonArray("results");

		System.out.printf(Locale.ROOT, "SpectraIO.open (Java %s, %d cores) vs %s (Python %s); " +
			"median of %d runs after %d warm-up runs%n", System.getProperty("java.version"), Runtime
				.getRuntime().availableProcessors(), peer.get("tool").getAsString(), peer.get("python")
					.getAsString(), runs, warmup);
		System.out.printf(Locale.ROOT, "%-22s %12s %9s %10s %11s %12s %10s%n", "file", "samples×pts",
			"Java ms", "pandas ms", "Java rows/s", "pandas rows/s", "pandas/Java");
		for (int f = 0; f < files.size(); f++) {
			final JsonObject r = results.get(f).getAsJsonObject();
			final double pandasMs = r.get("median_ms").getAsDouble();
			if (r.get("rows").getAsInt() != rows[f]) System.out.println("warning: pandas read " + r.get(
				"rows") + " rows of " + files.get(f).getFileName() + ", Java " + rows[f]);
			System.out.printf(Locale.ROOT, "%-22s %12s %9.1f %10.1f %11.0f %12.0f %9.2f×%n", files.get(f)
				.getFileName(), rows[f] + "×" + points[f], javaMs[f], pandasMs, rows[f] / javaMs[f] * 1000,
				rows[f] / pandasMs * 1000, pandasMs / javaMs[f]);
		}
	}

	private static JsonObject runPeer(final int warmup, final int runs, final List<Path> files)
		throws IOException, InterruptedException
	{
		final List<String> command = new ArrayList<>(Arrays.asList("/usr/bin/python3",
			"benchmarks/import_peer.py", "--warmup", Integer.toString(warmup), "--runs", Integer
				.toString(runs)));
		for (final Path f : files) command.add(f.toString());
		if (!Files.exists(Paths.get("benchmarks/import_peer.py"))) throw new IOException(
			"benchmarks/import_peer.py not found: run from the project root");
		final Process process = new ProcessBuilder(command).redirectError(
			ProcessBuilder.Redirect.INHERIT).start();
		final String out;
		try (InputStream in = process.getInputStream()) {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			out = bytes.toString(StandardCharsets.UTF_8);
		}
		final int exit = process.waitFor();
		if (exit != 0) throw new IOException("import_peer.py failed with exit code " + exit);
		return JsonParser.parseString(out).getAsJsonObject();
	}

	private static double median(final double[] values) {
		final double[] v = values.clone();
		Arrays.sort(v);
		final int n = v.length;
		return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}
}
