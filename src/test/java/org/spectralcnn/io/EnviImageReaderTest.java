package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.image.TestCubes;

/**
 * An ENVI image header given where spectra are read: one spectrum per pixel, row-major, scale
 * factor applied, bad bands and masked pixels left out, too large cubes refused; libraries still
 * go to the library reader.
 */
class EnviImageReaderTest {

	@TempDir
	Path dir;

	@Test
	void pixelsBecomeRowMajorSpectraWithScaleApplied() throws Exception {
		final Path hdr = TestCubes.write(dir, "cube", 4, 3, 5, "bip", 12, ByteOrder.BIG_ENDIAN, 0,
			"reflectance scale factor = 10000\n");
		final SpectralDataset d = SpectraIO.open(hdr);
		assertEquals(12, d.size());
		assertEquals(5, d.points());
		assertEquals(1040, d.axis().value(4), 0);
		for (int i = 0; i < 12; i++) {
			final int y = i / 4, x = i % 4;
			assertEquals("y" + y + "_x" + x, d.id(i));
			for (int b = 0; b < 5; b++)
				assertEquals((float) (TestCubes.raw(12, x, y, b) / 10000), d.value(i, b), 0);
		}
	}

	@Test
	void badBandsAndMaskedPixelsAreLeftOut() throws Exception {
		// raw (x, y, b) = (7x + 13y + 3b) % 97 + 1: 14 is (x 1, y 0) band 2 and (x 0, y 1) band 0
		final Path hdr = TestCubes.write(dir, "masked", 4, 3, 5, "bsq", 2, ByteOrder.LITTLE_ENDIAN,
			0, "bbl = {1, 0, 1, 1, 0}\ndata ignore value = " + (14 - 40) + "\n");
		final SpectralDataset d = SpectraIO.open(hdr);
		assertEquals(3, d.points());
		assertEquals(1030, d.axis().value(2), 0);
		assertEquals(10, d.size());
		assertFalse(d.ids().contains("y0_x1"));
		assertFalse(d.ids().contains("y1_x0"));
		assertEquals("y0_x3", d.id(2));
		assertEquals(TestCubes.raw(2, 3, 0, 3), d.value(2, 2), 0);
	}

	@Test
	void aCubeTooLargeForATableIsRefusedWithTheWayOut() throws Exception {
		final Path hdr = TestCubes.write(dir, "big", 4, 3, 5, "bil", 4, ByteOrder.LITTLE_ENDIAN, 0,
			"");
		final EnviHeader h = EnviHeader.read(hdr, ReadOptions.defaults());
		assertEquals(12, EnviImageReader.read(h, ReadOptions.defaults(), 60).size());
		final String m = assertThrows(SpectraFormatException.class, () -> EnviImageReader.read(h,
			ReadOptions.defaults(), 59)).getMessage();
		assertTrue(m.startsWith(hdr.toString()) && m.contains("4 × 3 pixels × 5 bands = 60 values") &&
			m.contains("Predict Image") && m.contains("Spectra from ROIs"), m);
	}

	@Test
	void librariesAndImagesGoToTheirReaders() throws Exception {
		final Path hdr = TestCubes.write(dir, "typeless", 4, 3, 5, "bil", 4,
			ByteOrder.LITTLE_ENDIAN, 0, "");
		final String text = Files.readString(hdr).replace("file type = ENVI Standard\n", "");
		Files.writeString(hdr, text);
		assertEquals("ENVI image cube (.hdr + data file)", SpectraReaders.find(Files.readAllBytes(
			hdr), "hdr").name());
		Files.writeString(hdr, text.replace("bands = 5", "bands = 1"));
		assertEquals("ENVI spectral library (.sli + .hdr)", SpectraReaders.find(Files.readAllBytes(
			hdr), "hdr").name());
		Files.writeString(hdr, text + "file type = ENVI Spectral Library\n");
		assertEquals("ENVI spectral library (.sli + .hdr)", SpectraReaders.find(Files.readAllBytes(
			hdr), "hdr").name());
	}
}
