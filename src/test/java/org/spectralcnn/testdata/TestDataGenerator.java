package org.spectralcnn.testdata;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;

/**
 * Writes the project's synthetic test data into {@code test-data/} (run from the project root):
 *
 * <pre>
 * mvn -q test-compile &amp;&amp; java -cp target/test-classes org.spectralcnn.testdata.TestDataGenerator test-data
 * </pre>
 *
 * The output is a pure function of the seeds below; {@code TestDataGeneratorTest} checks that
 * the committed files are exactly what this writes.
 */
public final class TestDataGenerator {

	/** Samples in the vis-NIR soil table, and how many of them are calibration samples. */
	static final int SOIL_SAMPLES = 200;
	static final int SOIL_CALIBRATION = 150;

	/** The transfer-learning pair: a global library and a small, shifted local set. */
	static final String GLOBAL_FILE = "global_visnir.csv";
	static final String LOCAL_FILE = "local_visnir_shifted.csv";
	static final int GLOBAL_SAMPLES = 300;
	static final int LOCAL_SAMPLES = 40;
	static final double[] GLOBAL_GRID = SyntheticSpectra.grid(400, 2500, 10);
	static final double[] LOCAL_GRID = SyntheticSpectra.grid(400, 2500, 20);
	/**
	 * The local region: smectite-rich soils whose Al-OH band is stronger per % clay, wetter
	 * clays, slightly brighter, measured on an instrument 6 nm off.
	 */
	static final SyntheticSpectra.Domain LOCAL_DOMAIN = new SyntheticSpectra.Domain(6, 1.5, 0.4,
		10, 45, 0.04, 1.6);

	private TestDataGenerator() {}

	public static void main(final String[] args) throws IOException {
		write(Paths.get(args.length > 0 ? args[0] : "test-data"));
	}

	public static void write(final Path dir) throws IOException {
		Files.createDirectories(dir.resolve("xrf"));
		Files.createDirectories(dir.resolve("gamma"));
		writeSoilTable(dir.resolve("soil_visnir.csv"));
		writeSoils(dir.resolve(GLOBAL_FILE), "G", GLOBAL_SAMPLES, GLOBAL_GRID, 20261128L,
			SyntheticSpectra.Domain.DEFAULT);
		writeSoils(dir.resolve(LOCAL_FILE), "L", LOCAL_SAMPLES, LOCAL_GRID, 20261129L,
			LOCAL_DOMAIN);
		// a folder of three field campaigns on the soil table's grid, for the batch macros
		Files.createDirectories(dir.resolve("batch"));
		final String[] fields = { "field_a", "field_b", "field_c" };
		for (int f = 0; f < fields.length; f++)
			writeSoils(dir.resolve("batch").resolve(fields[f] + ".csv"), fields[f].substring(6)
				.toUpperCase() + "-", 8, SyntheticSpectra.grid(400, 2500, 5), 20261130L + f,
				SyntheticSpectra.Domain.DEFAULT);
		writeXrf(dir.resolve("xrf"));
		writeGamma(dir.resolve("gamma"));
	}

