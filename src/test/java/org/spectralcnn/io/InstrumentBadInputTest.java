package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.spectralcnn.SharedData;

/**
 * Damaged OPUS, ASD and SPC files: truncated, pointers past the end, wrong counts, unknown data
 * types, huge counts. Every one must end in a {@link SpectraFormatException} that names the file
 * and where (block, byte offset), never another exception and never a huge allocation.
 */
class InstrumentBadInputTest {

	private static final Path NAME = Paths.get("damaged.bin");

	private static byte[] real(final String relative) throws Exception {
		return Files.readAllBytes(SharedData.require("instruments/" + relative));
	}

	private static SpectraFormatException refused(final SpectraReader reader, final byte[] bytes,
		final String... fragments)
	{
		return refused(reader, bytes, ReadOptions.defaults(), fragments);
	}

	private static SpectraFormatException refused(final SpectraReader reader, final byte[] bytes,
		final ReadOptions options, final String... fragments)
	{
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> reader.read(
			NAME, bytes, options));
		assertTrue(e.getMessage().startsWith(NAME.toString() + ": "), e.getMessage());
		for (final String f : fragments)
			assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e
				.getMessage());
		return e;
	}

	private static int indexOf(final byte[] b, final String text, final int from) {
		final byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
		outer: for (int i = from; i <= b.length - t.length; i++) {
			for (int k = 0; k < t.length; k++)
				if (b[i + k] != t[k]) continue outer;
			return i;
		}
		throw new AssertionError(text + " not found after " + from);
	}

	private static void putInt(final byte[] b, final int at, final int v) {
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
	}

	/** The directory entry (byte offset) of the OPUS block with these type bytes. */
	private static int opusEntry(final byte[] b, final int... type) {
		final ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		final int dir = bb.getInt(12);
		for (int k = 0; k < bb.getInt(16); k++) {
			final int at = dir + 12 * k;
			if ((b[at] & 0xff) == type[0] && (b[at + 1] & 0xff) == type[1] && (b[at + 2] &
				0xff) == type[2] && (b[at + 3] & 0xff) == type[3]) return at;
		}
		throw new AssertionError("no block " + Arrays.toString(type));
	}

	@Test
	void opusDamage() throws Exception {
		final OpusReader opus = new OpusReader();
		final byte[] good = real("opus/BF_lo_01_soil_cal.1");

		byte[] b = good.clone();
		putInt(b, 12, good.length + 8);
		refused(opus, b, "byte offset", "directory");

		// the compensated AB's data block points past the end of the file
		b = good.clone();
		putInt(b, opusEntry(b, 15, 16, 0, 0) + 8, good.length - 100);
		refused(opus, b, "block AB", "truncated");

		// its data-status block says more points than the data block holds
		b = good.clone();
		final int status = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(opusEntry(b, 31,
			16, 0, 0) + 8);
		putInt(b, indexOf(b, "NPT", status) + 8, 1_000_000_000);
		refused(opus, b, "block AB", "NPT=1000000000", "holds 1716 values");

		b = good.clone();
		putInt(b, indexOf(b, "DPF", status) + 8, 7);
		refused(opus, b, "block AB", "DPF=7");

		b = good.clone();
		putInt(b, 16, Integer.MAX_VALUE); // directory size
		refused(opus, b, "directory of 2147483647 blocks");

		refused(opus, Arrays.copyOf(good, 20), "OPUS header", "truncated");
	}

	@Test
	void asdDamage() throws Exception {
		final AsdReader asd = new AsdReader();
		final byte[] good = real("asd/soil.asd");
		refused(asd, Arrays.copyOf(good, 300), "ASD header", "300 bytes");
		assertTrue(asd.recognises(Arrays.copyOf(good, 100), "asd"), "a truncated .asd is reported");
		refused(asd, Arrays.copyOf(good, 484 + 8 * 1000), "the spectrum (2151 values)",
			"byte offset 484");
		refused(asd, Arrays.copyOf(good, 484 + 8 * 2151 + 20 + 1000), "the white reference");
		byte[] b = good.clone();
		b[199] = 7;
		refused(asd, b, "data format 7");
		b = good.clone();
		b[186] = 42;
		refused(asd, b, "spectrum type 42");
		b = good.clone();
		b[0] = 'a';
		b[1] = 's';
		b[2] = '9';
		refused(asd, b, "as9", "not supported");
		b = good.clone();
		b[204] = (byte) 0xff;
		b[205] = 0x7f; // 32767 channels of doubles: more than the file
		refused(asd, b, "32767 values", "truncated");
		refused(asd, good, ReadOptions.defaults().withBlock("absorbance"), "block=absorbance",
			"reflectance, spectrum, reference, spectrum_normalised");
	}

	@Test
	void spcDamage() throws Exception {
		final SpcReader spc = new SpcReader();
		final byte[] nir = real("spc/nir.spc");
		byte[] b = nir.clone();
		putInt(b, 24, 1_000_000); // subfile count
		refused(spc, b, "subfile count 1000000");
		b = nir.clone();
		putInt(b, 4, Integer.MAX_VALUE); // point count
		refused(spc, b, "point count is 2147483647", "byte offset 4");
		// a smaller point count that still fits: every later subfile would be read from wrong bytes
		b = nir.clone();
		putInt(b, 4, 528);
		refused(spc, b, "the point count 528 (byte 4) or the subfile count 20 (byte 24) does not match the data",
			"flogoff");
		b = nir.clone();
		putInt(b, 24, 19); // one subfile fewer: the last one's bytes would be left over
		refused(spc, b, "subfile count 19");
		refused(spc, Arrays.copyOf(nir, 512 + 3 * (32 + 2800) + 100), "subfile 4");
		refused(spc, Arrays.copyOf(nir, 400), "SPC header");
		assertTrue(spc.recognises(Arrays.copyOf(nir, 20), "spc"), "a truncated .spc is reported");
		assertTrue(!spc.recognises(Arrays.copyOf(nir, 20), "csv"));
		b = nir.clone();
		b[28] = 4; // x in seconds
		refused(spc, b, "x type 4 (Seconds)", "unit=channel");
		b = nir.clone();
		b[1] = 0x4e;
		assertTrue(!spc.recognises(b, "spc"));

		final byte[] old = real("spc/DOERNER.spc");
		refused(spc, Arrays.copyOf(old, old.length - 50), "subfile 1");
		b = old.clone();
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, 1e9f);
		refused(spc, b, "point count");
	}

	/**
	 * Every reference file truncated at many lengths and with bytes overwritten at random: each
	 * read ends in a dataset or a {@link SpectraFormatException} naming the file, nothing else.
	 */
	@Test
	void randomDamageNeverEscapesAsAnotherException() throws Exception {
		final String[] files = { "opus/BF_lo_01_soil_cal.1", "opus/MMP_2107_Test1.001",
			"opus/test_spectra.0", "asd/soil.asd", "spc/nir.spc", "spc/4d_map.spc",
			"spc/CAthickyellow_try4_17_ZSCAN.spc", "spc/DOERNER.spc", "spc/Ft-ir.spc" };
		final SpectraReader[] readers = { new OpusReader(), new AsdReader(), new SpcReader() };
		final Random random = new Random(15);
		int refusals = 0, reads = 0;
		for (final String name : files) {
			final byte[] good = real(name);
			final SpectraReader reader = readers[name.startsWith("opus") ? 0 : name.startsWith("asd")
				? 1 : 2];
			for (int k = 0; k < 300; k++) {
				final byte[] b;
				if (k < 40) b = Arrays.copyOf(good, (int) ((long) good.length * k / 40));
				else {
					b = good.clone();
					final int span = Math.min(b.length, k % 2 == 0 ? 600 : b.length);
					for (int j = 0; j < 1 + k % 4; j++) {
						final int at = random.nextInt(span - 4);
						if (k % 3 == 0) putInt(b, at, random.nextInt());
						else b[at] = (byte) random.nextInt(256);
					}
				}
				try {
					reader.read(NAME, b, ReadOptions.defaults());
					reads++;
				}
				catch (final SpectraFormatException e) {
					refusals++;
					if (!e.getMessage().startsWith(NAME + ": ")) fail(e.getMessage());
				}
				catch (final Exception | Error e) {
					throw new AssertionError(name + ", damage " + k + ": " + e, e);
				}
			}
		}
		assertTrue(refusals > 300 && reads > 300, refusals + " refusals, " + reads + " reads");
		assertEquals(files.length * 300, refusals + reads);
	}
}
