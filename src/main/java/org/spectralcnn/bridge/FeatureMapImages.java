package org.spectralcnn.bridge;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.measure.Calibration;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.LUT;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.featuremaps.AxisScale;
import org.spectralcnn.featuremaps.FeatureMapSet;
import org.spectralcnn.featuremaps.LayerKind;
import org.spectralcnn.featuremaps.LayerMaps;
import org.spectralcnn.io.AtomicFiles;

/**
 * Feature maps in ImageJ: each layer as a calibrated hyperstack over the maps' own planes (no
 * copy), channels = filters and slices = samples, for 1-D models as for 2-D ones (a 1-D plane is
 * positions × 1 pixel); one LUT and display range per layer (Fire after a ReLU, a blue–white–red
 * LUT centred on 0 for signed maps); overviews (2-D: montages of the filters, 1-D: the filter ×
 * position image) and, for 1-D models, plots of the spectrum with a layer's mean activation; and
 * all of it written to a folder.
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
	/** The overview of every layer, written with the images. */
	public static final String TABLE = "layers.csv";
	/** Every name {@link #save} may write into its folder (layer and sample names vary). */
	public static final List<String> FILES = List.of("*.tif", "*.png", TABLE);

	private static final Color BLUE = new Color(0, 114, 178);
	private static final Color ORANGE = new Color(213, 94, 0);

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

	/**
	 * Shows an image (GUI, or a macro's batch mode); in the GUI small maps open enlarged (by a power
	 * of 2, up to 32×) so that a few-pixel layer can be seen.
	 */
	public static void show(final ImagePlus imp) {
		Display.show(imp);
		if (imp.getWindow() == null) return;
		final int size = Math.max(imp.getWidth(), imp.getHeight());
		double mag = 1;
		while (size * mag * 2 <= 400 && mag < 32) mag *= 2;
		if (mag > 1) ij.plugin.Zoom.set(imp, mag);
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

	/**
	 * An overview picture of one sample's maps of a layer (RGB, for PNGs): 2-D models every
	 * filter as a tile, numbered, enlarged without interpolation; 1-D models the filter ×
	 * position image (row k = filter k, made from the filters' planes) enlarged, with ticks in the
	 * spectral unit; a header with the layer and sample, and the colour bar with the layer's
	 * display range.
	 */
	public static ImagePlus montage(final LayerMaps m, final int sample, final String model) {
		final LUT lut = lut(m);
		final boolean tiles = m.isTwoD();
		final int count = tiles ? m.filters() : 1;
		// 1-D: one image, a row per filter
		final int w = m.planeWidth(), h = tiles ? m.planeHeight() : m.filters();
		final int sx, sy;
		if (tiles) {
			final double target = count == 1 ? 240 : 64;
			sx = sy = Math.max(1, Math.min(32, (int) Math.ceil(target / Math.max(w, h))));
		}
		else {
			sx = Math.max(1, (int) Math.ceil(480.0 / w));
			sy = Math.max(1, Math.min(40, (int) Math.ceil(200.0 / h)));
		}
		final int tw = w * sx, th = h * sy;
		final int gap = 4, label = tiles && count > 1 ? 13 : 0, margin = 8, header = tiles ? 50 : 34,
				bar = 34,
				ticks = tiles ? 0 : 16;
		int columns = 1;
		if (tiles) {
			double best = Double.MAX_VALUE;
			for (int c = 1; c <= count; c++) {
				final int rows = (count + c - 1) / c;
				final double width = c * (tw + gap), height = rows * (th + label + gap);
				final double badness = Math.max(width / height, height / width) + 2.0 * (rows * c -
					count) / count + (width > 1800 ? 10 : 0);
				if (badness < best) {
					best = badness;
					columns = c;
				}
			}
		}
		final int rows = (count + columns - 1) / columns;
		final int gridW = columns * tw + (columns - 1) * gap;
		final int width = Math.max(gridW + 2 * margin, tiles ? 520 : 360);
		final int height = header + rows * (th + label) + (rows - 1) * gap + ticks + bar + margin;
		final BufferedImage image = Charts.canvas(width, height);
		final Graphics2D g = Charts.graphics(image);
		g.setColor(Color.BLACK);
		g.setFont(new Font("SansSerif", Font.BOLD, 13));
		final String id = m.samples().isEmpty() ? "" : " · " + m.samples().get(sample);
		g.drawString(title(m, model) + id, margin, 15);
		g.setFont(new Font("SansSerif", Font.PLAIN, 11));
		final AxisScale ax = m.x(), ay = m.y();
		g.drawString(m.kind().label() + ", " + m.shape() + (tiles ? " (filters × frequencies × positions)"
			: " (filters × positions); x in " + ax.unit()), margin, 29);
		if (tiles) g.drawString("x: " + ax.name() + " " + format(ax.value(0)) + " to " + format(ax
			.value(ax.size() - 1)) + " " + ax.unit() + "; y (down): " + ay.name() + " " + format(ay
				.value(0)) + " to " + format(ay.value(ay.size() - 1)) + " " + ay.unit(), margin, 43);
		final int[] rgb = rgb(lut);
		final LayerMaps.Range r = m.displayRange();
		final double scale = 255 / (r.max() - r.min());
		final int x0 = (width - gridW) / 2;
		for (int k = 0; k < count; k++) {
			final int col = k % columns, row = k / columns;
			final int left = x0 + col * (tw + gap), top = header + row * (th + label + gap);
			if (label > 0) {
				g.setFont(new Font("SansSerif", Font.PLAIN, 10));
				g.drawString(Integer.toString(k + 1), left, top + 10);
			}
			for (int y = 0; y < th; y++)
				for (int x = 0; x < tw; x++) {
					final float v = tiles ? m.plane(m.planeIndex(sample, k))[(y / sy) * w + x / sx] : m
						.plane(m.planeIndex(sample, y / sy))[x / sx];
					final int c = Float.isNaN(v) ? 0x808080 : rgb[(int) Math.max(0, Math.min(255, Math
						.round((v - r.min()) * scale)))];
					image.setRGB(left + x, top + label + y, c);
				}
		}
		if (ticks > 0) xTicks(g, m.x(), x0, header + th, sx);
		// colour bar
		final int barTop = height - bar - margin + 8, barW = Math.min(256, width - 2 * margin -
			120), barLeft = (width - barW) / 2;
		for (int x = 0; x < barW; x++) {
			final int c = rgb[x * 255 / Math.max(1, barW - 1)];
			for (int y = 0; y < 10; y++) image.setRGB(barLeft + x, barTop + y, c);
		}
		g.setColor(Color.BLACK);
		g.setFont(new Font("SansSerif", Font.PLAIN, 11));
		final FontMetrics fm = g.getFontMetrics();
		final String lo = format(r.min()), hi = format(r.max());
		g.drawString(lo, barLeft - fm.stringWidth(lo) - 6, barTop + 10);
		g.drawString(hi, barLeft + barW + 6, barTop + 10);
		g.dispose();
		final ImagePlus imp = new ImagePlus(title(m, model) + id + (tiles ? " montage"
			: " filters × positions"), new ColorProcessor(image));
		return imp;
	}

	/** Tick marks and labels in the spectral unit under a 1-D image. */
	private static void xTicks(final Graphics2D g, final AxisScale x, final int left,
		final int top, final int sx)
	{
		final double a = Math.min(x.value(0), x.value(x.size() - 1)), b = Math.max(x.value(0), x
			.value(x.size() - 1));
		if (!(b > a) || x.step() == 0) return;
		final double raw = (b - a) / 6, mag = Math.pow(10, Math.floor(Math.log10(raw)));
		final double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 *
			mag : 10 * mag;
		g.setColor(Color.BLACK);
		g.setFont(new Font("SansSerif", Font.PLAIN, 10));
		final FontMetrics fm = g.getFontMetrics();
		for (double t = Math.ceil(a / step) * step; t <= b + 1e-9 * step; t += step) {
			final double column = (t - x.origin()) / x.step();
			final int px = left + (int) Math.round((column + 0.5) * sx);
			g.drawLine(px, top, px, top + 3);
			final String text = String.format(Locale.ROOT, step >= 1 ? "%.0f" : "%.3g", t);
			g.drawString(text, px - fm.stringWidth(text) / 2, top + 14);
		}
	}

	private static String format(final double v) {
		return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
	}

	private static int[] rgb(final LUT lut) {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		lut.getReds(r);
		lut.getGreens(g);
		lut.getBlues(b);
		final int[] c = new int[256];
		for (int i = 0; i < 256; i++) c[i] = (r[i] & 0xff) << 16 | (g[i] & 0xff) << 8 | b[i] & 0xff;
		return c;
	}

	/**
	 * 1-D models: one sample's preprocessed spectrum (the network's input before z-scoring) with
	 * a layer's mean activation over its filters at the layer's receptive-field centres, scaled
	 * onto the spectrum's range (the legend gives its own range).
	 */
	public static Plot profile(final LayerMaps m, final SpectralDataset prepared,
		final int sample)
	{
		final String unit = prepared.axis().unit().symbol();
		final String id = prepared.id(sample);
		final Plot plot = new Plot(m.name() + " mean activation · " + id, SpectraPlots.xLabel(unit),
			"Preprocessed spectrum");
		final double[] x = prepared.axis().values();
		final float[] s = prepared.spectrum(sample);
		final double[] y = new double[s.length];
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int j = 0; j < s.length; j++) {
			y[j] = s[j];
			if (Double.isFinite(y[j])) {
				lo = Math.min(lo, y[j]);
				hi = Math.max(hi, y[j]);
			}
		}
		final double[] mean = m.meanOverFilters(sample);
		double amin = Double.POSITIVE_INFINITY, amax = Double.NEGATIVE_INFINITY;
		for (final double v : mean) {
			amin = Math.min(amin, v);
			amax = Math.max(amax, v);
		}
		final double[] scaled = new double[mean.length];
		for (int i = 0; i < mean.length; i++) scaled[i] = amax > amin ? lo + (mean[i] - amin) /
			(amax - amin) * (hi - lo) : (lo + hi) / 2;
		plot.setColor(BLUE);
		plot.addPoints(x, y, Plot.LINE);
		plot.setColor(ORANGE);
		plot.setLineWidth(2);
		plot.addPoints(m.x().values(), scaled, Plot.LINE);
		plot.setLineWidth(1);
		plot.setColor(Color.BLACK);
		plot.setLegend("spectrum " + id + "\n" + m.name() + ": mean of " + m.filters() +
			" filters, scaled (" + format(amin) + " to " + format(amax) + ")", Plot.AUTO_POSITION);
		plot.setLimitsToFit(false);
		return plot;
	}

	/** 1-D models: the chosen samples' preprocessed spectra, as the network's input. */
	public static Plot inputPlot(final FeatureMapSet set) {
		final SpectralDataset p = set.prepared();
		final int[] rows = new int[p.size()];
		for (int i = 0; i < rows.length; i++) rows[i] = i;
		return SpectraPlots.plot(p, rows, "Preprocessed spectrum");
	}

	/** The layers' stacks in network order, then the kernels. */
	public static List<ImagePlus> stacks(final FeatureMapSet set, final String model) {
		final List<ImagePlus> images = new ArrayList<>();
		for (final LayerMaps m : set.layers()) images.add(toImagePlus(m, model));
		if (set.kernels() != null) images.add(toImagePlus(set.kernels(), model));
		return images;
	}

	/**
	 * Writes everything into {@code folder} (created if needed), each file atomically:
	 * {@code NN_layer.tif} per layer ({@code 00_input.tif} first) and {@code kernels_conv1.tif};
	 * per layer and sample a PNG montage ({@code NN_layer.png}; the spectra plot for a 1-D
	 * model's input) and, for 1-D models, {@code NN_layer_profile.png}; with several samples the
	 * PNG names end in {@code _<sample id>}; and {@value #TABLE}, one row per layer.
	 *
	 * @return the files written, in order
	 */
	public static List<Path> save(final FeatureMapSet set, final String model, final Path folder)
		throws IOException
	{
		Files.createDirectories(folder);
		final List<Path> files = new ArrayList<>();
		final List<String[]> rows = new ArrayList<>();
		final int n = set.prepared().size();
		for (final LayerMaps m : set.layers()) {
			final String base = String.format(Locale.ROOT, "%02d_%s", m.index(), ReportPlots.fileSafe(m
				.name()));
			files.add(write(toImagePlus(m, model), folder.resolve(base + ".tif")));
			rows.add(row(m, base + ".tif"));
			if (!m.isTwoD() && m.kind() == LayerKind.INPUT) {
				final Path f = folder.resolve(base + ".png");
				ImageFiles.savePng(inputPlot(set), f);
				files.add(f);
				continue;
			}
			for (int s = 0; s < n; s++) {
				final String suffix = n > 1 ? "_" + ReportPlots.fileSafe(set.prepared().id(s)) : "";
				files.add(writePng(montage(m, s, model), folder.resolve(base + suffix + ".png")));
				if (!m.isTwoD()) {
					final Path f = folder.resolve(base + "_profile" + suffix + ".png");
					ImageFiles.savePng(profile(m, set.prepared(), s), f);
					files.add(f);
				}
			}
		}
		final LayerMaps k = set.kernels();
		if (k != null) {
			final String base = "kernels_" + ReportPlots.fileSafe(k.name());
			files.add(write(toImagePlus(k, model), folder.resolve(base + ".tif")));
			files.add(writePng(montage(k, 0, model), folder.resolve(base + ".png")));
			rows.add(row(k, base + ".tif"));
		}
		final Path table = folder.resolve(TABLE);
		final StringBuilder csv = new StringBuilder(
			"index,layer,kind,filters,height,width,slices,stride_x,stride_y,x_first,x_step,x_unit,y_first,y_step,y_unit,display_min,display_max,file,description\n");
		for (final String[] r : rows) csv.append(String.join(",", r)).append('\n');
		AtomicFiles.write(table, out -> out.write(csv.toString().getBytes(
			java.nio.charset.StandardCharsets.UTF_8)));
		files.add(table);
		return files;
	}

	private static Path write(final ImagePlus imp, final Path file) throws IOException {
		ImageFiles.saveTiff(imp, file);
		return file;
	}

	private static Path writePng(final ImagePlus imp, final Path file) throws IOException {
		ImageFiles.savePng(imp, file);
		return file;
	}

	private static String[] row(final LayerMaps m, final String file) {
		final LayerMaps.Range r = m.displayRange();
		return new String[] { Integer.toString(m.index()), m.name(), m.kind().label(), Integer
			.toString(m.filters()), Integer.toString(m.height()), Integer.toString(m.width()), Integer
				.toString(m.planeCount()), Integer.toString(m.strideX()), Integer.toString(m
					.strideY()), num(m.x().origin()), num(m.x().step()), m.x().unit(), num(m.y()
						.origin()), num(m.y().step()), m.y().unit(), num(r.min()), num(r.max()), file,
			'"' + m.description().replace("\"", "\"\"") + '"' };
	}

	private static String num(final double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}
}
