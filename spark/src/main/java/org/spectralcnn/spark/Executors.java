package org.spectralcnn.spark;

import org.nd4j.linalg.factory.Nd4j;

/** What a task sets in the executor's JVM before a CNN runs. */
final class Executors {

	private static boolean done;

	private Executors() {}

	/**
	 * One BLAS and one OpenMP thread per task: Spark runs a task per core, so more threads per
	 * task would only contend for the cores (the executor's OMP_NUM_THREADS, docs/spark.md, says
	 * the same before ND4J starts).
	 */
	static synchronized void oneBlasThread() {
		if (done) return;
		Nd4j.factory().blas().setMaxThreads(1);
		Nd4j.getEnvironment().setMaxThreads(1);
		Nd4j.getEnvironment().setMaxMasterThreads(1);
		done = true;
	}
}
