package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.process.ImageProcessor;
import java.awt.Point;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.spectralcnn.image.Region;

/**
 * ImageJ ROIs and label images as {@link Region}s of a {@code width × height} cube: ROI Manager
 * selections, a ROI set ({@code .zip} as the ROI Manager saves it, or one {@code .roi}), or a
 * label image (a TIFF of whole numbers, 0 = background). A ROI's pixels are those ImageJ counts
 * as inside it ({@link Roi#getContainedPoints()}), clipped to the image.
 */
public final class RoiRegions {

	private RoiRegions() {}

	/** A ROI's pixels; its name, else {@code fallback}. */
	public static Region region(final Roi roi, final String fallback, final int width,
		final int height)
	{
		final String name = roi.getName() != null && !roi.getName().isBlank() ? roi.getName()
			: fallback;
		final Point[] points = roi.getContainedPoints();
		final int[] pixels = new int[points.length];
		int n = 0;
		for (final Point p : points)
			if (p.x >= 0 && p.y >= 0 && p.x < width && p.y < height) pixels[n++] = p.y * width + p.x;
		return Region.of(name, width, height, Arrays.copyOf(pixels, n));
	}

	/** The regions of ROIs (e.g. the ROI Manager's), unnamed ones called {@code roi_<n>}. */
	public static List<Region> regions(final Roi[] rois, final int width, final int height) {
		final List<Region> regions = new ArrayList<>();
		for (int i = 0; i < rois.length; i++)
			regions.add(region(rois[i], "roi_" + (i + 1), width, height));
		return regions;
	}

	/**
	 * The ROIs of a ROI set ({@code .zip} of {@code .roi} entries) or of one {@code .roi} file;
	 * an unnamed ROI is called after its entry.
	 *
	 * @throws IOException naming the file (and entry) that is not a ROI
	 */
	public static List<Region> fromRoiFile(final Path file, final int width, final int height)
		throws IOException
	{
		final List<Region> regions = new ArrayList<>();
		if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".roi")) {
			regions.add(region(decode(Files.readAllBytes(file), file, null), stem(file.getFileName()
				.toString()), width, height));
			return regions;
		}
		try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(
			in))
		{
			ZipEntry e;
			while ((e = zip.getNextEntry()) != null) {
				if (e.isDirectory() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".roi")) continue;
				final String entry = e.getName().substring(e.getName().lastIndexOf('/') + 1);
				regions.add(region(decode(zip.readAllBytes(), file, entry), stem(entry), width, height));
			}
		}
		catch (final java.util.zip.ZipException e) {
			throw new IOException(file + ": not a ROI set (.zip of .roi files, as the ROI Manager " +
				"saves it): " + e.getMessage(), e);
		}
		if (regions.isEmpty()) throw new IOException(file + ": no .roi entries; a ROI set is the " +
			".zip the ROI Manager saves (More › Save)");
		return regions;
	}

	private static Roi decode(final byte[] bytes, final Path file, final String entry)
		throws IOException
	{
		Roi roi = null;
		try {
			roi = new RoiDecoder(bytes, entry).getRoi();
		}
		catch (final RuntimeException e) {
			// a corrupt ROI makes the decoder index past its bytes
		}
		if (roi == null) throw new IOException(file + (entry == null ? "" : ", entry " + entry) +
			": not an ImageJ ROI (.roi)");
		return roi;
	}

	private static String stem(final String name) {
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/**
	 * The regions of a label image: one per whole number above 0, named {@code label_<n>}.
	 *
	 * @throws IOException for a file ImageJ cannot open, of another size than the cube, or with
	 *           more than one slice
	 */
	public static List<Region> fromLabelImage(final Path file, final int width, final int height)
		throws IOException
	{
		final ImagePlus imp = Files.isRegularFile(file) ? ImageFiles.openQuietly(file) : null;
		if (imp == null) throw new IOException(file + ": not an image ImageJ can open (a label " +
			"image is a TIFF of whole numbers, 0 = background)");
		if (imp.getWidth() != width || imp.getHeight() != height) throw new IOException(file +
			": the label image is " + imp.getWidth() + " × " + imp.getHeight() + " but the cube is " +
			width + " × " + height);
		if (imp.getStackSize() != 1) throw new IOException(file + ": the label image has " + imp
			.getStackSize() + " slices; it needs one");
		final ImageProcessor ip = imp.getProcessor();
		final float[] labels = new float[width * height];
		for (int i = 0; i < labels.length; i++) labels[i] = ip.getf(i);
		try {
			return Region.fromLabels(labels, width, height);
		}
		catch (final IllegalArgumentException e) {
			throw new IOException(file + ": " + e.getMessage(), e);
		}
	}
}
