package org.spectralcnn.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Model-file entries of raw numbers: little-endian IEEE float64 arrays ({@code .f64}), their
 * shape given by the manifest. Reading checks the size and that every value is finite.
 */
public final class Float64Entries {

	private Float64Entries() {}

	public static byte[] bytes(final double[] v) {
		final ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (final double d : v) b.putDouble(d);
		return b.array();
	}

	/** A matrix, row after row. */
	public static byte[] bytes(final double[][] m) {
		int size = 0;
		for (final double[] row : m) size += row.length;
		final ByteBuffer b = ByteBuffer.allocate(size * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (final double[] row : m)
			for (final double d : row) b.putDouble(d);
		return b.array();
	}

	/**
	 * @throws ModelFileException if the entry is missing, has another size or a non-finite value
	 */
	public static double[] array(final ModelArchive archive, final String entry, final int size)
		throws ModelFileException
	{
		final byte[] raw = archive.entry(entry);
		if (raw.length != size * 8L) throw new ModelFileException(archive.file(), "zip entry '" +
			entry + "' holds " + raw.length + " bytes, expected " + size + " float64 values");
		final ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
		final double[] v = new double[size];
		for (int i = 0; i < size; i++) {
			v[i] = b.getDouble();
			if (!Double.isFinite(v[i])) throw new ModelFileException(archive.file(), "zip entry '" +
				entry + "' holds a non-finite value at " + i);
		}
		return v;
	}

	/** A rows × cols matrix written by {@link #bytes(double[][])}. */
	public static double[][] matrix(final ModelArchive archive, final String entry,
		final int rows, final int cols) throws ModelFileException
	{
		final double[] flat = array(archive, entry, rows * cols);
		final double[][] m = new double[rows][];
		for (int r = 0; r < rows; r++) {
			m[r] = new double[cols];
			System.arraycopy(flat, r * cols, m[r], 0, cols);
		}
		return m;
	}
}
