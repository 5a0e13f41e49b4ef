package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/** The readers on small files that exercise one feature each. */
class SpectraIOTest {

	@TempDir
	Path dir;

	private Path write(final String name, final String content) throws IOException {
		return write(name, content, StandardCharsets.UTF_8);
	}

	private Path write(final String name, final String content, final Charset charset)
		throws IOException
	{
		final Path p = dir.resolve(name);
		Files.createDirectories(p.getParent());
		return Files.write(p, content.getBytes(charset));
	}

	private SpectralDataset open(final String name, final String content) throws Exception {
		return SpectraIO.open(write(name, content));
	}

	@Test
	void wideTableWithTargetsTextAndMissingValues() throws Exception {
		final SpectralDataset d = open("soil.csv",
			"sample,train,Nt,site,note,1100,1102,1104\n" +
				"s1,1,0.3,\"Gembloux, BE\",\"said \"\"hi\"\"\",0.1,0.2,0.3\n" +
				"s2,0,,Namur,\"two\nlines\",0.4,0.5,0.6\n" +
				"s3,1,NA,12,,0.7,0.8,0.9\n" +
				"s4,0,NaN,x, ,1.0,1.1,1.2\n");
		assertEquals("sample", d.idColumn());
		assertEquals(Arrays.asList("s1", "s2", "s3", "s4"), d.ids());
		assertEquals(Arrays.asList("train", "Nt", "site", "note"), d.columnNames());
		assertEquals(Arrays.asList("train", "Nt"), d.numericColumns());
		assertArrayEquals(new double[] { 0.3, Double.NaN, Double.NaN, Double.NaN }, d.column("Nt"));
		assertArrayEquals(new String[] { "Gembloux, BE", "Namur", "12", "x" }, d.textColumn("site"));
		assertArrayEquals(new String[] { "said \"hi\"", "two\nlines", "", "" }, d.textColumn("note"));
		assertArrayEquals(new double[] { 1100, 1102, 1104 }, d.axis().values());
		assertEquals(SpectralUnit.NM, d.axis().unit());
		assertArrayEquals(new float[] { 0.4f, 0.5f, 0.6f }, d.spectrum(1));
		assertEquals(1.2f, d.value(3, 2));
	}

	@Test
	void semicolonsWithDecimalCommas() throws Exception {
		final SpectralDataset d = open("eu.csv", "id;clay;1100,5;1101,5\na;1,5;0,123;0,124\n" +
			"b;2;0.5;1\n");
		assertArrayEquals(new double[] { 1100.5, 1101.5 }, d.axis().values());
		assertArrayEquals(new double[] { 1.5, 2 }, d.column("clay"));
		assertArrayEquals(new float[] { 0.123f, 0.124f }, d.spectrum(0));
	}

	@Test
	void tabsBomCrlfBlankLinesAndTrailingDelimiters() throws Exception {
		final SpectralDataset tsv = open("t.tsv", "\uFEFFid\t4000\t3998\t3996\t\r\n\r\na\t1\t2\t3\t\r\n" +
			"b\t4\t5\t6\r\n\r\n");
		assertEquals("id", tsv.idColumn());
		assertEquals(2, tsv.size());
		assertTrue(tsv.columnNames().isEmpty());
		assertEquals(SpectralUnit.WAVENUMBER, tsv.axis().unit());
		assertArrayEquals(new float[] { 4, 5, 6 }, tsv.spectrum(1));
	}

	@Test
	void utf16ExcelTextAndWindows1250() throws Exception {
		final String table = "id\tsite\t0\t1\t2\nA\tJáchymov\t5\t6\t7\n";
		final ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
		utf16.write(new byte[] { (byte) 0xff, (byte) 0xfe });
		utf16.write(table.getBytes(StandardCharsets.UTF_16LE));
		final SpectralDataset excel = SpectraIO.open(Files.write(dir.resolve("excel.txt"), utf16
			.toByteArray()));
		assertEquals("Jáchymov", excel.textColumn("site")[0]);
		assertEquals(SpectralUnit.CHANNEL, excel.axis().unit());
		// Import Spectra's encoding key defaults to UTF-8: the byte-order mark still wins
		assertEquals("Jáchymov", SpectraIO.open(dir.resolve("excel.txt"), ReadOptions.defaults()
			.withEncoding("UTF-8")).textColumn("site")[0]);

		final Path cp1250 = write("cz.csv", table, Charset.forName("windows-1250"));
		assertThrows(SpectraFormatException.class, () -> SpectraIO.open(cp1250));
		assertEquals("Jáchymov", SpectraIO.open(cp1250, ReadOptions.defaults().withEncoding(
			"windows-1250")).textColumn("site")[0]);
	}

