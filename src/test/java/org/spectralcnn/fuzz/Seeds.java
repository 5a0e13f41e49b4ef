package org.spectralcnn.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.models.Models;

/**
 * The seed files of the fuzz suite, small and valid, one row per supported format. A new reader
 * (registered in {@code io.SpectraReaders}) joins the suite with one more row here: its name, a
 * file name with its extension and a small valid file.
 */
public final class Seeds {

	public static final FileFuzzer.Reader SPECTRA = SpectraIO::open;
	public static final FileFuzzer.Reader MODEL = Models::load;

	/** Samples and points of the tables: small enough for thousands of cases a minute. */
	static final int SAMPLES = 24, POINTS = 40;

	private Seeds() {}

	/**
	 * Every seed.
	 *
	 * @param models model files (CNN, PLSR) to mutate too; they are made by training on
	 *          {@link #wideCsv}, which takes a SciJava context, so the caller brings them
	 */
	public static List<FileFuzzer.Seed> all(final List<Path> models) throws IOException {
		final List<FileFuzzer.Seed> seeds = new ArrayList<>();
		seeds.add(spectra("wide CSV", "soil.csv", wideCsv(',', '.')));
		seeds.add(spectra("wide semicolon CSV, decimal comma", "soil_eu.csv", wideCsv(';', ',')));
		seeds.add(spectra("wide TSV", "soil.tsv", wideCsv('\t', '.')));
		seeds.add(spectra("long table", "spectrum.csv", longTable()));
		seeds.add(spectra("EMSA/MAS", "sample.msa", msa()));
		seeds.add(spectra("ORTEC .spe", "sample.spe", spe()));
		seeds.add(spectra("RadiaCode XML", "sample.xml", radiacode()));
		seeds.add(spectra("gzip CSV", "soil.csv.gz", gzip(wideCsv(',', '.'))));
		for (final Path model : models)
			seeds.add(new FileFuzzer.Seed("model " + model.getFileName(), model.getFileName()
				.toString(), Files.readAllBytes(model), MODEL));
		return seeds;
	}

	private static FileFuzzer.Seed spectra(final String format, final String name,
		final String text)
	{
		return spectra(format, name, text.getBytes(StandardCharsets.UTF_8));
	}

	private static FileFuzzer.Seed spectra(final String format, final String name,
		final byte[] bytes)
	{
		return new FileFuzzer.Seed(format, name, bytes, SPECTRA);
	}

	/**
	 * A vis-NIR table: id, clay, soc (some missing), train, then {@link #POINTS} reflectances
	 * from 400 nm in 50 nm steps.
	 */
	static String wideCsv(final char delimiter, final char decimal) {
		final SplittableRandom r = new SplittableRandom(14);
		final StringBuilder sb = new StringBuilder("id").append(delimiter).append("clay").append(
			delimiter).append("soc").append(delimiter).append("train");
		for (int p = 0; p < POINTS; p++) sb.append(delimiter).append(400 + 50 * p);
		sb.append('\n');
		for (int i = 0; i < SAMPLES; i++) {
			final double clay = 5 + 50 * r.nextDouble();
			sb.append("S").append(i + 1).append(delimiter).append(number(clay, decimal)).append(
				delimiter).append(i % 5 == 3 ? "" : number(0.5 + 3 * r.nextDouble(), decimal)).append(
					delimiter).append(i % 4 == 0 ? 0 : 1);
			for (int p = 0; p < POINTS; p++) sb.append(delimiter).append(number(0.2 + 0.3 * Math.sin(
				p / 7.0) - 0.002 * clay + 0.01 * r.nextDouble(), decimal));
			sb.append('\n');
		}
		return sb.toString();
	}

	private static String number(final double v, final char decimal) {
		return String.format(Locale.ROOT, "%.4f", v).replace('.', decimal);
	}

	static String longTable() {
		final StringBuilder sb = new StringBuilder("wavelength_nm,reflectance\n");
		for (int p = 0; p < 60; p++) sb.append(400 + 10 * p).append(',').append(number(0.3 + 0.1 *
			Math.cos(p / 9.0), '.')).append('\n');
		return sb.toString();
	}

	static String msa() {
		final StringBuilder sb = new StringBuilder(String.join("\n", "#FORMAT      : EMSA/MAS Spectral Data File",
			"#VERSION     : 1.0", "#TITLE       : fuzz seed", "#NPOINTS     : 32", "#NCOLUMNS    : 1",
			"#XUNITS      : eV", "#YUNITS      : counts", "#DATATYPE    : Y", "#XPERCHAN    : 20.0",
			"#OFFSET      : -10.0", "#LIVETIME    : 100.0", "#REALTIME    : 104.2",
			"#SPECTRUM    :", ""));
		for (int i = 0; i < 32; i++) sb.append(Math.round(100 + 80 * Math.sin(i / 3.0))).append('\n');
		return sb.append("#ENDOFDATA   :\n").toString();
	}

	static String spe() {
		final StringBuilder sb = new StringBuilder(String.join("\n", "$SPEC_ID:", "fuzz seed",
			"$MEAS_TIM:", "3600 3602", "$DATA:", "0 31", ""));
		for (int i = 0; i < 32; i++) sb.append(String.format(Locale.ROOT, "%8d%n", 400 + (i * 37) %
			90));
		return sb.append(String.join("\n", "$ENER_FIT:", "0.5 3.0", "$MCA_CAL:", "3",
			"0.5 3.0 0.0001 keV", "")).toString();
	}

	static String radiacode() {
		final StringBuilder sb = new StringBuilder(String.join("\n",
			"<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<ResultDataFile>", "<ResultDataList>",
			"<ResultData>", "<EnergySpectrum>", "<NumberOfChannels>32</NumberOfChannels>",
			"<SpectrumName>fuzz seed</SpectrumName>", "<MeasurementTime>600</MeasurementTime>",
			"<EnergyCalibration>", "<PolynomialOrder>2</PolynomialOrder>", "<Coefficients>",
			"<Coefficient>-7.5</Coefficient>", "<Coefficient>2.4</Coefficient>",
			"<Coefficient>0.0004</Coefficient>", "</Coefficients>", "</EnergyCalibration>",
			"<Spectrum>", ""));
		for (int i = 0; i < 32; i++) sb.append("<DataPoint>").append(50 + (i * 13) % 40).append(
			"</DataPoint>\n");
		return sb.append(String.join("\n", "</Spectrum>", "</EnergySpectrum>", "</ResultData>",
			"</ResultDataList>", "</ResultDataFile>", "")).toString();
	}

	static byte[] gzip(final String text) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
			gz.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return bytes.toByteArray();
	}
}
