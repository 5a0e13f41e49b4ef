package org.spectralcnn.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes a JVM shutdown (SIGTERM, SIGINT / Ctrl-C, Fiji closed while training) wait for training
 * to stop cleanly. The JVM runs shutdown hooks while other threads go on, then calls the C
 * library's {@code exit}, which destroys libnd4j's static thread pools and buffers; a training
 * step still running in native code then crashed the JVM with SIGSEGV. While a guard is open,
 * its hook marks the shutdown as {@linkplain #requested() requested} (the training loop polls it
 * before each mini-batch, like Esc), and blocks until the guard is {@linkplain #close() closed}
 * — after the current step and after the best-so-far model is written — or at most
 * {@link #MAX_WAIT_SECONDS}.
 */
public final class ShutdownGuard implements AutoCloseable {

	/** Longest a shutdown waits for the guarded work; SIGKILL remains the way out. */
	public static final int MAX_WAIT_SECONDS = 60;

	/** Guards open in this JVM: while one is, its own messages say what a shutdown keeps. */
	private static final java.util.concurrent.atomic.AtomicInteger OPEN =
		new java.util.concurrent.atomic.AtomicInteger();

	private final String what;
	private final CountDownLatch closed = new CountDownLatch(1);
	private final Thread hook;
	private volatile boolean requested;

	private ShutdownGuard(final String what) {
		this.what = what;
		hook = new Thread(this::onShutdown, "spectral-cnn shutdown guard: " + what);
	}

	/**
	 * Opens a guard: until {@link #close()}, a shutdown waits for it.
	 *
	 * @param what the work guarded, named in the message a shutdown prints (e.g. "Train CNN")
	 */
	public static ShutdownGuard open(final String what) {
		final ShutdownGuard guard = new ShutdownGuard(what);
		try {
			Runtime.getRuntime().addShutdownHook(guard.hook);
			OPEN.incrementAndGet();
		}
		catch (final IllegalStateException e) { // already shutting down: stop at once
			guard.requested = true;
			guard.closed.countDown();
		}
		return guard;
	}

	/** Whether some work of this JVM is guarded now (and will say itself what it kept). */
	public static boolean anyOpen() {
		return OPEN.get() > 0;
	}

	/** Whether the JVM is shutting down and the guarded work should stop now. */
	public boolean requested() {
		return requested;
	}

	/** The hook the JVM runs on shutdown (tests run it themselves). */
	Thread hook() {
		return hook;
	}

	private void onShutdown() {
		requested = true;
		// stderr, not a logger: logging frameworks may already be shutting down themselves
		System.err.println(what + ": shutdown requested; stopping after the current training step");
		try {
			if (!closed.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) System.err.println(what +
				": did not stop within " + MAX_WAIT_SECONDS + " s; exiting anyway");
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Ends the guard: a waiting shutdown goes on, and later ones no longer wait. */
	@Override
	public void close() {
		if (closed.getCount() > 0) {
			closed.countDown();
			OPEN.decrementAndGet();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (final IllegalStateException e) {
			// the shutdown has started (and runs the hook, which returns now that it is closed)
		}
	}
}
