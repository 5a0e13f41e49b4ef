package org.spectralcnn.benchmarks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.image.EnviImage;
import org.spectralcnn.image.ImagePrediction;
import org.spectralcnn.image.PredictionPlanes;
import org.spectralcnn.image.SpectralImage;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TargetScaler;
import org.spectralcnn.plsr.PlsrModel;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.testdata.SyntheticSpectra;
import org.spectralcnn.train.CnnTrainer;

/**
 * Predict Image throughput and memory. A synthetic ENVI cube (BIL float32, synthetic soil
 * spectra 400–2390 nm every 10 nm by default: 200 bands, with noise) is written to a temporary
 * folder, then predicted end to end by the {@code fast} 1-D CNN (SNV input; the peers'
 * architecture, untrained weights: speed does not depend on them) and by PLSR (raw, up to 15
 * latent variables), without and with intervals and out-of-domain statistics; beside them
 * {@code benchmarks/image_prediction_peer.py} predicts the same file with PyTorch (same CNN,
 * {@code no_grad}, eval, batches of 1024) and numpy (PLSR: {@code (x − x̄) @ β + b} on pixels ×
 * bands, and {@code β @ block + b₀} on the BIL block as stored, float32).
 * <p>
 * What both sides time: a pass over the whole cube, block by block, reading the blocks from
 * the file (page cache: the cube was just written; numpy maps it afresh for each pass), the
 * preprocessing and prediction, and storing the map(s) in memory; no file is written. The CNN:
 * one pass after a warm-up on a few lines (a pass takes many seconds). PLSR and the read: the
 * median of {@link #PASSES} passes after a whole warm-up pass on both sides: a PLSR pass of the
 * default cube takes well under a tenth of a second, about what the JIT compiler needs for its
 * loops, so a single pass after a short warm-up measured the compiler (the first pass is
 * printed too). Printed per model: pixels per wall-clock second and per CPU second of the
 * process (all its threads; on a shared machine the second is the steadier), and the ratios; a
 * read-only pass shows the read's share. {@code --no-cnn} leaves the CNN out (both sides).
 * <p>
 * {@code --flat}: instead, a cube 3× larger than the heap ({@code -Xmx}) is predicted by PLSR
 * with intervals; printed: cube size, peak Java heap (sum of the heap pools' peaks) and peak RSS.
 *
 * <pre>
 * OMP_NUM_THREADS=2 java -Xmx3g -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   org.spectralcnn.benchmarks.ImagePredictionBenchmark [--size 1000 1000 200] [--threads 2] [--no-peer]  [--no-cnn]
 * OMP_NUM_THREADS=2 java -Xmx512m ... ImagePredictionBenchmark --flat [--bands 200]
 * </pre>
 */
public final class ImagePredictionBenchmark {

	private ImagePredictionBenchmark() {}

