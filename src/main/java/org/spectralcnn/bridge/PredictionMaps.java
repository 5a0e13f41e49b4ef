package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.spectralcnn.image.PredictionPlanes;

/**
 * The property maps of Predict Image as an ImageJ stack: one 32-bit slice per target (and
 * interval end, T², Q, out-of-domain flag), labelled, with the cube's pixel size; saved as an
 * ImageJ TIFF, shown with the Fire LUT over the map's 1–99 % range and a colour bar beside it.
 */
public final class PredictionMaps {

	/** The LUT of the maps (as the spectrogram overviews). */
	public static final String LUT_NAME = "fire";

	private PredictionMaps() {}

	/**
	 * The planes as a stack: wrapping the arrays when they are in the heap, a virtual stack that
	 * reads one slice at a time from the temporary file otherwise (so that saving never holds the
	 * whole map).
	 */
	public static ImagePlus image(final PredictionPlanes planes, final String title) {
		final int w = planes.width(), h = planes.height();
		final ImageStack stack;
		if (planes.onDisk()) stack = new PlaneStack(planes);
		else {
			stack = new ImageStack(w, h);
			for (int s = 0; s < planes.slices(); s++)
				stack.addSlice(planes.labels().get(s), new FloatProcessor(w, h, plane(planes, s)));
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = planes.pixelWidth();
		cal.pixelHeight = planes.pixelHeight();
		cal.setUnit(planes.pixelUnit());
		imp.setProperty("Info", "Spectral CNN prediction maps: " + String.join(", ", planes
			.labels()) + "\nNaN = masked or invalid pixel\n");
		final double[] range = range(plane(planes, 0));
		imp.setDisplayRange(range[0], range[1]);
		return imp;
	}

	/** Writes the stack as an ImageJ TIFF, atomically. */
	public static void save(final PredictionPlanes planes, final String title, final Path file)
		throws IOException
	{
		ImageFiles.saveTiff(image(planes, title), file);
	}

	/**
	 * A mask image (TIFF, label image, anything ImageJ opens; the first slice) as pixels to
	 * predict: nonzero and not NaN.
	 *
	 * @throws IllegalArgumentException naming the file when it cannot be read or has another size
	 */
	public static boolean[] mask(final Path file, final int width, final int height,
		final String image)
	{
		final ImagePlus imp = ImageFiles.openQuietly(file);
		if (imp == null) throw new IllegalArgumentException("mask: " + file +
			" cannot be read as an image (expected a TIFF or another image ImageJ opens)");
		if (imp.getWidth() != width || imp.getHeight() != height) throw new IllegalArgumentException(
			"mask: " + file + " is " + imp.getWidth() + " × " + imp.getHeight() + " pixels, the image " +
				image + " is " + width + " × " + height);
		final ImageProcessor ip = imp.getStack().getProcessor(1);
		final boolean[] keep = new boolean[width * height];
		for (int i = 0; i < keep.length; i++) {
			final float v = ip.getf(i);
			keep[i] = v != 0 && !Float.isNaN(v);
		}
		imp.close();
		return keep;
	}

	/** The map's LUT and display range (1st to 99th percentile of the first slice). */
	public static void decorate(final ImagePlus imp) {
		final double[] range = range((float[]) imp.getStack().getProcessor(1).getPixels());
		imp.setLut(new LUT(LutLoader.getLut(LUT_NAME), range[0], range[1]));
		imp.setDisplayRange(range[0], range[1]);
	}

	/**
	 * A colour bar of the map's LUT and display range, labelled with the first slice's name (the
	 * first target), as a small RGB image to show beside the map.
	 */
	public static ImagePlus colourBar(final ImagePlus map) {
		final int width = 380, height = 60, barW = 256;
		final BufferedImage image = Charts.canvas(width, height);
		final Graphics2D g = Charts.graphics(image);
		g.setColor(Color.BLACK);
		g.setFont(new Font("SansSerif", Font.BOLD, 12));
		final String label = map.getStack().getSliceLabel(1);
		g.drawString(map.getTitle(), 8, 14);
		final ImageProcessor ip = map.getProcessor();
		Charts.colourBar(image, g, Charts.rgb(ip.getLut()), (width - barW) / 2, 22, barW, ip
			.getMin(), ip.getMax(), label == null ? "value" : label);
		g.dispose();
		return new ImagePlus(map.getTitle() + " colour bar", new ColorProcessor(image));
	}

	/** Shows the map with its LUT and colour bar (GUI only). */
	public static void show(final ImagePlus map) {
		decorate(map);
		Display.show(map);
		if (!Display.interactive()) return;
		final ImagePlus bar = colourBar(map);
		Display.show(bar);
		// under the map, not over it
		if (map.getWindow() != null && bar.getWindow() != null) bar.getWindow().setLocation(map
			.getWindow().getX(), map.getWindow().getY() + map.getWindow().getHeight());
	}

	/** 1st and 99th percentile of the finite values (0, 1 when there are none). */
	static double[] range(final float[] values) {
		int n = 0;
		final float[] finite = new float[values.length];
		for (final float v : values)
			if (Float.isFinite(v)) finite[n++] = v;
		if (n == 0) return new double[] { 0, 1 };
		Arrays.sort(finite, 0, n);
		final double lo = finite[(int) Math.floor(0.01 * (n - 1))], hi = finite[(int) Math.ceil(0.99 *
			(n - 1))];
		return hi > lo ? new double[] { lo, hi } : new double[] { lo - 0.5, lo + 0.5 };
	}

	private static float[] plane(final PredictionPlanes planes, final int s) {
		try {
			return planes.plane(s);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Slices read from the planes' temporary file on demand. */
	private static final class PlaneStack extends VirtualStack {

		private final PredictionPlanes planes;

		PlaneStack(final PredictionPlanes planes) {
			super(planes.width(), planes.height(), null, null);
			this.planes = planes;
			for (final String label : planes.labels())
				addSlice(label);
		}

		@Override
		public ImageProcessor getProcessor(final int n) {
			return new FloatProcessor(planes.width(), planes.height(), plane(planes, n - 1));
		}

		@Override
		public int getBitDepth() {
			return 32;
		}

		@Override
		public String getSliceLabel(final int n) {
			return planes.labels().get(n - 1);
		}

		@Override
		public String[] getSliceLabels() {
			return planes.labels().toArray(new String[0]);
		}
	}
}
