package org.spectralcnn.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Work split over the cores inside one call of the project's own layer code (a fraction of a
 * millisecond per call, thousands of calls per epoch): the calling thread takes the first part,
 * the common fork-join pool the others, with no hand-off to {@link Workers}' pool, whose per-task
 * queueing would cost more than such a part. The parts depend only on the amount of work and the
 * number of cores, never on timing, so results are the same from run to run.
 */
public final class Cores {

	private Cores() {}

	/** Work on the items {@code [from, to)}, part {@code part} of the split. */
	public interface Range {

		void run(int part, int from, int to);
	}

	/**
	 * How many parts {@link #split} makes of {@code count} items: one when {@code work} (any
	 * unit) is below {@code minWork}, else one per core, at most one per item.
	 */
	public static int parts(final int count, final long work, final long minWork) {
		final int cores = Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool
			.getCommonPoolParallelism() + 1);
		return work < minWork || count < 2 ? 1 : Math.max(1, Math.min(count, cores));
	}

	/** Runs {@code range} on each of the {@link #parts} of {@code [0, count)}, in parallel. */
	public static void split(final int count, final long work, final long minWork, final Range range) {
		final int parts = parts(count, work, minWork);
		final ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
		for (int p = 1; p < parts; p++) {
			final int part = p, from = from(count, parts, p), to = from(count, parts, p + 1);
			tasks[p - 1] = ForkJoinPool.commonPool().submit(() -> range.run(part, from, to));
		}
		try {
			range.run(0, 0, from(count, parts, 1));
		}
		finally {
			for (final ForkJoinTask<?> t : tasks) t.join();
		}
	}

	private static int from(final int count, final int parts, final int part) {
		return (int) ((long) count * part / parts);
	}
}
