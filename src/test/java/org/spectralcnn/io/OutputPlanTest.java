package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputPlan}: every way an output can hit an input or fail, refused before any work. */
class OutputPlanTest {

	@TempDir
	Path dir;

	private static final List<String> REPORT = List.of("metrics.csv", "predictions.csv",
		"scatter_*.png");

	private static String refusal(final OutputPlan plan) {
		return assertThrows(IllegalArgumentException.class, plan::check).getMessage();
	}

	@Test
	void outputThatIsTheInputIsRefused() throws Exception {
		final Path input = Files.writeString(dir.resolve("in.csv"), "x");
		assertEquals("output " + dir.resolve("./sub/../in.csv") + " would overwrite the input " +
			input + " (input); choose another file or move the input", refusal(new OutputPlan().reads(
				"input", input).writes("output", dir.resolve("./sub/../in.csv"))));
		final Path link = dir.resolve("link.csv");
		try {
			Files.createSymbolicLink(link, input);
			assertTrue(refusal(new OutputPlan().reads("input", input).writes("output", link)).contains(
				"would overwrite the input"));
		}
		catch (final UnsupportedOperationException | IOException noLinks) {
			// file system without symbolic links: nothing more to check
		}
		new OutputPlan().reads("input", input).writes("output", dir.resolve("out.csv")).check();
		// a folder of spectra: an existing file in it is an input, a new name is not
		assertEquals("output " + input + " would overwrite the input " + input +
			" (input); choose another file or move the input", refusal(new OutputPlan().reads("input",
				dir).writes("output", input)));
		new OutputPlan().reads("input", dir).writes("output", dir.resolve("new.tif")).check();
	}

	@Test
	void theFilesReadBesideAnEnviFileAreInputsToo() throws Exception {
		final Path hdr = Files.writeString(dir.resolve("core.hdr"), "ENVI");
		final Path img = Files.writeString(dir.resolve("core.img"), "cube");
		assertEquals("output " + img + " would overwrite the input " + img +
			" (input, read with core.hdr); choose another file or move the input", refusal(
				new OutputPlan().reads("input", hdr).writes("output", img)));
		final Path sli = Files.writeString(dir.resolve("lib.sli"), "spectra");
		final Path libHdr = Files.writeString(dir.resolve("lib.hdr"), "ENVI");
		assertTrue(refusal(new OutputPlan().reads("input", sli).writes("output", libHdr)).contains(
			"would overwrite the input " + libHdr));
		// other names beside them stay free
		new OutputPlan().reads("input", hdr).writes("output", dir.resolve("core.tif")).check();
		new OutputPlan().reads("input", Files.writeString(dir.resolve("in.csv"), "x")).writes(
			"output", dir.resolve("in.hdr")).check();
	}

	@Test
	void inputInsideAReportFolderIsRefusedByExactNameAndByPattern() throws Exception {
		final Path rep = Files.createDirectories(dir.resolve("rep"));
		final Path predictions = Files.writeString(rep.resolve("predictions.csv"), "lab data");
		assertEquals("report " + predictions + " would overwrite the input " + predictions +
			" (input); choose another file or move the input", refusal(new OutputPlan().reads("input",
				predictions).writesInto("report", rep, REPORT)));
		final Path scatter = Files.writeString(rep.resolve("scatter_clay.png"), "png");
		assertEquals("report folder " + dir.resolve("x/../rep") + " would overwrite the input " + scatter +
			" (input); choose another folder or move the input", refusal(new OutputPlan().reads("input",
				scatter).writesInto("report", dir.resolve("x/../rep"), REPORT)));
		// a name the report never writes is safe beside it
		final Path samples = Files.writeString(rep.resolve("samples.csv"), "lab data");
		new OutputPlan().reads("input", samples).writesInto("report", rep, REPORT).check();
		assertEquals("lab data", Files.readString(predictions));
	}

	@Test
	void twoOutputsThatAreOneFileAreRefused() {
		final Path ev = dir.resolve("ev");
		assertEquals("plots " + ev.resolve("predictions.csv") + " and output " + ev.resolve(
			"predictions.csv") + " are the same file; one would overwrite the other", refusal(
				new OutputPlan().writes("output", ev.resolve("predictions.csv")).writesInto("plots", ev,
					REPORT)));
	}