	/**
	 * 200 soils, 400–2500 nm every 5 nm, reflectance; targets clay and soc (%), about 10 % and
	 * 15 % missing; {@code train} = 1 for 150 calibration samples, 0 for 50 test samples.
	 */
	static void writeSoilTable(final Path file) throws IOException {
		final double[] wl = SyntheticSpectra.grid(400, 2500, 5);
		final SyntheticSpectra.Soil soil = SyntheticSpectra.soil(SOIL_SAMPLES, wl, 20261127L, 0);
		final SplittableRandom rnd = new SplittableRandom(7);
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("id,train,clay,soc");
			for (final double v : wl) w.write("," + (long) v);
			w.write("\n");
			for (int i = 0; i < soil.size(); i++) {
				w.write(String.format("S%03d", i + 1));
				w.write(i < SOIL_CALIBRATION ? ",1" : ",0");
				w.write("," + (rnd.nextDouble() < 0.10 ? "" : SyntheticSpectra.format(soil.clay[i], 3)));
				w.write("," + (rnd.nextDouble() < 0.15 ? "" : SyntheticSpectra.format(soil.organicCarbon[i],
					3)));
				for (int j = 0; j < wl.length; j++)
					w.write("," + SyntheticSpectra.format(soil.reflectance[i * wl.length + j], 5));
				w.write("\n");
			}
		}
	}

	/**
	 * A wide table of synthetic soils: id, clay and soc (%, no missing values), then the
	 * reflectance at each wavelength (4 significant digits).
	 */
	static void writeSoils(final Path file, final String idPrefix, final int n, final double[] wl,
		final long seed, final SyntheticSpectra.Domain domain) throws IOException
	{
		final SyntheticSpectra.Soil soil = SyntheticSpectra.soil(n, wl, seed, domain);
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("id,clay,soc");
			for (final double v : wl) w.write("," + (long) v);
			w.write("\n");
			for (int i = 0; i < soil.size(); i++) {
				w.write(String.format("%s%03d", idPrefix, i + 1));
				w.write("," + SyntheticSpectra.format(soil.clay[i], 3));
				w.write("," + SyntheticSpectra.format(soil.organicCarbon[i], 3));
				for (int j = 0; j < wl.length; j++)
					w.write("," + SyntheticSpectra.format(soil.reflectance[i * wl.length + j], 4));
				w.write("\n");
			}
		}
	}

	/** Three EMSA/MAS files, 2048 channels at 10 eV: basalt-, granite- and soil-like rocks. */
	static void writeXrf(final Path dir) throws IOException {
		final int channels = 2048;
		final double evPerChannel = 10, offsetEv = -15;
		final double[] keV = new double[channels];
		for (int c = 0; c < channels; c++) keV[c] = (offsetEv + evPerChannel * c) / 1000;
		// line energies (keV): Si Ka, K Ka, Ca Ka, Ti Ka, Fe Ka, Fe Kb, Rh Ka (tube, scattered)
		final double[] lines = { 1.740, 3.314, 3.692, 4.511, 6.404, 7.058, 20.216 };
		final double[][] areas = { { 60000, 3000, 40000, 9000, 90000, 13000, 20000 }, // basalt
			{ 110000, 30000, 8000, 2000, 20000, 3000, 22000 }, // granite
			{ 80000, 15000, 20000, 5000, 45000, 6500, 21000 } }; // soil
		final String[] names = { "basalt", "granite", "soil" };
		for (int s = 0; s < names.length; s++) {
			final double[][] pairs = new double[lines.length][];
			for (int k = 0; k < lines.length; k++) pairs[k] = new double[] { lines[k], areas[s][k] };
			final long[] counts = SyntheticSpectra.xrf(keV, pairs, 100 + s);
			try (Writer w = Files.newBufferedWriter(dir.resolve(names[s] + ".msa"),
				StandardCharsets.UTF_8))
			{
				w.write("#FORMAT      : EMSA/MAS Spectral Data File\n");
				w.write("#VERSION     : 1.0\n");
				w.write("#TITLE       : Spectral CNN synthetic XRF, " + names[s] + "\n");
				w.write("#DATE        : 27-NOV-2026\n#TIME        : 12:00\n");
				w.write("#OWNER       : Spectral CNN test data\n");
				w.write("#NPOINTS     : " + channels + "\n#NCOLUMNS    : 1\n");
				w.write("#XUNITS      : eV\n#YUNITS      : counts\n#DATATYPE    : Y\n");
				w.write("#XPERCHAN    : " + evPerChannel + "\n#OFFSET      : " + offsetEv + "\n");
				w.write("#SIGNALTYPE  : XRF\n#LIVETIME    : 100.0\n#REALTIME    : 104.2\n");
				w.write("#SPECTRUM    :\n");
				for (final long c : counts) w.write(c + "\n");
				w.write("#ENDOFDATA   : \n");
			}
		}
	}

	/** Two ORTEC ASCII .spe files, 1024 channels, quadratic calibration to about 3 MeV. */
	static void writeGamma(final Path dir) throws IOException {
		final int channels = 1024;
		final double c0 = 0.8, c1 = 2.85, c2 = 1.2e-4; // keV
		final double[] keV = new double[channels];
		for (int c = 0; c < channels; c++) keV[c] = c0 + c1 * c + c2 * c * c;
		// Pb-212 239, Bi-214 609, Cs-137 662, K-40 1461, Bi-214 1765, Tl-208 2614 keV
		final double[][] soil = { { 238.6, 9000 }, { 609.3, 5000 }, { 661.7, 1500 }, { 1460.8,
			12000 }, { 1764.5, 1200 }, { 2614.5, 1500 } };
		final double[][] background = { { 238.6, 900 }, { 609.3, 600 }, { 1460.8, 800 }, { 2614.5,
			150 } };
		final String[] names = { "field_soil", "lead_castle_background" };
		final double[][][] spectra = { soil, background };
		for (int s = 0; s < names.length; s++) {
			final long[] counts = SyntheticSpectra.gamma(keV, spectra[s], 200 + s);
			try (Writer w = Files.newBufferedWriter(dir.resolve(names[s] + ".spe"),
				StandardCharsets.UTF_8))
			{
				w.write("$SPEC_ID:\r\nSpectral CNN synthetic gamma spectrum, " + names[s] + "\r\n");
				w.write("$SPEC_REM:\r\nDET# 1\r\nDETDESC# synthetic 3x3 NaI(Tl)\r\n");
				w.write("$DATE_MEA:\r\n11/27/2026 12:00:00\r\n");
				w.write("$MEAS_TIM:\r\n3600 3602\r\n");
				w.write("$DATA:\r\n0 " + (channels - 1) + "\r\n");
				for (final long c : counts) w.write(String.format("%8d\r\n", c));
				w.write("$ENER_FIT:\r\n" + c0 + " " + c1 + "\r\n");
				w.write("$MCA_CAL:\r\n3\r\n" + String.format(java.util.Locale.ROOT,
					"%E %E %E keV\r\n", c0, c1, c2));
			}
		}
	}
}
