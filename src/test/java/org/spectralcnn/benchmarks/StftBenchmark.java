package org.spectralcnn.benchmarks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jtransforms.fft.DoubleFFT_1D;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.spectrogram.Scaling;
import org.spectralcnn.spectrogram.Stft;
import org.spectralcnn.spectrogram.StftParameters;
import org.spectralcnn.testdata.SyntheticSpectra;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * How fast {@link Stft} turns a batch of spectra into PSD spectrograms compared with
 * {@code scipy.signal.spectrogram} (same parameters: Hann 100, hop 50, constant detrend, density
 * PSD; float32 spectra) and with the obvious Java alternative, a JTransforms real FFT of each
 * windowed segment in double precision on the same two threads. Not a test: a {@code main} that
 * times all three in one run on NIRsoil (825 × 700) and on 20,000 × 1050 and 20,000 × 4200
 * synthetic soil spectra: warm-up runs (for Java at least 3 s, until the JIT has compiled the
 * loops), then the median of N timed runs of one call over the whole batch, timed inside each
 * process, as wall clock and as CPU time of all threads (less disturbed by other work on a
 * shared machine). It prints spectra/s, the Java/scipy ratio, spectra per CPU-second and the
 * Java heap: input and output arrays, and what one transform call allocates besides (its
 * per-thread buffers). The scipy side is {@code benchmarks/stft_peer.py}, run with
 * {@code /usr/bin/python3} and {@code OMP_NUM_THREADS=2}, one process per batch, right after the
 * Java timing of that batch.
 * <p>
 * Run from the project root:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx3g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   org.spectralcnn.benchmarks.StftBenchmark [--warmup 1] [--runs 5] [--skip-jtransforms]
 * </pre>
 *
 * Wall-clock times depend on what else runs: check {@code uptime} first, run it two or three
 * times and compare the ratios.
 */
public final class StftBenchmark {

	private static final StftParameters PARAMETERS = StftParameters.defaults().withScaling(
		Scaling.PSD);
	private static final int THREADS = Runtime.getRuntime().availableProcessors();
	/** Java warm-up: at least this long, and at least {@code --warmup} runs. */
	private static final long WARM_UP_NANOS = 3_000_000_000L;

	private StftBenchmark() {}

	public static void main(final String[] args) throws Exception {
		int warmup = 1, runs = 5;
		boolean jtransforms = true;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--warmup")) warmup = Integer.parseInt(args[++i]);
			else if (args[i].equals("--runs")) runs = Integer.parseInt(args[++i]);
			else if (args[i].equals("--skip-jtransforms")) jtransforms = false;
			else throw new IllegalArgumentException("unknown argument " + args[i]);
		}
		if (!Files.exists(Paths.get("benchmarks/stft_peer.py"))) throw new IOException(
			"benchmarks/stft_peer.py not found: run from the project root");
		ConcurrencyUtils.setNumberOfThreads(1); // JTransforms: our pool, not its non-daemon one
		final Path nirsoil = SharedData.sharedDir().resolve("data/nirsoil/nirsoil.csv.gz");

		System.out.printf(Locale.ROOT, "STFT %s; Java %s, %d threads, max heap %d MiB; load %.1f%n",
			PARAMETERS, System.getProperty("java.version"), THREADS, Runtime.getRuntime().maxMemory() >>
				20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		final List<String[]> rows = new ArrayList<>();
		for (final String batch : new String[] { "nirsoil", "20000x1050", "20000x4200" }) {
			final SpectralDataset data = batch.equals("nirsoil") ? SpectraIO.open(nirsoil) : synthetic(
				batch);
			final Stft stft = new Stft(PARAMETERS);
			final int[] all = new int[data.size()];
			for (int i = 0; i < all.length; i++) all[i] = i;
			final float[] out = new float[data.size() * stft.planeSize(data.points())];
			final double[] javaMs = median(warmup, runs, () -> stft.transformBatch(data, all, out));
			final long before = allocatedBytes();
			stft.transformBatch(data, all, out);
			final long allocated = allocatedBytes() - before;
			final double[] fftMs = jtransforms ? median(warmup, runs, () -> jtransformsBatch(data,
				out)) : null;
			final String label = (batch.equals("nirsoil") ? "NIRsoil " : "synthetic ") + data.size() +
				"×" + data.points();
			final JsonObject peer = runPeer(warmup, runs, batch.equals("nirsoil") ? new String[] {
				"--nirsoil", nirsoil.toString() } : new String[] { "--synthetic", batch });
			final int n = data.size();
			final double scipyRate = peer.get("spectra_per_s").getAsDouble(), javaRate = n /
				javaMs[0] * 1000;
			rows.add(new String[] { label, format(javaRate), fftMs != null ? format(n / fftMs[0] *
				1000) : "–", format(scipyRate), String.format(Locale.ROOT, "%.2f×", javaRate / scipyRate),
				format(n / javaMs[1] * 1000), format(peer.get("spectra_per_cpu_s").getAsDouble()), String
					.format(Locale.ROOT, "%d + %d + %.2f", 4L * data.data().length >> 20, 4L *
						out.length >> 20, allocated / 1048576.0) });
			System.out.printf(Locale.ROOT, "%s done (load %.1f)%n", label, peer.get("loadavg")
				.getAsDouble());
		}
		System.out.println("median of " + runs + " runs after warm-up; per CPU-s = spectra per " +
			"second of CPU time of all threads (Java: 2 workers; scipy: one thread); Java heap MiB = " +
			"input + output (allocated once) + allocated by one transform call");
		final String format = "%-22s %12s %13s %12s %8s %14s %14s %18s%n";
		System.out.printf(Locale.ROOT, format, "batch", "Java spec/s", "JTransforms/s",
			"scipy spec/s", "ratio", "Java /CPU-s", "scipy /CPU-s", "Java heap MiB");
		for (final String[] r : rows)
			System.out.printf(Locale.ROOT, format, (Object[]) r);
		ConcurrencyUtils.shutdownThreadPoolAndAwaitTermination();
	}

