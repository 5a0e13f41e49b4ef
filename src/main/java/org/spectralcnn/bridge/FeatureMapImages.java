package org.spectralcnn.bridge;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.plugin.LutLoader;
import ij.process.LUT;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.featuremaps.AxisScale;
import org.spectralcnn.featuremaps.FeatureMapSet;
import org.spectralcnn.featuremaps.LayerKind;
import org.spectralcnn.featuremaps.LayerMaps;

/**
 * Feature maps in ImageJ: each layer as a calibrated hyperstack over the maps' own planes (no
 * copy), channels = filters and slices = samples, for 1-D models as for 2-D ones (a 1-D plane is
 * positions × 1 pixel); one LUT and display range per layer (Fire after a ReLU, a blue–white–red
 * LUT centred on 0 for signed maps). {@link FeatureMapPictures} draws the overviews and
 * {@link FeatureMapFiles} writes it all to a folder.
 */
public final class FeatureMapImages {

	/** Image property naming the layer. */
	public static final String LAYER_PROPERTY = "spectral_cnn.layer";
	/** Image property with the layer's kind. */
	public static final String KIND_PROPERTY = "spectral_cnn.layer_kind";
	/** Image property: the x position of every pixel column, comma-separated (exact; the calibration is linear). */
	public static final String X_PROPERTY = "spectral_cnn.x_axis";
	/** Image property: the y position of every pixel row, comma-separated. */
	public static final String Y_PROPERTY = "spectral_cnn.y_axis";
	private FeatureMapImages() {}

	/** The LUT of a layer's maps, carrying its display range. */
	public static LUT lut(final LayerMaps m) {
		final LayerMaps.Range r = m.displayRange();
		return m.isNonNegative() ? new LUT(LutLoader.getLut("fire"), r.min(), r.max()) : diverging(r
			.min(), r.max());
	}

