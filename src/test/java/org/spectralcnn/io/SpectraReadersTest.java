package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;

/**
 * The registry: detection by content before extension, the refusals, the unknown-file message,
 * and folders of mixed instrument files (one table; the files on another grid named; resampled
 * when asked).
 */
class SpectraReadersTest {

	@TempDir
	Path dir;

	private static byte[] ascii(final String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	@Test
	void contentFirstThenExtension() {
		assertTrue(SpectraReaders.find(ascii("##TITLE= x\n"), "csv") instanceof JcampReader);
		assertTrue(SpectraReaders.find(ascii("#FORMAT : EMSA\n"), "jdx") instanceof MsaReader);
		assertTrue(SpectraReaders.find(ascii("ENVI\nsamples = 3\n"), "txt") instanceof
			EnviLibraryReader);
		assertTrue(SpectraReaders.find(ascii("id,1100,1102\n"), "csv") instanceof TableReader);
		assertTrue(SpectraReaders.find(ascii("x\n"), "dx") instanceof JcampReader);
		assertNull(SpectraReaders.find(ascii("id,1100\n"), "md"));
		assertNull(SpectraReaders.find(ascii("id,1100\n"), ""));
	}

	@Test
	void galacticSpcIsNotRefusedAsOrtec() {
		// ORTEC binary .spc starts 01 00 01 00; Galactic has 0x4B/0x4C/0x4D in byte 1
		assertTrue(SpectraReaders.find(new byte[] { 1, 0, 1, 0, 0 }, "spc") instanceof
			BinaryGammaRefusal);
		for (final byte version : new byte[] { 0x4b, 0x4c, 0x4d })
			assertFalse(SpectraReaders.find(new byte[] { 0, version, 0, 0 },
				"spc") instanceof BinaryGammaRefusal, "version byte " + version);
	}

	@Test
	void everyFormatIsNamedAndFoldersTakeItsExtensions() {
		for (final SpectraReader r : SpectraReaders.all()) {
			assertFalse(r.name().isEmpty());
			for (final String e : r.extensions()) assertEquals(e.toLowerCase(Locale.ROOT), e);
		}
		assertTrue(FolderReader.EXTENSIONS.containsAll(Arrays.asList("jdx", "dx", "jcm", "sli",
			"csv", "msa", "spe")));
		// notes/file lists, and ENVI headers (their .sli is read)
		assertFalse(FolderReader.EXTENSIONS.contains("txt"));
		assertFalse(FolderReader.EXTENSIONS.contains("hdr"));
	}

	@Test
	void unknownFileListsTheFormatsTried() throws IOException {
		final Path file = Files.write(dir.resolve("spectrum.foo"), ascii("1 2 3\n"));
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> SpectraIO
			.open(file));
		assertTrue(e.getMessage().contains("unknown file type '.foo'"), e.getMessage());
		for (final SpectraReader r : SpectraReaders.all())
			assertTrue(e.getMessage().contains(r.name()), e.getMessage());
	}

	/** A JCAMP-DX file of y = x / 1000 on {@code first, first + step, …}. */
	private Path jcamp(final Path folder, final String name, final int first, final int step,
		final int n) throws IOException
	{
		final StringBuilder sb = new StringBuilder("##TITLE= " + name + "\n##JCAMP-DX= 4.24\n" +
			"##XUNITS= NANOMETERS\n##XYDATA= (XY..XY)\n");
		for (int i = 0; i < n; i++) sb.append(first + i * step).append(", ").append((first + i *
			step) / 1000.0).append('\n');
		return Files.write(folder.resolve(name), ascii(sb.append("##END=\n").toString()));
	}

	/** An ENVI library of two spectra y = x / 1000 + k on 1100, 1102, …. */
	private void envi(final Path folder, final String name, final int n) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(2 * n * 4).order(ByteOrder.LITTLE_ENDIAN);
		final StringBuilder wl = new StringBuilder();
		for (int k = 0; k < 2; k++)
			for (int i = 0; i < n; i++) b.putFloat((1100 + 2 * i) / 1000f + k);
		for (int i = 0; i < n; i++) wl.append(i == 0 ? "" : ", ").append(1100 + 2 * i);
		Files.write(folder.resolve(name + ".sli"), b.array());
		Files.write(folder.resolve(name + ".hdr"), ascii("ENVI\nsamples = " + n + "\nlines = 2\n" +
			"bands = 1\nheader offset = 0\nfile type = ENVI Spectral Library\ndata type = 4\n" +
			"byte order = 0\nwavelength units = Nanometers\nwavelength = {" + wl + "}\n" +
			"spectra names = {" + name + " top, " + name + " sub}\n"));
	}

	@Test
	void folderOfMixedInstrumentFilesIsOneTable() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("mixed"));
		jcamp(folder, "a.jdx", 1100, 2, 6);
		envi(folder, "lib", 6);
		Files.write(folder.resolve("c.csv"), ascii("nm,reflectance\n1100,1\n1102,2\n1104,3\n" +
			"1106,4\n1108,5\n1110,6\n"));
		Files.write(folder.resolve("notes.txt"), ascii("measured 2024\n"));
		final SpectralDataset d = SpectraIO.open(folder);
		assertEquals(Arrays.asList("a", "c", "lib top", "lib sub"), d.ids());
		assertEquals(6, d.points());
		assertEquals(1.104f, d.value(0, 2), 0f);
		assertEquals(3f, d.value(1, 2), 0f);
		assertEquals(2.104f, d.value(3, 2), 1e-6f);
	}

	@Test
	void folderOnSeveralGridsNamesTheFilesThatDifferOrResamples() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("grids"));
		jcamp(folder, "a.jdx", 1100, 2, 11);
		jcamp(folder, "b.jdx", 1100, 2, 11);
		jcamp(folder, "c.jdx", 1096, 4, 8); // 1096–1124: covers a's 1100–1120
		jcamp(folder, "d.jdx", 1099, 1, 30);
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> SpectraIO
			.open(folder));
		assertTrue(e.getMessage().startsWith(folder.resolve("c.jdx").toString()), e.getMessage());
		assertTrue(e.getMessage().contains("2 of 4 files differ: c.jdx, d.jdx"), e.getMessage());
		assertTrue(e.getMessage().contains("resample=true"), e.getMessage());

		final SpectralDataset d = SpectraIO.open(folder, ReadOptions.defaults()
			.withFolderResampling(true));
		assertEquals(Arrays.asList("a", "b", "c", "d"), d.ids());
		assertEquals(11, d.points());
		// y = x / 1000 is linear, so interpolation keeps it
		for (int i = 0; i < d.size(); i++)
			for (int j = 0; j < 11; j++)
				assertEquals((1100 + 2 * j) / 1000.0, d.value(i, j), 1e-6, d.id(i) + " " + j);

		jcamp(folder, "e.jdx", 1104, 2, 20); // starts after 1100: cannot be resampled
		final SpectraFormatException short_ = assertThrows(SpectraFormatException.class,
			() -> SpectraIO.open(folder, ReadOptions.defaults().withFolderResampling(true)));
		assertTrue(short_.getMessage().startsWith(folder.resolve("e.jdx").toString()), short_
			.getMessage());
		assertTrue(short_.getMessage().contains("cannot resample onto the grid of a.jdx"), short_
			.getMessage());
	}
}
