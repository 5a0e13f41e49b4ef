package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.plugin.ContrastEnhancer;
import ij.plugin.LutLoader;
import ij.plugin.MontageMaker;
import ij.process.ColorProcessor;
import ij.process.LUT;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
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

	/** Samples shown in the overview. */
	public static final int OVERVIEW_SAMPLES = 6;

	/**
	 * An overview picture (RGB, for PNGs) of the first {@value #OVERVIEW_SAMPLES} spectrograms of
	 * a stack made by {@link #toImagePlus}: three per row, 4× enlarged, labelled with the sample
	 * ids, auto contrast and Fire LUT as Image › Adjust › Auto; a header saying what x and y are
	 * (from the stack's calibration) and a colour bar with the display range.
	 */
	public static ImagePlus overview(final ImagePlus stack, final StftParameters parameters) {
		final int n = Math.min(OVERVIEW_SAMPLES, stack.getStackSize());
		final ImagePlus picture = new MontageMaker().makeMontage2(stack, Math.min(3, n), (n + 2) / 3,
			4, 1, n, 1, 1, true);
		new ContrastEnhancer().stretchHistogram(picture, 0.35);
		final double lo = picture.getDisplayRangeMin(), hi = picture.getDisplayRangeMax();
		final LUT lut = new LUT(LutLoader.getLut("fire"), lo, hi);
		picture.setLut(lut);
		final BufferedImage grid = picture.getBufferedImage();
		final Calibration cal = stack.getCalibration();
		final int w = stack.getWidth(), h = stack.getHeight(), margin = 8, header = 50, bar = 40;
		final int width = Math.max(grid.getWidth() + 2 * margin, 480);
		final int height = header + grid.getHeight() + bar + margin;
		final BufferedImage image = Charts.canvas(width, height);
		final Graphics2D g = Charts.graphics(image);
		g.setColor(Color.BLACK);
		g.setFont(new Font("SansSerif", Font.BOLD, 13));
		g.drawString(stack.getTitle(), margin, 15);
		g.setFont(new Font("SansSerif", Font.PLAIN, 11));
		g.drawString(String.format(Locale.ROOT, "x →: window centre, %s to %s %s (%d frames)",
			Charts.format(cal.getX(0)), Charts.format(cal.getX(w - 1)), cal.getXUnit(), w), margin,
			29);
		g.drawString(String.format(Locale.ROOT,
			"y ↓: frequency, %s to %s %s (%d bins, low frequencies at the top)", Charts.format(cal
				.getY(0)), Charts.format(cal.getY(h - 1)), cal.getYUnit(), h), margin, 43);
		final int left = (width - grid.getWidth()) / 2;
		g.drawImage(grid, left, header, null);
		final int barW = Math.min(256, width - 2 * margin - 120);
		Charts.colourBar(image, g, Charts.rgb(lut), (width - barW) / 2, header + grid.getHeight() +
			8, barW, lo, hi, parameters.scaling().key() + " (scaling)");
		g.dispose();
		return new ImagePlus(stack.getTitle() + " overview", new ColorProcessor(image));
	}
}
