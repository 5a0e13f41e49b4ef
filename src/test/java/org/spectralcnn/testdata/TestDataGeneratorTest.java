package org.spectralcnn.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed test-data/ is exactly what the seeded generator writes, and stays small. */
class TestDataGeneratorTest {

	@Test
	void committedTestDataIsReproducible(@TempDir final Path tmp) throws IOException {
		TestDataGenerator.write(tmp);
		final Path committed = Paths.get("test-data");
		try (Stream<Path> files = Files.walk(tmp)) {
			final List<Path> generated = files.filter(Files::isRegularFile).collect(Collectors.toList());
			assertTrue(generated.size() >= 6, "generator wrote " + generated);
			for (final Path g : generated) {
				final Path c = committed.resolve(tmp.relativize(g).toString());
				assertTrue(Files.exists(c), "test-data lacks " + c + "; rerun the generator");
				assertArrayEquals(Files.readAllBytes(g), Files.readAllBytes(c), c +
					" differs from the generator's output; rerun it");
			}
		}
		try (Stream<Path> files = Files.walk(committed)) {
			final long bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length())
				.sum();
			assertTrue(bytes < 2_000_000, "test-data/ is " + bytes + " bytes; keep it under 2 MB");
		}
	}
}
