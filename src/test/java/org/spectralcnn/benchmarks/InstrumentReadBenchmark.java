package org.spectralcnn.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.ReadOptions;
import org.spectralcnn.io.SpectraReader;
import org.spectralcnn.io.SpectraReaders;

/**
 * How fast instrument files are read: copies one OPUS and one ASD file 1,000 times each into a
 * temporary folder, reads every copy once to warm the page cache and the JIT, then times
 * {@code runs} passes over each folder on one thread: read the bytes, pick the reader from the
 * registry by content ({@link SpectraReader#recognises}), parse. Prints files/s and MB/s (of
 * file bytes) per format for the median pass, by wall clock and by the thread's CPU time (user +
 * system, so the kernel's copy from the page cache counts): on a machine shared with other
 * jobs the CPU figures are what one core does. Not a test: a {@code main}.
 * <p>
 * Run from the project root:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   org.spectralcnn.benchmarks.InstrumentReadBenchmark [--copies 1000] [--runs 5] [OPUS ASD]
 * </pre>
 *
 * Without files it uses {@code instruments/opus/617262_1TP_C-1_A5.0} (284 KB, a MIR soil
 * spectrum with interferograms) and {@code instruments/asd/soil.asd} (34 KB) from
 * {@code ../shared/data}. An OPUS file is mostly interferograms the default AB block does not
 * need, so its MB/s counts bytes read from the cache, not bytes parsed.
 */
public final class InstrumentReadBenchmark {

	/** CPU time of this thread (user + system): the one-core figure on a shared machine. */
	private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

	private InstrumentReadBenchmark() {}

	public static void main(final String[] args) throws Exception {
		int copies = 1000, runs = 5;
		final List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--copies")) copies = Integer.parseInt(args[++i]);
			else if (args[i].equals("--runs")) runs = Integer.parseInt(args[++i]);
			else files.add(Paths.get(args[i]).toAbsolutePath());
		}
		if (files.isEmpty()) {
			files.add(SharedData.sharedDir().resolve("data/instruments/opus/617262_1TP_C-1_A5.0"));
			files.add(SharedData.sharedDir().resolve("data/instruments/asd/soil.asd"));
		}
		final Path tmp = Files.createTempDirectory("instrument-read");
		try {
			System.out.printf(Locale.ROOT, "%-28s %7s %8s %10s %8s %10s %8s%n", "file", "copies",
				"MB", "files/s", "MB/s", "cpu f/s", "cpu MB/s");
			for (final Path file : files) {
				final Path folder = Files.createDirectory(tmp.resolve(file.getFileName().toString()
					.replace('.', '_')));
				final String name = file.getFileName().toString();
				final List<Path> list = new ArrayList<>();
				for (int k = 0; k < copies; k++) {
					final Path copy = folder.resolve(String.format(Locale.ROOT, "c%04d_%s", k, name));
					Files.copy(file, copy);
					list.add(copy);
				}
				pass(list); // page cache and JIT
				final double[] seconds = new double[runs], cpu = new double[runs];
				for (int r = 0; r < runs; r++) {
					final long t0 = System.nanoTime(), c0 = THREAD.getCurrentThreadCpuTime();
					pass(list);
					seconds[r] = (System.nanoTime() - t0) / 1e9;
					cpu[r] = (THREAD.getCurrentThreadCpuTime() - c0) / 1e9;
				}
				Arrays.sort(seconds);
				Arrays.sort(cpu);
				final double s = seconds[runs / 2], c = cpu[runs / 2];
				final double mb = (double) Files.size(file) * copies / 1e6;
				System.out.printf(Locale.ROOT, "%-28s %7d %8.1f %10.0f %8.0f %10.0f %8.0f%n", name,
					copies, mb, copies / s, mb / s, copies / c, mb / c);
			}
		}
		finally {
			try (Stream<Path> walk = Files.walk(tmp)) {
				walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/** Reads every file; the checksum keeps the JIT from dropping the work. */
	private static double pass(final List<Path> files) throws Exception {
		double sum = 0;
		for (final Path f : files) {
			final byte[] bytes = Files.readAllBytes(f);
			final SpectralDataset d = reader(f, bytes).read(f, bytes, ReadOptions.defaults());
			sum += d.value(0, 0);
		}
		if (Double.isNaN(sum)) throw new IllegalStateException("NaN");
		return sum;
	}

	private static SpectraReader reader(final Path file, final byte[] bytes) {
		final byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 4096));
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		final String ext = name.substring(name.lastIndexOf('.') + 1);
		for (final SpectraReader r : SpectraReaders.all())
			if (r.recognises(head, ext)) return r;
		throw new IllegalArgumentException("no reader recognises the file");
	}
}
