package org.spectralcnn.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spectralcnn.data.SpectralDataset;

/**
 * Writes the spectra of a table as a float32 BIL ENVI cube (row i at pixel (i % samples, i /
 * samples), wavelengths from the axis, 0.5 mm pixels), for tests of Predict Image.
 */
public final class CubeFiles {

	private CubeFiles() {}

	/** Writes {@code dir/name.hdr} and {@code dir/name.img}; returns the header. */
	public static Path write(final Path dir, final String name, final SpectralDataset data,
		final int samples, final int lines) throws IOException
	{
		final int bands = data.points();
		final StringBuilder wl = new StringBuilder();
		for (int b = 0; b < bands; b++) wl.append(b == 0 ? "" : ", ").append(data.axis().value(b));
		final Path header = dir.resolve(name + ".hdr");
		Files.writeString(header, "ENVI\nsamples = " + samples + "\nlines = " + lines +
			"\nbands = " + bands + "\nheader offset = 0\nfile type = ENVI Standard\ndata type = 4\n" +
			"interleave = bil\nbyte order = 0\nwavelength units = Nanometers\n" +
			"pixel size = {0.5, 0.5, units=Millimeters}\nwavelength = {" + wl + "}\n",
			StandardCharsets.UTF_8);
		final ByteBuffer b = ByteBuffer.allocate(4 * samples * lines * bands).order(
			ByteOrder.LITTLE_ENDIAN);
		for (int y = 0; y < lines; y++)
			for (int band = 0; band < bands; band++)
				for (int x = 0; x < samples; x++)
					b.putFloat(data.value((y * samples + x) % data.size(), band));
		Files.write(dir.resolve(name + ".img"), b.array());
		return header;
	}

	/** The first {@code samples × lines} rows (cycled) as a table with ids y<line>_x<sample> (as a cube read as a table). */
	public static SpectralDataset pixels(final SpectralDataset data, final int samples,
		final int lines)
	{
		final int p = data.points();
		final float[] v = new float[samples * lines * p];
		final String[] ids = new String[samples * lines];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = "y" + i / samples + "_x" + i % samples;
			System.arraycopy(data.spectrum(i % data.size()), 0, v, i * p, p);
		}
		return SpectralDataset.builder("pixels", data.axis(), ids, v).build();
	}
}
