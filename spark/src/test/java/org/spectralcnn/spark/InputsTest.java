package org.spectralcnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.model.Networks;

/** The driver's plan of a table: shares, and sample ids unique across the whole table. */
class InputsTest {

	@TempDir
	Path tmp;

	/** A wide table of {@code ids.length} rows with the given delimiter, header first. */
	private Path table(final String name, final char d, final String... ids) throws IOException {
		final StringBuilder sb = new StringBuilder("sample").append(d).append("400").append(d)
			.append("410").append(d).append("420\n");
		for (int i = 0; i < ids.length; i++)
			sb.append(ids[i]).append(d).append(0.1 + i * 1e-3).append(d).append(0.2).append(d).append(
				0.3).append(i % 7 == 3 ? "\r\n" : "\n");
		return Files.writeString(tmp.resolve(name), sb.toString());
	}

	private static List<WorkUnit> plan(final Path table, final int rowsPerTask) throws IOException {
		return Inputs.plan(table.toString(), 1, rowsPerTask, Inputs.PIXELS_PER_TASK);
	}

	private static String[] ids(final int n) {
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) ids[i] = "S" + i;
		return ids;
	}

	@Test
	void aTableWithUniqueIdsIsCutIntoShares() throws IOException {
		final int batch = Networks.PREDICT_BATCH;
		final Path t = table("unique.csv", ',', ids(3 * batch + 5));
		final List<WorkUnit> units = plan(t, batch);
		assertEquals(4, units.size());
		assertEquals(2L * batch, units.get(2).firstRow());
	}

	@Test
	void anIdInTwoSharesIsRefusedNamingBothLines() throws IOException {
		final int batch = Networks.PREDICT_BATCH;
		final String[] ids = ids(3 * batch);
		// row 2 (line 4) again in the third share, at row 2 * batch + 10 (line 2 * batch + 12)
		ids[2 * batch + 10] = "S2";
		final Path t = table("dup.csv", ',', ids);
		final JobFailure e = assertThrows(JobFailure.class, () -> plan(t, batch));
		assertTrue(e.getMessage().contains("dup.csv"), e.getMessage());
		assertTrue(e.getMessage().contains("'S2' appears twice (lines 4 and " + (2 * batch + 12) + ")"),
			e.getMessage());
		assertTrue(e.getMessage().contains("line " + (2 * batch + 12) + ", column 1 ('sample')"), e
			.getMessage());
		// one share too: refused before any task starts, not found by the task
		final JobFailure one = assertThrows(JobFailure.class, () -> plan(t, 4 * batch));
		assertTrue(one.getMessage().contains("'S2' appears twice"), one.getMessage());
	}

	@Test
	void quotedAndSemicolonIdsCompareAsTheReaderReadsThem() throws IOException {
		final int batch = Networks.PREDICT_BATCH;
		final String[] ids = ids(2 * batch);
		ids[1] = "\"A; 1\"";
		ids[batch + 1] = " A; 1 ";
		final String[] quoted = ids.clone();
		// quoted, the same text is the same id; the delimiter inside quotes is part of it
		quoted[batch + 1] = "\"A; 1\"";
		final Path t = table("quoted.txt", ';', quoted);
		final JobFailure e = assertThrows(JobFailure.class, () -> plan(t, batch));
		assertTrue(e.getMessage().contains("'A; 1' appears twice (lines 3 and " + (batch + 3) + ")"), e
			.getMessage());
		// a ';' table with ids "A; 1" and "A" (the unquoted " A; 1 " reads as id "A"): distinct
		ids[batch + 1] = "A";
		assertEquals(2, plan(table("distinct.txt", ';', ids), batch).size());
	}

	@Test
	void cubeTilesAreWholeLines() throws IOException {
		// 20 samples: 100 pixels are 5 whole lines
		final Path hdr = Files.writeString(tmp.resolve("c.hdr"), "ENVI\nsamples = 20\nlines = 40\n" +
			"bands = 3\nheader offset = 0\nfile type = ENVI Standard\ndata type = 4\ninterleave = bsq\n" +
			"byte order = 0\nwavelength = {400, 410, 420}\n");
		Files.write(tmp.resolve("c.img"), new byte[20 * 40 * 3 * 4]);
		final List<WorkUnit> tiles = Inputs.cubeTiles(hdr, 100);
		assertEquals(8, tiles.size());
		assertEquals(List.of(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L), tiles.stream().map(
			WorkUnit::firstRow).toList());
		assertTrue(tiles.get(7).describe(hdr.toString()).endsWith("(lines 35–39)"));
		// 90 pixels round up to 5 lines too
		assertEquals(8, Inputs.cubeTiles(hdr, 90).size());
		// a cube of one tile, or a header that is no cube's, is read whole
		assertEquals(List.of(false), Inputs.cubeTiles(hdr, 800).stream().map(WorkUnit::isCubeLines)
			.toList());
		final Path lib = Files.writeString(tmp.resolve("lib.hdr"), "ENVI\nfile type = ENVI Spectral " +
			"Library\n");
		assertEquals(1, Inputs.cubeTiles(lib, 1).size());
	}
}