	public static void main(final String[] args) throws Exception {
		int width = 1000, height = 1000, bands = 200, threads = 2;
		boolean peer = true, flat = false, cnn = true;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--size" -> {
					width = Integer.parseInt(args[++i]);
					height = Integer.parseInt(args[++i]);
					bands = Integer.parseInt(args[++i]);
				}
				case "--bands" -> bands = Integer.parseInt(args[++i]);
				case "--threads" -> threads = Integer.parseInt(args[++i]);
				case "--no-peer" -> peer = false;
				case "--no-cnn" -> cnn = false;
				case "--flat" -> flat = true;
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		final Path dir = Files.createTempDirectory("image-prediction-benchmark");
		try {
			if (flat) {
				final long max = Runtime.getRuntime().maxMemory();
				final int side = (int) Math.ceil(Math.sqrt(3.0 * max / (4.0 * bands)));
				flat(dir, side, side, bands, threads);
			}
			else speed(dir, width, height, bands, threads, peer, cnn);
		}
		finally {
			try (var files = Files.list(dir)) {
				for (final Path f : files.toList()) Files.delete(f);
			}
			Files.delete(dir);
		}
	}

	private static void speed(final Path dir, final int w, final int h, final int bands,
		final int threads, final boolean peer, final boolean withCnn) throws Exception
	{
		final Path hdr = writeCube(dir, w, h, bands);
		System.out.printf(Locale.ROOT, "cube %d × %d × %d bands (float32 BIL, %.0f MiB), %d threads%n",
			w, h, bands, 4.0 * w * h * bands / (1 << 20), threads);
		final SpectralDataset library = library(bands);
		final PlsrWorkflow.Result trained = plsr(library);
		final PlsrModel plsrCal = trained.model();
		// the point predictions only, as from a file without calibration
		final PlsrModel plsr = PlsrModel.of(plsrCal.inputAxis(), plsrCal.preprocessing(), plsrCal
			.modelAxis(), trained.fits(), null);
		final CnnModel cnn = cnn(library);
		final int components = plsrCal.models().get(0).components();
		JsonObject py = null;
		if (peer) {
			final Path out = dir.resolve("peer.json");
			final List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3",
				"benchmarks/image_prediction_peer.py", hdr.toString(), "--threads", Integer.toString(
					threads), "--components", Integer.toString(components)));
			if (!withCnn) command.add("--no-cnn");
			final ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(ProcessBuilder.Redirect.INHERIT);
			CnnSpeedBenchmark.torchPeer(pb, threads);
			final Process p = pb.start();
			if (p.waitFor() == 0) py = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
			else System.out.println("peer failed (exit " + p.exitValue() + ")");
		}
		final String row = "%-42s %12s %12s %7s %12s %12s %7s%n";
		System.out.printf(Locale.ROOT, row, "pixels/s (end to end)", "Spectral CNN", "peer", "ratio",
			"per CPU s", "peer", "ratio");
		if (withCnn) {
			report(row, "fast 1-D CNN (SNV) / PyTorch", rate(cnn, hdr, threads, 1, 0)[0], py,
				"cnn_pixels_per_s");
			// calibrated on the library's halves, as Train CNN calibrates on its validation samples
			final int half = library.size() / 2;
			final int[] first = new int[half], second = new int[library.size() - half];
			for (int i = 0; i < library.size(); i++)
				if (i < half) first[i] = i;
				else second[i - half] = i;
			final CnnModel cnnCal = cnn.withCalibration(Intervals.calibrateCnn(cnn, library.subset(first),
				library.subset(second), McDropout.DEFAULT_PASSES, 0, CnnTrainer.CALIBRATION_RESIDUALS));
			report(row, "  + split conformal intervals, T², Q", rate(cnnCal, hdr, threads, 1, 0)[0], null,
				null);
			report(row, "  + MC-CP intervals (" + McDropout.DEFAULT_PASSES + " passes), T², Q", rate(cnnCal,
				hdr, threads, 1, McDropout.DEFAULT_PASSES)[0], null, null);
		}
		final double[][] plsrRates = rate(plsr, hdr, threads, PASSES, 0);
		final double[] plsrRate = plsrRates[0];
		report(row, "PLSR " + components + " LV / numpy, faster form", plsrRate, py,
			"plsr_pixels_per_s");
		report(row, "  numpy (x − x̄) @ β + b, pixels × bands", plsrRate, py,
			"plsr_pixels_per_s_pixels");
		report(row, "  numpy β @ block + b₀, BIL block, float32", plsrRate, py,
			"plsr_pixels_per_s_bands");
		report(row, "  PLSR, first pass (JIT compiling)", plsrRates[1], null, null);
		report(row, "PLSR + intervals, T², Q", rate(plsrCal, hdr, threads, PASSES, 0)[0], null, null);
		// real libraries need 8-20 components for 99 % of their variance (large_visnir 20,
		// NIRsoil 15), the smooth synthetic one 2: white noise on it gives a real model's T²/Q work
		final PlsrModel plsrReal = plsr(noisy(library)).model();
		report(row, "  the same, " + plsrReal.calibration().domain().components() +
			" domain components", rate(plsrReal, hdr, threads, PASSES, 0)[0], null, null);
		report(row, "read only (1 thread / numpy copy)", readRate(hdr), py, "read_pixels_per_s");
		if (py != null) System.out.printf(Locale.ROOT, "peak RSS: Java %.0f MiB, peer %.0f MiB%n",
			CnnSpeedBenchmark.peakRssMib(), py.get("peak_rss_mib").getAsDouble());
	}

	/** Wall-clock and CPU-time rates of both sides and their ratios. */
	private static void report(final String row, final String name, final double[] java,
		final JsonObject py, final String key)
	{
		final Object[] cells = new Object[7];
		cells[0] = name;
		for (int k = 0; k < 2; k++) {
			final double other = py == null || key == null || !py.has(key) ? Double.NaN : py
				.getAsJsonArray(key).get(k).getAsDouble();
			cells[1 + 3 * k] = String.format(Locale.ROOT, "%,.0f", java[k]);
			cells[2 + 3 * k] = Double.isNaN(other) ? "-" : String.format(Locale.ROOT, "%,.0f", other);
			cells[3 + 3 * k] = Double.isNaN(other) ? "-" : String.format(Locale.ROOT, "%.2f×", java[k] /
				other);
		}
		System.out.printf(Locale.ROOT, row, cells);
	}

	/** The process's CPU time (all threads, the JIT and GC included), ns. */
	private static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/** Timed passes of PLSR and the read after the warm-up pass (the peer's {@code --passes}). */
	private static final int PASSES = 3;

	/**
	 * Pixels per wall-clock second and per CPU second of whole-image predictions ({@code mcPasses}
	 * Monte Carlo passes for a calibrated CNN's intervals), after a warm-up on a few lines: {median of the passes, the first pass}; with more than one pass
	 * the first is a warm-up and the median is of the {@code passes} after it.
	 */
	private static double[][] rate(final SpectralModel model, final Path hdr, final int threads,
		final int passes, final int mcPasses) throws Exception
	{
		final ImagePrediction.Options o = ImagePrediction.Options.defaults().withThreads(threads)
			.withIntervals(0.9, mcPasses, 0);
		try (SpectralImage image = EnviImage.open(hdr)) {
			final boolean[] warm = new boolean[image.width() * image.height()];
			Arrays.fill(warm, 0, Math.min(warm.length, 20_000), true);
			ImagePrediction.run(model, image, warm, o, null, null, null).close();
			final double[][] rates = passes(passes, (double) image.width() * image.height(), () ->
				ImagePrediction.run(model, image, null, o, null, null, null).close());
			return new double[][] { median(rates), rates[0] };
		}
	}

	/** One timed pass over the cube. */
	private interface Pass {

		void run() throws Exception;
	}

	/**
	 * Pixels per wall-clock and per CPU second of each pass: one pass, or a warm-up pass and
	 * {@code timed} more.
	 */
	private static double[][] passes(final int timed, final double pixels, final Pass pass)
		throws Exception
	{
		cpuNanos(); // its first call loads the management classes: not in a timed pass
		final double[][] rates = new double[timed == 1 ? 1 : timed + 1][];
		for (int r = 0; r < rates.length; r++) {
			final long t0 = System.nanoTime(), c0 = cpuNanos();
			pass.run();
			rates[r] = new double[] { pixels / ((System.nanoTime() - t0) / 1e9), pixels /
				((cpuNanos() - c0) / 1e9) };
		}
		return rates;
	}

	/** The pass with the median wall-clock rate (its CPU rate with it), after the warm-up. */
	private static double[] median(final double[][] rates) {
		final double[][] sorted = rates.length == 1 ? rates : Arrays.copyOfRange(rates, 1,
			rates.length);
		Arrays.sort(sorted, (a, b) -> Double.compare(a[0], b[0]));
		return sorted[sorted.length / 2];
	}

	/**
	 * Pixels per second (wall, CPU) of reading every line band by band, as PLSR does, one
	 * thread: the median of {@link #PASSES} passes after a warm-up pass.
	 */
	private static double[] readRate(final Path hdr) throws Exception {
		try (SpectralImage image = EnviImage.open(hdr)) {
			final int w = image.width();
			final float[] line = new float[w * image.axis().size()];
			return median(passes(PASSES, (double) w * image.height(), () -> {
				for (int y = 0; y < image.height(); y++)
					image.readLineBands(y, line, 0, w);
			}));
		}
	}

	private static void flat(final Path dir, final int w, final int h, final int bands,
		final int threads) throws Exception
	{
		final Path hdr = writeCube(dir, w, h, bands);
		final long max = Runtime.getRuntime().maxMemory();
		final double cube = 4.0 * w * h * bands;
		final SpectralDataset library = library(bands);
		final PlsrModel plsr = plsr(library).model();
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			pool.resetPeakUsage();
		final long t0 = System.nanoTime();
		try (SpectralImage image = EnviImage.open(hdr); PredictionPlanes maps = ImagePrediction.run(
			plsr, image, null, ImagePrediction.Options.defaults().withThreads(threads).withIntervals(
				0.9, 0, 0), null, null, null))
		{
			final double s = (System.nanoTime() - t0) / 1e9;
			long peak = 0;
			for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
				if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
			System.out.printf(Locale.ROOT,
				"flat memory: cube %d × %d × %d = %.0f MiB, %.1f× the heap (-Xmx %.0f MiB); PLSR with intervals and T²/Q (%d slices, %s) in %.0f s, %,.0f pixels/s%n",
				w, h, bands, cube / (1 << 20), cube / max, max / (double) (1 << 20), maps.slices(), maps
					.onDisk() ? "planes in a temporary file" : "planes in the heap", s, w * (double) h / s);
			System.out.printf(Locale.ROOT, "peak Java heap %.0f MiB (garbage included), peak RSS %.0f MiB%n",
				peak / (double) (1 << 20), CnnSpeedBenchmark.peakRssMib());
		}
	}

	/** 400 synthetic soils on the cube's bands, with clay. */
	static SpectralDataset library(final int bands) {
		final SpectralAxis axis = axis(bands);
		final SyntheticSpectra.Soil soil = SyntheticSpectra.soil(400, axis.values(), 1, 0);
		final String[] ids = new String[soil.size()];
		for (int i = 0; i < ids.length; i++) ids[i] = "S" + i;
		return SpectralDataset.builder("library", axis, ids, soil.reflectance).numeric("clay",
			soil.clay).build();
	}

	/** The library with white noise of SD 0.01 (reflectance) on every value. */
	private static SpectralDataset noisy(final SpectralDataset library) {
		final float[] x = library.data().clone();
		final SplittableRandom r = new SplittableRandom(1);
		for (int i = 0; i < x.length; i++) x[i] += (float) (0.01 * r.nextGaussian());
		return library.withSpectra(library.axis(), x);
	}

	/** Raw PLSR on clay, up to 15 latent variables by 5-fold CV, with its calibration. */
	private static PlsrWorkflow.Result plsr(final SpectralDataset library) {
		return PlsrWorkflow.train(library, Preprocessing.parse(""), List.of("clay"), all(library
			.size()), new PlsrTraining.Settings(15, 5, Selection.MIN, 0, false, 2), null);
	}

	static SpectralAxis axis(final int bands) {
		return SpectralAxis.regular(400, 10, bands, SpectralUnit.NM);
	}

	private static boolean[] all(final int n) {
		final boolean[] b = new boolean[n];
		Arrays.fill(b, true);
		return b;
	}

	/** The {@code fast} 1-D preset with SNV and the z-score fitted on the library; untrained. */
	private static CnnModel cnn(final SpectralDataset library) {
		final Preprocessing prep = Preprocessing.parse("snv").fit(library);
		final SpectralDataset prepared = prep.apply(library);
		final int[] rows = new int[library.size()];
		for (int i = 0; i < rows.length; i++) rows[i] = i;
		final InputPipeline input = InputPipeline.fit(Representation.SPECTRUM, prep, prepared, rows,
			null);
		final Architecture arch = Architecture.preset(Architecture.FAST, Representation.SPECTRUM);
		final ComputationGraph net = Networks.create(arch.configuration(input.shape(), 1, 0, 1e-3), 0);
		return CnnModel.of(library.axis(), arch, input, List.of(new TargetScaler("clay", "%", 30, 10)),
			net, null);
	}

	/** A BIL float32 cube of synthetic soils (1000 spectra cycled, with noise), line by line. */
	static Path writeCube(final Path dir, final int w, final int h, final int bands)
		throws IOException
	{
		final SpectralAxis axis = axis(bands);
		final SyntheticSpectra.Soil soil = SyntheticSpectra.soil(1000, axis.values(), 7, 0);
		final StringBuilder wl = new StringBuilder();
		for (int b = 0; b < bands; b++) wl.append(b == 0 ? "" : ", ").append(axis.value(b));
		final Path hdr = dir.resolve("cube.hdr");
		Files.writeString(hdr, "ENVI\nsamples = " + w + "\nlines = " + h + "\nbands = " + bands +
			"\nheader offset = 0\nfile type = ENVI Standard\ndata type = 4\ninterleave = bil\n" +
			"byte order = 0\nwavelength units = Nanometers\nwavelength = {" + wl + "}\n",
			StandardCharsets.UTF_8);
		final SplittableRandom r = new SplittableRandom(3);
		final ByteBuffer line = ByteBuffer.allocate(4 * w * bands).order(ByteOrder.LITTLE_ENDIAN);
		try (FileChannel ch = FileChannel.open(dir.resolve("cube.img"), StandardOpenOption.CREATE,
			StandardOpenOption.WRITE))
		{
			for (int y = 0; y < h; y++) {
				line.clear();
				for (int b = 0; b < bands; b++)
					for (int x = 0; x < w; x++)
						line.putFloat(soil.reflectance[((y * 31 + x) % 1000) * bands + b] + (float) (0.002 * r
							.nextDouble()));
				line.flip();
				while (line.hasRemaining())
					ch.write(line);
			}
		}
		return hdr;
	}
}
