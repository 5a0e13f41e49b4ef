package org.spectralcnn.spectrogram;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * Spectrograms of a whole dataset as one 3-D image: x = frame (window position), y = frequency
 * bin, z = sample. Each z-plane is one {@code float[]}, which {@code bridge.Stacks} shows as an
 * ImageJ stack slice without copying ({@code bridge.SpectrogramImages} calibrates it).
 */
public final class Spectrograms {

	private Spectrograms() {}

	/**
	 * Transforms every spectrum, in parallel.
	 *
	 * @throws IllegalArgumentException if the window is longer than the spectra
	 */
	public static PlanarImg<FloatType, FloatArray> compute(final SpectralDataset data,
		final StftParameters parameters)
	{
		parameters.validate(data.points());
		final Stft stft = new Stft(parameters);
		final int n = data.size();
		final PlanarImg<FloatType, FloatArray> img = PlanarImgs.floats(stft.frames(data.points()),
			stft.frequencies(), n);
		final float[][] planes = new float[n][];
		final int[] rows = new int[n];
		for (int z = 0; z < n; z++) {
			planes[z] = img.getPlane(z).getCurrentStorageArray();
			rows[z] = z;
		}
		stft.run(data.data(), data.points(), rows, planes, new int[n]);
		return img;
	}

	/**
	 * Axis value at the centre of each frame's window (linear between points where the centre
	 * falls between two, as for odd windows).
	 */
	public static double[] frameCentres(final SpectralAxis axis, final StftParameters parameters) {
		final double[] centres = new double[parameters.frames(axis.size())];
		for (int f = 0; f < centres.length; f++) {
			final double c = parameters.frameCentre(f);
			final int i = Math.min((int) c, axis.size() - 2);
			centres[f] = axis.value(i) + (c - i) * (axis.value(i + 1) - axis.value(i));
		}
		return centres;
	}

	/**
	 * Frequency of each bin in cycles per axis unit, {@code k / (window_size · step)} with the
	 * axis' mean step (exact on regular grids).
	 */
	public static double[] frequencies(final SpectralAxis axis, final StftParameters parameters) {
		final double[] f = new double[parameters.frequencies()];
		for (int k = 0; k < f.length; k++)
			f[k] = k / (parameters.windowSize() * Math.abs(axis.meanStep()));
		return f;
	}
}
