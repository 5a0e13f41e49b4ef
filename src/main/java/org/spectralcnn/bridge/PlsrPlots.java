package org.spectralcnn.bridge;

import ij.gui.Plot;
import java.awt.Color;
import java.util.Locale;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.plsr.CrossValidation;

/** The plots chemometricians look at: the RMSECV curve, VIP scores and regression coefficients. */
public final class PlsrPlots {

	private static final Color LINE = new Color(0, 114, 178);
	private static final Color MARK = new Color(213, 94, 0);

	private PlsrPlots() {}

	/** RMSECV over 1..K latent variables with ± one standard error, the chosen k marked. */
	public static Plot rmsecv(final String target, final CrossValidation.Result cv,
		final int chosen, final String selection)
	{
		final int k = cv.maxComponents();
		final double[] x = new double[k], lo = new double[k], hi = new double[k];
		for (int i = 0; i < k; i++) {
			x[i] = i + 1;
			lo[i] = cv.rmsecv()[i] - cv.standardError()[i];
			hi[i] = cv.rmsecv()[i] + cv.standardError()[i];
		}
		final Plot plot = new Plot(target + " RMSECV", "Latent variables", "RMSECV (" + target + ")");
		plot.setColor(new Color(170, 170, 170));
		plot.addPoints(x, lo, Plot.LINE);
		plot.addPoints(x, hi, Plot.LINE);
		plot.setColor(MARK);
		plot.addPoints(new double[] { chosen, chosen }, new double[] { min(lo), max(hi) }, Plot.LINE);
		plot.setColor(LINE, LINE);
		plot.setLineWidth(2);
		plot.addPoints(x, cv.rmsecv(), Plot.LINE);
		plot.setLineWidth(1);
		plot.addPoints(x, cv.rmsecv(), Plot.CIRCLE);
		plot.setColor(MARK, MARK);
		plot.setLineWidth(3);
		plot.addPoints(new double[] { chosen }, new double[] { cv.rmsecv()[chosen - 1] }, Plot.CIRCLE);
		plot.setLineWidth(1);
		plot.setColor(Color.BLACK);
		plot.addLabel(0.02, 0.08, String.format(Locale.ROOT,
			"%d-fold CV; chosen %d LV (%s), RMSECV %.4g; grey: ± 1 SE", cv.folds(), chosen, selection,
			cv.rmsecv()[chosen - 1]));
		plot.setLimitsToFit(false);
		return plot;
	}

	/** VIP scores over the spectral axis, with the usual threshold 1. */
	public static Plot vip(final String target, final SpectralAxis axis, final double[] vip,
		final int components)
	{
		return overAxis(target + " VIP", "VIP", axis, vip, 1, target +
			": variable importance in projection, " + components + " LV (> 1: important)");
	}

	/** Regression coefficients (on the preprocessed spectra) over the spectral axis. */
	public static Plot coefficients(final String target, final SpectralAxis axis,
		final double[] beta, final int components)
	{
		return overAxis(target + " coefficients", "Regression coefficient", axis, beta, 0, target +
			": PLSR coefficients, " + components + " LV (preprocessed spectra)");
	}

	/** A curve over the spectral axis, a horizontal reference line and a caption. */
	private static Plot overAxis(final String title, final String yLabel, final SpectralAxis axis,
		final double[] values, final double reference, final String caption)
	{
		final Plot plot = new Plot(title, SpectraPlots.xLabel(axis.unit().symbol()), yLabel);
		plot.setColor(MARK);
		plot.addPoints(new double[] { axis.min(), axis.max() }, new double[] { reference,
			reference }, Plot.LINE);
		plot.setColor(LINE);
		plot.addPoints(axis.values(), values, Plot.LINE);
		plot.setColor(Color.BLACK);
		plot.addLabel(0.02, 0.08, caption);
		plot.setLimitsToFit(false);
		return plot;
	}

	private static double min(final double[] v) {
		double m = Double.POSITIVE_INFINITY;
		for (final double d : v) m = Math.min(m, d);
		return m;
	}

	private static double max(final double[] v) {
		double m = Double.NEGATIVE_INFINITY;
		for (final double d : v) m = Math.max(m, d);
		return m;
	}
}
