package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written together, and a writer's failure traced to the file system's reason. */
class AtomicFilesTest {

	@TempDir
	Path dir;

	@Test
	void filesWrittenTogetherGoInPlaceOnlyWhenAllAreWritten() throws Exception {
		final Path a = Files.writeString(dir.resolve("metrics.csv"), "old metrics");
		final Path b = Files.writeString(dir.resolve("loss.png"), "old plot");
		final IOException e = assertThrows(IOException.class, () -> AtomicFiles.together(() -> {
			AtomicFiles.writeText(a, w -> w.write("new metrics"));
			AtomicFiles.write(b, out -> {
				throw new IOException("the plot failed");
			});
			return null;
		}));
		assertEquals("the plot failed", e.getMessage());
		assertEquals("old metrics", Files.readString(a), "not a mix of two runs");
		assertEquals("old plot", Files.readString(b));
		assertFiles("loss.png", "metrics.csv");

		assertEquals("done", AtomicFiles.together(() -> {
			AtomicFiles.writeText(a, w -> w.write("new metrics"));
			AtomicFiles.together(() -> { // an inner group joins the outer one
				AtomicFiles.writeText(b, w -> w.write("new plot"));
				return null;
			});
			assertEquals("old plot", Files.readString(b), "held until the outer group ends");
			return "done";
		}));
		assertEquals("new metrics", Files.readString(a));
		assertEquals("new plot", Files.readString(b));
		assertFiles("loss.png", "metrics.csv");
	}

	@Test
	void aFullDiskBehindAWritersOwnMessageIsNamed() throws Exception {
		final Path png = Files.writeString(dir.resolve("scatter.png"), "old");
		// ImageIO's shape: its own message around the channel's
		final IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(png, out -> {
			throw new IOException("I/O error writing PNG file!", new IOException(
				"No space left on device"));
		}));
		assertEquals("cannot write " + png + ": the disk is full (the previous file, if any, is " +
			"unchanged)", e.getMessage());
		assertEquals("old", Files.readString(png));
		assertFiles("scatter.png");
	}

	@Test
	void temporaryFilesOfEndedRunsGoAtTheNextWriteOfTheirTarget() throws Exception {
		final Path model = dir.resolve("m.zip");
		AtomicFiles.writeText(model, w -> w.write("first"));
		// what a killed run leaves: a temporary file named with this host and a process that ended
		final Process ended = new ProcessBuilder("true").start();
		ended.waitFor();
		final String owner = temporaryName(model).replaceFirst("-\\d+\\.[0-9a-f]+\\.tmp$", "-");
		final Path killed = Files.writeString(dir.resolve(owner + ended.pid() + ".5e1.tmp"), "half");
		final Path running = Files.writeString(dir.resolve(owner + ProcessHandle.current().pid() +
			".7a2.tmp"), "being written"); // this process: a write still under way
		final Path other = Files.writeString(dir.resolve(".other.csv." + owner + ended.pid() +
			".1.tmp"), "another target");
		AtomicFiles.writeText(model, w -> w.write("second"));
		assertEquals("second", Files.readString(model));
		assertFalse(Files.exists(killed), "the ended run's leftover is removed");
		assertTrue(Files.exists(running) && Files.exists(other), "others are left alone");
	}

	/** The name a write of {@code target} gives its temporary file, seen while it writes. */
	private static String temporaryName(final Path target) throws IOException {
		final String[] seen = new String[1];
		AtomicFiles.write(target, out -> {
			try (Stream<Path> files = Files.list(target.getParent())) {
				seen[0] = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("." +
					target.getFileName() + ".")).findFirst().orElseThrow();
			}
			out.write('x');
		});
		return seen[0];
	}

	/** The folder holds exactly these names: no temporary file is left. */
	private void assertFiles(final String... names) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			assertArrayEquals(names, files.map(p -> p.getFileName().toString()).sorted().toArray());
		}
	}
}
