package org.spectralcnn.bridge;

import ij.ImagePlus;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.plsr.ModelComparison;

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

	/** Writes the three files, which go in place together; returns them. */
	public static List<Path> write(final Path dir, final ModelComparison.Result r,
		final SpectralDataset data) throws IOException
	{
		return AtomicFiles.together(() -> writeFiles(dir, r, data));
	}

	private static List<Path> writeFiles(final Path dir, final ModelComparison.Result r,
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
		final List<Charts.Group> groups = new ArrayList<>();
		for (final String target : r.targets()) {
			final List<Charts.Bar> bars = new ArrayList<>();
			for (int m = 0; m < r.models().size(); m++) {
				ModelComparison.Row row = null;
				for (final ModelComparison.Row x : r.rows())
					if (x.target().equals(target) && x.model().equals(r.models().get(m))) row = x;
				final Color colour = PALETTE[m % PALETTE.length];
				bars.add(row == null ? new Charts.Bar(Double.NaN, Double.NaN, colour, List.of())
					: new Charts.Bar(1 + row.change() / 100, Double.NaN, colour, List.of(String.format(
						Locale.ROOT, "%.3g", row.metrics().rmse()), row.reference() ? "ref" : String
							.format(Locale.ROOT, "%+.1f%%", row.change()))));
			}
			groups.add(new Charts.Group(target + " (n=" + firstN(r, target) + ")", bars, List.of()));
		}
		final List<Charts.Key> legend = new ArrayList<>();
		for (int m = 0; m < r.models().size(); m++)
			legend.add(new Charts.Key(r.models().get(m) + " (" + r.kinds().get(m) + ")",
				PALETTE[m % PALETTE.length]));
		return Charts.bars(new Charts.BarChart("Model comparison", "Model comparison",
			"Test RMSE relative to the PLSR reference (1 = same, lower is better)", groups, legend,
			false, 1));
	}

	private static int firstN(final ModelComparison.Result r, final String target) {
		for (final ModelComparison.Row row : r.rows())
			if (row.target().equals(target)) return row.metrics().n();
		return 0;
	}
}
