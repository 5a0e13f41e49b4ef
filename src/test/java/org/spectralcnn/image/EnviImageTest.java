package org.spectralcnn.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.io.SpectraFormatException;

/**
 * ENVI cubes written here in every interleave × data type × byte order (with and without a header
 * offset) read back line by line and band by band; scale factors, gains and offsets, bad bands,
 * the ignore value and the pixel size; bad headers refused with file and key; the real soil-core
 * cube against its reference values.
 */
class EnviImageTest {

	@TempDir
	Path dir;

	private static final int W = 5, H = 4, B = 3;

	static Stream<Arguments> layouts() {
		final List<Arguments> all = new ArrayList<>();
		int i = 0;
		for (final String interleave : new String[] { "bsq", "bil", "bip" })
			for (final int type : new int[] { 1, 2, 3, 4, 5, 12 })
				for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN,
					ByteOrder.BIG_ENDIAN })
					all.add(Arguments.of(interleave, type, order, i++ % 2 == 0 ? 0 : 17));
		return all.stream();
	}

	@ParameterizedTest(name = "{0} type {1} {2} offset {3}")
	@MethodSource("layouts")
	void everyLayoutReadsBack(final String interleave, final int type, final ByteOrder order,
		final int offset) throws Exception
	{
		final Path hdr = TestCubes.write(dir, "cube", W, H, B, interleave, type, order, offset, "");
		try (EnviImage image = EnviImage.open(hdr)) {
			assertEquals(W, image.width());
			assertEquals(H, image.height());
			assertEquals(B, image.axis().size());
			assertEquals(SpectralUnit.NM, image.axis().unit());
			assertEquals(1010, image.axis().value(1), 0);
			assertArrayEquals(new boolean[] { true, true, true }, image.goodBands());
			assertEquals("pixel", image.pixelUnit());
			final float[][] line = new float[W][B];
			for (int y = H - 1; y >= 0; y--) {
				image.readLine(y, line);
				for (int x = 0; x < W; x++)
					for (int b = 0; b < B; b++)
						assertEquals(TestCubes.raw(type, x, y, b), line[x][b], 0, "x " + x + " y " + y +
							" b " + b);
			}
			final float[] plane = new float[W * H];
			for (int b = 0; b < B; b++) {
				image.cube().readBand(b, plane);
				for (int y = 0; y < H; y++)
					for (int x = 0; x < W; x++)
						assertEquals(TestCubes.raw(type, x, y, b), plane[y * W + x], 0);
			}
		}
	}

	@Test
	void scaleFactorGainsAndOffsetsMakePhysicalValues() throws Exception {
		final Path hdr = TestCubes.write(dir, "scaled", W, H, B, "bil", 2, ByteOrder.BIG_ENDIAN, 0,
			"reflectance scale factor = 1000\ndata gain values = {1, 2, 0.5}\n" +
				"data offset values = {0, 10, -4}\n");
		final double[] gain = { 1, 2, 0.5 }, off = { 0, 10, -4 };
		try (EnviImage image = EnviImage.open(hdr)) {
			final float[][] line = new float[W][B];
			image.readLine(2, line);
			for (int x = 0; x < W; x++)
				for (int b = 0; b < B; b++)
					assertEquals((float) ((TestCubes.raw(2, x, 2, b) * gain[b] + off[b]) / 1000),
						line[x][b], 0);
		}
	}

	@Test
	void ignoreValueInAGoodBandMasksThePixelButNotInABadBand() throws Exception {
		// raw(x, y, b) = (7x + 13y + 3b) % 97 + 1: pixel (0,0) band 0 holds 1, band 1 holds 4
		final Path hdr = TestCubes.write(dir, "masked", W, H, B, "bip", 1, ByteOrder.LITTLE_ENDIAN,
			0, "bbl = {1, 0, 1}\ndata ignore value = 4\n");
		try (EnviImage image = EnviImage.open(hdr)) {
			assertArrayEquals(new boolean[] { true, false, true }, image.goodBands());
			final float[][] line = new float[W][B];
			image.readLine(0, line);
			assertEquals(4, line[0][1], 0, "4 in the bad band 1 does not mask pixel (0,0)");
			assertEquals(1, line[0][0], 0);
		}
		final Path hdr2 = TestCubes.write(dir, "masked2", W, H, B, "bsq", 1,
			ByteOrder.LITTLE_ENDIAN, 0, "data ignore value = 4\n");
		try (EnviImage image = EnviImage.open(hdr2)) {
			final float[][] line = new float[W][B];
			image.readLine(0, line);
			for (int b = 0; b < B; b++) assertTrue(Float.isNaN(line[0][b]), "pixel (0,0) band " + b);
			// (1,0) holds 8, 11, 14: not masked
			assertEquals(8, line[1][0], 0);
			final float[] plane = new float[W * H];
			image.cube().readBand(2, plane);
			assertTrue(Float.isNaN(plane[0]));
			assertEquals(14, plane[1], 0);
		}
	}

	@Test
	void pixelSizeFromMapInfoOrPixelSize() throws Exception {
		try (EnviImage image = EnviImage.open(TestCubes.write(dir, "utm", W, H, B, "bsq", 4,
			ByteOrder.LITTLE_ENDIAN, 0, "map info = {UTM, 1.000, 1.000, 500000.0, 4000000.0, " +
				"3.0e1, 2.5e1, 33, North, WGS-84, units=Meters}\n")))
		{
			assertEquals(30, image.pixelWidth(), 0);
			assertEquals(25, image.pixelHeight(), 0);
			assertEquals("m", image.pixelUnit());
		}
		try (EnviImage image = EnviImage.open(TestCubes.write(dir, "core", W, H, B, "bsq", 4,
			ByteOrder.LITTLE_ENDIAN, 0, "pixel size = {0.1, 0.2, units=Millimeters}\n")))
		{
			assertEquals(0.1, image.pixelWidth(), 0);
			assertEquals(0.2, image.pixelHeight(), 0);
			assertEquals("mm", image.pixelUnit());
		}
	}

	@Test
	void badHeadersAndFilesAreRefusedNamingFileAndKey() throws Exception {
		final Path hdr = TestCubes.write(dir, "bad", W, H, B, "bil", 4, ByteOrder.LITTLE_ENDIAN, 0,
			"");
		final String good = Files.readString(hdr);
		final String type6 = message(hdr, good.replace("data type = 4", "data type = 6"));
		assertTrue(type6.contains("bad.hdr") && type6.contains("data type = 6") && type6.contains(
			"complex"), type6);
		final String bbl = message(hdr, good + "bbl = {1, 0}\n");
		assertTrue(bbl.contains("bbl has 2 entries for 3 bands"), bbl);
		final String lib = message(hdr, good.replace("ENVI Standard", "ENVI Spectral Library"));
		assertTrue(lib.contains("spectral library"), lib);
		final String wl = message(hdr, good.replace("1000, 1010, 1020", "1000, 1010"));
		assertTrue(wl.contains("wavelength list has 2 values for 3 bands"), wl);
		final String gains = message(hdr, good + "data gain values = {1, x, 1}\n");
		assertTrue(gains.contains("data gain values"), gains);
		// the header announces one more line than the file holds
		final String shortFile = message(hdr, good.replace("lines = 4", "lines = 5"));
		assertTrue(shortFile.contains("bad.img") && shortFile.contains("lines 5") && shortFile
			.contains("truncated"), shortFile);
		// one line fewer than the file holds: every value would be read shifted
		final String longFile = message(hdr, good.replace("lines = 4", "lines = 3"));
		assertTrue(longFile.contains("bad.img") && longFile.contains("more than announced"), longFile);
		// another program's file type that keeps more after the image (PCIDSK) is read
		Files.writeString(hdr, good.replace("lines = 4", "lines = 3").replace("ENVI Standard", "PCI"));
		EnviImage.open(hdr).close();
		Files.writeString(hdr, good);
		Files.delete(dir.resolve("bad.img"));
		final String noData = assertThrows(SpectraFormatException.class, () -> EnviImage.open(hdr))
			.getMessage();
		assertTrue(noData.contains("no data file beside the header"), noData);
	}

	private static String message(final Path hdr, final String header) throws IOException {
		Files.writeString(hdr, header);
		return assertThrows(SpectraFormatException.class, () -> EnviImage.open(hdr).close())
			.getMessage();
	}

	/** The soil-core cube (BIL float32) against its reference CSV: 106 rows × 3072 pixels. */
	@Test
	void soilCoreCubeMatchesItsReference() throws Exception {
		final Path hdr = SharedData.require("instruments/envi/soilcore_bil_float32.hdr");
		final List<String> rows = Files.readAllLines(hdr.resolveSibling(
			"soilcore_bil_float32.hdr.reference.csv"));
		final String[] columns = rows.get(0).split(",");
		try (EnviImage image = EnviImage.open(hdr)) {
			assertEquals(64, image.width());
			assertEquals(48, image.height());
			assertEquals(106, image.axis().size());
			assertEquals(rows.size() - 1, image.axis().size());
			assertEquals(columns.length - 1, image.width() * image.height());
			final float[][][] cube = new float[image.height()][image.width()][106];
			for (int y = 0; y < image.height(); y++) image.readLine(y, cube[y]);
			for (int b = 0; b < 106; b++) {
				final String[] cells = rows.get(b + 1).split(",");
				assertEquals(Double.parseDouble(cells[0]), image.axis().value(b), 0);
				for (int c = 1; c < cells.length; c++) {
					// columns L<line>_S<sample>, row-major
					final String[] ls = columns[c].substring(1).split("_S");
					final int y = Integer.parseInt(ls[0]), x = Integer.parseInt(ls[1]);
					assertEquals(Float.parseFloat(cells[c]), cube[y][x][b], 0, columns[c] + " band " + b);
				}
			}
		}
	}
}
