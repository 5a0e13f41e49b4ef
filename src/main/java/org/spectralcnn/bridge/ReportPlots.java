package org.spectralcnn.bridge;

import ij.gui.Plot;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spectralcnn.evaluate.Evaluation;
import org.spectralcnn.evaluate.IntervalMetrics;
import org.spectralcnn.evaluate.Metrics;

/** The plots of training and evaluation reports, as {@link Plot}s and PNG files. */
public final class ReportPlots {

	private static final Color BLUE = new Color(0, 114, 178);
	private static final Color ORANGE = new Color(213, 94, 0);
	private static final Color[] SERIES = { BLUE, ORANGE, new Color(0, 158, 115), new Color(204,
		121, 167), new Color(230, 159, 0), new Color(86, 180, 233), Color.BLACK };

	private ReportPlots() {}

	/** Observed vs predicted with the 1:1 line and the metrics in the legend. */
	public static Plot scatter(final String target, final double[] observed,
		final double[] predicted, final Metrics m)
	{
		final Plot plot = new Plot(target + ": observed vs predicted", "Observed " + target,
			"Predicted " + target);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < observed.length; i++) {
			if (Double.isNaN(observed[i]) || Double.isNaN(predicted[i])) continue;
			lo = Math.min(lo, Math.min(observed[i], predicted[i]));
			hi = Math.max(hi, Math.max(observed[i], predicted[i]));
		}
		if (lo > hi) { // nothing to compare
			lo = 0;
			hi = 1;
		}
		final double pad = 0.05 * (hi - lo + 1e-12);
		plot.setLimits(lo - pad, hi + pad, lo - pad, hi + pad);
		plot.setColor(Color.GRAY);
		plot.addPoints(new double[] { lo - pad, hi + pad }, new double[] { lo - pad, hi + pad },
			Plot.LINE);
		plot.setColor(BLUE, BLUE);
		plot.addPoints(observed, predicted, Plot.CIRCLE);
		plot.setColor(Color.BLACK);
		plot.setLegend("1:1\n" + String.format(Locale.ROOT, "n=%d RMSE=%.3g R²=%.3f RPD=%.2f", m.n(), m
			.rmse(), m.r2(), m.rpd()), Plot.TOP_LEFT | Plot.LEGEND_TRANSPARENT);
		return plot;
	}

	/**
	 * The observed-vs-predicted plot of one target of an evaluation: with its prediction
	 * intervals as vertical bars when it has them, out-of-domain samples in red.
	 */
	public static Plot scatter(final Evaluation evaluation, final int target) {
		final Evaluation.Target t = evaluation.targets().get(target);
		final Plot plot = scatter(t.name(), t.observed(), t.predicted(), t.metrics());
		final Evaluation.Interval interval = evaluation.interval(target);
		final boolean[] flags = evaluation.outOfDomain();
		if (interval != null) {
			// the bars whole: the y range takes in their ends (x stays the observed range)
			final double[] limits = plot.getLimits();
			double ylo = limits[2], yhi = limits[3];
			for (int i = 0; i < t.observed().length; i++)
				if (!Double.isNaN(t.observed()[i]) && Double.isFinite(interval.lower()[i]) && Double
					.isFinite(interval.upper()[i]))
				{
					ylo = Math.min(ylo, interval.lower()[i]);
					yhi = Math.max(yhi, interval.upper()[i]);
				}
			final double pad = 0.02 * (yhi - ylo);
			plot.setLimits(limits[0], limits[1], ylo < limits[2] ? ylo - pad : ylo, yhi > limits[3]
				? yhi + pad : yhi);
			plot.setColor(new Color(120, 150, 220));
			for (int i = 0; i < t.observed().length; i++)
				if (!Double.isNaN(t.observed()[i]) && Double.isFinite(interval.lower()[i]) && Double
					.isFinite(interval.upper()[i])) plot.drawLine(t.observed()[i], interval.lower()[i], t
						.observed()[i], interval.upper()[i]);
		}
		if (flags != null) {
			final List<Double> x = new ArrayList<>(), y = new ArrayList<>();
			for (int i = 0; i < flags.length; i++)
				if (flags[i] && !Double.isNaN(t.observed()[i])) {
					x.add(t.observed()[i]);
					y.add(t.predicted()[i]);
				}
			if (!x.isEmpty()) {
				plot.setColor(Color.RED, Color.RED);
				plot.addPoints(x.stream().mapToDouble(Double::doubleValue).toArray(), y.stream()
					.mapToDouble(Double::doubleValue).toArray(), Plot.CIRCLE);
			}
		}
		plot.setColor(Color.BLACK);
		if (interval != null) {
			final IntervalMetrics m = interval.metrics();
			plot.addLabel(0.02, 0.95, String.format(Locale.ROOT,
				"intervals: coverage %.2f, mean width %.3g%s", m.coverage(), m.meanWidth(), flags ==
					null ? "" : String.format(Locale.ROOT, "; %d out of domain (red)", m.flagged())));
		}
		return plot;
	}

	/** Training and validation loss per epoch, with the restored (best) epoch marked. */
	public static Plot lossCurves(final double[] train, final double[] validation,
		final int bestEpoch)
	{
		final Plot plot = new Plot("Training loss", "Epoch", "Loss (standardised MSE)");
		final double[] epochs = new double[train.length];
		for (int e = 0; e < epochs.length; e++) epochs[e] = e + 1;
		plot.setColor(BLUE);
		plot.addPoints(epochs, train, Plot.LINE);
		final StringBuilder legend = new StringBuilder("training");
		if (validation != null && validation.length == train.length) {
			plot.setColor(ORANGE);
			plot.addPoints(epochs, validation, Plot.LINE);
			legend.append("\nvalidation");
		}
		if (bestEpoch >= 1 && bestEpoch <= train.length) {
			plot.setColor(Color.GRAY);
			final double y = validation != null ? validation[bestEpoch - 1] : train[bestEpoch - 1];
			plot.addPoints(new double[] { bestEpoch }, new double[] { y }, Plot.CIRCLE);
			legend.append("\nbest epoch ").append(bestEpoch);
		}
		plot.setColor(Color.BLACK);
		plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
		plot.setLimitsToFit(false);
		return plot;
	}

	/** Named series over a common x (RMSECV curves, VIP, coefficients, mean activations). */
	public static Plot lines(final String title, final String xLabel, final String yLabel,
		final double[] x, final Map<String, double[]> series)
	{
		final Plot plot = new Plot(title, xLabel, yLabel);
		int k = 0;
		final StringBuilder legend = new StringBuilder();
		for (final Map.Entry<String, double[]> s : series.entrySet()) {
			plot.setColor(SERIES[k % SERIES.length]);
			plot.addPoints(x, s.getValue(), Plot.LINE);
			legend.append(k++ == 0 ? "" : "\n").append(s.getKey());
		}
		plot.setColor(Color.BLACK);
		if (series.size() > 1) plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
		plot.setLimitsToFit(false);
		return plot;
	}

	/** The names {@link #saveScatterPlots} writes, as a glob for an output plan. */
	public static final String SCATTER_FILES = "scatter_*.png";

	/** One {@code scatter_<target>.png} per target in {@code folder}. */
	public static void saveScatterPlots(final Evaluation evaluation, final Path folder)
		throws IOException
	{
		for (int k = 0; k < evaluation.targets().size(); k++) {
			final Evaluation.Target t = evaluation.targets().get(k);
			ImageFiles.savePng(scatter(evaluation, k), folder.resolve("scatter_" + fileSafe(t
				.name()) + ".png"));
		}
	}

	/** A name usable in file names on every platform. */
	public static String fileSafe(final String name) {
		return name.replaceAll("[^A-Za-z0-9._-]+", "_");
	}
}
