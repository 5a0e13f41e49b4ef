package org.spectralcnn.featuremaps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;

/**
 * The feature maps of one layer for some samples, as an ImgLib2 {@link PlanarImg} whose
 * planes are the only copy of the values (ImageJ stacks made from it share them).
 * <p>
 * Layout, the same for both representations: one plane per filter and sample, image dimensions
 * {@code [x, y, filter, sample]}, plane {@code sample · filters + filter} (ImageJ's hyperstack
 * order: channels = filters, slices = samples). A plane is {@code width} window positions ×
 * {@code height} frequency bins for 2-D (spectrogram) models, and {@code width} positions × 1 for
 * 1-D (spectrum) models. Kernels are maps of one "sample": a plane per filter.
 * Pixel {@code (i, j)} looks at the input around position {@code offsetX + strideX · i} (and
 * frequency bin {@code offsetY + strideY · j} in 2-D): the cumulative stride and the centre of
 * the receptive field through the layers before, which {@link #x()} and {@link #y()} turn into
 * spectral units.
 */
public final class LayerMaps {

	/** A display range: {@code min} and {@code max} of the LUT. */
	public record Range(double min, double max) {}

	/** Percentile of the values (of |values| when signed) that ends the display range. */
	static final double RANGE_PERCENTILE = 99.5;

	private final int index;
	private final String name;
	private final LayerKind kind;
	private final String description;
	private final boolean twoD;
	private final int filters, height, width;
	private final List<String> samples;
	private final int strideX, strideY;
	private final double offsetX, offsetY;
	private final AxisScale x, y;
	private final boolean nonNegative;
	private final PlanarImg<FloatType, FloatArray> img;
	private final float[][] planes;
	private Range range;

	LayerMaps(final int index, final String name, final LayerKind kind, final String description,
		final boolean twoD, final int filters, final int height, final int width,
		final List<String> samples, final int strideX, final int strideY, final double offsetX,
		final double offsetY, final AxisScale x, final AxisScale y, final boolean nonNegative)
	{
		if (!twoD && height != 1) throw new IllegalArgumentException(name +
			": a 1-D layer is 1 pixel high, not " + height);
		this.index = index;
		this.name = name;
		this.kind = kind;
		this.description = description;
		this.twoD = twoD;
		this.filters = filters;
		this.height = height;
		this.width = width;
		this.samples = Collections.unmodifiableList(new ArrayList<>(samples));
		this.strideX = strideX;
		this.strideY = strideY;
		this.offsetX = offsetX;
		this.offsetY = offsetY;
		this.x = x;
		this.y = y;
		this.nonNegative = nonNegative;
		final int n = sampleCount();
		final int count = n * filters;
		final int planeSize = width * height;
		planes = new float[count][];
		final List<FloatArray> arrays = new ArrayList<>(count);
		for (int p = 0; p < count; p++) {
			planes[p] = new float[planeSize];
			arrays.add(new FloatArray(planes[p]));
		}
		final long[] dims = { width, height, filters, n };
		img = new PlanarImg<>(arrays, dims, new Fraction());
		img.setLinkedType(new FloatType(img));
	}

	/** Position in the network: 0 for the input, then 1, 2, … for the layers in order. */
	public int index() {
		return index;
	}

	/** The layer's name in the network ({@code input}, {@code conv1}, {@code pool1}, …). */
	public String name() {
		return name;
	}

	public LayerKind kind() {
		return kind;
	}

	/** One line about the layer, e.g. {@code convolution 8 filters 3×3, linear (its ReLU is applied in pool1)}. */
	public String description() {
		return description;
	}

	/** True for a spectrogram (2-D) model's maps. */
	public boolean isTwoD() {
		return twoD;
	}

	/** Number of filters (channels). */
	public int filters() {
		return filters;
	}

	/** Frequency bins of a 2-D map; 1 for spectra. */
	public int height() {
		return height;
	}

	/** Positions along the spectral axis (window positions in 2-D). */
	public int width() {
		return width;
	}

	/** Ids of the samples, in plane order (empty for kernels). */
	public List<String> samples() {
		return samples;
	}

	/** Number of samples (1 for kernels). */
	public int sampleCount() {
		return Math.max(1, samples.size());
	}

	/** Cumulative stride along x, in input pixels (points, or frames in 2-D). */
	public int strideX() {
		return strideX;
	}

	/** Cumulative stride along y (frequency bins), 2-D only; 1 otherwise. */
	public int strideY() {
		return strideY;
	}

	/** Input position of pixel 0's receptive-field centre along x, in input pixels. */
	public double offsetX() {
		return offsetX;
	}

	/** The same along y (frequency bins), 2-D only. */
	public double offsetY() {
		return offsetY;
	}

	/** The x axis: spectral positions (window centres in 2-D), or kernel offsets. */
	public AxisScale x() {
		return x;
	}

