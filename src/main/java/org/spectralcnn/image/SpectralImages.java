package org.spectralcnn.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.numeric.real.FloatType;

import org.spectralcnn.data.SpectralAxis;

/**
 * Views of a {@link SpectralImage}: an ImgLib2 image (x, y, λ) whose cells are read on demand,
 * single band planes, and the axis of the good bands.
 */
public final class SpectralImages {

	/** Bytes a cell aims at: a few lines of every band, so that a spectrum lies in one cell. */
	private static final long CELL_BYTES = 4L << 20;

	/** Cells kept after reading (least recently used dropped): a band browsed line by line. */
	private static final int CACHED_CELLS = 16;

	private SpectralImages() {}

	/**
	 * A lazy ImgLib2 view with axes x, y, λ (band index, bad bands included): cells of whole lines
	 * × every band, about 4 MiB each, are read from the image when first touched and the last
	 * {@value #CACHED_CELLS} kept, so that the view never holds the cube. A read error surfaces as
	 * an {@link UncheckedIOException}. The image must stay open while the view is used.
	 */
	public static LazyCellImg<FloatType, FloatArray> view(final SpectralImage image) {
		final int w = image.width(), h = image.height(), bands = image.axis().size();
		final int lines = (int) Math.max(1, Math.min(h, CELL_BYTES / (4L * w * bands)));
		final CellGrid grid = new CellGrid(new long[] { w, h, bands }, new int[] { w, lines,
			bands });
		final Map<Long, Cell<FloatArray>> cache = new LinkedHashMap<Long, Cell<FloatArray>>(16,
			0.75f, true)
		{

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(final Map.Entry<Long, Cell<FloatArray>> eldest) {
				return size() > CACHED_CELLS;
			}
		};
		final LazyCellImg.Get<Cell<FloatArray>> get = index -> {
			synchronized (cache) {
				Cell<FloatArray> cell = cache.get(index);
				if (cell == null) {
					cell = readCell(image, grid, index);
					cache.put(index, cell);
				}
				return cell;
			}
		};
		return new LazyCellImg<>(grid, new FloatType(), get);
	}

	private static Cell<FloatArray> readCell(final SpectralImage image, final CellGrid grid,
		final long index)
	{
		final long[] min = new long[3];
		final int[] dims = new int[3];
		grid.getCellDimensions(index, min, dims);
		final int w = dims[0], lines = dims[1], bands = dims[2];
		// x fastest, then y, then band: ImgLib2's flat order within a cell
		final float[] data = new float[w * lines * bands];
		final float[][] line = new float[w][bands];
		try {
			for (int dy = 0; dy < lines; dy++) {
				image.readLine((int) min[1] + dy, line);
				for (int x = 0; x < w; x++)
					for (int b = 0; b < bands; b++) data[x + w * (dy + lines * b)] = line[x][b];
			}
		}
		catch (final IOException e) {
			throw new UncheckedIOException(image.name() + ": " + e.getMessage(), e);
		}
		return new Cell<>(dims, min, new FloatArray(data));
	}

	/**
	 * Reads band {@code b} into {@code plane[y * width + x]}: directly from an ENVI file (one read
	 * per line or one per plane), otherwise line by line.
	 */
	public static void readBand(final SpectralImage image, final int b, final float[] plane)
		throws IOException
	{
		if (image instanceof EnviImage) {
			((EnviImage) image).cube().readBand(b, plane);
			return;
		}
		final int w = image.width();
		final float[][] line = new float[w][image.axis().size()];
		for (int y = 0; y < image.height(); y++) {
			image.readLine(y, line);
			for (int x = 0; x < w; x++) plane[y * w + x] = line[x][b];
		}
	}

	/** The indices of the good bands (all bands when the image marks none bad). */
	public static int[] goodBandIndices(final SpectralImage image) {
		final boolean[] good = image.goodBands();
		int n = 0;
		for (final boolean g : good)
			if (g) n++;
		final int[] keep = new int[n];
		for (int b = 0, k = 0; b < good.length; b++)
			if (good[b]) keep[k++] = b;
		return keep;
	}

	/** The spectral axis of the good bands only (the axis spectra tables of the image use). */
	public static SpectralAxis goodAxis(final SpectralImage image) {
		final int[] keep = goodBandIndices(image);
		final SpectralAxis axis = image.axis();
		if (keep.length == axis.size()) return axis;
		final double[] x = new double[keep.length];
		for (int k = 0; k < keep.length; k++) x[k] = axis.value(keep[k]);
		return SpectralAxis.of(x, axis.unit());
	}
}
