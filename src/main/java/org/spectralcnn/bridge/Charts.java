package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Drawing for the report charts that {@code ij.gui.Plot} cannot make: grouped bars with error
 * bars and labels ({@link #bars}, the one bar chart of the Compare Models and transfer reports),
 * and a canvas for montages.
 */
public final class Charts {

	private Charts() {}

	/**
	 * A horizontal colour bar of a lookup table ({@code rgb}, 256 entries) with its range at the
	 * ends and what the colours mean under it; takes 34 px of height from {@code top}.
	 */
	public static void colourBar(final BufferedImage image, final Graphics2D g, final int[] rgb,
		final int left, final int top, final int width, final double lo, final double hi,
		final String meaning)
	{
		for (int x = 0; x < width; x++) {
			final int c = rgb[x * 255 / Math.max(1, width - 1)];
			for (int y = 0; y < 10; y++) image.setRGB(left + x, top + y, c);
		}
		g.setColor(Color.BLACK);
		g.drawRect(left - 1, top - 1, width + 1, 11);
		g.setFont(new Font("SansSerif", Font.PLAIN, 11));
		final FontMetrics fm = g.getFontMetrics();
		final String a = format(lo), b = format(hi);
		g.drawString(a, left - fm.stringWidth(a) - 6, top + 10);
		g.drawString(b, left + width + 6, top + 10);
		g.drawString(meaning, left + (width - fm.stringWidth(meaning)) / 2, top + 25);
	}

	/** The 256 colours of a lookup table as packed RGB. */
	public static int[] rgb(final ij.process.LUT lut) {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		lut.getReds(r);
		lut.getGreens(g);
		lut.getBlues(b);
		final int[] c = new int[256];
		for (int i = 0; i < 256; i++) c[i] = (r[i] & 0xff) << 16 | (g[i] & 0xff) << 8 | b[i] & 0xff;
		return c;
	}

	/** A white RGB image to draw a chart on; see {@link #graphics}. */
	public static BufferedImage canvas(final int width, final int height) {
		return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
	}

	/** Antialiased graphics on the canvas, cleared to white. */
	public static Graphics2D graphics(final BufferedImage canvas) {
		final Graphics2D g = canvas.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
		return g;
	}

	/**
	 * One bar.
	 *
	 * @param value its height; NaN draws "n/a"
	 * @param sd an error bar of ± sd, or NaN for none
	 * @param labels drawn above the bar, the last one lowest
	 */
	public record Bar(double value, double sd, Color color, List<String> labels) {}

	/**
	 * A group of bars side by side, with a caption (bold) and notes below it.
	 */
	public record Group(String caption, List<Bar> bars, List<String> notes) {}

	/** A legend entry: a colour and what it stands for. */
	public record Key(String label, Color color) {}

	/**
	 * A bar chart.
	 *
	 * @param ownScale each group on its own y scale (values of different units), else one scale
	 * @param reference a dashed line at this value, or NaN for none
	 */
	public record BarChart(String name, String title, String subtitle, List<Group> groups,
		List<Key> legend, boolean ownScale, double reference)
	{}

	private static final int BAR = 56, GAP = 14, PLOT_HEIGHT = 300, TOP = 64;

	/** The chart as an RGB image named {@code chart.name()}. */
	public static ImagePlus bars(final BarChart chart) {
		int most = 1, notes = 0;
		for (final Group gr : chart.groups()) {
			most = Math.max(most, gr.bars().size());
			notes = Math.max(notes, gr.notes().size());
		}
		final int barsWidth = most * BAR + (most - 1) * GAP;
		final int panelW = barsWidth + 110;
		final int y0 = TOP + PLOT_HEIGHT;
		final int legendY = y0 + 46 + 16 * notes;
		final int w = Math.max(560, 20 + panelW * chart.groups().size());
		final int h = legendY + 24;
		final BufferedImage img = canvas(w, h);
		final Graphics2D g = graphics(img);
		final Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
		final Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 12);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.drawString(chart.title(), 10, 22);
		g.setFont(plain);
		final FontMetrics fm = g.getFontMetrics();
		g.drawString(chart.subtitle(), 10, 42);
		final double shared = chart.ownScale() ? Double.NaN : top(chart.groups(), chart
			.reference());
		for (int t = 0; t < chart.groups().size(); t++) {
			final Group group = chart.groups().get(t);
			final double raw = chart.ownScale() ? top(List.of(group), chart.reference()) : shared;
			final double tick = niceCeiling(raw / 5);
			final double max = Math.ceil(raw / tick - 1e-9) * tick;
			final int left = 10 + t * panelW + 60;
			final int right = left + barsWidth + 20;
			for (double v = 0; v <= max + 1e-9; v += tick) {
				final int y = y0 - (int) Math.round(v / max * PLOT_HEIGHT);
				g.setColor(new Color(225, 225, 225));
				g.drawLine(left, y, right, y);
				g.setColor(Color.BLACK);
				final String s = format(v);
				g.drawString(s, left - 6 - fm.stringWidth(s), y + 4);
			}
			g.drawLine(left, TOP, left, y0);
			g.drawLine(left, y0, right, y0);
			if (!Double.isNaN(chart.reference())) {
				final int y = y0 - (int) Math.round(chart.reference() / max * PLOT_HEIGHT);
				g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
					new float[] { 6, 4 }, 0));
				g.drawLine(left, y, right, y);
				g.setStroke(new BasicStroke(1));
			}
			final int gx = left + 10;
			for (int b = 0; b < group.bars().size(); b++) {
				final Bar bar = group.bars().get(b);
				final int bx = gx + b * (BAR + GAP);
				if (Double.isNaN(bar.value())) {
					g.setColor(Color.GRAY);
					g.drawString("n/a", bx + BAR / 2 - fm.stringWidth("n/a") / 2, y0 - 6);
					g.setColor(Color.BLACK);
					continue;
				}
				final int bh = (int) Math.round(bar.value() / max * PLOT_HEIGHT);
				g.setColor(bar.color());
				g.fillRect(bx, y0 - bh, BAR, bh);
				g.setColor(Color.BLACK);
				int labelY = y0 - bh - 6;
				if (!Double.isNaN(bar.sd())) {
					final int lo = y0 - (int) Math.round(Math.max(0, bar.value() - bar.sd()) / max *
						PLOT_HEIGHT);
					final int hi = y0 - (int) Math.round((bar.value() + bar.sd()) / max * PLOT_HEIGHT);
					g.setStroke(new BasicStroke(1.5f));
					g.drawLine(bx + BAR / 2, lo, bx + BAR / 2, hi);
					g.drawLine(bx + BAR / 2 - 8, hi, bx + BAR / 2 + 8, hi);
					g.drawLine(bx + BAR / 2 - 8, lo, bx + BAR / 2 + 8, lo);
					g.setStroke(new BasicStroke(1));
					labelY = Math.min(labelY, hi - 6);
				}
				for (int k = bar.labels().size() - 1; k >= 0; k--) {
					final String s = bar.labels().get(k);
					g.drawString(s, bx + BAR / 2 - fm.stringWidth(s) / 2, labelY);
					labelY -= 14;
				}
			}
			final int centre = gx + barsWidth / 2;
			g.setFont(bold);
			g.drawString(group.caption(), centre - g.getFontMetrics().stringWidth(group.caption()) /
				2, y0 + 18);
			g.setFont(plain);
			for (int k = 0; k < group.notes().size(); k++) {
				final String c = group.notes().get(k);
				g.drawString(c, centre - fm.stringWidth(c) / 2, y0 + 36 + 16 * k);
			}
		}
		int lx = 70;
		for (final Key key : chart.legend()) {
			g.setColor(key.color());
			g.fillRect(lx, legendY - 11, 14, 14);
			g.setColor(Color.BLACK);
			g.drawString(key.label(), lx + 20, legendY + 1);
			lx += 20 + fm.stringWidth(key.label()) + 30;
		}
		g.dispose();
		return new ImagePlus(chart.name(), new ColorProcessor(img));
	}

	/** 15 % above every bar (with its error bar) and the reference: room for the labels. */
	private static double top(final List<Group> groups, final double reference) {
		double max = Double.isNaN(reference) ? 0 : reference;
		for (final Group gr : groups)
			for (final Bar b : gr.bars())
				if (!Double.isNaN(b.value())) max = Math.max(max, b.value() + (Double.isNaN(b.sd()) ? 0
					: b.sd()));
		return max > 0 ? max * 1.15 : 1;
	}

	/** The smallest of 1, 2, 2.5, 5 × a power of ten that is at least v. */
	static double niceCeiling(final double v) {
		final double p = Math.pow(10, Math.floor(Math.log10(v)));
		for (final double m : new double[] { 1, 2, 2.5, 5, 10 })
			if (m * p >= v - 1e-12) return m * p;
		return 10 * p;
	}

	/** Three significant digits, no trailing zeros. */
	static String format(final double v) {
		return new BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros()
			.toPlainString();
	}
}
