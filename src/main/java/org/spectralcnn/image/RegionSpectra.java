package org.spectralcnn.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.spectralcnn.data.MemoryLimits;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.EnviCube;

/**
 * Region spectra of a hyperspectral image: the mean spectrum of each region's pixels (and, on
 * request, every pixel's spectrum) as a spectra table that the other commands read. The cube is
 * read once, line by line, only over the lines regions touch. A pixel counts when it has a finite
 * value in every good band; masked pixels (the data ignore value, NaN) are left out of the mean
 * and counted. Bad bands are left out of the table, as when the image is read as spectra.
 * <p>
 * Table columns besides the spectra: {@code roi} (the region's name), {@code pixels} (pixels in
 * the mean; 1 for a pixel row) and {@code masked_pixels} (pixels left out). Ids are the region
 * names (made unique with {@code -2}, {@code -3} …) and, for pixel rows,
 * {@code <name>_y<line>_x<sample>}.
 */
public final class RegionSpectra {

	/** Hears the lines read; returns false to stop (the computation then throws). */
	@FunctionalInterface
	public interface Progress {

		boolean line(int done, int total);
	}

	/** The table and what was left out. */
	public static final class Result {

		private final SpectralDataset table;
		private final List<String> empty;
		private final int masked;

		Result(final SpectralDataset table, final List<String> empty, final int masked) {
			this.table = table;
			this.empty = empty;
			this.masked = masked;
		}

		/** One row per region with a valid pixel (then its pixel rows, if asked for). */
		public SpectralDataset table() {
			return table;
		}

		/** Regions without a single valid pixel, left out of the table. */
		public List<String> emptyRegions() {
			return empty;
		}

		/** Pixels left out over all regions (masked or not finite in a good band). */
		public int maskedPixels() {
			return masked;
		}
	}

	private RegionSpectra() {}

