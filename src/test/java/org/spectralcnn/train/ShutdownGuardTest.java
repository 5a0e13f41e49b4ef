package org.spectralcnn.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The guard's hook, run here as the JVM runs it on shutdown: it marks the shutdown requested and
 * holds the shutdown until the guard is closed. (SIGTERM and SIGINT on a real launcher process:
 * {@code FaultsLauncherIT}.)
 */
class ShutdownGuardTest {

	@Test
	void hookWaitsUntilTheGuardIsClosed() throws Exception {
		final ShutdownGuard guard = ShutdownGuard.open("test");
		assertFalse(guard.requested());
		final Thread hook = guard.hook();
		hook.start();
		for (int i = 0; i < 500 && !guard.requested(); i++) Thread.sleep(10);
		assertTrue(guard.requested(), "the training loop sees the shutdown");
		Thread.sleep(200);
		assertTrue(hook.isAlive(), "the shutdown waits for the guarded work");
		guard.close();
		hook.join(5000);
		assertFalse(hook.isAlive(), "closing the guard lets the shutdown go on");
		assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "close() unregistered the hook");
	}

	@Test
	void closedGuardNoLongerHoldsAShutdown() {
		final ShutdownGuard guard = ShutdownGuard.open("test");
		final Thread hook = guard.hook();
		guard.close();
		assertFalse(Runtime.getRuntime().removeShutdownHook(hook));
		assertFalse(guard.requested());
	}
}
