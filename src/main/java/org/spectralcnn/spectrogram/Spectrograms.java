package org.spectralcnn.spectrogram;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import org.spectralcnn.bridge.SpectraImages;
import org.spectralcnn.bridge.Stacks;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * Spectrograms of a whole dataset as one 3-D image: x = frame (window position), y = frequency
 * bin, z = sample. Each z-plane is one {@code float[]}, which {@link Stacks} shows as an ImageJ
 * stack slice without copying.
 */
public final class Spectrograms {

	/** Image property ({@link ImagePlus#getProp}, kept in TIFF files) holding the STFT parameters as JSON. */
	public static final String STFT_PROPERTY = "spectral_cnn.stft";

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
		final PlanarImg<FloatType, FloatArray> img = Stacks.create(stft.frames(data.points()), stft
			.frequencies(), n);
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

	/**
	 * The spectrograms as a calibrated ImageJ stack sharing their planes: x in the spectral unit
	 * at window centres, y in cycles per unit, one slice per sample labelled with its id; the
	 * sample ids and the STFT parameters ({@value #STFT_PROPERTY}) are image properties, saved in
	 * ImageJ TIFFs.
	 *
	 * @param data the dataset the spectrograms were computed from (axis, ids, name)
	 */
	public static ImagePlus toImagePlus(final PlanarImg<FloatType, FloatArray> spectrograms,
		final SpectralDataset data, final StftParameters parameters)
	{
		final ImagePlus imp = new ImagePlus(SpectraImages.title(data.name()) + " spectrograms",
			Stacks.toStack(spectrograms, data.ids()));
		final double[] centres = frameCentres(data.axis(), parameters);
		final String unit = data.axis().unit().symbol();
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = centres.length > 1 ? (centres[centres.length - 1] - centres[0]) /
			(centres.length - 1) : parameters.hop() * data.axis().meanStep();
		cal.xOrigin = -centres[0] / cal.pixelWidth;
		cal.setXUnit(unit);
		cal.pixelHeight = frequencies(data.axis(), parameters)[1];
		cal.setYUnit("cycles/" + unit);
		cal.setZUnit("sample");
		imp.setProp(SpectraImages.IDS_PROPERTY, String.join("\n", data.ids()));
		imp.setProp(STFT_PROPERTY, parameters.toJson().toString());
		imp.setProperty("Info", "Spectral CNN spectrograms of " + data.name() + " (" + data.axis()
			.describe() + ")\nx = window centre (" + unit + "), y = frequency (cycles/" + unit +
			"), z = sample\nSTFT: " + parameters + "\n");
		return imp;
	}
}
