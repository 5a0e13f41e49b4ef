package org.spectralcnn.bridge;

import ij.ImageListener;
import ij.ImagePlus;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.image.SpectralImage;
import org.spectralcnn.image.SpectralImages;

/**
 * A hyperspectral cube as an ImageJ hyperstack: one 32-bit slice per band (z = λ), read from the
 * file when ImageJ asks for it (a {@link VirtualStack}), so that opening a cube of any size is
 * instant and only the bands looked at are read. Slice labels are the wavelengths, the pixel size
 * is the cube's, and the z calibration is the band spacing.
 */
public final class HyperspectralStacks {

	/** Image property holding the cube's file (the ENVI header), for commands that read it again. */
	public static final String SOURCE_PROPERTY = "spectralcnn.cube";

	private HyperspectralStacks() {}

	/** Band planes read on demand; {@code onRead} (may be null) hears each 1-based slice read. */
	public static final class BandStack extends VirtualStack {

		private final SpectralImage image;
		private final String[] labels;
		private volatile IntConsumer onRead;

		BandStack(final SpectralImage image) {
			super(image.width(), image.height(), null, null);
			this.image = image;
			final SpectralAxis axis = image.axis();
			final boolean[] good = image.goodBands();
			labels = new String[axis.size()];
			for (int b = 0; b < labels.length; b++)
				labels[b] = label(axis, b) + (good[b] ? "" : " (bad band)");
			setBitDepth(32);
		}

		/** Called with each slice number as it is read (progress, cancel); null for none. */
		public void onRead(final IntConsumer listener) {
			onRead = listener;
		}

		@Override
		public ImageProcessor getProcessor(final int n) {
			final float[] plane = new float[image.width() * image.height()];
			try {
				SpectralImages.readBand(image, n - 1, plane);
			}
			catch (final IOException e) {
				throw new UncheckedIOException(image.name() + ": band " + n + ": " + e.getMessage(), e);
			}
			final IntConsumer listener = onRead;
			if (listener != null) listener.accept(n);
			return new FloatProcessor(image.width(), image.height(), plane);
		}

		@Override
		public Object getPixels(final int n) {
			return getProcessor(n).getPixels();
		}

		@Override
		public int getSize() {
			return labels.length;
		}

		@Override
		public int size() {
			return labels.length;
		}

		@Override
		public String getSliceLabel(final int n) {
			return labels[n - 1];
		}

		@Override
		public String[] getSliceLabels() {
			return labels.clone();
		}

		@Override
		public void deleteSlice(final int n) {
			throw new UnsupportedOperationException("the bands of a hyperspectral cube are read " +
				"from its file; duplicate the stack to edit it");
		}
	}

	/** Closes {@code source} (the cube's file) when the image's window closes. */
	public static void closeWithWindow(final ImagePlus imp, final Closeable source) {
		ImagePlus.addImageListener(new ImageListener() {

			@Override
			public void imageOpened(final ImagePlus opened) {}

			@Override
			public void imageUpdated(final ImagePlus updated) {}

			@Override
			public void imageClosed(final ImagePlus closed) {
				if (closed != imp) return;
				ImagePlus.removeImageListener(this);
				try {
					source.close();
				}
				catch (final IOException e) {
					// closing a file opened for reading: nothing was written that could be lost
				}
			}
		});
	}

	/** "1520 nm": a wavelength (or channel number) with its unit. */
	static String label(final SpectralAxis axis, final int band) {
		final double v = axis.value(band);
		final String number = v == Math.rint(v) ? String.valueOf((long) v) : String.format(
			Locale.ROOT, "%.4g", v);
		return number + " " + axis.unit().symbol();
	}

	/**
	 * The cube as a hyperstack titled by its name: x and y calibrated with the pixel size, z (the
	 * bands) with the mean band step in the axis unit, and the source file in
	 * {@link #SOURCE_PROPERTY}. The image must stay open while the stack is shown.
	 */
	public static ImagePlus hyperstack(final SpectralImage image, final String source) {
		final BandStack stack = new BandStack(image);
		final ImagePlus imp = new ImagePlus(image.name(), stack);
		imp.setDimensions(1, stack.getSize(), 1);
		imp.setOpenAsHyperStack(true);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = image.pixelWidth();
		cal.pixelHeight = image.pixelHeight();
		cal.setUnit(image.pixelUnit());
		final SpectralAxis axis = image.axis();
		if (axis.size() > 1) {
			cal.pixelDepth = Math.abs(axis.meanStep());
			cal.zOrigin = -axis.first() / cal.pixelDepth;
			cal.setZUnit(axis.unit().symbol());
		}
		if (source != null) imp.setProperty(SOURCE_PROPERTY, source);
		// the middle band opens first: the first bands of a sensor are often noisy
		imp.setSlice(Math.max(1, stack.getSize() / 2));
		imp.resetDisplayRange();
		return imp;
	}
}