	/** Blue (negative) – white (0) – red (positive), after ColorBrewer's RdBu. */
	static LUT diverging(final double min, final double max) {
		final int[][] stops = { { 5, 48, 97 }, { 33, 102, 172 }, { 67, 147, 195 }, { 146, 197, 222 },
			{ 209, 229, 240 }, { 247, 247, 247 }, { 253, 219, 199 }, { 244, 165, 130 }, { 214, 96,
				77 }, { 178, 24, 43 }, { 103, 0, 31 } };
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			final double t = i / 255.0 * (stops.length - 1);
			final int k = Math.min((int) t, stops.length - 2);
			final double f = t - k;
			r[i] = (byte) Math.round(stops[k][0] + f * (stops[k + 1][0] - stops[k][0]));
			g[i] = (byte) Math.round(stops[k][1] + f * (stops[k + 1][1] - stops[k][1]));
			b[i] = (byte) Math.round(stops[k][2] + f * (stops[k + 1][2] - stops[k][2]));
		}
		final LUT lut = new LUT(8, 256, r, g, b);
		lut.min = min;
		lut.max = max;
		return lut;
	}

	/**
	 * A layer's maps as an ImageJ image whose slices are the maps' planes (no copy): a hyperstack,
	 * channels = filters (a composite in "color" mode with the layer's LUT on every channel),
	 * slices = samples, for 1-D and 2-D models alike (a 1-D plane is 1 pixel high). Slice labels
	 * {@code conv1 · filter 3} ({@code · <sample id>} added with several samples); x (and in 2-D y)
	 * calibrated from the layer's axes; the layer, its kind and the sample ids are image
	 * properties, and a description is the image's Info.
	 *
	 * @param model the model's name, the start of the title
	 */
	public static ImagePlus toImagePlus(final LayerMaps m, final String model) {
		final ImageStack stack = Stacks.toStack(m.img(), m.sliceLabels());
		final String title = title(m, model);
		ImagePlus imp = new ImagePlus(title, stack);
		final int channels = m.filters();
		imp.setDimensions(channels, m.sampleCount(), 1);
		calibrate(imp.getCalibration(), m);
		final LUT lut = lut(m);
		if (channels > 1) {
			imp.setOpenAsHyperStack(true);
			// "color" mode: each channel in its own LUT (grayscale mode would show them grey)
			final CompositeImage ci = new CompositeImage(imp, IJ.COLOR);
			final LUT[] luts = new LUT[channels];
			for (int c = 0; c < channels; c++) luts[c] = lut;
			ci.setLuts(luts);
			for (int c = channels; c >= 1; c--) {
				ci.setPosition(c, 1, 1);
				ci.setDisplayRange(lut.min, lut.max);
			}
			ci.setCalibration(imp.getCalibration());
			imp = ci;
		}
		else {
			imp.setLut(lut);
			imp.setDisplayRange(lut.min, lut.max);
			if (m.sampleCount() > 1) imp.setOpenAsHyperStack(false);
		}
		// ImageJ keeps a single image's slice label in this property (else it invents one)
		if (stack.getSize() == 1) imp.setProp("Slice_Label", stack.getSliceLabel(1));
		imp.setProp(LAYER_PROPERTY, m.name());
		imp.setProp(KIND_PROPERTY, m.kind().label());
		if (!m.samples().isEmpty()) imp.setProp(SpectraImages.IDS_PROPERTY, String.join("\n", m
			.samples()));
		imp.setProp(X_PROPERTY, join(m.x().values()));
		imp.setProp(Y_PROPERTY, join(m.y().values()));
		imp.setProperty("Info", info(m, model));
		return imp;
	}

	private static String join(final double[] values) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < values.length; i++) sb.append(i == 0 ? "" : ",").append(values[i]);
		return sb.toString();
	}

	/** E.g. {@code soil_cnn conv1}, {@code soil_cnn conv1 kernels}. */
	public static String title(final LayerMaps m, final String model) {
		return (model == null || model.isEmpty() ? "" : model + " ") + m.name() + (m
			.kind() == LayerKind.KERNELS ? " kernels" : "");
	}

	/** ImageJ's calibrated position is {@code (pixel − origin) · pixel size}. */
	private static void calibrate(final Calibration cal, final LayerMaps m) {
		final AxisScale x = m.x(), y = m.y();
		if (x.step() != 0 && Double.isFinite(x.step())) {
			cal.pixelWidth = x.step();
			cal.xOrigin = -x.origin() / x.step();
		}
		cal.setXUnit(x.unit());
		if (y.step() != 0 && Double.isFinite(y.step())) {
			cal.pixelHeight = y.step();
			cal.yOrigin = -y.origin() / y.step();
		}
		cal.setYUnit(y.unit());
		cal.setZUnit("sample");
	}

	private static String info(final LayerMaps m, final String model) {
		final StringBuilder sb = new StringBuilder();
		sb.append("Spectral CNN feature maps: ").append(m.name()).append(" (").append(m.kind()
			.label()).append(")").append(model == null ? "" : " of " + model).append('\n');
		sb.append(m.description()).append('\n');
		if (m.kind() == LayerKind.KERNELS) sb.append("weights: ");
		sb.append(m.isTwoD() ? m.filters() + " filters × " + m.height() + " frequencies × " + m
			.width() + " window positions" : m.filters() + " filters × " + m.width() + " positions")
			.append('\n');
		sb.append("layout: x = ").append(m.x().name()).append(m.isTwoD() ? ", y = " + m.y().name()
			: ", 1 pixel high").append(", channels = filters, slices = samples").append('\n');
		sb.append(axisLine("x", m.x(), m.strideX(), m.offsetX()));
		if (m.isTwoD()) sb.append(axisLine("y", m.y(), m.strideY(), m.offsetY()));
		final LayerMaps.Range r = m.displayRange();
		sb.append(String.format(Locale.ROOT, "display range: %.4g to %.4g (%s)%n", r.min(), r.max(),
			m.isNonNegative() ? "0 to the 99.5th percentile, Fire LUT"
				: "± the 99.5th percentile of |value|, blue–white–red LUT, white = 0"));
		if (!m.samples().isEmpty()) {
			sb.append("slice\tsample id\n");
			for (int s = 0; s < m.samples().size(); s++) sb.append(s + 1).append('\t').append(m
				.samples().get(s)).append('\n');
		}
		return sb.toString();
	}

	private static String axisLine(final String which, final AxisScale a, final int stride,
		final double offset)
	{
		return String.format(Locale.ROOT,
			"%s = %s (%s): %.6g to %.6g, step %.6g (receptive-field centres: input pixel %.4g + %d · i)%n",
			which, a.name(), a.unit(), a.value(0), a.value(a.size() - 1), a.step(), offset, stride);
	}

	/** The layers' stacks in network order, then the kernels. */
	public static List<ImagePlus> stacks(final FeatureMapSet set, final String model) {
		final List<ImagePlus> images = new ArrayList<>();
		for (final LayerMaps m : set.layers()) images.add(toImagePlus(m, model));
		if (set.kernels() != null) images.add(toImagePlus(set.kernels(), model));
		return images;
	}


}
