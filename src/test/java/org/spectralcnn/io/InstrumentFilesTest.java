package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * The JCAMP-DX and ENVI files of {@code ../shared/data/instruments} against the values an
 * independent reader got from them ({@code <file>.reference.csv}, see the README there): same
 * number of spectra and points, x within 1e-6 relative, y within 1e-4 relative or 1e-6
 * absolute.
 */
class InstrumentFilesTest {

	/** Reference x column and spectra (one array per column after x), with the header. */
	private static final class Reference {

		String[] header;
		double[] x;
		double[][] y;
	}

	/** Parsed here, independently of the project's readers. */
	private static Reference reference(final Path csv) throws IOException {
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		final Reference r = new Reference();
		r.header = lines.get(0).split(",");
		final int n = lines.size() - 1, m = r.header.length - 1;
		r.x = new double[n];
		r.y = new double[m][n];
		for (int i = 0; i < n; i++) {
			final String[] cells = lines.get(i + 1).split(",");
			assertEquals(m + 1, cells.length, csv + " line " + (i + 2));
			r.x[i] = Double.parseDouble(cells[0]);
			for (int k = 0; k < m; k++) r.y[k][i] = Double.parseDouble(cells[k + 1]);
		}
		return r;
	}

	private static void assertMatches(final Path file, final Path referenceCsv,
		final SpectralUnit unit) throws Exception
	{
		final SpectralDataset d = SpectraIO.open(file);
		final Reference r = reference(referenceCsv);
		final String name = file.getFileName().toString();
		assertEquals(r.y.length, d.size(), name + ": spectra");
		assertEquals(r.x.length, d.points(), name + ": points");
		assertEquals(unit, d.axis().unit(), name);
		double dx = 0, dy = 0;
		for (int i = 0; i < r.x.length; i++) {
			assertEquals(r.x[i], d.axis().value(i), 1e-6 * Math.abs(r.x[i]), name + " x " + i);
			dx = Math.max(dx, Math.abs(d.axis().value(i) - r.x[i]) / Math.abs(r.x[i]));
		}
		for (int k = 0; k < r.y.length; k++)
			for (int i = 0; i < r.x.length; i++) {
				final double want = r.y[k][i], got = d.value(k, i);
				final String where = name + " spectrum " + d.id(k) + " point " + i;
				assertTrue(Math.abs(got - want) <= Math.max(1e-6, 1e-4 * Math.abs(want)), () -> where +
					": " + want + " vs " + got);
				if (want != 0) dy = Math.max(dy, Math.abs(got - want) / Math.abs(want));
			}
		// the figures docs/data-formats.md quotes
		System.out.printf(Locale.ROOT, "%s: %d × %d, largest x difference %.1e relative, y %.1e%n",
			name, d.size(), d.points(), dx, dy);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "fixdec1.jdx", "fixinc1.jdx", "jtpolysd.jdx", "pacdec1.jdx",
		"sqzdupd1.jdx", "BRUKER1.JCM", "example_compound_file.jdx", "tannic_acid.jdx" })
	void jcampReproducesItsReference(final String name) throws Exception {
		final Path file = SharedData.require("instruments/jcamp/" + name);
		assertMatches(file, file.resolveSibling(name + ".reference.csv"), SpectralUnit.WAVENUMBER);
	}

	@Test
	void everyJcampReferenceFileIsTested() throws IOException {
		try (Stream<Path> list = Files.list(SharedData.require("instruments/jcamp"))) {
			assertEquals(8, list.filter(p -> p.toString().endsWith(".reference.csv")).count(),
				"a new reference file in jcamp/: add it to jcampReproducesItsReference");
		}
	}

	@Test
	void compoundFileHasOneSamplePerBlockOnOneAxis() throws Exception {
		final SpectralDataset d = SpectraIO.open(SharedData.require(
			"instruments/jcamp/example_compound_file.jdx"));
		assertEquals(Arrays.asList("example_compound_file_1", "example_compound_file_2"), d.ids());
		assertEquals("ABSORBANCE", d.textColumn("yunits")[1]);
	}

	@Test
	void moreJcampFilesRead() throws Exception {
		// DIFDUP from a Perkin-Elmer 1600: its header says what the data must give
		final SpectralDataset d = SpectraIO.open(SharedData.require(
			"instruments/jcamp/more/dupdec1.jdx"));
		assertEquals(1, d.size());
		assertEquals(3951, d.points());
		assertEquals(4400, d.axis().first(), 1e-9);
		assertEquals(450, d.axis().last(), 1e-9);
		assertEquals(82.25, d.value(0, 0), 1e-4); // ##FIRSTY
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (final float v : d.data()) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		assertEquals(87.1, max, 1e-4); // ##MAXY
		// ##MINY= 0.01 is one stored unit (YFACTOR 0.01) below the data's minimum of 2 units: a
		// separate decoder (Python, written for this check) also gets 0.02
		assertEquals(0.01, min, 0.01 + 1e-6);
		assertTrue(min > 0, "transmittance stays positive");
	}

	@Test
	void enviLibraryReproducesItsReferenceFromEitherFile() throws Exception {
		final Path hdr = SharedData.require("instruments/envi/soil_library.hdr");
		final Path csv = hdr.resolveSibling("soil_library.hdr.reference.csv");
		assertMatches(hdr, csv, SpectralUnit.NM);
		assertMatches(hdr.resolveSibling("soil_library.sli"), csv, SpectralUnit.NM);
		final String[] header = reference(csv).header;
		assertEquals(Arrays.asList(header).subList(1, header.length), SpectraIO.open(hdr).ids());
		final SpectralDataset viaSli = SpectraIO.open(hdr.resolveSibling("soil_library.sli"));
		assertArrayEquals(SpectraIO.open(hdr).data(), viaSli.data());
	}

	/** The image header reads as a table of its pixels, row-major, ids y<line>_x<sample>. */
	@Test
	void enviImageCubeHeaderReadsOneSpectrumPerPixel() throws Exception {
		final Path hdr = SharedData.require("instruments/envi/soilcore_bil_float32.hdr");
		final SpectralDataset cube = SpectraIO.open(hdr);
		assertEquals(64 * 48, cube.size());
		assertEquals(106, cube.points());
		assertEquals("y0_x0", cube.id(0));
		assertEquals("y1_x0", cube.id(64));
		assertEquals("y47_x63", cube.id(cube.size() - 1));
		final Reference ref = reference(hdr.resolveSibling("soilcore_bil_float32.hdr.reference.csv"));
		// reference columns L<line>_S<sample> are in the same row-major order
		for (int i = 0; i < cube.size(); i++) {
			final int y = i / 64, x = i % 64;
			assertEquals("L" + y + "_S" + x, ref.header[i + 1]);
			assertEquals("y" + y + "_x" + x, cube.id(i));
			for (int j = 0; j < cube.points(); j++)
				assertEquals((float) ref.y[i][j], cube.value(i, j), 0, cube.id(i));
		}
	}
}
