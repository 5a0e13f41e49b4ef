package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.launcher.CommandCatalog;
import org.spectralcnn.launcher.CommandInvoker;
import org.spectralcnn.launcher.PlsrDemo;

class PlsrDemoTest extends HeadlessCommandTest {

	@TempDir
	Path out;

	@Test
	void demoSteps() throws Exception {
		final Path model = PlsrDemo.run(Paths.get("test-data"), out, new CommandInvoker(context()),
			new CommandCatalog(context()));
		assertTrue(Files.isRegularFile(model));
		assertTrue(Files.isRegularFile(out.resolve("plsr/report/rmsecv_clay.png")));
		assertTrue(Files.isRegularFile(out.resolve("plsr/report/scatter_soc.png")));
		assertTrue(Files.isRegularFile(out.resolve("compare/comparison.csv")));
	}
}
