package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * Every OPUS, ASD and Galactic SPC file in {@code ../shared/data/instruments} against the
 * {@code .reference.csv} an independent reader wrote (see the README there): same number of
 * spectra and points, x within 1e-6 relative, y within 1e-4 relative or 1e-6 absolute; SPC after
 * sorting by x (spc-parser sorts). The readers are called through the registry's interface, the
 * way {@link SpectraIO} calls them.
 */
class InstrumentReferenceTest {

	static SpectralDataset read(final SpectraReader reader, final Path file,
		final ReadOptions options) throws Exception
	{
		final byte[] bytes = Files.readAllBytes(file);
		final byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 4096));
		assertTrue(reader.recognises(head, Datasets.extension(file)), () -> reader.name() +
			" does not recognise " + file);
		return reader.read(file, bytes, options);
	}

	/** x and the y columns of a reference CSV: {@code [column][row]}. */
	static double[][] reference(final Path csv) throws Exception {
		final List<String> lines = Files.readAllLines(csv);
		final int columns = lines.get(0).split(",").length;
		final double[][] v = new double[columns][lines.size() - 1];
		for (int r = 1; r < lines.size(); r++) {
			final String[] cells = lines.get(r).split(",");
			assertEquals(columns, cells.length, csv + " line " + (r + 1));
			for (int c = 0; c < columns; c++) v[c][r - 1] = Double.parseDouble(cells[c]);
		}
		return v;
	}

	static void assertMatches(final SpectralDataset d, final Path csv, final boolean sortByX)
		throws Exception
	{
		final double[][] ref = reference(csv);
		final int p = ref[0].length;
		assertEquals(ref.length - 1, d.size(), csv + ": number of spectra");
		assertEquals(p, d.points(), csv + ": number of points");
		Integer[] order = new Integer[p];
		for (int i = 0; i < p; i++) order[i] = i;
		if (sortByX) Arrays.sort(order, Comparator.comparingDouble(d.axis()::value));
		for (int i = 0; i < p; i++) {
			final double x = d.axis().value(order[i]), rx = ref[0][i];
			if (Math.abs(x - rx) > 1e-6 * Math.abs(rx)) fail(csv + ": x[" + i + "] = " + x +
				", reference " + rx);
		}
		for (int s = 0; s < d.size(); s++)
			for (int i = 0; i < p; i++) {
				final double y = d.value(s, order[i]), ry = ref[s + 1][i];
				final double diff = Math.abs(y - ry);
				if (diff > 1e-6 && diff > 1e-4 * Math.abs(ry)) fail(csv + ": spectrum " + (s + 1) +
					", point " + (i + 1) + " (x " + ref[0][i] + "): " + y + ", reference " + ry);
			}
	}

	private static List<Path> files(final String folder) throws Exception {
		final Path dir = SharedData.require("instruments/" + folder);
		final List<Path> out = new ArrayList<>();
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".csv"))
				.sorted().forEach(out::add);
		}
		assertTrue(!out.isEmpty(), "no files in " + dir);
		return out;
	}

	private static void checkFolder(final SpectraReader reader, final String folder,
		final boolean sortByX, final int expected) throws Exception
	{
		final List<Path> list = files(folder);
		assertEquals(expected, list.size(), folder + ": reference files (README table)");
		for (final Path file : list) {
			final Path csv = file.resolveSibling(file.getFileName() + ".reference.csv");
			assertTrue(Files.exists(csv), "no reference for " + file);
			assertMatches(read(reader, file, ReadOptions.defaults()), csv, sortByX);
		}
	}

	@Test
	void opusFilesMatchBrukeropus() throws Exception {
		checkFolder(new OpusReader(), "opus", false, 7);
	}

	@Test
	void asdReflectanceMatchesSpecDal() throws Exception {
		checkFolder(new AsdReader(), "asd", false, 1);
		final SpectralDataset d = read(new AsdReader(), SharedData.require("instruments/asd/soil.asd"),
			ReadOptions.defaults());
		assertEquals("reflectance", d.textColumn("block")[0]);
		assertEquals("raw", d.textColumn("spectrum_type")[0]);
		assertEquals(9, d.column("integration_time_ms")[0]);
		assertEquals(SpectralUnit.NM, d.axis().unit());
	}

	/** {@code spectrum} and {@code reference} are the stored DN that SpecDAL's read_asd returns. */
	@Test
	void asdRawBlocksMatchReadAsd() throws Exception {
		final Path file = SharedData.require("instruments/asd/soil.asd");
		final double[][] dn = reference(file.resolveSibling("soil.asd.dn.csv"));
		final String[] blocks = { "spectrum", "reference" };
		for (int k = 0; k < 2; k++) {
			final SpectralDataset d = read(new AsdReader(), file, ReadOptions.defaults().withBlock(
				blocks[k]));
			assertEquals(dn[0].length, d.points());
			for (int i = 0; i < d.points(); i++)
				assertEquals(dn[k + 1][i], d.value(0, i), 1e-4 * Math.abs(dn[k + 1][i]), blocks[k] +
					" at " + dn[0][i] + " nm");
		}
		// asdreader's normalisation: VNIR (<= 1000 nm) / 9 ms, SWIR1 x 921/2048, SWIR2 x 2220/2048
		final SpectralDataset n = read(new AsdReader(), file, ReadOptions.defaults().withBlock(
			"spectrum_normalised"));
		final int at500 = 150, at1500 = 1150, at2000 = 1650;
		assertEquals(dn[1][at500] / 9, n.value(0, at500), 1e-5 * dn[1][at500]);
		assertEquals(dn[1][at1500] * 921 / 2048, n.value(0, at1500), 1e-5 * dn[1][at1500]);
		assertEquals(dn[1][at2000] * 2220 / 2048, n.value(0, at2000), 1e-5 * dn[1][at2000]);
	}

	@Test
	void spcFilesMatchSpcParser() throws Exception {
		checkFolder(new SpcReader(), "spc", true, 8);
	}
}
