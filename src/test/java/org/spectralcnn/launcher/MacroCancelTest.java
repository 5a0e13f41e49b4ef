package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.event.ModuleStartedEvent;
import org.spectralcnn.commands.CommandCanceled;
import org.spectralcnn.commands.CommandFailure;

/**
 * A cancelled command is told apart from a failed one: the invoker throws {@link CommandCanceled},
 * the macro path logs it, returns and lets the macro ask {@link MacroCalls#canceled()}, and a
 * failure still ends the macro (here, outside a macro, it is thrown on as before).
 */
class MacroCancelTest {

	private static Context context;
	private static SpectralCnnRuntime runtime;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() {
		context = new Context();
		runtime = SpectralCnnRuntime.use(context);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	/** Cancels the running command at its first status line, as Esc or a Cancel button does. */
	private final Object canceller = new Object() {

		private Cancelable running;

		@EventHandler
		void onStart(final ModuleStartedEvent e) {
			if (e.getModule().getDelegateObject() instanceof Cancelable c) running = c;
		}

		@EventHandler
		void onStatus(final StatusEvent e) {
			if (running != null && e.getStatusMessage() != null && !e.getStatusMessage().isEmpty())
				running.cancel("stopped by the test");
		}
	};

	private Map<String, String> importArgs() {
		return Map.of("input", Path.of("test-data", "soil_visnir.csv").toAbsolutePath().toString(),
			"output", tmp.resolve("spectra.csv").toString());
	}

	@Test
	void cancelIsNotAFailureInAMacro() {
		final CommandInfo info = runtime.catalog().find("Import Spectra");
		final EventService events = context.service(EventService.class);
		final List<EventSubscriber<?>> subscribers = events.subscribe(canceller);
		try {
			final CommandCanceled e = assertThrows(CommandCanceled.class, () -> runtime.invoker().run(
				info, importArgs()));
			assertEquals("Import Spectra: canceled: stopped by the test", e.getMessage());

			MacroCalls.recordCanceled("");
			MacroCommandBridge.runInMacro(runtime.invoker(), info, importArgs()); // returns
			assertEquals("Import Spectra: canceled: stopped by the test", MacroCalls.canceled());
		}
		finally {
			events.unsubscribe(subscribers);
			Reference.reachabilityFence(canceller); // the event bus holds its subscribers weakly
		}
	}

	@Test
	void aCommandThatRunsToTheEndClearsTheCancel() throws Exception {
		MacroCalls.recordCanceled("Import Spectra: canceled: earlier");
		assertEquals("", MacroCalls.tryRun("Import Spectra", "input=[" + importArgs().get("input") +
			"] output=[" + tmp.resolve("spectra.csv") + "]"));
		assertEquals("", MacroCalls.canceled());
		assertTrue(Files.size(tmp.resolve("spectra.csv")) > 0);

		// a failure is not a cancel
		final String error = MacroCalls.tryRun("Import Spectra", "input=[" + tmp.resolve(
			"missing.csv") + "] output=[" + tmp.resolve("x.csv") + "]");
		assertFalse(error.isEmpty());
		assertEquals("", MacroCalls.canceled(), error);
		assertThrows(CommandFailure.class, () -> runtime.invoker().run(runtime.catalog().find(
			"Import Spectra"), Map.of("input", tmp.resolve("missing.csv").toString(), "output", tmp
				.resolve("y.csv").toString())));
	}
}
