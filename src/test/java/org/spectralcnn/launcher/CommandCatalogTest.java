package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.spectralcnn.commands.CommandFailure;
import org.spectralcnn.commands.EvaluateCommand;
import org.spectralcnn.commands.PredictCommand;

/**
 * Labels and the old labels kept for existing macros (ImageJ's command table needs the patched
 * ImageJ of the launcher: PlsrLauncherIT runs old labels through --run and a macro).
 */
class CommandCatalogTest {

	private static Context context;
	private static SpectralCnnRuntime runtime;

	@BeforeAll
	static void start() {
		context = new Context();
		runtime = SpectralCnnRuntime.use(context);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	@Test
	void newAndOldLabelsFindTheSameCommand() {
		final CommandCatalog catalog = runtime.catalog();
		assertEquals(PredictCommand.class.getName(), catalog.find("Predict with Model")
			.getClassName());
		assertEquals(PredictCommand.class.getName(), catalog.find("Predict with CNN").getClassName());
		assertEquals(EvaluateCommand.class.getName(), catalog.find("evaluate cnn").getClassName());
		assertEquals("Evaluate Model", CommandCatalog.label(catalog.find("Evaluate CNN")));
		final CommandFailure e = assertThrows(CommandFailure.class, () -> catalog.find("Predict"));
		assertTrue(e.getMessage().contains("Predict with Model"), e.getMessage());
	}

	@Test
	void menuShowsOnlyTheNewLabels() {
		final List<String> labels = runtime.catalog().all().stream().map(CommandCatalog::label)
			.toList();
		assertTrue(labels.contains("Predict with Model") && labels.contains("Evaluate Model"),
			labels.toString());
		for (final String old : CommandCatalog.OLD_LABELS.keySet())
			assertFalse(labels.contains(old), old + " still in the menu: " + labels);
	}
}
