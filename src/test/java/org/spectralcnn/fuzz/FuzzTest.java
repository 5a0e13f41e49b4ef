package org.spectralcnn.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

/**
 * A bounded, seeded fuzz run (the {@code FuzzBenchmark} main runs many more cases): mutants of a
 * seed file of every supported format, and every command with one parameter changed, must end
 * in a correct result or the project's own error type naming the file or key — never another
 * exception, a changed input or a partial output.
 */
class FuzzTest {

	/** Mutants per seed file besides its truncations, and changed runs per command. */
	static final int MUTANTS_PER_SEED = 30, RUNS_PER_COMMAND = 3;
	static final long SEED = 14;

	@TempDir
	static Path tmp;

	private static Context context;
	private static CommandFuzzer commands;

	@BeforeAll
	static void setUp() throws Exception {
		context = new Context();
		commands = new CommandFuzzer(context, Files.createDirectories(tmp.resolve("commands")));
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	@Test
	void mutatedFilesEndInAResultOrTheirOwnError() throws Exception {
		final Path dir = Files.createDirectories(tmp.resolve("files"));
		final Outcomes.Tally tally = new Outcomes.Tally();
		for (final FileFuzzer.Seed seed : Seeds.all(List.of(commands.cnn, commands.plsr))) {
			final Outcomes.Case valid = FileFuzzer.run(seed, new FileFuzzer.Mutant("seed", seed
				.bytes()), dir);
			assertEquals(Outcomes.Kind.OK, valid.kind(), "the seed itself must read: " + valid);
			for (final FileFuzzer.Mutant m : FileFuzzer.mutants(seed, SEED, MUTANTS_PER_SEED)) {
				tally.add(FileFuzzer.run(seed, m, dir));
			}
		}
		final String summary = tally.summary("files");
		System.out.println(summary);
		assertTrue(tally.total() > 500, summary);
		assertEquals(0, tally.count(Outcomes.Kind.BUG), summary);
		assertEquals(0, tally.count(Outcomes.Kind.VAGUE), summary);
		assertTrue(tally.count(Outcomes.Kind.SPECTRA_FORMAT) > 0 && tally.count(
			Outcomes.Kind.MODEL_FILE) > 0 && tally.count(Outcomes.Kind.OK) > 0, summary);
	}

	@Test
	void commandsWithABadParameterEndInAResultOrACommandFailure() throws Exception {
		final Outcomes.Tally tally = new Outcomes.Tally();
		for (final CommandFuzzer.Run run : commands.sample(RUNS_PER_COMMAND, SEED)) {
			final Outcomes.Case c = commands.run(run);
			if (run.changed() == null) assertEquals(Outcomes.Kind.OK, c.kind(), "valid run: " + c);
			tally.add(c);
		}
		final String summary = tally.summary("commands");
		System.out.println(summary);
		assertEquals(0, tally.count(Outcomes.Kind.BUG), summary);
		assertEquals(0, tally.count(Outcomes.Kind.VAGUE), summary);
		assertTrue(tally.count(Outcomes.Kind.COMMAND_FAILURE) > 0 && tally.count(
			Outcomes.Kind.OK) >= 10, summary);
	}
}
