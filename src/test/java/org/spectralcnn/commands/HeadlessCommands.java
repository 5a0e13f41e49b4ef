package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;

/** Runs commands headless in a test's context, as Fiji's {@code --headless --run} does. */
final class HeadlessCommands {

	private HeadlessCommands() {}

	static void run(final Context context, final Class<? extends SpectralCommand> command,
		final Map<String, Object> keys) throws Exception
	{
		context.service(CommandService.class).run(command, true, keys).get();
	}

	/** Asserts that the command fails with exactly this one-line message (not logged as an error). */
	static void assertFailure(final Context context, final Class<? extends SpectralCommand> command,
		final Map<String, Object> keys, final String message)
	{
		final LogService log = context.service(LogService.class);
		final int level = log.getLevel();
		log.setLevel(LogLevel.NONE);
		final ExecutionException e;
		try {
			e = assertThrows(ExecutionException.class, () -> run(context, command, keys));
		}
		finally {
			log.setLevel(level);
		}
		Throwable t = e;
		while (!(t instanceof CommandFailure) && t.getCause() != null) t = t.getCause();
		assertEquals(message, t.getMessage());
	}
}
