package org.spectralcnn.launcher;

import java.nio.file.Path;

/** {@code spectral-cnn demo}: every pipeline step on the bundled test data. */
final class Demo {

	private Demo() {}

	static void run(final Path out) {
		throw new UnsupportedOperationException("demo not written yet: " + out);
	}
}