	@Test
	void gzipIsRecognisedByContent() throws Exception {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
			gz.write("id,350,351\na,0.5,0.25\n".getBytes(StandardCharsets.UTF_8));
		}
		final Path p = Files.write(dir.resolve("packed.csv"), bytes.toByteArray());
		assertArrayEquals(new float[] { 0.5f, 0.25f }, SpectraIO.open(p).spectrum(0));
	}

	@Test
	void unitInferenceAndOverride() throws Exception {
		assertEquals(SpectralUnit.CHANNEL, AxisUnits.infer(new double[] { 0, 1, 2 }));
		assertEquals(SpectralUnit.CHANNEL, AxisUnits.infer(new double[] { 1, 2, 3 }));
		assertEquals(SpectralUnit.NM, AxisUnits.infer(new double[] { 350, 351, 2500 }));
		assertEquals(SpectralUnit.WAVENUMBER, AxisUnits.infer(new double[] { 600, 602, 4000 }));
		assertEquals(SpectralUnit.WAVENUMBER, AxisUnits.infer(new double[] { 2500, 2000, 1000 }));
		assertEquals(SpectralUnit.CHANNEL, AxisUnits.infer(new double[] { 0.5, 1.5, 41 }));
		assertEquals(SpectralUnit.CHANNEL, AxisUnits.infer(new double[] { 2, 4, 6 }));
		assertEquals(SpectralUnit.KEV, AxisUnits.fromName("energy_keV"));
		assertEquals(SpectralUnit.KEV, AxisUnits.fromName("Energy (eV)"));
		assertEquals(1000, AxisUnits.divisor("Energy (eV)"));
		assertEquals(SpectralUnit.NM, AxisUnits.fromName("wavelength"));
		assertEquals(SpectralUnit.WAVENUMBER, AxisUnits.fromName("cm-1"));
		assertEquals(SpectralUnit.CHANNEL, AxisUnits.fromName("channel"));
		assertNull(AxisUnits.fromName("level"));

		final Path p = write("xrf.csv", "id,0.5,1.5,2.5\na,1,2,3\n");
		assertEquals(SpectralUnit.KEV, SpectraIO.open(p, ReadOptions.defaults().withUnit(
			SpectralUnit.KEV)).axis().unit());
	}

	@Test
	void explicitDelimiter() throws Exception {
		final Path p = write("odd.txt", "id;x,1100,1102\na;b,1,2\n");
		final SpectralDataset d = SpectraIO.open(p, ReadOptions.defaults().withDelimiter(','));
		assertEquals("id;x", d.idColumn());
		assertEquals("a;b", d.id(0));
	}

	@Test
	void longTables() throws Exception {
		final SpectralDataset xy = open("sample 7.csv", "1100,0.25\n1102,0.5\n1104,0.75\n");
		assertEquals(Arrays.asList("sample 7"), xy.ids());
		assertEquals(SpectralUnit.NM, xy.axis().unit());
		assertArrayEquals(new float[] { 0.25f, 0.5f, 0.75f }, xy.spectrum(0));

		final SpectralDataset headerless = open("gamma.csv", "0,,5\n1,,6\n2,,7\n");
		assertEquals(SpectralUnit.CHANNEL, headerless.axis().unit());
		assertArrayEquals(new float[] { 5, 6, 7 }, headerless.spectrum(0));

		final SpectralDataset pandas = open("pandas.csv", ",1100,1102\n0,0.5,0.6\n1,0.7,0.8\n");
		assertEquals(Arrays.asList("0", "1"), pandas.ids(), "an unnamed index is a wide table's id");
		assertEquals("id", pandas.idColumn());

		final SpectralDataset blanks = open("b.xy", "  4000   0.1\n  3998   0.2\n");
		assertEquals(SpectralUnit.WAVENUMBER, blanks.axis().unit());

		final SpectralDataset calibrated = open("cal.csv",
			"channel,energy_keV,counts\n0,-0.03,5\n1,0.15,6\n2,0.33,7\n");
		assertEquals(SpectralUnit.KEV, calibrated.axis().unit());
		assertArrayEquals(new double[] { -0.03, 0.15, 0.33 }, calibrated.axis().values());

		final SpectralDataset uncalibrated = open("raw.csv",
			"channel,energy_keV,counts\n0,,5\n1,,6\n2,,7\n");
		assertEquals(SpectralUnit.CHANNEL, uncalibrated.axis().unit());
		assertArrayEquals(new float[] { 5, 6, 7 }, uncalibrated.spectrum(0));

		final SpectralDataset ev = open("ev.tsv", "energy_eV\tcounts\n1000\t1\n2000\t2\n");
		assertArrayEquals(new double[] { 1, 2 }, ev.axis().values());
		assertEquals(SpectralUnit.KEV, ev.axis().unit());
	}

	@Test
	void emsaFiles() throws Exception {
		final String head = "#FORMAT : EMSA/MAS spectral data file\r\n#VERSION : 1.0\r\n";
		final SpectralDataset y = open("y.msa", head + "#NPOINTS : 6.\r\n#NCOLUMNS : 3\r\n" +
			"#XUNITS : eV\r\n#XPERCHAN : 10.0\r\n#OFFSET : -20.0\r\n#LIVETIME : 12.5\r\n" +
			"#REALTIME : 13\r\n#TITLE : bulk\r\n##USER : ignored\r\n#SPECTRUM :\r\n1, 2, 3,\r\n" +
			"4, 5, 6,\r\n#ENDOFDATA :\r\n");
		assertArrayEquals(new double[] { -0.02, -0.01, 0, 0.01, 0.02, 0.03 }, y.axis().values(),
			1e-15);
		assertEquals(SpectralUnit.KEV, y.axis().unit());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, y.spectrum(0));
		assertEquals(12.5, y.column("livetime_s")[0]);
		assertEquals(13, y.column("realtime_s")[0]);
		assertEquals("bulk", y.textColumn("title")[0]);

		final SpectralDataset xy = open("xy.msa", head + "#NPOINTS : 3\n#DATATYPE : XY\n" +
			"#XUNITS : keV\n#SPECTRUM :\n1.0, 10\n2.0, 20\n3.0, 30\n");
		assertArrayEquals(new double[] { 1, 2, 3 }, xy.axis().values());
		assertArrayEquals(new float[] { 10, 20, 30 }, xy.spectrum(0));

		final SpectralDataset channels = open("c.msa", head + "#NPOINTS : 2\n#SPECTRUM\n7\n8\n");
		assertEquals(SpectralUnit.CHANNEL, channels.axis().unit());
		assertEquals(SpectralUnit.CHANNEL, SpectraIO.open(dir.resolve("y.msa"), ReadOptions
			.defaults().withUnit(SpectralUnit.CHANNEL)).axis().unit());
	}

	@Test
	void ortecSpeCalibrations() throws Exception {
		final String data = "$DATA:\n0 3\n  1\n  2\n  3\n  4\n";
		final SpectralDataset fit = open("fit.spe", "$SPEC_ID:\nkelp\n$MEAS_TIM:\n10 12\n" + data +
			"$ENER_FIT:\n1.0 0.5\n");
		assertArrayEquals(new double[] { 1, 1.5, 2, 2.5 }, fit.axis().values());
		assertEquals(SpectralUnit.KEV, fit.axis().unit());
		assertEquals(10, fit.column("livetime_s")[0]);
		assertEquals(12, fit.column("realtime_s")[0]);
		assertEquals("kelp", fit.textColumn("description")[0]);

		final SpectralDataset zero = open("zero.spe", "$SPEC_ID:\nx\n" + data + "$ENER_FIT:\n" +
			"0.000000 0.000000\n$MCA_CAL:\n3\n0.000000E+000 0.000000E+000 0.000000E+000\n");
		assertEquals(SpectralUnit.CHANNEL, zero.axis().unit());

		final SpectralDataset mev = open("mev.spe", "$SPEC_ID:\nx\n" + data +
			"$MCA_CAL:\n2\n0 1.0E-3 MeV\n");
		assertArrayEquals(new double[] { 0, 1, 2, 3 }, mev.axis().values(), 1e-12);

		final SpectralDataset decreasing = open("down.spe", "$SPEC_ID:\nx\n" + data +
			"$MCA_CAL:\n2\n10 -1\n");
		assertEquals(SpectralUnit.CHANNEL, decreasing.axis().unit());
	}

	@Test
	void folderOfMixedFormatsOnOneAxis() throws Exception {
		write("mix/b.msa", "#FORMAT : EMSA/MAS spectral data file\n#NPOINTS : 3\n#LIVETIME : 2\n" +
			"#SPECTRUM :\n4\n5\n6\n");
		write("mix/a.spe", "$SPEC_ID:\nx\n$MEAS_TIM:\n1 1\n$DATA:\n0 2\n1\n2\n3\n");
		write("mix/c.csv", "channel,counts\n0,7\n1,8\n2,9\n");
		write("mix/.c.csv.123.tmp", "garbage");
		write("mix/.hidden.csv", "garbage");
		write("mix/files.txt", "a.spe\nb.msa\n");
		write("mix/README.md", "# notes\n");
		final SpectralDataset d = SpectraIO.open(dir.resolve("mix"));
		assertEquals("mix", d.name());
		assertEquals(Arrays.asList("a", "b", "c"), d.ids());
		assertArrayEquals(new float[] { 4, 5, 6 }, d.spectrum(1));
		assertTrue(d.columnNames().isEmpty(), "livetime_s is not in c.csv, so it is dropped");

		write("two/a.msa", "#FORMAT : EMSA/MAS spectral data file\n#NPOINTS : 2\n#LIVETIME : 2\n" +
			"#SPECTRUM :\n4\n5\n");
		write("two/b.msa", "#FORMAT : EMSA/MAS spectral data file\n#NPOINTS : 2\n#LIVETIME : 3\n" +
			"#TITLE : b\n#SPECTRUM :\n6\n7\n");
		final SpectralDataset two = SpectraIO.open(dir.resolve("two"));
		assertArrayEquals(new double[] { 2, 3 }, two.column("livetime_s"));
		assertFalse(two.isTextColumn("title"));
	}
}
