package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.MemoryLimits;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Issue 14, size faults: what is too large is refused with what and the limit, never an int
 * overflow ("-2092967296") or "Java heap space".
 */
class SizeLimitsTest {

	@TempDir
	Path dir;

	/** {@code id,100..1000099} with blank lines: rows × columns once overflowed an int. */
	@Test
	void aMillionColumnsWithBlankLinesDoNotOverflow() throws Exception {
		final Path csv = dir.resolve("wide.csv");
		final int p = 1_000_000;
		try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
			w.write("id");
			for (int k = 0; k < p; k++) w.write("," + (100 + k));
			w.write("\n");
			w.write("\n".repeat(3000)); // 3001 lines × 10^6 columns > 2^31
			for (final String id : new String[] { "a", "b" }) {
				w.write(id);
				for (int k = 0; k < p; k++) w.write(",0.5");
				w.write("\n");
			}
		}
		final SpectralDataset d = SpectraIO.open(csv);
		assertEquals(2, d.size());
		assertEquals(p, d.points());
		assertEquals(1000099, d.axis().value(p - 1), 0);

		final Path headerOnly = dir.resolve("header.csv");
		Files.write(headerOnly, Arrays.copyOf(Files.readAllBytes(csv), (int) Files.size(csv) - 2 *
			(2 + 4 * p)));
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> SpectraIO
			.open(headerOnly));
		assertTrue(e.getMessage().contains("header only"), e.getMessage());
	}

	@Test
	void aGzipBombIsRefusedWithItsSizeAndTheLimit() throws Exception {
		final long max = 1 << 20;
		// one member: the trailer says 8 MiB
		final Path bomb = gzip("bomb.csv.gz", 8 << 20, 1);
		assertEquals(bomb + ": too large: gzip of " + MemoryLimits.size(Files.size(bomb)) +
			" inflating to 8 MiB of text; the limit is 1 MiB (a sixth of the " + MemoryLimits.size(
				MemoryLimits.heap()) +
			" Java heap; a larger heap: SPECTRAL_CNN_HEAP or Fiji's Edit > Options > Memory & Threads)",
			assertThrows(SpectraFormatException.class, () -> TextSource.readBytes(bomb, max))
				.getMessage());
		// many small members: the last trailer says 512 KiB, the inflating stream finds the rest
		final Path members = gzip("members.csv.gz", 512 << 10, 16);
		assertTrue(assertThrows(SpectraFormatException.class, () -> TextSource.readBytes(members,
			max)).getMessage().contains("inflating to more than 1 MiB of text; the limit is 1 MiB"));
		// within the limit: read as before
		final Path fine = gzip("fine.csv.gz", 256 << 10, 2);
		assertEquals(512 << 10, TextSource.readBytes(fine, max).length);
		// a plain file over the limit is refused before it is read
		final Path plain = Files.write(dir.resolve("plain.csv"), new byte[(int) max + 1]);
		assertTrue(assertThrows(SpectraFormatException.class, () -> TextSource.readBytes(plain, max))
			.getMessage().contains("too large: 1 MiB of text; the limit is 1 MiB"));
	}

	private Path gzip(final String name, final int bytesPerMember, final int members)
		throws IOException
	{
		final Path f = dir.resolve(name);
		final byte[] chunk = new byte[1 << 16];
		Arrays.fill(chunk, (byte) ',');
		try (OutputStream out = Files.newOutputStream(f)) {
			for (int m = 0; m < members; m++) {
				final GZIPOutputStream z = new GZIPOutputStream(out);
				for (int left = bytesPerMember; left > 0; left -= chunk.length)
					z.write(chunk, 0, Math.min(left, chunk.length));
				z.finish();
			}
		}
		return f;
	}

	@Test
	void aResampleGridTooFineIsRefusedWhenParsed() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Preprocessing.parse("resample(400,2500,0.0001)"));
		assertTrue(e.getMessage().contains(
			"too many points: 21000001; at most 1,048,576 points per spectrum: use a larger step"), e
				.getMessage());
	}
}
