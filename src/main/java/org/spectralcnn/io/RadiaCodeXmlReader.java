package org.spectralcnn.io;

import java.io.CharArrayReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * RadiaCode spectrometer XML ({@code <ResultDataFile>}): the first {@code <EnergySpectrum>}
 * (not the {@code <BackgroundEnergySpectrum>} stored beside it) with its {@code <DataPoint>}
 * counts, {@code <EnergyCalibration>} polynomial coefficients (keV, lowest order first) and
 * {@code <MeasurementTime>} (s, numeric column {@code measurement_time_s}); its
 * {@code <SpectrumName>} becomes the text column {@code spectrum_name}.
 * <p>
 * Parsed with the JDK's streaming parser, DTDs and external entities off, over text that
 * {@link TextSource} already decoded strictly: the encoding is the option's, not a guess.
 */
final class RadiaCodeXmlReader implements SpectraReader {

	@Override
	public String name() {
		return "RadiaCode XML";
	}

	@Override
	public List<String> extensions() {
		return Collections.singletonList("xml");
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		return TextSource.firstLine(head).startsWith("<?xml") || extension.equals("xml");
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		final TextSource source = TextSource.text(file, bytes, options);
		source.requireStart("<", "an XML spectrum");
		return read(source, options);
	}

	static SpectralDataset read(final TextSource source, final ReadOptions options)
		throws SpectraFormatException
	{
		final Path file = source.file;
		final XMLInputFactory factory = XMLInputFactory.newFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		XMLStreamReader xml = null;
		try {
			xml = factory.createXMLStreamReader(new CharArrayReader(source.chars, 0, source.length));
			boolean inSpectrum = false, found = false;
			int channels = -1, spectrumLine = 0;
			String name = null;
			double time = Double.NaN;
			double[] coefficients = new double[0];
			float[] counts = new float[256];
			int n = 0;
			while (xml.hasNext()) {
				final int event = xml.next();
				if (event == XMLStreamConstants.END_ELEMENT && inSpectrum && xml.getLocalName().equals(
					"EnergySpectrum")) break;
				if (event != XMLStreamConstants.START_ELEMENT) continue;
				final String tag = xml.getLocalName();
				if (!inSpectrum) {
					if (tag.equals("EnergySpectrum")) {
						inSpectrum = found = true;
						spectrumLine = xml.getLocation().getLineNumber();
					}
					continue;
				}
				switch (tag) {
					case "NumberOfChannels":
						channels = (int) number(file, xml, tag);
						break;
					case "SpectrumName":
						name = xml.getElementText().trim();
						break;
					case "MeasurementTime":
						time = number(file, xml, tag);
						break;
					case "Coefficient":
						coefficients = Arrays.copyOf(coefficients, coefficients.length + 1);
						coefficients[coefficients.length - 1] = number(file, xml, tag);
						break;
					case "DataPoint":
						if (n == counts.length) counts = Arrays.copyOf(counts, n * 2);
						final int line = xml.getLocation().getLineNumber();
						counts[n] = (float) number(file, xml, tag);
						if (!Float.isFinite(counts[n++])) throw new SpectraFormatException(file, line, 0,
							"<DataPoint> is beyond the range of spectrum values (float, ±3.4E38)");
						break;
					default:
						break;
				}
			}
			if (!found) throw new SpectraFormatException(file, 0, 0, "no <EnergySpectrum> element: " +
				"only RadiaCode XML spectra are read from .xml files");
			if (channels >= 0 && channels != n) throw new SpectraFormatException(file, spectrumLine, 0,
				"<NumberOfChannels> is " + channels + " but the spectrum has " + n + " <DataPoint>s");
			if (n < 2) throw new SpectraFormatException(file, spectrumLine, 0,
				"a spectrum needs at least 2 <DataPoint>s, found " + n);
			final SpectralDataset.Builder b = Datasets.single(file, axis(file, coefficients, n,
				options), Arrays.copyOf(counts, n));
			Datasets.numeric(b, "measurement_time_s", time);
			Datasets.text(b, "spectrum_name", name);
			return b.build();
		}
		catch (final XMLStreamException e) {
			final Location at = e.getLocation();
			final String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst(
				"(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
			throw new SpectraFormatException(file, at == null ? 0 : at.getLineNumber(), at == null ? 0
				: at.getColumnNumber(), "not well-formed XML: " + message);
		}
		finally {
			if (xml != null) try {
				xml.close();
			}
			catch (final XMLStreamException e) {
				// nothing to release for an in-memory reader
			}
		}
	}

	private static double number(final Path file, final XMLStreamReader xml, final String tag)
		throws XMLStreamException, SpectraFormatException
	{
		final int line = xml.getLocation().getLineNumber();
		final String text = xml.getElementText();
		final double v = Decimals.parse(text);
		if (!Double.isFinite(v)) throw new SpectraFormatException(file, line, 0, "<" + tag + "> " +
			"should hold a number, found '" + text.trim() + "'");
		return v;
	}

	private static SpectralAxis axis(final Path file, final double[] c, final int n,
		final ReadOptions options) throws SpectraFormatException
	{
		final double[] e = options.unit() == SpectralUnit.CHANNEL ? null : AxisUnits.polynomial(c, 0,
			n, 1);
		if (e != null) {
			AxisUnits.requireUnit(file, options, SpectralUnit.KEV, "<EnergyCalibration>");
			return SpectralAxis.of(e, SpectralUnit.KEV);
		}
		AxisUnits.requireUnit(file, options, SpectralUnit.CHANNEL, "no usable <EnergyCalibration>");
		return SpectralAxis.channels(n);
	}
}
