package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * JCAMP-DX written here in every compression form of the specification (from integers this test
 * chooses), read back exactly; and every kind of bad file refused with file, line and what was
 * expected.
 */
class JcampReaderTest {

	@TempDir
	Path dir;

	/** The ordinate forms of {@code (X++(Y..Y))}. */
	enum Form {
		AFFN, PAC, SQZ, SQZ_DUP, DIF, DIF_DUP
	}

	private static final String SQZ_POS = "@ABCDEFGHI", SQZ_NEG = "@abcdefghi";
	private static final String DIF_POS = "%JKLMNOPQR", DIF_NEG = "%jklmnopqr";
	private static final String DUP = "STUVWXYZs";

	private static String pseudo(final long v, final String pos, final String neg) {
		final String digits = Long.toString(Math.abs(v));
		return (v < 0 ? neg : pos).charAt(digits.charAt(0) - '0') + digits.substring(1);
	}

	private static String dup(final int count) {
		final String digits = Integer.toString(count);
		return DUP.charAt(digits.charAt(0) - '1') + digits.substring(1);
	}

	/** The tokens of one line's ordinates in a form (DUP merges runs of equal tokens). */
	private static List<String> tokens(final long[] y, final int from, final int to, final Form f) {
		final List<String> t = new ArrayList<>();
		for (int i = from; i < to; i++) {
			switch (f) {
				case AFFN:
					t.add(" " + y[i]);
					break;
				case PAC:
					t.add((y[i] < 0 ? "-" : "+") + Math.abs(y[i]));
					break;
				case SQZ:
				case SQZ_DUP:
					t.add(pseudo(y[i], SQZ_POS, SQZ_NEG));
					break;
				default:
					t.add(i == from ? pseudo(y[i], SQZ_POS, SQZ_NEG) : pseudo(y[i] - y[i - 1], DIF_POS,
						DIF_NEG));
			}
		}
		if (f != Form.SQZ_DUP && f != Form.DIF_DUP) return t;
		final List<String> merged = new ArrayList<>();
		for (int i = 0; i < t.size();) {
			int j = i + 1;
			while (j < t.size() && t.get(j).equals(t.get(i))) j++;
			merged.add(t.get(i));
			if (j - i > 1) merged.add(dup(j - i));
			i = j;
		}
		return merged;
	}

	/** A (X++(Y..Y)) table of {@code y} in a form, 10 ordinates a line, DIF lines Y-checked. */
	static String xydata(final long[] y, final Form f, final double firstX, final double deltaX) {
		final boolean dif = f == Form.DIF || f == Form.DIF_DUP;
		final StringBuilder sb = new StringBuilder("##XYDATA=(X++(Y..Y))\n");
		final int perLine = 10;
		for (int from = 0; from < y.length; from += perLine) {
			final int to = Math.min(y.length, from + perLine);
			sb.append(Math.round(firstX + from * deltaX));
			// a DIF line's last value starts the next line again, as its Y-check
			final int checkTo = dif && to < y.length ? to + 1 : to;
			for (final String t : tokens(y, from, checkTo, f)) sb.append(t);
			sb.append('\n');
		}
		return sb.toString();
	}

	/** The labels before the table: {@code ##XYDATA} is line 11. */
	private static String header(final int n, final double firstX, final double lastX,
		final double yFactor)
	{
		return "##TITLE= synthetic\n##JCAMP-DX= 5.01\n##DATA TYPE= INFRARED SPECTRUM\n" +
			"##XUNITS= 1/CM\n##YUNITS= ABSORBANCE\n##XFACTOR= 1\n##YFACTOR= " + yFactor + "\n" +
			"##FIRSTX= " + firstX + "\n##LASTX= " + lastX + "\n##NPOINTS= " + n + "\n";
	}

	private Path write(final String name, final String content) throws IOException {
		return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
	}

	private static long[] randomWalk(final int n, final long seed) {
		final Random r = new Random(seed);
		final long[] y = new long[n];
		long v = 50_000;
		for (int i = 0; i < n; i++) {
			// runs of equal steps and of equal values, so DUP has work; crossing zero for signs
			if (r.nextInt(4) > 0) v += r.nextInt(5) == 0 ? 0 : r.nextInt(20001) - 10000;
			y[i] = i % 97 < 3 ? -v : v;
		}
		return y;
	}

