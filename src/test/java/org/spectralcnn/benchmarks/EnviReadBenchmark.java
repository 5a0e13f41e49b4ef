package org.spectralcnn.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import org.spectralcnn.image.EnviImage;
import org.spectralcnn.image.TestCubes;

/**
 * How fast ENVI cubes are read: writes a synthetic float32 cube ({@code 512 × 512 × 100} by
 * default, 100 MiB) in each interleave (BSQ, BIL, BIP) into a temporary folder, reads each once
 * to warm the page cache and the JIT, then times {@code runs} passes of the two ways the plugin
 * reads: every line ({@link EnviImage#readLine}: ROI spectra, predicting, the spectra table) and
 * every band plane ({@code EnviCube.readBand}: the hyperstack's slices). Prints MiB/s of cube
 * data for the median pass, by wall clock and by the thread's CPU time (the one-core figure on a
 * shared machine). Not a test: a {@code main}.
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   org.spectralcnn.benchmarks.EnviReadBenchmark [--size 512] [--bands 100] [--runs 5]
 * </pre>
 */
public final class EnviReadBenchmark {

	private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

	private EnviReadBenchmark() {}

	private interface Pass {

		void run(EnviImage image) throws Exception;
	}

	public static void main(final String[] args) throws Exception {
		int size = 512, bands = 100, runs = 5;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--size")) size = Integer.parseInt(args[++i]);
			else if (args[i].equals("--bands")) bands = Integer.parseInt(args[++i]);
			else if (args[i].equals("--runs")) runs = Integer.parseInt(args[++i]);
		}
		final Path dir = Files.createTempDirectory("envi-bench");
		try {
			final double mib = 4.0 * size * size * bands / (1 << 20);
			System.out.printf(Locale.ROOT, "ENVI read: %d × %d pixels × %d bands float32 = %.0f MiB " +
				"per cube, median of %d passes after a warm-up (page cache warm), one thread%n", size,
				size, bands, mib, runs);
			System.out.printf(Locale.ROOT, "%-10s %-22s %12s %12s%n", "interleave", "read", "MiB/s wall",
				"MiB/s CPU");
			for (final String interleave : new String[] { "bsq", "bil", "bip" }) {
				final Path hdr = TestCubes.write(dir, interleave, size, size, bands, interleave, 4,
					ByteOrder.LITTLE_ENDIAN, 0, "");
				try (EnviImage image = EnviImage.open(hdr)) {
					final int w = size, b = bands;
					final float[][] line = new float[w][b];
					final float[] plane = new float[w * image.height()];
					time(interleave, "lines (readLine)", image, runs, mib, img -> {
						for (int y = 0; y < img.height(); y++) img.readLine(y, line);
					});
					time(interleave, "band planes (readBand)", image, runs, mib, img -> {
						for (int k = 0; k < b; k++) img.cube().readBand(k, plane);
					});
				}
				Files.delete(hdr);
				Files.delete(dir.resolve(interleave + ".img"));
			}
		}
		finally {
			try (Stream<Path> s = Files.walk(dir)) {
				s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	private static void time(final String interleave, final String what, final EnviImage image,
		final int runs, final double mib, final Pass pass) throws Exception
	{
		pass.run(image); // warm-up: page cache and JIT
		final double[] wall = new double[runs], cpu = new double[runs];
		for (int r = 0; r < runs; r++) {
			final long c0 = THREAD.getCurrentThreadCpuTime(), t0 = System.nanoTime();
			pass.run(image);
			wall[r] = (System.nanoTime() - t0) / 1e9;
			cpu[r] = (THREAD.getCurrentThreadCpuTime() - c0) / 1e9;
		}
		Arrays.sort(wall);
		Arrays.sort(cpu);
		System.out.printf(Locale.ROOT, "%-10s %-22s %12.0f %12.0f%n", interleave, what, mib /
			wall[runs / 2], mib / cpu[runs / 2]);
	}
}
