package org.spectralcnn.bridge;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import java.awt.EventQueue;
import java.util.Arrays;

/**
 * The training and validation loss curves in one plot window, redrawn after each epoch while a
 * CNN trains in the GUI (nothing is shown headless).
 */
public final class LiveLossPlot {

	private final String title;
	private double[] train = new double[0];
	private double[] validation = new double[0];
	private PlotWindow window;

	public LiveLossPlot(final String title) {
		this.title = title;
	}

	/** Adds an epoch's losses (NaN validation when there is none) and redraws the window. */
	public synchronized void add(final double trainLoss, final double validationLoss,
		final int bestEpoch)
	{
		train = Arrays.copyOf(train, train.length + 1);
		validation = Arrays.copyOf(validation, validation.length + 1);
		train[train.length - 1] = trainLoss;
		validation[validation.length - 1] = validationLoss;
		if (!Display.interactive()) return;
		final boolean hasValidation = !Double.isNaN(validationLoss);
		final Plot plot = ReportPlots.lossCurves(train.clone(), hasValidation ? validation.clone()
			: null, bestEpoch);
		EventQueue.invokeLater(() -> show(plot));
	}

	private synchronized void show(final Plot plot) {
		if (window == null || window.isClosed()) {
			plot.getImagePlus().setTitle(title);
			window = plot.show();
			if (window != null) window.getImagePlus().setTitle(title);
		}
		else window.drawPlot(plot);
	}
}
