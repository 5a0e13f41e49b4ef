package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.spectrogram.Spectrograms;
import org.spectralcnn.spectrogram.StftParameters;

/** Spectrogram stacks ({@link Spectrograms#compute}) as calibrated ImageJ images. */
public final class SpectrogramImages {

	/** Image property ({@link ImagePlus#getProp}, kept in TIFF files) holding the STFT parameters as JSON. */
	public static final String STFT_PROPERTY = "spectral_cnn.stft";

	private SpectrogramImages() {}

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
		final double[] centres = Spectrograms.frameCentres(data.axis(), parameters);
		final String unit = data.axis().unit().symbol();
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = centres.length > 1 ? (centres[centres.length - 1] - centres[0]) /
			(centres.length - 1) : parameters.hop() * data.axis().meanStep();
		cal.xOrigin = -centres[0] / cal.pixelWidth;
		cal.setXUnit(unit);
		cal.pixelHeight = Spectrograms.frequencies(data.axis(), parameters)[1];
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
