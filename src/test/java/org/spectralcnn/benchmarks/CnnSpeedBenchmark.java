package org.spectralcnn.benchmarks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Backend;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.EpochRecord;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.train.ValidationSplit;

/**
 * Training and inference speed of the peers' 1-D CNN (preset {@code fast}: conv 32 k7, pool,
 * conv 64 k5, pool, conv 64 k3, pool, dense 64, dropout 0.3, 3 outputs; batch 32, Adam) in
 * Deeplearning4j and in PyTorch, side by side in one run on NIRsoil with SG1(11,2)+SNV input. Not
 * a test: a {@code main}. The PyTorch side is {@code benchmarks/cnn1d_speed_peer.py} (run with
 * {@code /usr/bin/python3}, 2 threads); the rounds alternate PyTorch and DL4J so that both see
 * the same load.
 * <p>
 * Printed: training samples/s (median over the epochs of a round), the DL4J/PyTorch ratio,
 * inference ms per spectrum at batch 1 (network only, and raw spectrum → prediction) and for
 * the 207 test spectra predicted at once (raw spectra → predictions), peak RSS of each process
 * and DL4J's peak Java heap.
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * OMP_NUM_THREADS=2 java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   org.spectralcnn.benchmarks.CnnSpeedBenchmark [--epochs 10] [--rounds 2]
 * </pre>
 */
public final class CnnSpeedBenchmark {

	private CnnSpeedBenchmark() {}

