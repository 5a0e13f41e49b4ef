package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.process.ColorProcessor;
import ij.process.LUT;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.featuremaps.AxisScale;
import org.spectralcnn.featuremaps.FeatureMapSet;
import org.spectralcnn.featuremaps.LayerKind;
import org.spectralcnn.featuremaps.LayerMaps;

/**
 * Overview pictures of feature maps, for the eye and for PNG files: a montage of one sample's
 * maps of a layer (2-D: the filters as tiles; 1-D: the filter × position image) and, for 1-D
 * models, the spectrum with a layer's mean activation and the input spectra.
 */
public final class FeatureMapPictures {

	private static final Color BLUE = new Color(0, 114, 178);
	private static final Color ORANGE = new Color(213, 94, 0);

	private FeatureMapPictures() {}

	/**
	 * An overview picture of one sample's maps of a layer (RGB, for PNGs): 2-D models every
	 * filter as a tile, numbered, enlarged without interpolation; 1-D models the filter ×
	 * position image (row k = filter k, made from the filters' planes) enlarged, with ticks in the
	 * spectral unit; a header with the layer and sample, and the colour bar with the layer's
	 * display range.
	 */
	public static ImagePlus montage(final LayerMaps m, final int sample, final String model) {
		final LUT lut = FeatureMapImages.lut(m);
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
				bar = 40,
				ticks = tiles ? 0 : 30;
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
		g.drawString(FeatureMapImages.title(m, model) + id, margin, 15);
		g.setFont(new Font("SansSerif", Font.PLAIN, 11));
		final AxisScale ax = m.x(), ay = m.y();
		g.drawString(m.kind().label() + ", " + m.shape() + (tiles ? " (filters × frequencies × positions)"
			: " (filters × positions): row k from the top = filter k, x in " + ax.unit()), margin, 29);
		if (tiles) g.drawString("x: " + ax.name() + " " + format(ax.value(0)) + " to " + format(ax
			.value(ax.size() - 1)) + " " + ax.unit() + "; y (down): " + ay.name() + " " + format(ay
				.value(0)) + " to " + format(ay.value(ay.size() - 1)) + " " + ay.unit(), margin, 43);
		final int[] rgb = Charts.rgb(lut);
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
		if (ticks > 0) {
			xTicks(g, m.x(), x0, header + th, sx);
			final String axis = ax.name() + " (" + ax.unit() + ") →";
			g.drawString(axis, x0 + (gridW - g.getFontMetrics().stringWidth(axis)) / 2, header + th +
				27);
		}
		final int barTop = height - bar - margin + 8, barW = Math.min(256, width - 2 * margin -
			120);
		Charts.colourBar(image, g, rgb, (width - barW) / 2, barTop, barW, r.min(), r.max(), m
			.kind() == LayerKind.KERNELS ? "weight" : "activation");
		g.dispose();
		final ImagePlus imp = new ImagePlus(FeatureMapImages.title(m, model) + id + (tiles ? " montage"
			: " filters × positions"), new ColorProcessor(image));
		return imp;
	}

	/**
	 * What Show Feature Maps opens in the GUI for one request: the {@code browser}, one RGB
	 * hyperstack of every layer's overview picture ({@link #montage}, as in the PNGs: colour bar,
	 * axes; for 1-D models with the layer's {@link #profile} under it) with t = layer (network
	 * order, then the kernels) and z = sample, padded with white to the largest picture; for 1-D
	 * models the input spectra plot ({@link #inputPlot}) beside it (the 1-pixel-high input layer
	 * is not in the stack), else null.
	 */
	public record Browser(ImagePlus browser, Plot inputPlot) {

		/** The windows it opens: one per request, two for 1-D models. */
		public int windowCount() {
			return inputPlot == null ? 1 : 2;
		}
	}

	/** The {@link Browser} of a request's maps. */
	public static Browser browser(final FeatureMapSet set, final String model) {
		final boolean oneD = !set.input().isTwoD();
		final List<LayerMaps> layers = new ArrayList<>(set.layers().subList(oneD ? 1 : 0, set
			.layers().size()));
		if (set.kernels() != null) layers.add(set.kernels());
		final int samples = set.samples().size();
		final List<ImagePlus> pictures = new ArrayList<>();
		int w = 0, h = 0;
		for (final LayerMaps m : layers)
			for (int s = 0; s < samples; s++) {
				// kernels do not depend on the sample: the same picture in every z
				ImagePlus p = montage(m, m.sampleCount() > s ? s : 0, model);
				if (oneD && m.kind() != LayerKind.KERNELS) p = below(p, profile(m, set.prepared(), s)
					.getImagePlus());
				pictures.add(p);
				w = Math.max(w, p.getWidth());
				h = Math.max(h, p.getHeight());
			}
		final ImageStack stack = new ImageStack(w, h);
		// ImageJ orders hyperstack planes z fastest, then t: sample within layer
		for (int k = 0; k < pictures.size(); k++) {
			final ColorProcessor padded = new ColorProcessor(w, h);
			padded.setColor(Color.WHITE);
			padded.fill();
			padded.insert(pictures.get(k).getProcessor(), 0, 0);
			final LayerMaps m = layers.get(k / samples);
			stack.addSlice(FeatureMapImages.title(m, null) + " · " + set.samples().get(k % samples),
				padded);
		}
		final ImagePlus imp = new ImagePlus((model == null || model.isEmpty() ? "" : model + " ") +
			"feature maps", stack);
		imp.setDimensions(1, samples, layers.size());
		imp.setOpenAsHyperStack(samples > 1 && layers.size() > 1);
		return new Browser(imp, oneD ? inputPlot(set) : null);
	}

	/** Two RGB pictures, one above the other, on white. */
	private static ImagePlus below(final ImagePlus top, final ImagePlus bottom) {
		final ColorProcessor both = new ColorProcessor(Math.max(top.getWidth(), bottom.getWidth()),
			top.getHeight() + bottom.getHeight());
		both.setColor(Color.WHITE);
		both.fill();
		both.insert(top.getProcessor().convertToRGB(), 0, 0);
		both.insert(bottom.getProcessor().convertToRGB(), 0, top.getHeight());
		return new ImagePlus(top.getTitle(), both);
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
}
