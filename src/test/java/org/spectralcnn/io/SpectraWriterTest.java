package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/** Written datasets read back identical; every write is atomic. */
class SpectraWriterTest {

	@TempDir
	Path dir;

	/** Same ids, columns (kind, order, values bit for bit), axis and spectra. */
	static void assertSameDataset(final SpectralDataset expected, final SpectralDataset actual) {
		assertEquals(expected.idColumn(), actual.idColumn());
		assertEquals(expected.ids(), actual.ids());
		assertEquals(expected.columnNames(), actual.columnNames());
		assertEquals(expected.numericColumns(), actual.numericColumns());
		assertEquals(expected.axis(), actual.axis());
		for (final String c : expected.numericColumns()) {
			final double[] e = expected.column(c), a = actual.column(c);
			for (int i = 0; i < e.length; i++)
				assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]), c + " row " + i);
		}
		for (final String c : expected.textColumns())
			assertArrayEquals(expected.textColumn(c), actual.textColumn(c), c);
		final float[] e = expected.data(), a = actual.data();
		assertEquals(e.length, a.length);
		for (int k = 0; k < e.length; k++)
			if (Float.floatToIntBits(e[k]) != Float.floatToIntBits(a[k])) assertEquals(e[k], a[k],
				"spectrum value " + k);
	}

	private static SpectralDataset synthetic() {
		final SpectralAxis axis = SpectralAxis.of(new double[] { 350, 350.5, 351.25, 1e4 / 7,
			2500 }, SpectralUnit.NM);
		final String[] ids = { "a", "b, c", "\"quoted\"", " padded ", "Jáchymov" };
		final float[] spectra = { 0.1f, -0f, 1e-7f, 3.4e38f, 1.4e-45f, 1f / 3, 2f / 3, 12345678f,
			1e-5f, 7f, 0, 0, 0, 0, 0, 0.3386885f, 0.3384545f, 1e10f, -1e-10f, Float.MIN_NORMAL, 9, 8,
			7, 6, 5 };
		return SpectralDataset.builder("synthetic", axis, ids, spectra).idColumn("sample")
			.numeric("Nt", new double[] { 0.3, Double.NaN, 1e-20, -0.0, 0.1 + 0.2 })
			.text("site", new String[] { "Gembloux, BE", "line\nbreak", "", "say \"hi\"", "tab\there" })
			.numeric("train", new double[] { 1, 0, 1, 0, 1 })
			.text("class", new String[] { "x", "1.5", "NA", " y", "z;w" }).build();
	}

	@Test
	void syntheticRoundTripIsExact() throws Exception {
		for (final String name : new String[] { "s.csv", "s.csv.gz" }) {
			final Path p = dir.resolve(name);
			SpectraWriter.write(synthetic(), p);
			assertSameDataset(synthetic(), SpectraIO.open(p));
		}
		try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("s.csv.gz")))) {
			final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(text.startsWith("sample,Nt,site,train,class,350,350.5,351.25,1428.5714285714287," +
				"2500\na,0.3,\"Gembloux, BE\",1,x,0.1,-0,0.0000001,3.4E38,1.4E-45\n"), text);
		}
	}

	@Test
	void nirsoilRoundTripIsExact() throws Exception {
		final SpectralDataset nirsoil = SpectraIO.open(SharedData.nirsoil());
		final Path p = dir.resolve("nirsoil.csv");
		SpectraWriter.write(nirsoil, p);
		assertSameDataset(nirsoil, SpectraIO.open(p));
	}

	@Test
	void numericColumnNamesAreRefused() {
		final SpectralDataset d = SpectralDataset.builder("d", SpectralAxis.channels(2), new String[] {
			"a" }, new float[] { 1, 2 }).numeric("2019", new double[] { 1 }).build();
		assertThrows(IllegalArgumentException.class, () -> SpectraWriter.write(d, dir.resolve(
			"d.csv")));
	}

	@Test
	void columnsWithMissingValues() throws Exception {
		final Map<String, double[]> columns = new LinkedHashMap<>();
		columns.put("Nt_pred", new double[] { 1.25, Double.NaN });
		columns.put("Ciso, pred", new double[] { 1e-5, 3 });
		final Path p = dir.resolve("predictions.csv");
		SpectraWriter.writeColumns(p, "id", Arrays.asList("s1", "s2"), columns);
		assertEquals(Arrays.asList("id,Nt_pred,\"Ciso, pred\"", "s1,1.25,0.00001", "s2,,3"), Files
			.readAllLines(p));
		assertThrows(IllegalArgumentException.class, () -> SpectraWriter.writeColumns(p, "id", Arrays
			.asList("s1"), columns));
	}

	@Test
	void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
		final Path p = dir.resolve("out.csv");
		Files.write(p, "old".getBytes(StandardCharsets.UTF_8));
		final IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
			out.write("partial".getBytes(StandardCharsets.UTF_8));
			throw new IOException("disk full");
		}));
		assertEquals("disk full", e.getMessage());
		assertEquals("old", new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(List.of("out.csv"), files.map(f -> f.getFileName().toString()).collect(
				Collectors.toList()));
		}
		AtomicFiles.write(p, out -> {
			out.write("new".getBytes(StandardCharsets.UTF_8));
			out.close(); // tolerated: the helper closes
		});
		assertEquals("new", new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
	}
}
