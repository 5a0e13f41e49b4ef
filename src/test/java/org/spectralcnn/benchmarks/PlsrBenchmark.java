package org.spectralcnn.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.Selection;

/**
 * PLSR training speed, Java against scikit-learn, in one run on the same machine: on NIRsoil's
 * official calibration set, for Nt, Ciso and CEC (each without its missing rows), 10-fold
 * cross-validation over 1..30 latent variables, selection of the lowest RMSECV, refit with the
 * chosen k and prediction of the test set. The Java side runs first (2 threads, then 1), then
 * {@code benchmarks/plsr_peer.py} with {@code OMP_NUM_THREADS=2}: the peer's exact protocol
 * ({@code cross_val_predict} refitted for every k) and a faster one-fit-per-fold scikit-learn
 * variant, both printed and labelled. Loading and preprocessing are outside the timed region
 * on both sides. Java: median of 10 runs after 5 warm-up runs, and the cold first run.
 *
 * <pre>
 * (from the project root, with ../shared beside it)
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN \
 *   org.spectralcnn.benchmarks.PlsrBenchmark [--reps 10] [--sklearn-reps 3] [--no-python]
 * </pre>
 */
public final class PlsrBenchmark {

	private PlsrBenchmark() {}

	public static void main(final String[] args) throws Exception {
		int reps = 10, sklearnReps = 3;
		boolean python = true;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--reps")) reps = Integer.parseInt(args[++i]);
			else if (args[i].equals("--sklearn-reps")) sklearnReps = Integer.parseInt(args[++i]);
			else if (args[i].equals("--no-python")) python = false;
		}
		System.out.println("load average at start: " + loadAverage());
		final Path file = Paths.get("../shared/data/nirsoil/nirsoil.csv.gz");
		final SpectralDataset data = SpectraIO.open(file);
		final List<String> targets = Arrays.asList("Nt", "Ciso", "CEC");
		final double[][] y = data.targets(targets);
		final boolean[] cal = data.splitMask("train");
		final float[] x = data.data();

		final double[] javaMs = new double[3], javaCpu = new double[3];
		final com.sun.management.OperatingSystemMXBean os =
			(com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
				.getOperatingSystemMXBean();
		final int[] threads = { 2, 1 };
		final double[] cold = new double[2];
		String chosen = "";
		for (int ti = 0; ti < threads.length; ti++) {
			final PlsrTraining.Settings s = new PlsrTraining.Settings(30, 10, Selection.MIN, 0, false,
				threads[ti]);
			final double[] times = new double[reps], cpu = new double[reps];
			for (int r = -5; r < reps; r++) {
				final long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
				final List<PlsrTraining.TargetFit> fits = PlsrTraining.fit(x, data.points(), y, targets,
					cal, s);
				for (final PlsrTraining.TargetFit f : fits) predictTest(f, x, cal, y, targets);
				final double ms = (System.nanoTime() - t0) / 1e6;
				if (r == -5) cold[ti] = ms;
				if (r >= 0) {
					times[r] = ms;
					cpu[r] = (os.getProcessCpuTime() - c0) / 1e6;
				}
				if (r == -5 && ti == 0) {
					final StringBuilder sb = new StringBuilder();
					for (final PlsrTraining.TargetFit f : fits) sb.append(f.target()).append('=').append(f
						.components()).append(' ');
					chosen = sb.toString().trim();
				}
			}
			javaMs[ti] = median(times);
			javaCpu[ti] = median(cpu);
			System.out.printf(Locale.ROOT,
				"Java PLSR, %d thread(s): median %.0f ms over %d runs (min %.0f, max %.0f), CPU %.0f ms, cold first run %.0f ms; chosen %s%n",
				threads[ti], javaMs[ti], reps, Arrays.stream(times).min().getAsDouble(), Arrays.stream(
					times).max().getAsDouble(), javaCpu[ti], cold[ti], chosen);
		}
		if (!python) return;
		System.out.println("load average before scikit-learn: " + loadAverage());
		final ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "benchmarks/plsr_peer.py",
			"--reps", String.valueOf(sklearnReps), "--data", file.toString());
		pb.environment().put("OMP_NUM_THREADS", "2");
		pb.redirectError(ProcessBuilder.Redirect.INHERIT);
		final Process proc = pb.start();
		final StringBuilder out = new StringBuilder();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(),
			StandardCharsets.UTF_8)))
		{
			for (String line; (line = r.readLine()) != null;) out.append(line).append('\n');
		}
		if (proc.waitFor() != 0) throw new IOException("plsr_peer.py failed");
		final com.google.gson.JsonObject res = com.google.gson.JsonParser.parseString(out.toString()
			.trim()).getAsJsonObject();
		final double peer = res.getAsJsonObject("peer").get("median_ms").getAsDouble();
		final double onefit = res.getAsJsonObject("onefit").get("median_ms").getAsDouble();
		final double peerCpu = res.getAsJsonObject("peer").get("median_cpu_ms").getAsDouble();
		final double onefitCpu = res.getAsJsonObject("onefit").get("median_cpu_ms").getAsDouble();
		System.out.printf(Locale.ROOT,
			"scikit-learn %s, 2 threads, peer protocol (cross_val_predict for each k): median %.0f ms over %d runs, CPU %.0f ms; chosen %s%n",
			res.get("sklearn").getAsString(), peer, sklearnReps, peerCpu, res.getAsJsonObject("peer")
				.get("chosen"));
		System.out.printf(Locale.ROOT,
			"scikit-learn, 2 threads, one fit per fold (faster variant): median %.0f ms, CPU %.0f ms; chosen %s%n",
			onefit, onefitCpu, res.getAsJsonObject("onefit").get("chosen"));
		System.out.printf(Locale.ROOT,
			"CPU time ratio (Java 2 threads): %.1f× less than the peer protocol, %.1f× less than one-fit-per-fold%n",
			peerCpu / javaCpu[0], onefitCpu / javaCpu[0]);
		System.out.printf(Locale.ROOT,
			"speed-up of Java (2 threads, warm): %.1f× over the peer protocol, %.1f× over one-fit-per-fold scikit-learn; cold first run: %.1f× and %.1f×%n",
			peer / javaMs[0], onefit / javaMs[0], peer / cold[0], onefit / cold[0]);
		System.out.printf(Locale.ROOT, "Java 1 thread: %.1f× over the peer protocol, %.1f× over one-fit-per-fold%n",
			peer / javaMs[1], onefit / javaMs[1]);
		System.out.println("load average at end: " + loadAverage());
	}

	/** Test-set predictions with the chosen k (part of the timed work, as on the Python side). */
	private static double predictTest(final PlsrTraining.TargetFit f, final float[] x,
		final boolean[] cal, final double[][] y, final List<String> targets)
	{
		final int t = targets.indexOf(f.target());
		final List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < y.length; i++)
			if (!cal[i] && !Double.isNaN(y[i][t])) rows.add(i);
		final double[][] p = f.model().predictAll(x, rows.stream().mapToInt(Integer::intValue)
			.toArray(), f.components());
		return p.length > 0 ? p[0][f.components() - 1] : 0;
	}

	private static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static String loadAverage() {
		try {
			return Files.readAllLines(Paths.get("/proc/loadavg")).get(0);
		}
		catch (final IOException e) {
			return "unknown";
		}
	}
}
