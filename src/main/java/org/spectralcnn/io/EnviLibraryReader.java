package org.spectralcnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * ENVI spectral libraries: a header ({@code .hdr}, {@code file type = ENVI Spectral Library})
 * and a binary data file ({@code .sli}) of {@code lines} spectra × {@code samples} points
 * ({@code bands = 1}), one spectrum after the other. Either file may be opened; a folder import
 * reads the {@code .sli} files. Header keys used ({@link EnviHeader}): {@code samples},
 * {@code lines}, {@code bands}, {@code data type}, {@code byte order}, {@code header offset},
 * {@code wavelength} + {@code wavelength units} (the axis), {@code spectra names} (the ids; the
 * file name with {@code _1 _2 …} without them), {@code reflectance scale factor} (values are
 * divided by it) and {@code data ignore value} (a spectrum holding it is refused, since spectra
 * need a value at every point). A header of an image cube ({@code ENVI Standard}) is refused
 * with a message.
 */
final class EnviLibraryReader implements SpectraReader {

	@Override
	public String name() {
		return "ENVI spectral library (.sli + .hdr)";
	}

	/** Only the data file: a folder holds each library's .hdr beside it. */
	@Override
	public List<String> extensions() {
		return Collections.singletonList(EnviHeader.LIBRARY_DATA);
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		return TextSource.firstLine(head).equals("ENVI") || extension.equals(EnviHeader.LIBRARY_DATA);
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws IOException, SpectraFormatException
	{
		final boolean isHeader = TextSource.firstLine(bytes).equals("ENVI");
		final EnviHeader header;
		final Path dataFile;
		final byte[] data;
		if (isHeader) {
			header = EnviHeader.parse(file, bytes, options);
			requireLibrary(header);
			dataFile = header.dataFile(EnviHeader.LIBRARY_DATA);
			data = TextSource.readBytes(dataFile);
		}
		else {
			header = EnviHeader.read(headerOf(file), options);
			requireLibrary(header);
			dataFile = file;
			data = bytes;
		}
		return read(header, dataFile, data, options);
	}

	/** {@code x.sli} → {@code x.hdr} (or {@code x.sli.hdr}, as some programs name it). */
	private static Path headerOf(final Path data) throws SpectraFormatException {
		String name = data.getFileName().toString();
		if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) name = name.substring(0, name.length() - 3);
		final String base = Datasets.stem(data);
		for (final String candidate : new String[] { base + ".hdr", base + ".HDR", name + ".hdr" }) {
			final Path p = data.resolveSibling(candidate);
			if (Files.isRegularFile(p)) return p;
		}
		throw new SpectraFormatException(data, 0, 0, "no ENVI header beside the spectral library " +
			"(looked for " + base + ".hdr and " + name + ".hdr); an .sli file needs its .hdr");
	}

	private static void requireLibrary(final EnviHeader h) throws SpectraFormatException {
		final String type = h.get("file type");
		if (type != null && !type.toLowerCase(Locale.ROOT).contains("spectral library"))
			throw h.error("file type", "'file type = " + type + "' is not a spectral library; " +
				"Import Spectra reads ENVI spectral libraries (.sli), not image cubes");
		if (h.bands() != 1) throw h.error("bands", "a spectral library has bands = 1 (one spectrum " +
			"per line, one point per sample), this header says bands = " + h.bands());
	}

	private static SpectralDataset read(final EnviHeader h, final Path dataFile, final byte[] data,
		final ReadOptions options) throws SpectraFormatException
	{
		h.requireDataSize(dataFile, data.length);
		final int p = h.samples(), n = h.lines(), type = h.dataType();
		final SpectralAxis axis = h.axis(p, options);
		final int size = EnviHeader.bytes(type);
		final long offset = h.headerOffset();
		final double scale = h.reflectanceScaleFactor(), ignore = h.dataIgnoreValue();
		final boolean scaled = Double.isFinite(scale) && scale != 0 && scale != 1;
		final List<String> names = h.list("spectra names");
		if (!names.isEmpty() && names.size() != n) throw h.error("spectra names", "the header " +
			"names " + names.size() + " spectra but lines = " + n);
		final String stem = Datasets.stem(dataFile);
		final String[] ids = new String[n];
		final Set<String> seen = new HashSet<>();
		for (int i = 0; i < n; i++) {
			ids[i] = names.isEmpty() ? stem + "_" + (i + 1) : names.get(i);
			if (ids[i].isEmpty()) throw h.error("spectra names", "spectrum " + (i + 1) +
				" has an empty name");
			if (!seen.add(ids[i])) throw h.error("spectra names", "the spectrum name '" + ids[i] +
				"' appears twice; sample ids must be unique");
		}
		final ByteBuffer buffer = ByteBuffer.wrap(data).order(h.byteOrder());
		final float[] spectra = new float[n * p];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < p; j++) {
				final int position = (int) (offset + ((long) i * p + j) * size);
				final double v = EnviHeader.value(buffer, type, position);
				if (v == ignore || !Double.isFinite(v)) throw new SpectraFormatException(dataFile, 0, 0,
					"spectrum " + (i + 1) + " ('" + ids[i] + "') has " + (v == ignore
						? "the data ignore value " + v : "the value " + v) + " at band " + (j + 1) +
					" (byte offset " + position + "); spectra need a value at every point");
				spectra[i * p + j] = (float) (scaled ? v / scale : v);
			}
		return SpectralDataset.builder(dataFile.getFileName().toString(), axis, ids, spectra).build();
	}
}