	public static void main(final String[] args) throws Exception {
		int epochs = 10, rounds = 2;
		boolean torch = true;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--epochs")) epochs = Integer.parseInt(args[++i]);
			else if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[++i]);
			else if (args[i].equals("--no-torch")) torch = false;
		}
		Backend.ensureStarted();
		System.out.println("CNN speed, NIRsoil, peers' 1-D CNN, batch 32, Adam, " + epochs +
			" epochs per round, " + rounds + " rounds; " + Backend.describe());
		System.out.println("OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") +
			", OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY") + ", cores " + Runtime
				.getRuntime().availableProcessors());
		final SpectralDataset data = SpectraIO.open(SharedData.sharedDir().resolve(
			"data/nirsoil/nirsoil.csv.gz"));
		final boolean[] cal = data.splitMask("train");
		final boolean[] testMask = new boolean[cal.length];
		for (int i = 0; i < cal.length; i++) testMask[i] = !cal[i];
		final SpectralDataset calibration = data.select(cal), test = data.select(testMask);
		final int[][] split = ValidationSplit.split(calibration.size(), 0.1, 0);
		final SpectralDataset training = calibration.subset(split[0]);
		final SpectralDataset validation = calibration.subset(split[1]);

		final HeapSampler heap = new HeapSampler();
		final List<double[]> dl4j = new ArrayList<>();
		final List<JsonObject> py = new ArrayList<>();
		for (int r = 1; r <= rounds; r++) {
			if (torch) {
				final double load = load();
				final JsonObject p = runTorch(epochs);
				py.add(p);
				System.out.printf(Locale.ROOT,
					"round %d PyTorch: %.0f samples/s, batch 1 %.2f ms (raw→pred %.2f ms), batched %.3f ms/spectrum, peak RSS %.0f MiB (load %.2f)%n",
					r, p.get("train_samples_per_s_median").getAsDouble(), p.get("model_batch1_ms")
						.getAsDouble(), p.get("end_to_end_batch1_ms").getAsDouble(), p.get(
							"batched_per_sample_ms").getAsDouble(), p.get("peak_rss_mib").getAsDouble(),
					load);
			}
			final double load = load();
			final double[] d = runDl4j(training, validation, test, epochs);
			dl4j.add(d);
			System.out.printf(Locale.ROOT,
				"round %d DL4J:    %.0f samples/s, batch 1 %.2f ms (raw→pred %.2f ms), batched %.3f ms/spectrum (load %.2f)%n",
				r, d[0], d[1], d[2], d[3], load);
		}
		final double dl4jRate = median(dl4j.stream().mapToDouble(d -> d[0]).toArray());
		final double dl4jB1 = median(dl4j.stream().mapToDouble(d -> d[1]).toArray());
		final double dl4jE2e = median(dl4j.stream().mapToDouble(d -> d[2]).toArray());
		final double dl4jBatched = median(dl4j.stream().mapToDouble(d -> d[3]).toArray());
		System.out.println();
		System.out.println("| | training samples/s | batch 1, network (ms) | batch 1, raw → prediction (ms) | batched, per spectrum (ms) | peak RSS (MiB) |");
		System.out.println("|---|---|---|---|---|---|");
		System.out.printf(Locale.ROOT, "| DL4J %s | %.0f | %.2f | %.2f | %.3f | %.0f (Java heap: peak in use %.0f, live after GC at the end %.0f) |%n",
			"1.0.0-M2.1", dl4jRate, dl4jB1, dl4jE2e, dl4jBatched, peakRssMib(), heap.maxMib(),
			liveHeapMib());
		if (!py.isEmpty()) {
			final double pyRate = median(py.stream().mapToDouble(p -> p.get(
				"train_samples_per_s_median").getAsDouble()).toArray());
			final double pyRss = median(py.stream().mapToDouble(p -> p.get("peak_rss_mib")
				.getAsDouble()).toArray());
			System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.3f | %.0f |%n", py.get(0).get(
				"library").getAsString(), pyRate, median(py.stream().mapToDouble(p -> p.get(
					"model_batch1_ms").getAsDouble()).toArray()), median(py.stream().mapToDouble(p -> p
						.get("end_to_end_batch1_ms").getAsDouble()).toArray()), median(py.stream()
							.mapToDouble(p -> p.get("batched_per_sample_ms").getAsDouble()).toArray()), pyRss);
			System.out.printf(Locale.ROOT, "%nDL4J / PyTorch training throughput: %.2f×%n", dl4jRate /
				pyRate);
		}
	}

	/** {samples/s median over epochs, batch-1 network ms, batch-1 raw→prediction ms, batched ms}. */
	private static double[] runDl4j(final SpectralDataset training,
		final SpectralDataset validation, final SpectralDataset test, final int epochs)
	{
		final TrainingSettings settings = TrainingSettings.defaults(0).withEpochs(epochs)
			.withPatience(epochs);
		final TrainingRequest request = new TrainingRequest(List.of("Nt", "Ciso", "CEC"), null,
			Representation.SPECTRUM, Architecture.preset(Architecture.FAST, Representation.SPECTRUM),
			Preprocessing.parse("sg(11,2,1), snv"), null, settings);
		final TrainingResult result = new CnnTrainer(request).train(training, validation,
			TrainingListener.NONE, () -> false);
		final double rate = median(result.history().stream().mapToDouble(
			EpochRecord::samplesPerSecond).toArray());
		final CnnModel model = result.model();
		final ComputationGraph net = model.network();
		final InputPipeline input = model.inputPipeline();
		final SpectralDataset prepared = input.preprocess(test);
		final int p = input.sampleSize();
		final float[] one = new float[p];
		input.fill(prepared, new int[] { 0 }, one);
		final INDArray x1 = Nd4j.create(one, new long[] { 1, 1, 1, p }, 'c');
		// the network alone, in DL4J (Networks.output; Predict runs the 1-D presets by GemmForward)
		final double b1 = medianMs(20, 200, () -> Networks.output(net, x1));
		final SpectralDataset single = test.subset(new int[] { 0 });
		final double e2e = medianMs(20, 200, () -> model.predict(single));
		// batched: what Predict does with a table (GemmForward), preprocessing included
		final double batched = medianMs(3, 20, () -> model.predict(test)) / test.size();
		return new double[] { rate, b1, e2e, batched };
	}

	private static JsonObject runTorch(final int epochs) throws IOException, InterruptedException {
		final Path out = Files.createTempFile("cnn-speed", ".json");
		try {
			final ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3",
				"benchmarks/cnn1d_speed_peer.py", "--epochs", Integer.toString(epochs), "--threads",
				"2").redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
			torchPeer(pb, 2);
			pb.environment().put("SPECTRALCNN_SHARED", SharedData.sharedDir().toString());
			final int code = pb.start().waitFor();
			final String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8).trim();
			if (code != 0) throw new IOException("cnn1d_speed_peer.py failed (" + code + "): " + text);
			final String[] lines = text.split("\n");
			return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
		}
		finally {
			Files.deleteIfExists(out);
		}
	}

	private static double medianMs(final int warmup, final int runs, final Runnable r) {
		for (int i = 0; i < warmup; i++) r.run();
		final double[] t = new double[runs];
		for (int i = 0; i < runs; i++) {
			final long t0 = System.nanoTime();
			r.run();
			t[i] = (System.nanoTime() - t0) / 1e6;
		}
		return median(t);
	}

	static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	static double load() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/**
	 * A PyTorch peer's environment: its threads, and a fixed glibc malloc mmap threshold. Without
	 * it malloc handed PyTorch's large activations (26 MB at batches of 1,024 spectra of 200
	 * bands) back to the system after every batch in about half the runs: 6 million page faults,
	 * 4,000 instead of 30,000 pixels/s in ImagePredictionBenchmark. With it the peer ran at its
	 * best in every run.
	 */
	static void torchPeer(final ProcessBuilder pb, final int threads) {
		pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
		pb.environment().put("MALLOC_MMAP_THRESHOLD_", Integer.toString(32 << 20));
		pb.environment().put("MALLOC_TRIM_THRESHOLD_", Integer.toString(1 << 30));
	}

	/** Peak resident set size of this process (VmHWM), MiB. */
	static double peakRssMib() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) /
					1024.0;
		}
		catch (final IOException | NumberFormatException e) {
			// not Linux
		}
		return Double.NaN;
	}

	/** Heap in use after a full garbage collection (live data now), MiB. */
	static double liveHeapMib() {
		System.gc();
		final Runtime rt = Runtime.getRuntime();
		return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
	}

	/** Samples the heap in use (garbage included) every 20 ms; {@link #max()} is the peak. */
	static final class HeapSampler implements AutoCloseable {

		private final Thread thread;
		private volatile long max;
		private volatile boolean stop;

		HeapSampler() {
			thread = new Thread(() -> {
				final Runtime rt = Runtime.getRuntime();
				while (!stop) {
					max = Math.max(max, rt.totalMemory() - rt.freeMemory());
					try {
						Thread.sleep(20);
					}
					catch (final InterruptedException e) {
						return;
					}
				}
			}, "heap-sampler");
			thread.setDaemon(true);
			thread.start();
		}

		double maxMib() {
			return max / (1024.0 * 1024.0);
		}

		@Override
		public void close() {
			stop = true;
		}
	}
}
