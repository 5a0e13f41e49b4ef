package org.spectralcnn;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real spectra in {@code ../shared/data} (not copied into the project). A test that needs a
 * file calls {@link #require}: missing data skips the test on a developer's machine and fails
 * it in CI ({@code CI=true}), so CI can never pass by skipping.
 */
public final class SharedData {

	private SharedData() {}

	/** {@code ../shared} beside the project, or the {@code spectralcnn.shared} property. */
	public static Path sharedDir() {
		return Paths.get(System.getProperty("spectralcnn.shared", "../shared")).toAbsolutePath()
			.normalize();
	}

	/** A path under {@code ../shared/data}, which must exist. */
	public static Path require(final String relative) {
		final Path p = sharedDir().resolve("data").resolve(relative);
		if (!Files.exists(p)) {
			final String msg = "shared test data missing: " + p;
			if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg + " (CI=true: real data is required)");
			assumeTrue(false, msg);
		}
		return p;
	}

	public static Path nirsoil() {
		return require("nirsoil/nirsoil.csv.gz");
	}
}
