package org.spectralcnn.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The output of {@link ImagePrediction}: one float plane (width × height, row-major) per slice,
 * labelled (a target, {@code <target>_lower}, {@code <target>_upper}, {@code t2}, {@code q},
 * {@code out_of_domain}), with the cube's pixel size. Planes small enough for the heap are
 * arrays; larger ones live in a temporary float file that {@link #close()} deletes, so that a
 * map larger than the heap can still be written slice by slice. Lines are written from several
 * workers at once (disjoint lines), so writing is thread-safe.
 */
public final class PredictionPlanes implements Closeable {

	private final int width, height;
	private final List<String> labels;
	private final double pixelWidth, pixelHeight;
	private final String pixelUnit;
	private final float[][] memory;
	private final Path file;
	private final FileChannel channel;

	private PredictionPlanes(final int width, final int height, final List<String> labels,
		final double pixelWidth, final double pixelHeight, final String pixelUnit,
		final float[][] memory, final Path file, final FileChannel channel)
	{
		this.width = width;
		this.height = height;
		this.labels = List.copyOf(labels);
		this.pixelWidth = pixelWidth;
		this.pixelHeight = pixelHeight;
		this.pixelUnit = pixelUnit;
		this.memory = memory;
		this.file = file;
		this.channel = channel;
	}

	/**
	 * NaN-filled planes: in the heap when they take at most {@code heapLimit} bytes, otherwise in
	 * a temporary file (in {@code java.io.tmpdir}).
	 */
	public static PredictionPlanes create(final int width, final int height,
		final List<String> labels, final double pixelWidth, final double pixelHeight,
		final String pixelUnit, final long heapLimit) throws IOException
	{
		final long bytes = 4L * width * height * labels.size();
		if (bytes <= heapLimit && (long) width * height <= Integer.MAX_VALUE - 8) {
			final float[][] planes = new float[labels.size()][width * height];
			for (final float[] p : planes) Arrays.fill(p, Float.NaN);
			return new PredictionPlanes(width, height, labels, pixelWidth, pixelHeight, pixelUnit,
				planes, null, null);
		}
		final Path f = Files.createTempFile("spectral-cnn-prediction-", ".f32");
		final FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE,
			StandardOpenOption.DELETE_ON_CLOSE);
		final PredictionPlanes planes = new PredictionPlanes(width, height, labels, pixelWidth,
			pixelHeight, pixelUnit, null, f, ch);
		// NaN everywhere first: masked and invalid pixels are never written
		final float[] nan = new float[width];
		Arrays.fill(nan, Float.NaN);
		for (int s = 0; s < labels.size(); s++)
			for (int y = 0; y < height; y++) planes.writeLine(s, y, nan, 0);
		return planes;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Slice labels, in slice order. */
	public List<String> labels() {
		return labels;
	}

	public int slices() {
		return labels.size();
	}

	public double pixelWidth() {
		return pixelWidth;
	}

	public double pixelHeight() {
		return pixelHeight;
	}

	public String pixelUnit() {
		return pixelUnit;
	}

	/** True when the planes are in a temporary file rather than the heap. */
	public boolean onDisk() {
		return memory == null;
	}

	/** Writes {@code width} values of {@code values} from {@code offset} to line y of a slice. */
	public void writeLine(final int slice, final int y, final float[] values, final int offset)
		throws IOException
	{
		if (memory != null) {
			System.arraycopy(values, offset, memory[slice], y * width, width);
			return;
		}
		final ByteBuffer b = ByteBuffer.allocate(4 * width).order(ByteOrder.nativeOrder());
		b.asFloatBuffer().put(values, offset, width);
		long at = 4L * ((long) slice * width * height + (long) y * width);
		while (b.hasRemaining())
			at += channel.write(b, at);
	}

	/**
	 * Slice {@code slice} as one array: the plane itself in the heap (not to be changed), a new
	 * array read from the file otherwise.
	 */
	public float[] plane(final int slice) throws IOException {
		if (memory != null) return memory[slice];
		final float[] out = new float[width * height];
		final ByteBuffer b = ByteBuffer.allocate(4 * width).order(ByteOrder.nativeOrder());
		for (int y = 0; y < height; y++) {
			b.clear();
			long at = 4L * ((long) slice * width * height + (long) y * width);
			while (b.hasRemaining()) {
				final int r = channel.read(b, at);
				if (r < 0) throw new IOException(file + ": truncated at slice " + slice + ", line " + y);
				at += r;
			}
			b.flip();
			b.asFloatBuffer().get(out, y * width, width);
		}
		return out;
	}

	/** Value of one pixel (for tests and point read-outs). */
	public float value(final int slice, final int x, final int y) throws IOException {
		if (memory != null) return memory[slice][y * width + x];
		final ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
		channel.read(b, 4L * ((long) slice * width * height + (long) y * width + x));
		return b.getFloat(0);
	}

	/** The slice with this label, or -1. */
	public int slice(final String label) {
		return labels.indexOf(label);
	}

	/** Deletes the temporary file, if any. */
	@Override
	public void close() throws IOException {
		if (channel != null) channel.close();
	}
}