	/** The y axis: frequency in cycles per spectral unit (2-D), or the single row of a 1-D plane (pixel 0). */
	public AxisScale y() {
		return y;
	}

	/** True when no value can be negative (after a ReLU): a one-sided LUT suits it. */
	public boolean isNonNegative() {
		return nonNegative;
	}

	/** The maps; dimensions {@code [x, y, filter, sample]} ({@code y} of size 1 in 1-D). */
	public PlanarImg<FloatType, FloatArray> img() {
		return img;
	}

	/** Width of one plane (= {@link #width()}). */
	public int planeWidth() {
		return width;
	}

	/** Height of one plane (= {@link #height()}: frequency bins in 2-D, 1 in 1-D). */
	public int planeHeight() {
		return height;
	}

	public int planeCount() {
		return planes.length;
	}

	/** Plane {@code p}'s values, row by row (the array itself, shared with {@link #img()}). */
	public float[] plane(final int p) {
		return planes[p];
	}

	/** Index of the plane holding a sample's filter: {@code sample · filters + filter}. */
	public int planeIndex(final int sample, final int filter) {
		return sample * filters + filter;
	}

	/** One value: {@code row} is the frequency bin in 2-D and must be 0 in 1-D. */
	public float value(final int sample, final int filter, final int row, final int column) {
		if (!twoD && row != 0) throw new IndexOutOfBoundsException("row " + row + " of a 1-D map");
		if (column < 0 || column >= width || row < 0 || row >= height)
			throw new IndexOutOfBoundsException("pixel (" + column + ", " + row + ") of " + width +
				" × " + height);
		return planes[planeIndex(sample, filter)][row * width + column];
	}

	/**
	 * Slice labels in plane order: {@code conv1 · filter 3}, with {@code · sample} added for several
	 * samples (and always for the input, whose single filter is not named).
	 */
	public List<String> sliceLabels() {
		final List<String> labels = new ArrayList<>(planes.length);
		final String what = kind == LayerKind.KERNELS ? name + " weights" : name;
		for (int s = 0; s < sampleCount(); s++) {
			final String id = samples.isEmpty() ? null : samples.get(s);
			for (int f = 0; f < filters; f++)
				labels.add(what + (filters > 1 || kind != LayerKind.INPUT ? " · filter " + (f + 1) : "") +
					(id != null && (samples.size() > 1 || kind == LayerKind.INPUT) ? " · " + id : ""));
		}
		return labels;
	}

	/** Mean over the filters (and frequency bins) at each x position of one sample. */
	public double[] meanOverFilters(final int sample) {
		final double[] mean = new double[width];
		for (int f = 0; f < filters; f++) {
			final float[] p = planes[planeIndex(sample, f)];
			for (int r = 0; r < height; r++)
				for (int c = 0; c < width; c++) mean[c] += p[r * width + c];
		}
		final double n = (double) filters * height;
		for (int c = 0; c < width; c++) mean[c] /= n;
		return mean;
	}

	/**
	 * The display range of the whole layer (every filter and sample share it, so that filters
	 * can be compared): {@code [0, p]} for non-negative maps, {@code [-p, p]} otherwise, with
	 * {@code p} the {@value #RANGE_PERCENTILE}th percentile of the values (of their magnitude when
	 * signed); 1 when they are all 0.
	 */
	public synchronized Range displayRange() {
		if (range != null) return range;
		long total = 0;
		for (final float[] p : planes) total += p.length;
		final int step = (int) Math.max(1, total / 2_000_000);
		final float[] v = new float[(int) ((total + step - 1) / step)];
		int n = 0;
		long k = 0;
		double maxAbs = 0;
		for (final float[] p : planes)
			for (final float value : p) {
				if (Float.isNaN(value)) {
					k++;
					continue;
				}
				final float a = nonNegative ? value : Math.abs(value);
				maxAbs = Math.max(maxAbs, Math.abs(value));
				if (k++ % step == 0 && n < v.length) v[n++] = a;
			}
		double p = 0;
		if (n > 0) {
			Arrays.sort(v, 0, n);
			p = v[Math.min(n - 1, (int) Math.ceil(RANGE_PERCENTILE / 100 * n) - 1)];
		}
		if (!(p > 0)) p = maxAbs > 0 ? maxAbs : 1;
		range = nonNegative ? new Range(0, p) : new Range(-p, p);
		return range;
	}

	/** E.g. {@code conv1 (convolution): 8 × 51 × 13, stride 1 × 1}. */
	public String shape() {
		return twoD ? filters + " × " + height + " × " + width : filters + " × " + width;
	}

	@Override
	public String toString() {
		return name + " (" + kind + "): " + shape() + ", " + sampleCount() + " sample" +
			(sampleCount() == 1 ? "" : "s") + ", stride " + strideX + (twoD ? " × " + strideY : "");
	}
}
