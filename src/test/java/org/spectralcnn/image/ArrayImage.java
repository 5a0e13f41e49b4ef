package org.spectralcnn.image;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/** A cube in the heap, for tests: {@code values[y][x][band]}. */
public final class ArrayImage implements SpectralImage {

	private final float[][][] values;
	private final SpectralAxis axis;
	private final boolean[] good;
	private final String name;

	public ArrayImage(final String name, final SpectralAxis axis, final boolean[] good,
		final float[][][] values)
	{
		this.name = name;
		this.axis = axis;
		this.good = good;
		this.values = values;
	}

	/**
	 * The spectra of a table, row i at pixel (i % width, i / width); pixels after the last row
	 * get row (i mod rows) again.
	 */
	public static ArrayImage of(final SpectralDataset data, final int width, final int height) {
		final float[][][] v = new float[height][width][];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				v[y][x] = data.spectrum((y * width + x) % data.size()).clone();
		final boolean[] good = new boolean[data.points()];
		java.util.Arrays.fill(good, true);
		return new ArrayImage(data.name(), data.axis(), good, v);
	}

	public float[] pixel(final int x, final int y) {
		return values[y][x];
	}

	@Override
	public int width() {
		return values[0].length;
	}

	@Override
	public int height() {
		return values.length;
	}

	@Override
	public SpectralAxis axis() {
		return axis;
	}

	@Override
	public boolean[] goodBands() {
		return good.clone();
	}

	@Override
	public double pixelWidth() {
		return 0.5;
	}

	@Override
	public double pixelHeight() {
		return 0.25;
	}

	@Override
	public String pixelUnit() {
		return "mm";
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public void readLine(final int y, final float[][] out) {
		for (int x = 0; x < width(); x++)
			System.arraycopy(values[y][x], 0, out[x], 0, axis.size());
	}

	@Override
	public void close() {}
}
