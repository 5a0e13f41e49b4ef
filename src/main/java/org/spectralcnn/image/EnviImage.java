package org.spectralcnn.image;

import java.io.IOException;
import java.nio.file.Path;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.io.EnviCube;
import org.spectralcnn.io.ReadOptions;
import org.spectralcnn.io.SpectraFormatException;

/**
 * An ENVI image cube ({@code .hdr} + data file) as a {@link SpectralImage}: the decoding (all
 * interleaves, data types, byte orders, scale factors, bad bands, ignore value, pixel size) is
 * {@link EnviCube}'s; this class only presents it line by line.
 */
public final class EnviImage implements SpectralImage {

	private final EnviCube cube;
	private final String name;

	private EnviImage(final EnviCube cube) {
		this.cube = cube;
		this.name = cube.header().getFileName().toString();
	}

	/**
	 * Opens the cube an ENVI header describes; the data file stays open (and is read on demand)
	 * until {@link #close()}.
	 *
	 * @throws SpectraFormatException for a header or data file that cannot be read as a cube,
	 *           naming the file and the key
	 */
	public static EnviImage open(final Path header) throws IOException, SpectraFormatException {
		return new EnviImage(EnviCube.open(header, ReadOptions.defaults()));
	}

	/** The underlying cube (interleave, data type, band planes). */
	public EnviCube cube() {
		return cube;
	}

	@Override
	public int width() {
		return cube.samples();
	}

	@Override
	public int height() {
		return cube.lines();
	}

	@Override
	public SpectralAxis axis() {
		return cube.axis();
	}

	@Override
	public boolean[] goodBands() {
		return cube.goodBands();
	}

	@Override
	public double pixelWidth() {
		return cube.pixelWidth();
	}

	@Override
	public double pixelHeight() {
		return cube.pixelHeight();
	}

	@Override
	public String pixelUnit() {
		return cube.pixelUnit();
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public void readLine(final int y, final float[][] out) throws IOException {
		cube.readLine(y, out);
	}

	@Override
	public void readLineBands(final int y, final float[] out, final int at, final int stride)
		throws IOException
	{
		cube.readLineBands(y, out, at, stride);
	}

	@Override
	public void close() throws IOException {
		cube.close();
	}

	@Override
	public String toString() {
		return cube.toString();
	}
}
