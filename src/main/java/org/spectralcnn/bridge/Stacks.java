package org.spectralcnn.bridge;

import ij.ImageStack;
import java.util.ArrayList;
import java.util.List;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;

/**
 * Zero-copy views between ImgLib2 {@link PlanarImg}s and ImageJ 1 {@link ImageStack}s: each
 * z-plane of the image is the very {@code float[]} of one stack slice, so spectrogram and
 * feature-map stacks exist once in memory however they are looked at.
 */
public final class Stacks {

	private Stacks() {}

	/** An image over existing planes of {@code width * height} floats each (no copy). */
	public static PlanarImg<FloatType, FloatArray> wrap(final List<FloatArray> planes,
		final int width, final int height)
	{
		for (final FloatArray plane : planes) {
			if (plane.getCurrentStorageArray().length != width * height) throw new IllegalArgumentException(
				"plane of " + plane.getCurrentStorageArray().length + " floats is not " + width + " × " +
					height);
		}
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, new long[] { width,
			height, planes.size() }, new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/** The stack's slices as an image (no copy); slices must be 32-bit. */
	public static PlanarImg<FloatType, FloatArray> wrap(final ImageStack stack) {
		final List<FloatArray> planes = new ArrayList<>(stack.getSize());
		for (int s = 1; s <= stack.getSize(); s++) {
			final Object pixels = stack.getPixels(s);
			if (!(pixels instanceof float[])) throw new IllegalArgumentException("slice " + s +
				" of the stack is not 32-bit float");
			planes.add(new FloatArray((float[]) pixels));
		}
		return wrap(planes, stack.getWidth(), stack.getHeight());
	}

	/**
	 * A stack whose slices are the image's planes (no copy). A 2-D image gives one slice.
	 *
	 * @param labels slice labels (may be null or shorter than the depth)
	 */
	public static ImageStack toStack(final PlanarImg<FloatType, FloatArray> img,
		final List<String> labels)
	{
		final int width = (int) img.dimension(0);
		final int height = img.numDimensions() > 1 ? (int) img.dimension(1) : 1;
		final ImageStack stack = new ImageStack(width, height);
		for (int z = 0; z < img.numSlices(); z++) {
			stack.addSlice(labels != null && z < labels.size() ? labels.get(z) : null, img.getPlane(z)
				.getCurrentStorageArray());
		}
		return stack;
	}
}
