package org.spectralcnn.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.scijava.Context;
import org.spectralcnn.fuzz.CommandFuzzer;
import org.spectralcnn.fuzz.FileFuzzer;
import org.spectralcnn.fuzz.Outcomes;
import org.spectralcnn.fuzz.Seeds;

/**
 * The fuzz suite at full size ({@code FuzzTest} runs a bounded sample of it in the test suite):
 * every truncation and {@code --mutants} random mutations of each seed file, and every command
 * with each parameter set to each bad value. Prints the number of cases and the outcomes by
 * kind, with examples of the vague and buggy ones. Not a test: a {@code main}.
 * <p>
 * Run from the project root:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Djava.awt.headless=true -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   org.spectralcnn.benchmarks.FuzzBenchmark [--mutants 2000] [--seed 14] [--no-commands] [--no-files] [--examples]
 * </pre>
 */
public final class FuzzBenchmark {

	private FuzzBenchmark() {}

	public static void main(final String[] args) throws Exception {
		int mutants = 2000;
		long seed = 14;
		boolean commands = true, files = true, examples = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--mutants" -> mutants = Integer.parseInt(args[++i]);
				case "--seed" -> seed = Long.parseLong(args[++i]);
				case "--no-commands" -> commands = false;
				case "--no-files" -> files = false;
				case "--examples" -> examples = true;
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		final Path tmp = Files.createTempDirectory("fuzz");
		final Context context = new Context();
		try {
			final long t0 = System.nanoTime();
			final CommandFuzzer commandFuzzer = new CommandFuzzer(context, Files.createDirectories(tmp
				.resolve("commands")));
			if (files) {
				final Path dir = Files.createDirectories(tmp.resolve("files"));
				final Outcomes.Tally all = new Outcomes.Tally();
				for (final FileFuzzer.Seed s : Seeds.all(List.of(commandFuzzer.cnn, commandFuzzer
					.plsr)))
				{
					final Outcomes.Tally one = new Outcomes.Tally();
					for (final FileFuzzer.Mutant m : FileFuzzer.mutants(s, seed, mutants)) {
						final Outcomes.Case c = FileFuzzer.run(s, m, dir);
						one.add(c);
						all.add(c);
					}
					System.out.print(one.summary(s.format() + " (" + s.fileName() + ", " + s
						.bytes().length + " bytes)"));
				}
				System.out.printf("%n%s(%.0f s)%n%n", all.summary("all files"), (System.nanoTime() -
					t0) / 1e9);
			}
			if (commands) {
				final long t1 = System.nanoTime();
				final Outcomes.Tally runs = new Outcomes.Tally();
				for (final CommandFuzzer.Run r : commandFuzzer.all()) runs.add(commandFuzzer.run(r));
				System.out.printf("%s(%.0f s)%n", examples ? runs.summary("commands", Outcomes.Kind
					.values()) : runs.summary("commands"), (System.nanoTime() - t1) /
					1e9);
			}
		}
		finally {
			context.dispose();
			CommandFuzzer.deleteTree(tmp);
		}
		System.exit(0); // ND4J keeps non-daemon threads
	}
}
