package org.spectralcnn.bridge;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.text.TextWindow;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;

/**
 * Shows results where a user can see them: in Fiji's or ImageJ's windows, or in a running
 * macro's batch-mode image list (so that {@code setBatchMode(true)} macros can use them).
 * Headless batch runs show nothing; they write files.
 */
public final class Display {

	private Display() {}

	/** True when images should be shown (a GUI, or a macro that may use them). */
	public static boolean canShow() {
		return !GraphicsEnvironment.isHeadless() || IJ.isMacro();
	}

	/** True when there is a screen to show tables, plots and dialogs on. */
	public static boolean interactive() {
		return !GraphicsEnvironment.isHeadless();
	}

	/** Images open at least this many screen pixels on their longer side, when a zoom can do it. */
	public static final int MIN_WINDOW = 300;

	/** ImageJ's integer zoom levels, so that every image pixel is a square of whole screen pixels. */
	private static final int[] ZOOMS = { 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 };

	/**
	 * The zoom a {@code width × height} image opens at: the smallest of ImageJ's integer zoom
	 * levels that makes its longer side at least {@value #MIN_WINDOW} screen pixels (at most 32×);
	 * 1 for images that are large enough.
	 */
	public static int magnification(final int width, final int height) {
		final int size = Math.max(width, height);
		for (final int zoom : ZOOMS)
			if ((long) size * zoom >= MIN_WINDOW) return zoom;
		return ZOOMS[ZOOMS.length - 1];
	}

	/** Shows an image; in the GUI a small one (a 23 × 33 spectrogram) opens zoomed so that it is seen. */
	public static void show(final ImagePlus imp) {
		if (!canShow()) return;
		imp.show();
		final int zoom = magnification(imp.getWidth(), imp.getHeight());
		if (zoom > 1 && imp.getWindow() != null) ij.plugin.Zoom.set(imp, zoom);
	}

	public static void show(final Plot plot) {
		if (interactive()) plot.show();
	}

	/** Shows a plot to the right of an image's window (where the screen allows), not on top of it. */
	public static void beside(final Plot plot, final ImagePlus imp) {
		if (!interactive()) return;
		final ij.gui.PlotWindow window = plot.show();
		final java.awt.Window left = imp.getWindow();
		if (window == null || left == null) return;
		final int x = left.getX() + left.getWidth();
		if (x + window.getWidth() <= IJ.getScreenSize().width) window.setLocation(x, left.getY());
	}

	public static void show(final ResultsTable table, final String title) {
		if (interactive()) table.show(title);
	}

	/**
	 * A progress line: in the GUI to ImageJ's Log window, where Fiji users look; headless to
	 * stderr, so that stdout stays for results.
	 */
	public static void log(final String line) {
		if (interactive()) IJ.log(line);
		else System.err.println(line);
	}

	/** A text window wide and tall enough for its longest line (no cut lines), capped at the screen. */
	public static void showText(final String title, final String text) {
		if (!interactive()) return;
		final String[] lines = text.split("\n");
		final Font font = new Font(Font.MONOSPACED, Font.PLAIN, 12);
		final FontMetrics metrics = Toolkit.getDefaultToolkit().getFontMetrics(font);
		int width = 0;
		for (final String line : lines)
			width = Math.max(width, metrics.stringWidth(line));
		final java.awt.Dimension screen = IJ.getScreenSize();
		// margins: the window's border, scroll bar and the text panel's insets
		final int w = Math.min(width + 60, screen.width - 40);
		final int h = Math.min(lines.length * (metrics.getHeight() + 2) + 90, screen.height - 80);
		final TextWindow window = new TextWindow(title, text, w, h);
		window.getTextPanel().setFont(font, true);
	}
}
