package org.spectralcnn.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A named set of pixels of a {@code width × height} image (an ROI, or one label of a label
 * image), held as sorted pixel indices {@code y * width + x} so that the pixels of one line
 * follow each other and a cube can be read line by line once for all regions.
 */
public final class Region {

	private final String name;
	private final int width, height;
	private final int[] pixels;

	private Region(final String name, final int width, final int height, final int[] pixels) {
		this.name = name;
		this.width = width;
		this.height = height;
		this.pixels = pixels;
	}

	/**
	 * A region of the given pixels ({@code y * width + x}; order and repeats do not matter).
	 *
	 * @throws IllegalArgumentException for an empty name or a pixel outside the image
	 */
	public static Region of(final String name, final int width, final int height,
		final int[] pixels)
	{
		if (name == null || name.isEmpty()) throw new IllegalArgumentException("a region needs a name");
		final int[] sorted = Arrays.stream(pixels).sorted().distinct().toArray();
		final long size = (long) width * height;
		if (sorted.length > 0 && (sorted[0] < 0 || sorted[sorted.length - 1] >= size))
			throw new IllegalArgumentException("region '" + name + "' has a pixel outside the " +
				width + " × " + height + " image");
		return new Region(name, width, height, sorted);
	}

	/**
	 * One region per label of a label image ({@code labels[y * width + x]}): every whole number
	 * above 0 is a region named {@code label_<n>}, in increasing order; 0 and NaN are background.
	 *
	 * @throws IllegalArgumentException for a negative or fractional label, naming the pixel
	 */
	public static List<Region> fromLabels(final float[] labels, final int width,
		final int height)
	{
		if (labels.length != width * height) throw new IllegalArgumentException("a label image of " +
			labels.length + " pixels is not " + width + " × " + height);
		final TreeMap<Long, int[]> counts = new TreeMap<>();
		for (int i = 0; i < labels.length; i++) {
			final float v = labels[i];
			if (v == 0 || Float.isNaN(v)) continue;
			if (v < 0 || v != Math.rint(v)) throw new IllegalArgumentException("label " + v +
				" at x " + i % width + ", y " + i / width + " is not a whole number above 0 " +
				"(0 is background)");
			counts.computeIfAbsent((long) v, k -> new int[1])[0]++;
		}
		final TreeMap<Long, int[]> members = new TreeMap<>();
		for (final var e : counts.entrySet()) members.put(e.getKey(), new int[e.getValue()[0]]);
		final TreeMap<Long, int[]> filled = new TreeMap<>();
		for (int i = 0; i < labels.length; i++) {
			final float v = labels[i];
			if (v == 0 || Float.isNaN(v)) continue;
			final long label = (long) v;
			final int[] at = filled.computeIfAbsent(label, k -> new int[1]);
			members.get(label)[at[0]++] = i;
		}
		final List<Region> regions = new ArrayList<>();
		for (final var e : members.entrySet())
			regions.add(new Region("label_" + e.getKey(), width, height, e.getValue()));
		return regions;
	}

	public String name() {
		return name;
	}

	/** A region with another name (the same pixels). */
	public Region named(final String newName) {
		return new Region(newName, width, height, pixels);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Number of pixels. */
	public int size() {
		return pixels.length;
	}

	/** The sorted pixel indices {@code y * width + x} (a copy). */
	public int[] pixels() {
		return pixels.clone();
	}

	int pixel(final int i) {
		return pixels[i];
	}

	@Override
	public String toString() {
		return name + " (" + pixels.length + " pixels)";
	}
}
