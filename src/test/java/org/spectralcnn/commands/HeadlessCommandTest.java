package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.log.LogLevel;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.spectralcnn.launcher.CommandInvoker;
import org.spectralcnn.train.CnnFixtures;

/**
 * Base of the command tests: one SciJava context per test class, in which commands run headless
 * as Fiji's {@code --headless --run} runs them, and fail with the one line the launcher prints.
 */
abstract class HeadlessCommandTest {

	private static Context context;

	// names no test class reuses: a static method of the same name would hide these from JUnit
	@BeforeAll
	static void startHeadlessContext() {
		context = new Context();
	}

	@AfterAll
	static void disposeHeadlessContext() {
		context.dispose();
	}

	static Context context() {
		return context;
	}

	/**
	 * Runs a command as Fiji does. Optional files must be in {@code inputs} (null for none):
	 * SciJava cancels a headless run that leaves a file input unresolved.
	 */
	static Module run(final Class<? extends SpectralCommand> command,
		final Map<String, Object> inputs) throws Exception
	{
		final ModuleService modules = context.service(ModuleService.class);
		return modules.run(withDefaults(command, inputs), true, inputs).get();
	}

	/** Runs a command as {@link #run} does; returns the lines it logged. */
	static List<String> runLogged(final Class<? extends SpectralCommand> command,
		final Map<String, Object> inputs) throws Exception
	{
		final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
		final LogListener listener = message -> lines.add(message.text());
		final LogService log = context.service(LogService.class);
		log.addLogListener(listener);
		try {
			run(command, inputs);
		}
		finally {
			log.removeLogListener(listener);
		}
		return lines;
	}

	/**
	 * The command's module with every key the test leaves out resolved to the command's own
	 * default, as the launcher does: otherwise SciJava fills them from the values an earlier run
	 * (of any test, or of the user's Fiji) persisted, and tests depend on that history.
	 */
	private static Module withDefaults(final Class<? extends SpectralCommand> command,
		final Map<String, Object> inputs)
	{
		final CommandInfo info = context.service(CommandService.class).getCommand(command);
		final Module module = context.service(ModuleService.class).createModule(info);
		for (final ModuleItem<?> item : CommandInvoker.userInputs(info))
			if (!inputs.containsKey(item.getName())) module.resolveInput(item.getName());
		return module;
	}

	/**
	 * Runs a command as {@link #run} does, cancelling it when it logs a line or shows a status
	 * containing {@code text}; returns the command, to ask whether it was cancelled. Log listeners
	 * are called on the command's own thread; status events arrive later on the event thread,
	 * which can be after a short job has ended, so short jobs should be cancelled at a log line.
	 */
	static <C extends SpectralCommand> C runCancellingAt(final Class<C> type,
		final Map<String, Object> inputs, final String text) throws Exception
	{
		final ModuleService modules = context.service(ModuleService.class);
		final Module module = withDefaults(type, inputs);
		final C command = type.cast(module.getDelegateObject());
		final String why = "cancelled at '" + text + "'";
		final LogListener onLog = message -> {
			if (message.text() != null && message.text().contains(text)) command.cancel(why);
		};
		final Object onStatus = new Object() {

			@EventHandler
			void onStatus(final StatusEvent e) {
				if (e.getStatusMessage() != null && e.getStatusMessage().contains(text)) command.cancel(
					why);
			}
		};
		final LogService log = context.service(LogService.class);
		final EventService events = context.service(EventService.class);
		log.addLogListener(onLog);
		final List<EventSubscriber<?>> subscribers = events.subscribe(onStatus);
		try {
			modules.run(module, true, inputs).get();
		}
		finally {
			log.removeLogListener(onLog);
			events.unsubscribe(subscribers);
			Reference.reachabilityFence(onStatus); // the event bus holds its subscribers weakly
		}
		return command;
	}

	/** {@code assertThrows} with the log silenced: an expected failure is no error to report. */
	static <T extends Throwable> T assertThrowsQuietly(final Class<T> type, final Executable run) {
		final LogService log = context.service(LogService.class);
		final int level = log.getLevel();
		log.setLevel(LogLevel.NONE);
		try {
			return assertThrows(type, run);
		}
		finally {
			log.setLevel(level);
		}
	}

	/** The one-line message of the {@link CommandFailure} the command fails with, as printed. */
	static String failure(final Class<? extends SpectralCommand> command,
		final Map<String, Object> inputs)
	{
		Throwable t = assertThrowsQuietly(ExecutionException.class, () -> run(command, inputs));
		while (!(t instanceof CommandFailure) && t.getCause() != null) t = t.getCause();
		assertTrue(t instanceof CommandFailure, "cause: " + t);
		return t.getMessage();
	}

	/** Asserts that the command fails with exactly this one-line message. */
	static void assertFailure(final Class<? extends SpectralCommand> command,
		final Map<String, Object> inputs, final String message)
	{
		assertEquals(message, failure(command, inputs));
	}

	/**
	 * Every file in the folder is one the command declared in its output plan: a report that
	 * writes a name the plan does not know could overwrite an input unchecked.
	 */
	static void assertPlanned(final Path folder, final List<String> names) throws Exception {
		final List<String> unplanned = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			files.forEach(f -> {
				if (names.stream().noneMatch(n -> FileSystems.getDefault().getPathMatcher("glob:" + n)
					.matches(f.getFileName()))) unplanned.add(f.getFileName().toString());
			});
		}
		assertEquals(List.of(), unplanned, "files written but not in the output plan " + names);
	}

	/**
	 * Every key of Train CNN, so that values a GUI run remembered cannot leak in: a tiny spectrum
	 * model of the synthetic soils, 3 epochs, no report.
	 */
	static Map<String, Object> tinyCnnTraining(final Path model) {
		final Map<String, Object> in = new HashMap<>();
		in.put("input", CnnFixtures.SOIL.toFile());
		in.put("targets", "clay, soc");
		in.put("architecture", "tiny");
		in.put("steps", "snv");
		in.put("split_column", "train");
		in.put("epochs", 3);
		in.put("batch_size", 16);
		in.put("seed", 1);
		in.put("model", model.toFile());
		in.put("representation", "spectrum");
		in.put("window_size", 100);
		in.put("hop", 50);
		in.put("window", "hann");
		in.put("detrend", "constant");
		in.put("scaling", "log_psd");
		in.put("validation_fraction", 0.1);
		in.put("patience", 20);
		in.put("lr_patience", 0);
		in.put("report", null);
		return in;
	}
}
