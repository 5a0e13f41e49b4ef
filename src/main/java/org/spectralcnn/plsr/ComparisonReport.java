package org.spectralcnn.plsr;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import java.awt.BasicStroke;
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
import org.spectralcnn.bridge.Charts;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;

/**
 * The Compare Models report:
 * <ul>
 * <li>{@code comparison.csv}: target, model, kind, reference (1 for the PLSR baseline), n, RMSE,
 * R², RPD, RPIQ, bias, CCC, RMSE_change_percent (vs the reference);</li>
 * <li>{@code comparison_predictions.csv}: id, then per target the observed value and each
 * model's prediction, for the compared (test) samples;</li>
 * <li>{@code comparison.png}: per target, a bar for each model's RMSE relative to the reference,
 * labelled with the RMSE and the change in %.</li>
 * </ul>
 */
public final class ComparisonReport {

	private static final Color[] PALETTE = { new Color(120, 120, 120), new Color(0, 114, 178),
		new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159,
			0), new Color(86, 180, 233) };

	/** Every name {@link #write} writes into its folder. */
	public static final List<String> FILES = List.of("comparison.csv",
		"comparison_predictions.csv", "comparison.png");

	private ComparisonReport() {}

	public static List<Path> write(final Path dir, final ModelComparison.Result r,
		final SpectralDataset data) throws IOException
	{
		Files.createDirectories(dir);
		final List<Path> files = new ArrayList<>();
		final StringBuilder sb = new StringBuilder("target,model,kind,reference");
		for (final String name : Metrics.NAMES) sb.append(',').append(name);
		sb.append(",RMSE_change_percent\n");
		for (final ModelComparison.Row row : r.rows()) {
			sb.append(PlsrReport.csv(row.target())).append(',').append(PlsrReport.csv(row.model()))
				.append(',').append(row.kind()).append(',').append(row.reference() ? 1 : 0).append(',')
				.append(row.metrics().n());
			final double[] v = row.metrics().values();
			for (int i = 1; i < v.length; i++) sb.append(',').append(v[i]);
			sb.append(',').append(row.change()).append('\n');
		}
		files.add(PlsrReport.text(dir.resolve("comparison.csv"), sb.toString()));

		final StringBuilder pred = new StringBuilder(PlsrReport.csv(data.idColumn()));
		final List<int[]> cols = new ArrayList<>(); // target index, model, model column
		for (int t = 0; t < r.targets().size(); t++) {
			final String target = r.targets().get(t);
			pred.append(',').append(PlsrReport.csv(target));
			for (int m = 0; m < r.models().size(); m++) {
				final int c = modelTargets(r, m, target);
				if (c < 0) continue;
				pred.append(',').append(PlsrReport.csv(target + " " + r.models().get(m)));
				cols.add(new int[] { t, m, c });
			}
		}
		pred.append('\n');
		final List<double[]> observed = new ArrayList<>();
		for (final String target : r.targets()) observed.add(data.column(target));
		for (int i = 0; i < data.size(); i++) {
			if (!r.test()[i]) continue;
			pred.append(PlsrReport.csv(data.id(i)));
			int last = -1;
			for (final int[] c : cols) {
				if (c[0] != last) {
					final double o = observed.get(c[0])[i];
					pred.append(',').append(Double.isNaN(o) ? "" : Double.toString(o));
					last = c[0];
				}
				pred.append(',').append(r.predictions().get(c[1])[i][c[2]]);
			}
			pred.append('\n');
		}
		files.add(PlsrReport.text(dir.resolve("comparison_predictions.csv"), pred.toString()));

		final Path png = dir.resolve("comparison.png");
		files.add(PlsrReport.png(png, barChart(r)));
		return files;
	}

	/** Column of the target in model m's predictions, or −1 when m does not predict it. */
	private static int modelTargets(final ModelComparison.Result r, final int m,
		final String target)
	{
		return r.modelTargets().get(m).indexOf(target);
	}

	/** Grouped bars: RMSE of each model relative to the reference, per target. */
	public static ImagePlus barChart(final ModelComparison.Result r) {
		final int models = r.models().size(), targets = r.targets().size();
		final int groupWidth = Math.max(120, 46 * models + 30);
		final int left = 70, right = 20, top = 40, bottom = 70 + 18 * models;
		final int w = Math.max(560, left + right + groupWidth * targets), h = top + 300 + bottom;
		final BufferedImage img = Charts.canvas(w, h);
		final Graphics2D g = Charts.graphics(img);
		double max = 1.2;
		for (final ModelComparison.Row row : r.rows()) max = Math.max(max, 1.1 * (1 + row.change() /
			100));
		final int plotH = 300;
		final int y0 = top + plotH;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		final FontMetrics fm = g.getFontMetrics();
		g.setColor(Color.BLACK);
		g.drawString("Test RMSE relative to the PLSR reference (1 = same, lower is better)", 10, 20);
		// axis and grid
		g.setColor(new Color(220, 220, 220));
		for (double v = 0; v <= max + 1e-9; v += 0.25) {
			final int y = y0 - (int) Math.round(v / max * plotH);
			g.drawLine(left, y, w - right, y);
		}
		g.setColor(Color.BLACK);
		for (double v = 0; v <= max + 1e-9; v += 0.25) {
			final int y = y0 - (int) Math.round(v / max * plotH);
			final String s = String.format(Locale.ROOT, "%.2f", v);
			g.drawString(s, left - 6 - fm.stringWidth(s), y + 4);
		}
		g.drawLine(left, top, left, y0);
		g.drawLine(left, y0, w - right, y0);
		final int yOne = y0 - (int) Math.round(1 / max * plotH);
		g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
			new float[] { 6, 4 }, 0));
		g.drawLine(left, yOne, w - right, yOne);
		g.setStroke(new BasicStroke(1));
		for (int t = 0; t < targets; t++) {
			final String target = r.targets().get(t);
			final int gx = left + t * groupWidth + 15;
			int b = 0;
			for (int m = 0; m < models; m++) {
				ModelComparison.Row row = null;
				for (final ModelComparison.Row x : r.rows())
					if (x.target().equals(target) && x.model().equals(r.models().get(m))) row = x;
				final int bx = gx + b * 46;
				b++;
				if (row == null) continue;
				final double rel = 1 + row.change() / 100;
				final int bh = (int) Math.round(rel / max * plotH);
				g.setColor(PALETTE[m % PALETTE.length]);
				g.fillRect(bx, y0 - bh, 40, bh);
				g.setColor(Color.BLACK);
				final String v = String.format(Locale.ROOT, "%.3g", row.metrics().rmse());
				g.drawString(v, bx + 20 - fm.stringWidth(v) / 2, y0 - bh - 18);
				final String c = row.reference() ? "ref" : String.format(Locale.ROOT, "%+.1f%%", row
					.change());
				g.drawString(c, bx + 20 - fm.stringWidth(c) / 2, y0 - bh - 4);
			}
			final String label = target + " (n=" + firstN(r, target) + ")";
			g.drawString(label, gx + (46 * models - 6) / 2 - fm.stringWidth(label) / 2, y0 + 18);
		}
		for (int m = 0; m < models; m++) {
			final int ly = y0 + 40 + 18 * m;
			g.setColor(PALETTE[m % PALETTE.length]);
			g.fillRect(left, ly - 10, 12, 12);
			g.setColor(Color.BLACK);
			g.drawString(r.models().get(m) + " (" + r.kinds().get(m) + ")", left + 18, ly);
		}
		g.dispose();
		return new ImagePlus("Model comparison", new ColorProcessor(img));
	}

	private static int firstN(final ModelComparison.Result r, final String target) {
		for (final ModelComparison.Row row : r.rows())
			if (row.target().equals(target)) return row.metrics().n();
		return 0;
	}
}
