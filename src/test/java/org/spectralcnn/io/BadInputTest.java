package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spectralcnn.data.SpectralUnit;

/**
 * Every kind of bad input gives a {@link SpectraFormatException} whose message says where (file,
 * line, column and its header) and what was expected.
 */
class BadInputTest {

	@TempDir
	Path dir;

	/** Writes the case's file(s) into a folder and returns the path to open. */
	@FunctionalInterface
	interface Setup {

		Path create(Path dir) throws IOException;
	}

	private static Setup text(final String name, final String content) {
		return bytes(name, content.getBytes(StandardCharsets.UTF_8));
	}

	private static Setup bytes(final String name, final byte[] content) {
		return dir -> Files.write(dir.resolve(name), content);
	}

	private static Setup folder(final String name, final String... namesAndContents) {
		return dir -> {
			final Path folder = Files.createDirectories(dir.resolve(name));
			for (int i = 0; i < namesAndContents.length; i += 2)
				Files.write(folder.resolve(namesAndContents[i]), namesAndContents[i + 1].getBytes(
					StandardCharsets.UTF_8));
			return folder;
		};
	}

	private static byte[] gzip(final String content) {
		try {
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
				gz.write(content.getBytes(StandardCharsets.UTF_8));
			}
			return out.toByteArray();
		}
		catch (final IOException e) {
			throw new AssertionError(e);
		}
	}

	private static Arguments bad(final String what, final Setup setup, final String... fragments) {
		return Arguments.of(what, setup, ReadOptions.defaults(), fragments);
	}

	private static Arguments bad(final String what, final Setup setup, final ReadOptions options,
		final String... fragments)
	{
		return Arguments.of(what, setup, options, fragments);
	}

	static Stream<Arguments> cases() {
		final String msaHead = "#FORMAT : EMSA/MAS spectral data file\n#VERSION : 1.0\n";
		return Stream.of(
			bad("empty file", text("empty.csv", ""), "empty.csv", "empty file"),
			bad("blank file", text("blank.csv", "\n  \n\n"), "blank.csv", "empty file"),
			bad("header only", text("header.csv", "id,Nt,1100,1102\n"), "header.csv", "line 1",
				"header only: no data rows"),
			bad("ragged row, too few cells", text("ragged.csv",
				"id,Nt,1100,1102\ns1,1,0.1,0.2\ns2,0.3,0.4\n"), "ragged.csv", "line 3",
				"column 4 ('1102')", "found 3 cells but the header has 4 columns"),
			bad("ragged row, too many cells", text("long_row.csv", "id,1100,1102\ns1,0.1,0.2,0.3\n"),
				"long_row.csv", "line 2", "column 4", "found 4 cells but the header has 3 columns"),
			bad("decimal commas with ',' as delimiter", text("comma.csv",
				"id,1100,1102\ns1,0,12,0,13\n"), "comma.csv", "line 2", "found 5 cells",
				"decimal commas"),
			bad("text in a spectral column", text("text.csv",
				"id,Nt,1100,1102,1104,1106,1108\ns1,1,0.1,0.2,0.3,0.4,0.5\ns2,2,0.1,0.2,0.3,0.4,abc\n"),
				"text.csv", "line 3", "column 7 ('1108')", "'abc' is not a number"),
			bad("a typo in a spectral header", text("typo.csv",
				"id,Nt,1100,1102,11O4,1106\ns1,1,0.1,0.2,0.3,0.4\n"), "typo.csv", "line 1",
				"column 5 ('11O4')", "not a number but lies among the spectral columns (after '1102')"),
			bad("NaN in a spectrum", text("nan.csv", "id,1100,1102,1104\ns1,0.1,NaN,0.3\n"),
				"nan.csv", "line 2", "column 3 ('1102')", "missing value 'NaN' in a spectrum"),
			bad("NA in a spectrum", text("na.csv", "id,1100,1102,1104\ns1,0.1,0.2,NA\n"), "na.csv",
				"line 2", "column 4 ('1104')", "missing value 'NA'"),
			bad("Inf in a spectrum", text("inf.csv", "id,1100,1102,1104\ns1,0.1,Inf,0.3\n"),
				"inf.csv", "line 2", "column 3 ('1102')", "'Inf' is not a finite number"),
			bad("value beyond the float range", text("huge.csv", "id,1100,1102\ns1,1e39,0.3\n"),
				"huge.csv", "line 2", "column 2 ('1100')", "'1e39' is beyond the range"),
			bad("empty cell in a spectrum", text("hole.csv",
				"id,clay,1100,1102,1104\ns1,,0.1,0.2,0.3\ns2,5,0.1,,0.3\n"), "hole.csv", "line 3",
				"column 4 ('1102')", "empty cell in a spectrum"),
			bad("duplicate axis value", text("dup_axis.csv",
				"id,1100,1102,1100.0\ns1,0.1,0.2,0.3\n"), "dup_axis.csv", "line 1",
				"column 4 ('1100.0')", "repeats the axis value 1100 of column 2 ('1100')"),
			bad("non-monotonic axis", text("order.csv",
				"id,1100,1104,1102,1106\ns1,0.1,0.2,0.3,0.4\n"), "order.csv", "line 1",
				"column 4 ('1102')", "strictly increasing", "column 3 ('1104')"),
			bad("no spectral columns", text("meta.csv", "id,clay,sand,site\na,1,2,x\n"), "meta.csv",
				"line 1", "no column header is a number; spectral columns need numeric headers such " +
					"as 1100 or 0"),
			bad("R's X prefix on wavelengths", text("r.csv", "id,clay,X1100,X1102\na,1,0.5,0.6\n"),
				"r.csv", "no column header is a number", "'X1100' look like R's check.names prefix"),
			bad("one numeric header only", text("one.csv", "id,clay,1100\na,1,0.5\n"), "one.csv",
				"line 1", "column 3 ('1100')", "only this column header is a number",
				"spectral columns need numeric headers"),
			bad("duplicate sample id", text("dup_id.csv", "id,1100,1102\na,1,2\nb,1,2\na,3,4\n"),
				"dup_id.csv", "line 4", "column 1 ('id')", "sample id 'a' appears twice (lines 2 and 4)"),
			bad("empty sample id", text("no_id.csv", "sample,1100,1102\n,1,2\n"), "no_id.csv",
				"line 2", "column 1 ('sample')", "empty sample id"),
			bad("duplicate column name", text("dup_col.csv", "id,clay,clay,1100,1102\na,1,2,3,4\n"),
				"dup_col.csv", "line 1", "column 3 ('clay')", "repeats column 2"),
			bad("empty column header", text("no_name.csv", "id,,1100,1102\na,1,3,4\n"), "no_name.csv",
				"line 1", "column 2", "empty column header"),
			bad("unclosed quote", text("quote.csv", "id,site,1100,1102\na,\"open,1,2\nb,x,1,2\n"),
				"quote.csv", "line 2", "column 2", "never closed"),
			bad("text after a closing quote", text("after_quote.csv",
				"id,site,1100,1102\na,\"x\"y,1,2\n"), "after_quote.csv", "line 2", "column 2",
				"after the closing quote"),
			bad("gzip: errors name the .gz file and line", bytes("ragged.csv.gz", gzip(
				"id,1100,1102\na,1,2\nb,1\n")), "ragged.csv.gz", "line 3", "found 2 cells"),
			bad("corrupt gzip", bytes("broken.csv.gz", Arrays.copyOf(gzip("id,1100,1102\na,1,2\n"),
				15)), "broken.csv.gz", "corrupt or truncated gzip"),
			bad("not UTF-8", bytes("cp1250.csv", "id,site,1100,1102\na,J\u00e1chymov,1,2\n".getBytes(
				StandardCharsets.ISO_8859_1)), "cp1250.csv", "line 2, column 4",
				"byte 0xE1 is not valid UTF-8", "encoding=windows-1250"),
			bad("unknown encoding", text("ok.csv", "id,1100,1102\na,1,2\n"), ReadOptions.defaults()
				.withEncoding("klingon-8"), "ok.csv", "unknown encoding 'klingon-8'"),
			bad("unknown extension", text("notes.md", "# Notes\n"), "notes.md",
				"unknown file type '.md'", ".csv"),
			bad("no extension", text("spectrum", "id,1100,1102\na,1,2\n"), "spectrum",
				"unknown file type (no extension)"),
			bad("spreadsheet", bytes("soil.xlsx", new byte[] { 'P', 'K', 3, 4, 0, 0 }), "soil.xlsx",
				"save the sheet as CSV"),
			bad("binary ORTEC .Spc", bytes("Alcatraz.Spc", new byte[] { 1, 0, 1, 0, 0 }),
				"Alcatraz.Spc", "binary .spc", "not supported"),
			bad("binary content in a .csv", bytes("image.csv", new byte[] { (byte) 0x89, 'P', 'N', 'G',
				0, 0, 0, 13 }), "image.csv", "binary file"),
			bad("long table with a non-monotonic axis", text("xy.csv",
				"wavelength,absorbance\n1100,0.1\n1102,0.2\n1101,0.3\n"), "xy.csv", "line 4",
				"column 1 ('wavelength')", "does not continue the strictly increasing axis after 1102 " +
					"(line 3)"),
			bad("long table with a hole in the spectrum", text("counts.csv",
				"channel,energy_keV,counts\n0,,5\n1,,\n"), "counts.csv", "line 3",
				"column 3 ('counts')", "empty cell in the spectrum column"),
			bad("EMSA configuration file", text("config.msa", msaHead +
				"#NPOINTS : 0    This should be zero for configuration only files\n#XUNITS : eV\n"),
				"config.msa", "line 3", "no spectrum (NPOINTS 0): an instrument configuration file?"),
			bad("EMSA with fewer values than NPOINTS", text("short.msa", msaHead +
				"#NPOINTS : 4\n#SPECTRUM :\n1\n2\n3\n#ENDOFDATA :\n"), "short.msa", "line 3",
				"NPOINTS is 4 but 3 values follow #SPECTRUM"),
			bad("EMSA with text among the values", text("word.msa", msaHead +
				"#NPOINTS : 3\n#SPECTRUM :\n1\ntwo\n3\n"), "word.msa", "line 6", "'two' is not a number"),
			bad("EMSA two detectors", text("yy.msa", msaHead +
				"#NPOINTS : 2\n#DATATYPE : YY\n#SPECTRUM :\n1, 2\n3, 4\n"), "yy.msa", "line 4",
				"DATATYPE YY is not supported"),
			bad("EMSA axis unit asked for is not the file's", text("ev.msa", msaHead +
				"#NPOINTS : 2\n#XUNITS : eV\n#XPERCHAN : 10\n#SPECTRUM :\n1\n2\n"), ReadOptions
					.defaults().withUnit(SpectralUnit.NM), "ev.msa", "unit=nm does not apply",
				"keV"),
			bad("ORTEC .spe with missing counts", text("short.spe",
				"$SPEC_ID:\ntest\n$DATA:\n0 3\n1\n2\n3\n"), "short.spe", "line 4",
				"announces 4 channels (0–3) but 3 counts follow"),
			bad("ORTEC .spe without $DATA", text("nodata.spe", "$SPEC_ID:\ntest\n$MEAS_TIM:\n1 1\n"),
				"nodata.spe", "no $DATA: section"),
			bad("XML that is not a RadiaCode spectrum", text("other.xml",
				"<?xml version=\"1.0\"?>\n<root><a>1</a></root>\n"), "other.xml",
				"no <EnergySpectrum> element"),
			bad("malformed XML", text("broken.xml",
				"<?xml version=\"1.0\"?>\n<ResultDataFile>\n<EnergySpectrum>\n<DataPoint>1</Data>\n"),
				"broken.xml", "line 4", "not well-formed XML"),
			bad("RadiaCode data point that is not a number", text("nan.xml",
				"<?xml version=\"1.0\"?>\n<ResultDataFile><EnergySpectrum>\n<Spectrum>\n" +
					"<DataPoint>1</DataPoint>\n<DataPoint>x</DataPoint>\n</Spectrum></EnergySpectrum>" +
					"</ResultDataFile>\n"), "nan.xml", "line 5", "<DataPoint> should hold a number"),
			bad("folder files on different axes", folder("mixed", "a.csv", "x,y\n1100,0.1\n1102,0.2\n",
				"b.csv", "x,y\n1100,0.1\n1102,0.2\n1104,0.3\n"), "b.csv", "on another axis",
				"1100–1104 nm, 3 points", "a.csv", "1100–1102 nm, 2 points"),
			bad("folder files with the same sample id", folder("twice", "a.csv",
				"id,1100,1102\ns1,1,2\n", "b.csv", "id,1100,1102\ns1,3,4\n"), "b.csv",
				"sample id 's1' is already used by a.csv"),
			bad("folder without spectra files", folder("notes", "README.md", "# nothing\n",
				"list.txt", "a.msa\n"), "notes", "no spectra files in the folder"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void badInputIsReportedWithItsPlace(final String what, final Setup setup,
		final ReadOptions options, final String[] fragments) throws IOException
	{
		final Path path = setup.create(dir);
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> SpectraIO
			.open(path, options), what);
		for (final String fragment : fragments)
			assertTrue(e.getMessage().contains(fragment), () -> what + ": message lacks '" + fragment +
				"': " + e.getMessage());
	}
}
