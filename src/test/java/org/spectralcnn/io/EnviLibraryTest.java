package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * ENVI spectral libraries written here in every supported data type and both byte orders, with
 * a header offset, read back; bad headers and data files refused with file and key (line) or
 * byte offset.
 */
class EnviLibraryTest {

	@TempDir
	Path dir;

	private static final int SPECTRA = 3, POINTS = 5;

	/** Integer-valued so that every data type holds them exactly. */
	private static double value(final int spectrum, final int point) {
		return 10 * spectrum + point + 1;
	}

	private Path library(final String name, final int type, final ByteOrder order,
		final int offset, final String extraHeader) throws IOException
	{
		final int size = EnviHeader.bytes(type);
		final ByteBuffer b = ByteBuffer.allocate(offset + SPECTRA * POINTS * size).order(order);
		for (int i = 0; i < SPECTRA; i++)
			for (int j = 0; j < POINTS; j++) {
				final int at = offset + (i * POINTS + j) * size;
				final double v = value(i, j);
				switch (type) {
					case 1:
						b.put(at, (byte) v);
						break;
					case 2:
					case 12:
						b.putShort(at, (short) v);
						break;
					case 3:
						b.putInt(at, (int) v);
						break;
					case 4:
						b.putFloat(at, (float) v);
						break;
					default:
						b.putDouble(at, v);
				}
			}
		Files.write(dir.resolve(name + ".sli"), b.array());
		return Files.write(dir.resolve(name + ".hdr"), ("ENVI\ndescription = {\n  test library}\n" +
			"samples = " + POINTS + "\nlines   = " + SPECTRA + "\nbands = 1\nheader offset = " + offset +
			"\nfile type = ENVI Spectral Library\ndata type = " + type + "\ninterleave = bsq\n" +
			"byte order = " + (order == ByteOrder.BIG_ENDIAN ? 1 : 0) + "\n" +
			"wavelength units = Micrometers\nwavelength = {\n 1.0, 1.5, 2.0,\n 2.5, 3.0}\n" +
			"spectra names = { soil A, soil B , soil C }\n" + extraHeader).getBytes(
				StandardCharsets.UTF_8));
	}

	@ParameterizedTest(name = "data type {0}, byte order {1}, offset {2}")
	@CsvSource({ "1,0,0", "2,1,0", "3,0,16", "4,1,7", "5,0,128", "12,1,3", "12,0,0" })
	void everyDataTypeAndByteOrder(final int type, final int order, final int offset)
		throws Exception
	{
		final Path hdr = library("lib", type, order == 1 ? ByteOrder.BIG_ENDIAN
			: ByteOrder.LITTLE_ENDIAN, offset, "");
		for (final Path file : new Path[] { hdr, dir.resolve("lib.sli") }) {
			final SpectralDataset d = SpectraIO.open(file);
			assertEquals(Arrays.asList("soil A", "soil B", "soil C"), d.ids());
			assertEquals(SpectralUnit.NM, d.axis().unit());
			assertEquals(1000, d.axis().first(), 0);
			assertEquals(3000, d.axis().last(), 0);
			for (int i = 0; i < SPECTRA; i++)
				for (int j = 0; j < POINTS; j++)
					assertEquals((float) value(i, j), d.value(i, j), 0f, file + " " + i + "," + j);
		}
	}

	@Test
	void reflectanceScaleFactorDividesAndUnnamedSpectraGetNumbers() throws Exception {
		final Path hdr = library("scaled", 2, ByteOrder.LITTLE_ENDIAN, 0,
			"reflectance scale factor = 100\n");
		final String text = new String(Files.readAllBytes(hdr), StandardCharsets.UTF_8).replaceAll(
			"spectra names = \\{[^}]*\\}\n", "");
		Files.write(hdr, text.getBytes(StandardCharsets.UTF_8));
		final SpectralDataset d = SpectraIO.open(hdr);
		assertEquals(Arrays.asList("scaled_1", "scaled_2", "scaled_3"), d.ids());
		assertEquals((float) (value(2, 4) / 100), d.value(2, 4), 0f);
	}

