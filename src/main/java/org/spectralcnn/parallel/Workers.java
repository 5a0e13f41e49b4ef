package org.spectralcnn.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The project's one pool of worker threads, for batch work (the STFT of many spectra, PLSR
 * cross-validation folds): a small fixed pool of daemon threads, daemon so that a finished
 * launcher or test JVM never waits for it, and fixed so that each worker keeps one workspace for
 * the whole batch instead of allocating per item. (Work inside one call of a custom layer is split
 * by {@link Cores} instead: a fraction of a millisecond per call.)
 */
public final class Workers {

	/** One worker's share of a batch: items {@code from} (inclusive) to {@code to}. */
	public interface Task<W> {

		void run(W workspace, int from, int to);
	}

	/** Done once per worker after its last chunk (flushes what it still buffers). */
	public interface Finish<W> {

		void run(W workspace);
	}

	private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
	private static ExecutorService pool;

	private Workers() {}

	public static int threads() {
		return THREADS;
	}

	private static synchronized ExecutorService pool() {
		if (pool == null) {
			final AtomicInteger count = new AtomicInteger();
			pool = Executors.newFixedThreadPool(THREADS, r -> {
				final Thread t = new Thread(r, "spectral-cnn-stft-" + count.incrementAndGet());
				t.setDaemon(true);
				return t;
			});
		}
		return pool;
	}

	/**
	 * Runs {@code task} over {@code items} in chunks of {@code chunk}, on up to {@link #threads()}
	 * workers (in the calling thread when one is enough), and waits.
	 */
	public static <W> void run(final int items, final int chunk, final Supplier<W> workspace,
		final Task<W> task, final Finish<W> finish)
	{
		run(items, chunk, THREADS, workspace, task, finish);
	}

	/**
	 * Runs the tasks on up to {@code threads} workers (in the calling thread for one) and returns
	 * their results in order.
	 */
	public static <T> List<T> all(final List<Callable<T>> tasks, final int threads) {
		final List<T> out = new ArrayList<>(tasks.size());
		for (int i = 0; i < tasks.size(); i++) out.add(null);
		run(tasks.size(), 1, Math.max(1, threads), () -> null, (none, from, to) -> {
			for (int i = from; i < to; i++) {
				try {
					out.set(i, tasks.get(i).call());
				}
				catch (final RuntimeException e) {
					throw e;
				}
				catch (final Exception e) {
					throw new IllegalStateException(e);
				}
			}
		}, none -> {});
		return out;
	}

	/** As {@link #run(int, int, Supplier, Task, Finish)} on at most {@code threads} workers. */
	public static <W> void run(final int items, final int chunk, final int threads,
		final Supplier<W> workspace, final Task<W> task, final Finish<W> finish)
	{
		final int chunks = (items + chunk - 1) / chunk;
		final int workers = Math.min(Math.min(THREADS, threads), chunks);
		final AtomicInteger next = new AtomicInteger();
		final Runnable worker = () -> {
			final W ws = workspace.get();
			for (int c; (c = next.getAndIncrement()) < chunks;)
				task.run(ws, c * chunk, Math.min(items, (c + 1) * chunk));
			finish.run(ws);
		};
		if (workers <= 1) {
			worker.run();
			return;
		}
		final List<Future<?>> futures = new ArrayList<>(workers);
		for (int w = 0; w < workers; w++) futures.add(pool().submit(worker));
		try {
			for (final Future<?> f : futures) f.get();
		}
		catch (final InterruptedException e) {
			for (final Future<?> f : futures) f.cancel(true);
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", e);
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IllegalStateException(cause);
		}
	}
}
