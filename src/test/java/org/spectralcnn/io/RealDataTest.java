package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * Every spectra file in {@code ../shared/data}, checked against what its README states; files
 * converted from one another (raw .msa/.spe/.xml ↔ the CSVs) must agree value for value.
 */
class RealDataTest {

	private static final Map<Path, SpectralDataset> CACHE = new ConcurrentHashMap<>();

	private static SpectralDataset open(final String relative) throws Exception {
		return open(SharedData.require(relative));
	}

	private static SpectralDataset open(final Path path) throws Exception {
		final SpectralDataset cached = CACHE.get(path);
		if (cached != null) return cached;
		final SpectralDataset d = SpectraIO.open(path);
		CACHE.put(path, d);
		return d;
	}

	private static SpectraFormatException failure(final Path path, final ReadOptions options) {
		return assertThrows(SpectraFormatException.class, () -> SpectraIO.open(path, options),
			path::toString);
	}

	private static void assertMessage(final Exception e, final String... fragments) {
		for (final String f : fragments)
			assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e.getMessage());
	}

	private static void assertAxis(final SpectralDataset d, final int points, final double first,
		final double last, final SpectralUnit unit)
	{
		assertEquals(points, d.points(), d.name());
		assertEquals(first, d.axis().first(), 1e-9, d.name());
		assertEquals(last, d.axis().last(), 1e-9, d.name());
		assertEquals(unit, d.axis().unit(), d.name());
	}

	private static int missing(final double[] v) {
		int n = 0;
		for (final double x : v)
			if (Double.isNaN(x)) n++;
		return n;
	}

	/** {min, max} of the values that are not missing. */
	private static double[] range(final double[] v) {
		return Arrays.stream(v).filter(x -> !Double.isNaN(x)).collect(() -> new double[] {
			Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY }, (r, x) -> {
				r[0] = Math.min(r[0], x);
				r[1] = Math.max(r[1], x);
			}, (a, b) -> {});
	}

	private static void assertRange(final SpectralDataset d, final String column, final double min,
		final double max)
	{
		// the READMEs round (8.8000002 is "8.8", 86.0469591 is "86.05")
		assertArrayEquals(new double[] { min, max }, range(d.column(column)), 0.005, d.name() + " " +
			column);
	}

	private static double[] spectraRange(final SpectralDataset d) {
		final float[] x = d.data();
		final double[] v = new double[x.length];
		for (int i = 0; i < x.length; i++) v[i] = x[i];
		return range(v);
	}

	/** The rows of a small CSV, parsed independently of the reader (quotes with "" escapes). */
	private static List<String[]> csvRows(final Path file) throws IOException {
		final List<String[]> rows = new ArrayList<>();
		final String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		List<String> row = new ArrayList<>();
		final StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') cell.append(text
					.charAt(++i));
				else if (c == '"') quoted = false;
				else cell.append(c);
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				row.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\n') {
				row.add(cell.toString());
				cell.setLength(0);
				rows.add(row.toArray(new String[0]));
				row = new ArrayList<>();
			}
			else if (c != '\r') cell.append(c);
		}
		return rows;
	}

	/** id → {column → cell} of a metadata CSV. */
	private static Map<String, Map<String, String>> meta(final String relative) throws IOException {
		final List<String[]> rows = csvRows(SharedData.require(relative));
		final String[] header = rows.get(0);
		final Map<String, Map<String, String>> byId = new HashMap<>();
		for (final String[] r : rows.subList(1, rows.size())) {
			final Map<String, String> m = new HashMap<>();
			for (int k = 0; k < header.length; k++) m.put(header[k], r[k]);
			byId.put(r[0], m);
		}
		return byId;
	}

	@Test
	void nirsoil() throws Exception {
		final SpectralDataset d = open("nirsoil/nirsoil.csv.gz");
		assertEquals(825, d.size());
		assertAxis(d, 700, 1100, 2498, SpectralUnit.NM);
		assertEquals(2, d.axis().meanStep(), 1e-12);
		assertEquals("id", d.idColumn());
		assertEquals(Arrays.asList("train", "Nt", "Ciso", "CEC"), d.columnNames());
		assertEquals(Arrays.asList("train", "Nt", "Ciso", "CEC"), d.numericColumns());
		assertEquals("1", d.id(0));
		assertEquals("825", d.id(824));
		assertEquals(180, missing(d.column("Nt")));
		assertEquals(93, missing(d.column("Ciso")));
		assertEquals(378, missing(d.column("CEC")));
		assertEquals(0, missing(d.column("train")));
		final boolean[] train = d.splitMask("train");
		int ones = 0;
		for (final boolean t : train)
			if (t) ones++;
		assertEquals(618, ones);
		final SpectralDataset calibration = d.select(train);
		assertEquals(485, 618 - missing(calibration.column("Nt")));
		assertEquals(548, 618 - missing(calibration.column("Ciso")));
		assertEquals(334, 618 - missing(calibration.column("CEC")));
		assertRange(d, "Nt", 0.2, 8.8);
		assertRange(d, "Ciso", 0.1, 17.23);
		assertRange(d, "CEC", 1, 46.3);
	}

	/**
	 * Every cell of NIRsoil, and the first rows of a datEPO file (15 significant digits, the
	 * longest the fast parser takes), against {@code (float) Double.parseDouble} on the cell's
	 * text, split independently.
	 */
	@Test
	void valuesAreExactlyWhatDoubleParseDoubleGives() throws Exception {
		assertEquals(825 * 700, checkCells("nirsoil/nirsoil.csv.gz", Integer.MAX_VALUE));
		assertEquals(20 * 2151, checkCells("datepo/datepo_wet_then_airdried_1day.csv", 20));
	}

	private static long checkCells(final String file, final int rows) throws Exception {
		final Path path = SharedData.require(file);
		final SpectralDataset d = open(path);
		final int p = d.points(), first = 1 + d.columnNames().size();
		long checked = 0;
		try (BufferedReader in = new BufferedReader(new InputStreamReader(file.endsWith(".gz")
			? new GZIPInputStream(Files.newInputStream(path)) : Files.newInputStream(path),
			StandardCharsets.UTF_8)))
		{
			in.readLine();
			String line;
			for (int row = 0; row < rows && (line = in.readLine()) != null; row++) {
				final String[] cells = line.split(",", -1);
				assertEquals(d.id(row), cells[0]);
				for (int k = 1; k < first; k++) {
					final double expected = cells[k].isEmpty() ? Double.NaN : Double.parseDouble(cells[k]);
					assertEquals(expected, d.column(d.columnNames().get(k - 1))[row]);
				}
				for (int j = 0; j < p; j++, checked++) {
					final float expected = (float) Double.parseDouble(cells[first + j]);
					if (Float.floatToIntBits(expected) != Float.floatToIntBits(d.value(row, j))) fail(file +
						" row " + row + " point " + j + ": '" + cells[first + j] + "' read as " + d.value(row,
							j) + ", expected " + expected);
				}
			}
		}
		return checked;
	}

	@Test
	void datsoilspc() throws Exception {
		final SpectralDataset d = open("datsoilspc/datsoilspc.csv.gz");
		assertEquals(391, d.size());
		assertAxis(d, 2151, 350, 2500, SpectralUnit.NM);
		assertEquals(Arrays.asList("clay", "silt", "sand", "TotalCarbon"), d.numericColumns());
		for (final String c : d.numericColumns()) assertEquals(0, missing(d.column(c)), c);
		assertRange(d, "clay", 5, 74);
		assertRange(d, "silt", 2, 54);
		assertRange(d, "sand", 14, 91);
		assertRange(d, "TotalCarbon", 0.06, 12.74);
		final double[] r = spectraRange(d);
		assertTrue(r[0] >= 0 && r[1] <= 1, "reflectance 0–1");
	}

	@Test
	void largeAndLocalVisnir() throws Exception {
		final SpectralDataset large = open("large_visnir/large_visnir.csv.gz");
		assertEquals(742, large.size());
		assertAxis(large, 1076, 350, 2500, SpectralUnit.NM);
		assertEquals(Arrays.asList("clay"), large.columnNames());
		assertEquals(0, missing(large.column("clay")));
		assertRange(large, "clay", 4.95, 86.05);

		final SpectralDataset local = open("large_visnir/local_visnir.csv");
		assertEquals(30, local.size());
		assertAxis(local, 216, 350, 2500, SpectralUnit.NM);
		assertEquals(10, local.axis().meanStep(), 1e-12);
		assertRange(local, "clay", 3.3, 62.5);
		assertEquals("56767", local.id(19));
		float max = 0;
		for (final float v : local.spectrum(19)) max = Math.max(max, v);
		assertTrue(max > 1, "id 56767 exceeds reflectance 1");
		final Set<String> overlap = new HashSet<>(large.ids());
		overlap.retainAll(local.ids());
		assertTrue(overlap.isEmpty(), "ids do not overlap");
	}

	@Test
	void datepo() throws Exception {
		final String[] files = { "datepo_airdry", "datepo_wet", "datepo_wet_then_airdried_1day" };
		final double[][] ranges = { { 0.105, 1.43 }, { 0.286, 9.99 }, { 0.120, 5.13 } };
		final Set<Double> geeves = Arrays.stream(open("datsoilspc/datsoilspc.csv.gz").column(
			"TotalCarbon")).boxed().collect(Collectors.toSet());
		SpectralDataset first = null;
		for (int f = 0; f < files.length; f++) {
			final SpectralDataset d = open("datepo/" + files[f] + ".csv");
			assertEquals(100, d.size());
			assertAxis(d, 2151, 350, 2500, SpectralUnit.NM);
			assertEquals(Arrays.asList("TotalC"), d.columnNames());
			assertRange(d, "TotalC", 0.09, 12.74);
			final double[] r = spectraRange(d);
			assertEquals(ranges[f][0], r[0], 0.005 * ranges[f][0], files[f]);
			assertEquals(ranges[f][1], r[1], 0.005 * ranges[f][1], files[f]);
			if (first == null) first = d;
			assertEquals(first.ids(), d.ids());
			assertArrayEquals(first.column("TotalC"), d.column("TotalC"));
			for (final double c : d.column("TotalC")) assertTrue(geeves.contains(c), "TotalC " + c +
				" occurs in datsoilspc");
		}
		assertEquals(Arrays.asList("1", "2"), first.ids().subList(0, 2));
	}

	@Test
	void radiacodeTable() throws Exception {
		final SpectralDataset d = open("gamma_radiacode_suro/gamma_radiacode_suro.csv");
		assertEquals(85, d.size());
		assertAxis(d, 256, 0, 255, SpectralUnit.CHANNEL);
		assertEquals(Arrays.asList("class"), d.columnNames());
		assertTrue(d.isTextColumn("class"));
		final Map<String, Integer> classes = new TreeMap<>();
		for (final String c : d.textColumn("class")) classes.merge(c, 1, Integer::sum);
		assertEquals(18, classes.size());
		assertEquals(8, classes.get("thorium-rich_material"));
		assertEquals(4, classes.get("natural_background"));
		assertEquals(2, classes.get("granodiorite_rock"));
		double minTotal = Double.POSITIVE_INFINITY, maxTotal = 0;
		for (int i = 0; i < d.size(); i++) {
			double total = 0;
			for (final float v : d.spectrum(i)) total += v;
			minTotal = Math.min(minTotal, total);
			maxTotal = Math.max(maxTotal, total);
		}
		assertEquals(2568, minTotal);
		assertEquals(1529372, maxTotal);

		final SpectralDataset energy = open("gamma_radiacode_suro/energy_axis.csv");
		assertAxis(energy, 256, 0, 255, SpectralUnit.CHANNEL);
		assertEquals(1.9061f, energy.value(0, 0));
		assertEquals(2942.9, energy.value(0, 255), 0.05);
	}

	@Test
	void xrfTables() throws Exception {
		final SpectralDataset d = open("xrf_pixl_basalt_glasses/xrf_basalt_glass_standards.csv");
		assertEquals(3, d.size());
		assertAxis(d, 4096, 0, 4095, SpectralUnit.CHANNEL);
		final List<String> elements = Arrays.asList("Si", "Al", "Fe", "Ca", "Mg", "Na", "K", "Ti",
			"P", "Mn");
		final List<String> columns = new ArrayList<>(Arrays.asList("standard"));
		for (final String e : elements) columns.add(e + "_wt_pct");
		assertEquals(columns, d.columnNames());
		assertArrayEquals(new String[] { "BCR-2", "BHVO-2", "BIR1-G" }, d.textColumn("standard"));
		assertArrayEquals(new double[] { 25.3, 23.3, 22.42 }, d.column("Si_wt_pct"));
		assertArrayEquals(new double[] { Double.NaN, 7.17, 8.2 }, d.column("Al_wt_pct"));
		assertArrayEquals(new double[] { 0.152, 0.13, 0.14 }, d.column("Mn_wt_pct"));
		int missing = 0;
		for (final String e : elements) missing += missing(d.column(e + "_wt_pct"));
		assertEquals(1, missing);

		final SpectralDataset puck = open("xrf_pixl_basalt_glasses/xrf_bhvo_puck_points.csv");
		assertEquals(25, puck.size());
		assertAxis(puck, 4096, 0, 4095, SpectralUnit.CHANNEL);
		assertTrue(puck.columnNames().isEmpty());
	}

	@Test
	void emsaBulkStandardsMatchTheirCsv() throws Exception {
		final SpectralDataset table = open("xrf_pixl_basalt_glasses/xrf_basalt_glass_standards.csv");
		final Map<String, Map<String, String>> meta = meta(
			"xrf_pixl_basalt_glasses/xrf_basalt_glass_standards_meta.csv");
		for (final String standard : new String[] { "BCR-2G", "BHVO-2G", "BIR-1G" }) {
			final String id = "Calibration_box_" + standard + "_28kV_230uA_03_28_2019_bulk_sum";
			final SpectralDataset d = open("xrf_pixl_basalt_glasses/raw_msa/" + id + ".msa");
			assertEquals(Arrays.asList(id), d.ids());
			final Map<String, String> m = meta.get(id);
			final double perChannel = Double.parseDouble(m.get("ev_per_channel"));
			final double offset = Double.parseDouble(m.get("offset_ev"));
			assertAxis(d, 4096, offset / 1000, (offset + 4095 * perChannel) / 1000, SpectralUnit.KEV);
			assertEquals(41, d.axis().last(), 0.2);
			assertEquals(Double.parseDouble(m.get("livetime_s")), d.column("livetime_s")[0]);
			assertEquals(Double.parseDouble(m.get("realtime_s")), d.column("realtime_s")[0]);
			assertArrayEquals(table.spectrum(table.indexOf(id)), d.spectrum(0), id);
		}
		assertEquals(13958, open("xrf_pixl_basalt_glasses/raw_msa/" +
			"Calibration_box_BCR-2G_28kV_230uA_03_28_2019_bulk_sum.msa").column("livetime_s")[0]);
	}

	@Test
	void emsaConfigurationFileIsNotASpectrum() {
		final SpectraFormatException e = failure(SharedData.require(
			"xrf_pixl_basalt_glasses/raw_msa/Breadboard_Configuration_2019_01_14_2020.msa"), ReadOptions
				.defaults());
		assertMessage(e, "Breadboard_Configuration_2019_01_14_2020.msa", "line 10",
			"no spectrum (NPOINTS 0): an instrument configuration file?");
	}

	@Test
	void pixlPuckFolderMatchesItsCsv() throws Exception {
		final SpectralDataset d = open("xrf_pixl_basalt_glasses/raw_msa/puck_points");
		assertEquals("puck_points", d.name());
		assertEquals(25, d.size());
		assertAxis(d, 4096, 0, 4095, SpectralUnit.CHANNEL);
		final SpectralDataset table = open("xrf_pixl_basalt_glasses/xrf_bhvo_puck_points.csv");
		assertEquals(table.ids(), d.ids());
		assertArrayEquals(table.data(), d.data());
		final Map<String, Map<String, String>> meta = meta(
			"xrf_pixl_basalt_glasses/xrf_bhvo_puck_points_meta.csv");
		final double[] live = d.column("livetime_s"), real = d.column("realtime_s");
		for (int i = 0; i < d.size(); i++) {
			assertEquals(Double.parseDouble(meta.get(d.id(i)).get("livetime_s")), live[i], d.id(i));
			assertEquals(24, real[i]);
			assertEquals(23.8, live[i], 0.05);
		}
		assertTrue(d.isTextColumn("title"));
	}

	@Test
	void ortecSpeFilesMatchTheirCsvAndReadme() throws Exception {
		final String raw = "gamma_becquerel_samples/raw/", csv = "gamma_becquerel_samples/csv/";
		final Object[][] files = { // name, channels, unit, live, real
			{ "1110C_NAA_cave_background_May_2017.spe", 16384, SpectralUnit.KEV, 437817, 437903 },
			{ "1110C_NAA_cave_pottery.Spe", 16384, SpectralUnit.KEV, 16543, 16557 },
			{ "Mendocino_07-10-13_Acq-10-10-13.Spe", 8192, SpectralUnit.KEV, 595642, 595798 },
			{ "digibase_5min_30_1.spe", 1024, SpectralUnit.CHANNEL, 296, 300 },
			{ "nai_detector.spe", 1001, SpectralUnit.CHANNEL, 3600, 3600 },
			{ "SGM102432.spe", 4094, SpectralUnit.CHANNEL, 300, 300 } };
		for (final Object[] f : files) {
			final String name = (String) f[0];
			final SpectralDataset spe = open(raw + name);
			final String id = Datasets.stem(SharedData.require(raw + name));
			assertEquals(Arrays.asList(id), spe.ids());
			assertEquals((int) f[1], spe.points(), name);
			assertEquals(f[2], spe.axis().unit(), name);
			assertEquals(((Integer) f[3]).doubleValue(), spe.column("livetime_s")[0], name);
			assertEquals(((Integer) f[4]).doubleValue(), spe.column("realtime_s")[0], name);
			final SpectralDataset converted = open(csv + id + ".csv");
			assertEquals(Arrays.asList(id), converted.ids());
			assertArrayEquals(converted.data(), spe.data(), name);
			assertEquals(spe.axis().unit(), converted.axis().unit(), name);
			for (int ch = 0; ch < spe.points(); ch++)
				assertEquals(converted.axis().value(ch), spe.axis().value(ch), 0.5e-4 + 1e-9, name);
		}
		// README: E = −0.035087 + 0.1828039·ch − 6.86613e−10·ch² keV → ≈ 2995 keV at ch 16383
		final SpectralDataset cave = open(raw + "1110C_NAA_cave_background_May_2017.spe");
		final double ch = 16383;
		assertEquals(-0.035087 + 0.1828039 * ch - 6.86613e-10 * ch * ch, cave.axis().last(), 1e-9);
		assertEquals(2995, cave.axis().last(), 1);
		assertEquals(-0.035087, cave.axis().first(), 1e-12);
		// kelp: E = 0.378444·ch keV → ≈ 3100 keV
		final SpectralDataset kelp = open(raw + "Mendocino_07-10-13_Acq-10-10-13.Spe");
		assertEquals(0.378444 * 8191, kelp.axis().last(), 1e-9);
		assertEquals(3100, kelp.axis().last(), 1);
		assertAxis(open(raw + "SGM102432.spe"), 4094, 0, 4093, SpectralUnit.CHANNEL);
	}

	@Test
	void binaryGammaFilesAreRefused() {
		for (final String name : new String[] { "Alcatraz14.Spc",
			"01122014152731-GT01122014182338-GA37.4963000N-GO122.4633000W.cnf" })
			assertMessage(failure(SharedData.require("gamma_becquerel_samples/raw/" + name), ReadOptions
				.defaults()), name, "binary", "not supported");
	}

	@Test
	void radiacodeXmlMatchTheirCsv() throws Exception {
		final Path folder = SharedData.require("gamma_radiacode_suro/raw_xml");
		final SpectralDataset table = open("gamma_radiacode_suro/gamma_radiacode_suro.csv");
		final Map<String, Map<String, String>> meta = meta(
			"gamma_radiacode_suro/gamma_radiacode_suro_meta.csv");
		final List<Path> files;
		try (Stream<Path> list = Files.list(folder)) {
			files = list.sorted().collect(Collectors.toList());
		}
		assertEquals(85, files.size());
		final Set<String> windows1250 = new HashSet<>();
		final double c0 = 1.9060767, c1 = 9.45942, c2 = 0.00813342;
		for (final Path file : files) {
			SpectralDataset d;
			try {
				d = SpectraIO.open(file);
			}
			catch (final SpectraFormatException e) {
				assertMessage(e, file.getFileName().toString(), "not valid UTF-8",
					"encoding=windows-1250");
				windows1250.add(file.getFileName().toString());
				d = SpectraIO.open(file, ReadOptions.defaults().withEncoding("windows-1250"));
			}
			final String id = d.id(0);
			assertEquals(Datasets.stem(file), id);
			assertAxis(d, 256, c0, c0 + c1 * 255 + c2 * 255 * 255, SpectralUnit.KEV);
			assertEquals(2942.9, d.axis().last(), 0.05);
			assertArrayEquals(table.spectrum(table.indexOf(id)), d.spectrum(0), id);
			assertEquals(Double.parseDouble(meta.get(id).get("measurement_time_s")), d.column(
				"measurement_time_s")[0], id);
			assertEquals(meta.get(id).get("spectrum_name"), d.textColumn("spectrum_name")[0], id);
		}
		assertEquals(new HashSet<>(Arrays.asList("15_spectrum_Jachymov_Retizkarna_loc2.xml",
			"18_spectrum_Jachymov_Retizkarna_road.xml")), windows1250);

		// the folder mixes UTF-8 and Windows-1250 files: strict decoding names the first misfit
		assertMessage(failure(folder, ReadOptions.defaults()),
			"15_spectrum_Jachymov_Retizkarna_loc2.xml", "line 16", "not valid UTF-8");
	}

	@Test
	void nonSpectralCsvsHaveNoSpectralColumns() {
		for (final String file : new String[] { "gamma_radiacode_suro/gamma_radiacode_suro_meta.csv",
			"xrf_pixl_basalt_glasses/xrf_basalt_glass_standards_meta.csv",
			"xrf_pixl_basalt_glasses/xrf_bhvo_puck_points_meta.csv",
			"xrf_pixl_basalt_glasses/raw_msa/Standards_Input_3_glasses_new_BB_01_08_2020.csv" })
			assertMessage(failure(SharedData.require(file), ReadOptions.defaults()), file.substring(file
				.lastIndexOf('/') + 1), "line 1", "no spectral columns",
				"spectral columns need numeric headers such as 1100 or 0");
	}

	/**
	 * Each data file opens or is refused with a message that starts with its path; the refused
	 * ones are exactly the files that are not spectra (or not UTF-8).
	 */
	@Test
	void everySharedFileOpensOrIsRefusedClearly() throws Exception {
		final Path data = SharedData.require("");
		final List<Path> all;
		try (Stream<Path> walk = Files.walk(data)) {
			// instrument files (OPUS, ASD, SPC, JCAMP-DX, ENVI) and their reference CSVs are
			// checked file by file in InstrumentFilesTest
			all = walk.filter(Files::isRegularFile).filter(f -> !data.relativize(f).startsWith(
				"instruments")).sorted().collect(Collectors.toList());
		}
		final Set<String> refused = new HashSet<>();
		for (final Path file : all) {
			try {
				if (!CACHE.containsKey(file)) SpectraIO.open(file);
			}
			catch (final SpectraFormatException e) {
				assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
				refused.add(data.relativize(file).toString());
			}
		}
		refused.removeIf(f -> f.endsWith("README.md"));
		assertEquals(new HashSet<>(Arrays.asList("gamma_radiacode_suro/gamma_radiacode_suro_meta.csv",
			"xrf_pixl_basalt_glasses/xrf_basalt_glass_standards_meta.csv",
			"xrf_pixl_basalt_glasses/xrf_bhvo_puck_points_meta.csv",
			"xrf_pixl_basalt_glasses/raw_msa/Standards_Input_3_glasses_new_BB_01_08_2020.csv",
			"xrf_pixl_basalt_glasses/raw_msa/Breadboard_Configuration_2019_01_14_2020.msa",
			"xrf_pixl_basalt_glasses/raw_msa/puck_points/msa_file_list_DetA_BHVO.txt",
			"gamma_becquerel_samples/raw/Alcatraz14.Spc",
			"gamma_becquerel_samples/raw/01122014152731-GT01122014182338-GA37.4963000N-GO122.4633000W.cnf",
			"gamma_radiacode_suro/raw_xml/15_spectrum_Jachymov_Retizkarna_loc2.xml",
			"gamma_radiacode_suro/raw_xml/18_spectrum_Jachymov_Retizkarna_road.xml")), refused);
	}
}