	/** A DIF table needs the Y-check overlap, which {@link #xydata} writes. */
	@ParameterizedTest
	@EnumSource(Form.class)
	void everyFormReadsBackExactly(final Form form) throws Exception {
		final long[] y = randomWalk(537, form.ordinal());
		final double yFactor = 0.001;
		final Path file = write("s.jdx", header(y.length, 4000, 4000 - 2.0 * (y.length - 1),
			yFactor) + xydata(y, form, 4000, -2) + "##END=\n");
		final SpectralDataset d = SpectraIO.open(file);
		assertEquals(1, d.size());
		assertEquals("s", d.id(0));
		assertEquals(SpectralUnit.WAVENUMBER, d.axis().unit());
		assertEquals(y.length, d.points());
		for (int i = 0; i < y.length; i++) {
			assertEquals(4000 - 2.0 * i, d.axis().value(i), 1e-9);
			assertEquals((float) (y[i] * yFactor), d.value(0, i), 0f, form + " point " + i);
		}
		assertEquals("synthetic", d.textColumn("title")[0]);
	}

	@Test
	void xyPairsPeakTablesAndLinkBlocks() throws Exception {
		final String xy = "##TITLE= pairs\n##JCAMP-DX=4.24\n##XUNITS= NANOMETERS\n##XFACTOR= 0.5\n" +
			"##YFACTOR= 2\n##NPOINTS= 4\n##XYPOINTS= (XY..XY)\n2000, 1; 2002, 2.5;\n2004,3 2006,4\n" +
			"##END=\n";
		final SpectralDataset pairs = SpectraIO.open(write("pairs.dx", xy));
		assertEquals(SpectralUnit.NM, pairs.axis().unit());
		assertEquals(1000, pairs.axis().first(), 0);
		assertEquals(1003, pairs.axis().last(), 0);
		assertEquals(5f, pairs.value(0, 1), 0f);

		final SpectralDataset peaks = SpectraIO.open(write("peaks.jdx", "##TITLE= peaks\n" +
			"##JCAMP-DX=5.0\n##XUNITS= 1/CM\n##PEAK TABLE= (XYW..XYW)\n1600, 40, 3\n1000, 10, 3\n" +
			"2900, 95, 5\n##END=\n"));
		assertEquals(Arrays.asList(1000.0, 1600.0, 2900.0), Arrays.asList(peaks.axis().value(0), peaks
			.axis().value(1), peaks.axis().value(2)));
		assertEquals(40f, peaks.value(0, 1), 0f);

		final long[] a = randomWalk(40, 1), b = randomWalk(40, 2);
		final String link = "##TITLE= two\n##JCAMP-DX= 5.0\n##DATA TYPE= LINK\n##BLOCKS= 2\n" +
			header(40, 1100, 1178, 1).replace("synthetic", "first") + xydata(a, Form.DIF_DUP, 1100, 2) +
			"##END=\n" + header(40, 1100, 1178, 1).replace("synthetic", "second") + xydata(b,
				Form.AFFN, 1100, 2) + "##END=\n##END=\n";
		final SpectralDataset two = SpectraIO.open(write("two.jdx", link));
		assertEquals(Arrays.asList("two_1", "two_2"), two.ids());
		assertEquals(Arrays.asList("first", "second"), Arrays.asList(two.textColumn("title")));
		assertEquals((float) a[39], two.value(0, 39), 0f);
		assertEquals((float) b[17], two.value(1, 17), 0f);
	}

