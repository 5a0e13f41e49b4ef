package org.spectralcnn.bridge;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import java.awt.GraphicsEnvironment;

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

	public static void show(final ImagePlus imp) {
		if (canShow()) imp.show();
	}

	public static void show(final Plot plot) {
		if (interactive()) plot.show();
	}

	public static void show(final ResultsTable table, final String title) {
		if (interactive()) table.show(title);
	}
}