	/**
	 * Computes the region spectra.
	 *
	 * @param everyPixel also a row for every valid pixel of every region, after its mean
	 * @param progress hears each line read (may be null); false from it stops with a
	 *          {@link CancellationException}
	 * @throws IllegalArgumentException for no regions, regions of another image size, a table too
	 *           large, or regions none of which has a valid pixel
	 */
	public static Result compute(final SpectralImage image, final List<Region> regions,
		final boolean everyPixel, final Progress progress) throws IOException
	{
		if (regions.isEmpty()) throw new IllegalArgumentException(image.name() + ": no regions");
		final int w = image.width(), h = image.height(), bands = image.axis().size();
		long pixelRows = 0;
		int first = h, last = -1;
		for (final Region r : regions) {
			if (r.width() != w || r.height() != h) throw new IllegalArgumentException("region '" + r
				.name() + "' belongs to a " + r.width() + " × " + r.height() + " image, not to " + image
					.name() + " (" + w + " × " + h + ")");
			if (r.size() == 0) continue;
			first = Math.min(first, r.pixel(0) / w);
			last = Math.max(last, r.pixel(r.size() - 1) / w);
			pixelRows += r.size();
		}
		final int[] keep = SpectralImages.goodBandIndices(image);
		final int p = keep.length;
		if (p == 0) throw new IllegalArgumentException(image.name() + ": every band is marked bad");
		final SpectralAxis axis = SpectralImages.goodAxis(image);
		final long rows = regions.size() + (everyPixel ? pixelRows : 0);
		final String tooLarge = MemoryLimits.tooLarge(rows * p, 4, rows + " rows × " + p +
			" bands of region spectra");
		if (tooLarge != null) throw new IllegalArgumentException(image.name() + ": " + tooLarge);

		final int n = regions.size();
		final double[][] sums = new double[n][p];
		final int[] counts = new int[n], masked = new int[n], cursor = new int[n];
		final List<List<float[]>> pixelSpectra = new ArrayList<>();
		final List<List<String>> pixelIds = new ArrayList<>();
		for (int r = 0; r < n; r++) {
			pixelSpectra.add(everyPixel ? new ArrayList<>() : null);
			pixelIds.add(everyPixel ? new ArrayList<>() : null);
		}
		final float[][] line = new float[w][bands];
		final int total = Math.max(0, last - first + 1);
		for (int y = first; y <= last; y++) {
			final int lineEnd = (y + 1) * w;
			boolean read = false;
			for (int r = 0; r < n; r++) {
				final Region region = regions.get(r);
				while (cursor[r] < region.size() && region.pixel(cursor[r]) < lineEnd) {
					if (!read) {
						image.readLine(y, line);
						read = true;
					}
					final int x = region.pixel(cursor[r]++) - y * w;
					final float[] v = line[x];
					if (!valid(v, keep)) {
						masked[r]++;
						continue;
					}
					counts[r]++;
					final double[] s = sums[r];
					for (int k = 0; k < p; k++) s[k] += v[keep[k]];
					if (everyPixel) {
						final float[] spectrum = new float[p];
						for (int k = 0; k < p; k++) spectrum[k] = v[keep[k]];
						pixelSpectra.get(r).add(spectrum);
						pixelIds.get(r).add("_" + EnviCube.pixelId(y, x));
					}
				}
			}
			if (progress != null && !progress.line(y - first + 1, total))
				throw new CancellationException("stopped after " + (y - first + 1) + " of " + total +
					" lines");
		}

		final List<String> ids = new ArrayList<>(), roi = new ArrayList<>(), empty =
			new ArrayList<>();
		final List<float[]> spectra = new ArrayList<>();
		final List<Double> pixels = new ArrayList<>(), maskedColumn = new ArrayList<>();
		final Set<String> used = new HashSet<>();
		int maskedTotal = 0;
		for (int r = 0; r < n; r++) {
			maskedTotal += masked[r];
			final String name = unique(regions.get(r).name(), used);
			if (counts[r] == 0) {
				empty.add(name);
				continue;
			}
			final float[] mean = new float[p];
			for (int k = 0; k < p; k++) mean[k] = (float) (sums[r][k] / counts[r]);
			ids.add(name);
			roi.add(name);
			spectra.add(mean);
			pixels.add((double) counts[r]);
			maskedColumn.add((double) masked[r]);
			if (everyPixel) {
				final List<String> suffixes = pixelIds.get(r);
				for (int i = 0; i < suffixes.size(); i++) {
					ids.add(unique(name + suffixes.get(i), used));
					roi.add(name);
					spectra.add(pixelSpectra.get(r).get(i));
					pixels.add(1.0);
					maskedColumn.add(0.0);
				}
			}
		}
		if (ids.isEmpty()) {
			int outside = 0; // ROIs drawn on another image, or past its edge
			for (final Region region : regions)
				if (region.size() == 0) outside++;
			throw new IllegalArgumentException(image.name() + ": no region has a pixel with a value " +
				"in every good band (" + (outside > 0 ? outside + " of " + n + " regions cover no pixel " +
					"of the " + w + " × " + h + " image; " : "") + maskedTotal +
				" pixels masked: data ignore value or NaN)");
		}
		final float[] data = new float[ids.size() * p];
		for (int i = 0; i < spectra.size(); i++) System.arraycopy(spectra.get(i), 0, data, i * p, p);
		final SpectralDataset table = SpectralDataset.builder(image.name() + " ROI spectra", axis, ids
			.toArray(new String[0]), data).text("roi", roi.toArray(new String[0])).numeric("pixels",
				pixels.stream().mapToDouble(Double::doubleValue).toArray()).numeric("masked_pixels",
					maskedColumn.stream().mapToDouble(Double::doubleValue).toArray()).build();
		return new Result(table, empty, maskedTotal);
	}

	private static boolean valid(final float[] v, final int[] keep) {
		for (final int b : keep)
			if (!Float.isFinite(v[b])) return false;
		return true;
	}

	private static String unique(final String name, final Set<String> used) {
		String id = name;
		for (int k = 2; !used.add(id); k++) id = name + "-" + k;
		return id;
	}
}