	@Test
	void recognisedByContentWhateverTheExtension() throws Exception {
		final long[] y = randomWalk(20, 3);
		final Path txt = write("export.txt", header(20, 400, 438, 1) + xydata(y, Form.SQZ, 400, 2) +
			"##END=\n");
		assertEquals(20, SpectraIO.open(txt).points());
		// gzip is inflated before the format is recognised, whatever the name
		final ByteArrayOutputStream gz = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
			out.write(Files.readAllBytes(txt));
		}
		final Path compressed = Files.write(dir.resolve("export.jdx.gz"), gz.toByteArray());
		assertEquals(SpectraIO.open(txt).axis(), SpectraIO.open(compressed).axis());
		assertEquals("export", SpectraIO.open(compressed).id(0));
	}

	private void assertRefused(final String name, final String content, final String... fragments)
		throws IOException
	{
		final Path file = write(name, content);
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> SpectraIO
			.open(file));
		assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
		for (final String f : fragments)
			assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e
				.getMessage());
	}

	/** Damage anywhere never gives anything but a clear refusal (or a file that still reads). */
	@Test
	void damagedFilesNeverThrowAnythingElse() throws Exception {
		final long[] y = randomWalk(300, 5);
		final byte[] good = (header(300, 400, 998, 0.5) + xydata(y, Form.DIF_DUP, 400, 2) +
			"##END=\n").getBytes(StandardCharsets.US_ASCII);
		final Random r = new Random(6);
		final Path file = dir.resolve("damaged.jdx");
		int refused = 0;
		for (int k = 0; k < 400; k++) {
			final byte[] b = k % 2 == 0 ? Arrays.copyOf(good, r.nextInt(good.length)) : good.clone();
			if (k % 2 == 1) for (int m = 0; m <= r.nextInt(3); m++) b[r.nextInt(b.length)] = (byte) (32 +
				r.nextInt(95));
			Files.write(file, b);
			try {
				SpectraIO.open(file);
			}
			catch (final SpectraFormatException e) {
				assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
				refused++;
			}
		}
		// every truncation is caught (no ##END=), and most changed characters
		assertTrue(refused >= 200, "refused " + refused);
	}

	@Test
	void badFilesAreRefusedWithWhereAndWhat() throws Exception {
		final long[] y = randomWalk(30, 4);
		final String good = header(30, 400, 458, 1) + xydata(y, Form.DIF_DUP, 400, 2);
		final int dataLine = 11; // the ##XYDATA line of header(...)

		// a truncated file: the last lines and ##END are missing
		final String cut = good.substring(0, good.lastIndexOf('\n', good.length() - 2) + 1);
		assertRefused("cut.jdx", cut, "has no ##END=", "truncated");
		assertRefused("cut_counted.jdx", cut + "##END=\n", "line " + dataLine,
			"##NPOINTS= 30 (line 10) but the ##XYDATA table", "holds 2");
		assertRefused("count.jdx", good.replace("##NPOINTS= 30", "##NPOINTS= 31") + "##END=\n",
			"##NPOINTS= 31", "holds 30 values");
		assertRefused("fewer.jdx", good.replace("##NPOINTS= 30", "##NPOINTS= 25") + "##END=\n",
			"line " + (dataLine + 3), "more values than ##NPOINTS= 25 (line 10) announces");

		// the Y-check of line 2 of the data no longer repeats line 1's last value
		final String[] lines = good.split("\n");
		final String line2 = lines[dataLine + 1];
		final int checkAt = line2.indexOf(line2.chars().filter(c -> "@ABCDEFGHIabcdefghi".indexOf(
			c) >= 0).mapToObj(c -> String.valueOf((char) c)).findFirst().get());
		final String corrupt = line2.substring(0, checkAt + 1) + "9" + line2.substring(checkAt + 1);
		assertRefused("ycheck.jdx", good.replace(line2, corrupt) + "##END=\n", "line " + (dataLine +
			2), "Y-check failed", "line " + (dataLine + 1) + " ended with " + y[10]);

		assertRefused("char.jdx", good.replace(line2, line2 + "#") + "##END=\n", "line " +
			(dataLine + 2), "'#' is not an AFFN or ASDF character");
		// 9 characters that would expand to a billion points: capped by the file size
		assertRefused("bomb.jdx", header(1_000_000_000, 400, 500, 1) +
			"##XYDATA=(X++(Y..Y))\n400@S99999999\n##END=\n", "line 12", "values in a file of this size");
		assertRefused("ntuples.jdx", "##TITLE= nmr\n##JCAMP-DX= 5.0\n##NTUPLES= NMR SPECTRUM\n",
			"line 3", "##NTUPLES", "not supported");
		assertRefused("blocks.jdx", "##TITLE= link\n##JCAMP-DX= 5.0\n##BLOCKS= 3\n" + good +
			"##END=\n##END=\n", "##BLOCKS= 3 (line 3) but 1 block follow");
		assertRefused("hz.jdx", good.replace("1/CM", "HZ") + "##END=\n", "line 4",
			"##XUNITS= HZ is not a unit of a spectral axis");
		assertRefused("twice.jdx", "##TITLE= t\n##JCAMP-DX= 5\n##XUNITS= 1/CM\n##XYDATA=(XY..XY)\n" +
			"1000, 1\n1000, 2\n##END=\n", "line 4", "not a spectral axis");
		assertRefused("missing.jdx", "##TITLE= t\n##JCAMP-DX= 5\n##XUNITS= 1/CM\n" +
			"##XYDATA=(XY..XY)\n1000, 1\n1001, ?\n##END=\n", "line 6, column 7", "missing value");
		assertRefused("nofirstx.jdx", good.replace("##FIRSTX= 400.0\n", "") + "##END=\n",
			"has no ##FIRSTX=");
		assertRefused("variant.jdx", good.replace("(X++(Y..Y))", "(X++(I..I))") + "##END=\n",
			"line " + (dataLine), "(X++(I..I)) is not supported");
		assertRefused("notjcamp.jdx", "TITLE = x\n", "line 1", "not a JCAMP-DX file");
	}
}