	/** {@code NxP} soil spectra on a regular grid from 400 nm, spanning 400–2500 nm. */
	private static SpectralDataset synthetic(final String shape) {
		final String[] np = shape.split("x");
		final int n = Integer.parseInt(np[0]), p = Integer.parseInt(np[1]);
		final double step = 2100.0 / p;
		final double[] grid = new double[p];
		for (int j = 0; j < p; j++) grid[j] = 400 + j * step;
		final SyntheticSpectra.Soil soil = SyntheticSpectra.soil(n, grid, 42, 0);
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) ids[i] = Integer.toString(i);
		return SpectralDataset.builder(shape, SpectralAxis.of(grid, SpectralUnit.NM), ids,
			soil.reflectance).build();
	}

	/**
	 * The alternative the issue suggested: detrend and window each segment, JTransforms'
	 * {@code realForward} in double precision, one-sided density PSD; samples split over the
	 * same number of threads.
	 */
	private static void jtransformsBatch(final SpectralDataset data, final float[] out)
		throws Exception
	{
		final int size = PARAMETERS.windowSize(), hop = PARAMETERS.hop(), p = data.points();
		final int frames = PARAMETERS.frames(p), bins = PARAMETERS.frequencies(), plane = bins *
			frames;
		final double[] w = PARAMETERS.window().values(size);
		double s = 0;
		for (final double v : w) s += v * v;
		final double scale = 1 / s;
		final float[] x = data.data();
		final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			final List<Future<?>> parts = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				final int from = (int) ((long) data.size() * t / THREADS), to = (int) ((long) data.size() *
					(t + 1) / THREADS);
				parts.add(pool.submit(() -> {
					final DoubleFFT_1D fft = new DoubleFFT_1D(size);
					final double[] y = new double[size];
					for (int r = from; r < to; r++)
						for (int f = 0; f < frames; f++) {
							final int o = r * p + f * hop;
							double mean = 0;
							for (int j = 0; j < size; j++) mean += x[o + j];
							mean /= size;
							for (int j = 0; j < size; j++) y[j] = (x[o + j] - mean) * w[j];
							fft.realForward(y);
							final int base = r * plane + f;
							out[base] = (float) (y[0] * y[0] * scale);
							out[base + (bins - 1) * frames] = (float) (y[1] * y[1] * scale);
							for (int k = 1; k < bins - 1; k++)
								out[base + k * frames] = (float) (2 * scale * (y[2 * k] * y[2 * k] + y[2 * k + 1] *
									y[2 * k + 1]));
						}
				}));
			}
			for (final Future<?> part : parts) part.get();
		}
		finally {
			pool.shutdown();
		}
	}

	private interface Timed {

		void run() throws Exception;
	}

	/** Median wall-clock and median CPU time (all threads) in ms of the timed runs. */
	private static double[] median(final int warmup, final int runs, final Timed timed)
		throws Exception
	{
		// the JIT needs some seconds of work before the loops run vectorised: a small batch is
		// repeated until then (scipy's C code needs no such warm-up)
		final long warm = System.nanoTime() + WARM_UP_NANOS;
		for (int i = 0; i < warmup || System.nanoTime() < warm; i++) timed.run();
		final double[] wall = new double[runs], cpu = new double[runs];
		for (int i = 0; i < runs; i++) {
			final long cpuStart = cpuNanos(), start = System.nanoTime();
			timed.run();
			wall[i] = (System.nanoTime() - start) / 1e6;
			cpu[i] = (cpuNanos() - cpuStart) / 1e6;
		}
		return new double[] { median(wall), median(cpu) };
	}

	private static double median(final double[] values) {
		final double[] v = values.clone();
		Arrays.sort(v);
		final int n = v.length;
		return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}

	/** CPU time used so far by all live threads of this JVM. */
	private static long cpuNanos() {
		final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long sum = 0;
		for (final long id : threads.getAllThreadIds()) {
			final long t = threads.getThreadCpuTime(id);
			if (t > 0) sum += t;
		}
		return sum;
	}

	private static JsonObject runPeer(final int warmup, final int runs, final String[] source)
		throws IOException, InterruptedException
	{
		final List<String> command = new ArrayList<>(Arrays.asList("/usr/bin/python3",
			"benchmarks/stft_peer.py", "--warmup", Integer.toString(warmup), "--runs", Integer
				.toString(runs)));
		command.addAll(Arrays.asList(source));
		final ProcessBuilder builder = new ProcessBuilder(command).redirectError(
			ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("OMP_NUM_THREADS", Integer.toString(THREADS));
		final Process process = builder.start();
		final String text;
		try (InputStream in = process.getInputStream()) {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			text = bytes.toString(StandardCharsets.UTF_8);
		}
		final int exit = process.waitFor();
		if (exit != 0) throw new IOException("stft_peer.py failed with exit code " + exit);
		return JsonParser.parseString(text).getAsJsonObject();
	}

	/** Bytes allocated so far by all live threads (the transform's workers are pool threads). */
	private static long allocatedBytes() {
		final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long sum = 0;
		for (final long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
			if (bytes > 0) sum += bytes;
		return sum;
	}

	private static String format(final double rate) {
		return String.format(Locale.ROOT, "%,.0f", rate);
	}
}
