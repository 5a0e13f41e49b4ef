package org.spectralcnn.model;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * OpenBLAS on one thread while work that splits itself over the cores runs (training, the GEMM
 * forward pass): OpenBLAS's own extra threads wait for work by spinning and would take a core
 * from the work's threads. The thread count is global to OpenBLAS, so the first such work to
 * start sets it to one and the last to end puts it back.
 */
public final class BlasThreads {

	private static int running, before;

	private BlasThreads() {}

	/** Runs {@code work} with OpenBLAS on one thread. */
	public static void one(final Runnable work) {
		start();
		try {
			work.run();
		}
		finally {
			end();
		}
	}

	private static synchronized void start() {
		if (running++ > 0) return;
		final Blas blas = Nd4j.factory().blas();
		before = blas.getMaxThreads();
		if (before > 1) blas.setMaxThreads(1);
	}

	private static synchronized void end() {
		if (--running == 0 && before > 1) Nd4j.factory().blas().setMaxThreads(before);
	}
}