	@Test
	void headerKeysForLibrariesAndCubes() throws Exception {
		final Path file = dir.resolve("cube.hdr");
		final EnviHeader h = EnviHeader.parse(file, ("ENVI\n; written by hand\nSamples = 4\n" +
			"LINES=2\nbands = 3\nInterleave = BIL\ndata type = 12\nbyte order = 1\n" +
			"wavelength units = Nanometers\nwavelength = {\n 450.5,\n 550, 650 ,\n}\n" +
			"bbl = {1, 0, 1}\ndata ignore value = -9999\nreflectance scale factor = 10000\n")
				.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults());
		assertEquals(4, h.samples());
		assertEquals(2, h.lines());
		assertEquals(3, h.bands());
		assertEquals("bil", h.interleave());
		assertEquals(12, h.dataType());
		assertEquals(ByteOrder.BIG_ENDIAN, h.byteOrder());
		assertEquals(0, h.headerOffset());
		assertEquals(4 * 2 * 3 * 2, h.dataBytes());
		assertEquals(-9999, h.dataIgnoreValue(), 0);
		assertEquals(10000, h.reflectanceScaleFactor(), 0);
		assertEquals(Arrays.asList(true, false, true), Arrays.asList(h.goodBands(3)[0], h.goodBands(
			3)[1], h.goodBands(3)[2]));
		assertEquals(450.5, h.axis(3, ReadOptions.defaults()).first(), 0);
		assertEquals(SpectralUnit.CHANNEL, h.axis(3, ReadOptions.defaults().withUnit(
			SpectralUnit.CHANNEL)).unit());
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> h
			.goodBands(4));
		assertTrue(e.getMessage().contains("cube.hdr, line 14: bbl has 3 entries for 4 bands"), e
			.getMessage());
	}

	private void assertRefused(final Path open, final String... fragments) {
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> SpectraIO
			.open(open));
		for (final String f : fragments)
			assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e
				.getMessage());
	}

	@Test
	void badLibrariesAreRefusedClearly() throws Exception {
		final Path hdr = library("bad", 4, ByteOrder.LITTLE_ENDIAN, 0, "");
		final String good = new String(Files.readAllBytes(hdr), StandardCharsets.UTF_8);

		Files.write(hdr, good.replace("data type = 4", "data type = 6").getBytes(
			StandardCharsets.UTF_8));
		assertRefused(hdr, "bad.hdr, line 9", "'data type = 6' is not supported (complex float32)");

		// the header points past the end of the data file
		Files.write(hdr, good.replace("header offset = 0", "header offset = 8").getBytes(
			StandardCharsets.UTF_8));
		assertRefused(hdr, "bad.sli", "has 60 bytes but its header bad.hdr announces 68",
			"header offset 8");
		Files.write(hdr, good.replace("lines   = 3", "lines   = 2000000000").getBytes(
			StandardCharsets.UTF_8));
		assertRefused(dir.resolve("bad.sli"), "bad.sli", "announces 40000000000");

		Files.write(hdr, good.replace("soil C }", "soil C, soil D }").getBytes(
			StandardCharsets.UTF_8));
		assertRefused(hdr, "line 16", "names 4 spectra but lines = 3");
		Files.write(hdr, good.replace("soil C }", "soil A }").getBytes(StandardCharsets.UTF_8));
		assertRefused(hdr, "line 16", "'soil A' appears twice");
		Files.write(hdr, good.replace("file type = ENVI Spectral Library", "file type = ENVI Standard")
			.getBytes(StandardCharsets.UTF_8));
		// an image header now goes to the image reader, which needs more than one band
		assertRefused(hdr, "line 6", "an image with bands = 1 has no spectra");
		Files.write(hdr, good.replace("bands = 1", "bands = 4").getBytes(StandardCharsets.UTF_8));
		assertRefused(hdr, "line 6", "bands = 4");
		Files.write(hdr, good.replace("3.0}", "3.0, 3.5}").getBytes(StandardCharsets.UTF_8));
		assertRefused(hdr, "line 13", "wavelength list has 6 values for 5 bands");
		Files.write(hdr, (good + "data ignore value = 12\n").getBytes(StandardCharsets.UTF_8));
		assertRefused(hdr, "bad.sli", "spectrum 2 ('soil B') has the data ignore value 12.0 at band 2",
			"byte offset 24");
		Files.write(hdr, (good + "bbl = { 1, 1,\n 1, 1\n").getBytes(StandardCharsets.UTF_8));
		assertRefused(hdr, "line 17", "the '{' of 'bbl' is never closed");

		Files.delete(hdr);
		assertRefused(dir.resolve("bad.sli"), "bad.sli", "no ENVI header beside the spectral library");
		Files.write(dir.resolve("alone.hdr"), good.getBytes(StandardCharsets.UTF_8));
		assertRefused(dir.resolve("alone.hdr"), "alone.hdr", "no data file beside the header",
			"alone.sli");
	}
}