	@Test
	void foldersFilesAndDevicesInTheWrongPlaceAreRefused() throws Exception {
		final Path rfile = Files.writeString(dir.resolve("rfile"), "x");
		assertEquals("report: " + rfile + " is a file, not a folder", refusal(new OutputPlan()
			.writesInto("report", rfile, REPORT)));
		assertEquals("model: cannot write " + rfile.resolve("m.zip") + ": " + rfile +
			" is a file, not a folder", refusal(new OutputPlan().writes("model", rfile.resolve(
				"m.zip"))));
		assertEquals("report: cannot write " + rfile.resolve("a/b") + ": " + rfile +
			" is a file, not a folder", refusal(new OutputPlan().writesInto("report", rfile.resolve(
				"a/b"), REPORT)));
		final Path folder = Files.createDirectories(dir.resolve("prev.zip"));
		assertEquals("model " + folder + " is a folder; expected a file name (e.g. " + folder
			.resolve("result") + ")", refusal(new OutputPlan().writes("model", folder)));
		final Path device = Path.of("/dev/null");
		assumeTrue(Files.exists(device));
		assertEquals("output /dev/null is not a regular file (a device or pipe); choose a file name",
			refusal(new OutputPlan().writes("output", device)));
	}

	@Test
	void missingInputsAreNamed() throws Exception {
		assertEquals("input: " + dir.resolve("nope.csv") + ": file not found", refusal(
			new OutputPlan().reads("input", dir.resolve("nope.csv"))));
		assertEquals("input: " + dir.resolve("none/nope.csv") + ": folder " + dir.resolve("none") +
			" not found", refusal(new OutputPlan().reads("input", dir.resolve("none/nope.csv"))));
		final Path rfile = Files.writeString(dir.resolve("rfile"), "x");
		assertEquals("models: " + rfile.resolve("m.zip") + " cannot exist: " + rfile +
			" is a file, not a folder", refusal(new OutputPlan().reads("models", rfile.resolve(
				"m.zip"))));
	}

	@Test
	void aFolderWhereNothingCanBeCreatedIsRefusedAndProbesLeaveNoTrace() throws Exception {
		// /sys takes no new files, even from root (for whom access(2) says "writable")
		final Path sys = Path.of("/sys");
		boolean writable;
		try {
			Files.delete(Files.createFile(sys.resolve(".spectral-cnn-test")));
			writable = true;
		}
		catch (final IOException e) {
			writable = false;
		}
		assumeTrue(Files.isDirectory(sys) && !writable, "no read-only folder to try");
		assertEquals("output: cannot write /sys/x.csv: permission denied in folder /sys", refusal(
			new OutputPlan().writes("output", sys.resolve("x.csv"))));
		assertEquals("report: cannot write /sys/rep/sub: cannot create folders in /sys: permission denied",
			refusal(new OutputPlan().writesInto("report", sys.resolve("rep/sub"), REPORT)));

		final Path in = Files.writeString(dir.resolve("in.csv"), "x");
		new OutputPlan().reads("input", in).writes("model", dir.resolve("new/m.zip")).writesInto(
			"report", dir.resolve("rep"), REPORT).check();
		try (Stream<Path> files = Files.list(dir)) {
			assertArrayEquals(new Object[] { "in.csv" }, files.map(p -> p.getFileName().toString())
				.toArray(), "the check creates no folder and leaves no probe");
		}
	}

	@Test
	void fileSystemFailuresNameTheRealFileAndTheReason() throws Exception {
		final Path target = dir.resolve("out.csv");
		assertEquals("cannot write " + target + ": the disk is full (the previous file, if any, " +
			"is unchanged)", FileProblems.writing(target, new FileSystemException(dir.resolve(
				".out.csv.22acd5.tmp").toString(), null, "No space left on device")).getMessage());
		assertEquals("cannot write " + target + ": the disk is read-only", FileProblems.writing(
			target, new FileSystemException(target.toString(), null, "Read-only file system"))
			.getMessage());
		assertEquals(target + ": file or folder not found", FileProblems.message(
			new NoSuchFileException(target.toString())));
		// an atomic write that cannot create its temporary file names the target, not the temp file
		final Path rfile = Files.writeString(dir.resolve("rfile"), "old");
		final IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeText(rfile
			.resolve("x.csv"), w -> w.write("new")));
		assertTrue(e.getMessage().startsWith("cannot write " + rfile.resolve("x.csv") + ": "), e
			.getMessage());
		assertEquals("old", Files.readString(rfile, StandardCharsets.UTF_8));
	}

	@Test
	void aStagedFileReplacesTheTargetOnlyWhenCommitted() throws Exception {
		final Path model = Files.writeString(dir.resolve("m.zip"), "previous");
		try (AtomicFiles.Staged staged = AtomicFiles.stage(model, out -> out.write("new"
			.getBytes(StandardCharsets.UTF_8))))
		{
			assertEquals("previous", Files.readString(model), "not in place before the commit");
			// the report fails here: the staged file is dropped
		}
		assertEquals("previous", Files.readString(model));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary file left");
		}
		try (AtomicFiles.Staged staged = AtomicFiles.stage(model, out -> out.write("new"
			.getBytes(StandardCharsets.UTF_8))))
		{
			staged.commit();
		}
		assertEquals("new", Files.readString(model));
	}
}
