package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import java.util.Arrays;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * A dataset as an image: x = spectral point, y = sample. The ImgLib2 and ImageJ views share the
 * dataset's {@code float[]} (no copy). The x calibration carries the spectral axis (origin,
 * step and unit; exact for regular grids, mean step otherwise, with every axis value kept in the
 * image's {@value #AXIS_PROPERTY} property), and the sample ids are the image's
 * {@value #IDS_PROPERTY} property, one per row (both saved in ImageJ TIFFs), so that each row can be traced back.
 */
public final class SpectraImages {

	/** Image property holding the sample ids, one per line, row order. */
	public static final String IDS_PROPERTY = "spectral_cnn.sample_ids";
	/** Image property holding the spectral axis values, comma-separated. */
	public static final String AXIS_PROPERTY = "spectral_cnn.axis";

	private SpectraImages() {}

	/** p × n image over the dataset's spectra (no copy). */
	public static ArrayImg<FloatType, FloatArray> toImg(final SpectralDataset dataset) {
		return ArrayImgs.floats(dataset.data(), dataset.points(), dataset.size());
	}

	/** A calibrated 32-bit image p wide and n high over the dataset's spectra (no copy). */
	public static ImagePlus toImagePlus(final SpectralDataset dataset) {
		final FloatProcessor fp = new FloatProcessor(dataset.points(), dataset.size(), dataset
			.data(), null);
		fp.resetMinAndMax();
		final ImagePlus imp = new ImagePlus(title(dataset.name()), fp);
		calibrateX(imp.getCalibration(), dataset.axis());
		imp.getCalibration().setYUnit("sample");
		imp.setProp(IDS_PROPERTY, String.join("\n", dataset.ids()));
		imp.setProp(AXIS_PROPERTY, axisText(dataset.axis()));
		imp.setProperty("Info", info(dataset));
		return imp;
	}

	/**
	 * Sets the x calibration so that pixel i is at the axis value i (exact on regular grids).
	 * ImageJ's calibrated x is {@code (i - xOrigin) * pixelWidth}.
	 */
	public static void calibrateX(final Calibration cal, final SpectralAxis axis) {
		cal.pixelWidth = axis.meanStep();
		cal.xOrigin = -axis.first() / axis.meanStep();
		cal.setXUnit(axis.unit().symbol());
	}

	/** Title of an image made from a source file: the file name without its extensions. */
	public static String title(final String sourceName) {
		return sourceName.replaceFirst("(\\.(csv|tsv|txt|msa|spe|xml))?(\\.gz)?$", "");
	}

	private static String axisText(final SpectralAxis axis) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < axis.size(); i++) sb.append(i == 0 ? "" : ",").append((float) axis.value(i));
		return sb.toString();
	}

	/** What the user sees in Image › Show Info: the layout, then one line per sample. */
	private static String info(final SpectralDataset d) {
		final StringBuilder sb = new StringBuilder();
		sb.append("Spectral CNN spectra image: x = spectral point (").append(d.axis().describe())
			.append(d.axis().isRegular() ? "" : "; irregular grid, calibration uses the mean step")
			.append("), y = sample\n");
		if (!d.columnNames().isEmpty()) sb.append("columns: ").append(String.join(", ", d
			.columnNames())).append('\n');
		sb.append("row\tsample id\n");
		for (int i = 0; i < d.size(); i++) sb.append(i).append('\t').append(d.id(i)).append('\n');
		return sb.toString();
	}

	/** The sample ids stored in an image made by {@link #toImagePlus}, or null. */
	public static String[] sampleIds(final ImagePlus imp) {
		final String ids = imp.getProp(IDS_PROPERTY);
		return ids != null ? ids.split("\n", -1) : null;
	}

	/** The axis values stored in an image made by {@link #toImagePlus}, or null. */
	public static double[] axisValues(final ImagePlus imp) {
		final String axis = imp.getProp(AXIS_PROPERTY);
		return axis != null ? Arrays.stream(axis.split(",")).mapToDouble(Double::parseDouble)
			.toArray() : null;
	}
}
