package org.spectralcnn.bridge;

import ij.ImagePlus;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.transfer.HeldOutPredictions;
import org.spectralcnn.transfer.TransferComparison;
import org.spectralcnn.transfer.TransferComparison.Model;
import org.spectralcnn.transfer.TransferComparison.Result;
import org.spectralcnn.transfer.TransferComparison.Summary;

/**
 * The three-way report in a folder:
 * <ul>
 * <li>{@code transfer_table.csv}: per target and model the mean and SD over the folds of RMSE, R²,
 * RPD, the mean bias, and for Global and Local the relative change of Transfer's mean RMSE
 * against theirs, {@code (Transfer − X) / X} in %, in how many folds Transfer was better, and
 * RMSE, R² and RPD of each repeat's held-out predictions pooled (mean over the repeats);</li>
 * <li>{@code transfer_folds.csv}: every fold's metrics;</li>
 * <li>{@code transfer_predictions.csv}: each held-out sample's observed value and the three
 * predictions, per repeat;</li>
 * <li>{@code transfer_rmse.png}: a bar chart of the mean RMSE with SD error bars;</li>
 * <li>{@code transfer_report.md}: how the samples were held out and the table in Markdown.</li>
 * </ul>
 * Every file is written atomically.
 */
public final class TransferReport {

	public static final String TABLE = "transfer_table.csv";
	public static final String FOLDS = "transfer_folds.csv";
	public static final String PREDICTIONS = "transfer_predictions.csv";
	public static final String CHART = "transfer_rmse.png";
	public static final String MARKDOWN = "transfer_report.md";
	/** Every name {@link #write} writes into its folder. */
	public static final List<String> FILES = List.of(TABLE, FOLDS, PREDICTIONS, CHART, MARKDOWN);

	/** Per {@link Model}: Global, Local, Transfer, Spiking, MBL. */
	private static final Color[] COLORS = { new Color(120, 120, 120), new Color(230, 159, 0),
		new Color(0, 114, 178), new Color(0, 158, 115), new Color(204, 121, 167) };

	private TransferReport() {}

	/** Writes the five files, which go in place together; returns them. */
	public static List<Path> write(final Path folder, final Result r, final String title)
		throws IOException
	{
		return AtomicFiles.together(() -> writeFiles(folder, r, title));
	}

	private static List<Path> writeFiles(final Path folder, final Result r, final String title)
		throws IOException
	{
		Files.createDirectories(folder);
		final List<Path> files = new ArrayList<>();
		files.add(writeTable(folder.resolve(TABLE), r));
		files.add(writeFolds(folder.resolve(FOLDS), r));
		files.add(writePredictions(folder.resolve(PREDICTIONS), r));
		final Path png = folder.resolve(CHART);
		ImageFiles.savePng(chart(r, title), png);
		files.add(png);
		final Path md = folder.resolve(MARKDOWN);
		AtomicFiles.writeText(md, w -> {
			w.write("# " + title + "\n\n" + capitalise(r.description()) + ".\n\n");
			w.write(markdown(r));
		});
		files.add(md);
		return files;
	}

	private static Path writeTable(final Path csv, final Result r) throws IOException {
		AtomicFiles.writeText(csv, w -> {
			w.write("target,model,folds,RMSE_mean,RMSE_sd,R2_mean,R2_sd,RPD_mean,RPD_sd,bias_mean," +
				"transfer_rmse_change_pct,transfer_better_folds,wilcoxon_p,pooled_RMSE,pooled_R2,pooled_RPD\n");
			for (final String t : r.targets())
				for (final Model m : Model.values()) {
					final Summary s = r.summary(t, m);
					if (!s.available() && (m == Model.SPIKING || m == Model.MBL)) continue;
					w.write(String.join(",", t, m.label(), Integer.toString(count(s.rmse())), num(s
						.rmseMean()), num(s.rmseSd()), num(s.r2Mean()), num(s.r2Sd()), num(s.rpdMean()), num(s
							.rpdSd()), num(s.biasMean())));
					if (m != Model.TRANSFER && s.available()) {
						final int[] wins = r.transferWins(t, m);
						w.write("," + num(r.transferChange(t, m)) + "," + wins[0] + "/" + wins[1] + "," + num(r
							.transferTest(t, m).p()));
					}
					else w.write(",,,");
					final double[] p = r.pooledMeans(t, m);
					w.write("," + num(p[0]) + "," + num(p[1]) + "," + num(p[2]) + "\n");
				}
		});
		return csv;
	}

	private static Path writeFolds(final Path csv, final Result r) throws IOException {
		AtomicFiles.writeText(csv, w -> {
			w.write("repeat,fold,calibration_samples,test_samples,target,model,n,RMSE,R2,RPD,bias\n");
			for (final TransferComparison.Fold f : r.folds())
				for (int t = 0; t < r.targets().size(); t++)
					for (final Model m : Model.values()) {
						final Metrics x = f.metrics().get(m).get(t);
						if (x.n() == 0 && (m == Model.SPIKING || m == Model.MBL)) continue;
						w.write(String.join(",", Integer.toString(f.repeat() + 1), Integer.toString(f
							.fold() + 1), Integer.toString(f.calibrationSamples()), Integer.toString(f
								.testSamples()), r.targets().get(t), m.label(), Integer.toString(x.n()), num(x
									.n() > 0 ? x.rmse() : Double.NaN), num(x.n() > 1 ? x.r2() : Double.NaN), num(x
										.n() > 1 ? x.rpd() : Double.NaN), num(x.n() > 0 ? x.bias() : Double.NaN)) +
							"\n");
					}
		});
		return csv;
	}

	private static Path writePredictions(final Path csv, final Result r) throws IOException {
		AtomicFiles.writeText(csv, w -> {
			final List<Model> shown = shown(r);
			final StringBuilder head = new StringBuilder("repeat,id,target,observed");
			for (final Model m : shown) head.append(',').append(m.label());
			w.write(head + "\n");
			final HeldOutPredictions p = r.predictions();
			for (int rep = 0; rep < p.repeats(); rep++)
				for (int i = 0; i < p.samples(); i++)
					for (int t = 0; t < r.targets().size(); t++) {
						if (!p.heldOut(rep, i, t)) continue;
						final StringBuilder line = new StringBuilder((rep + 1) + "," + csvText(r.ids().get(i)) +
							"," + r.targets().get(t) + "," + num(p.observed(rep, i, t)));
						for (final Model m : shown) line.append(',').append(num(p.predicted(rep, i, t, m)));
						w.write(line + "\n");
					}
		});
		return csv;
	}

	/** The table in Markdown, as docs/results.md quotes it. */
	public static String markdown(final Result r) {
		final StringBuilder sb = new StringBuilder();
		sb.append("| target | model | RMSE | R² | RPD | bias | Transfer's RMSE vs this | Transfer better in | Wilcoxon p |\n");
		sb.append("|---|---|---|---|---|---|---|---|---|\n");
		for (final String t : r.targets())
			for (final Model m : shown(r)) {
				final Summary s = r.summary(t, m);
				if (!s.available()) {
					sb.append("| ").append(t).append(" | ").append(m.label()).append(
						" | — (").append(m == Model.GLOBAL ? "the global model" : "the library").append(
							" does not predict ").append(t).append(") | | | | | | |\n");
					continue;
				}
				sb.append("| ").append(t).append(" | ").append(m == Model.TRANSFER ? "**" + m.label() +
					"**" : m.label()).append(" | ").append(pm(s.rmseMean(), s.rmseSd(), "%.3g")).append(
						" | ").append(pm(s.r2Mean(), s.r2Sd(), "%.2f")).append(" | ").append(pm(s.rpdMean(), s
							.rpdSd(), "%.2f")).append(" | ").append(String.format(Locale.ROOT, "%+.3g", s
								.biasMean())).append(" | ");
				if (m == Model.TRANSFER) sb.append("| | |\n");
				else {
					final int[] wins = r.transferWins(t, m);
					final double p = r.transferTest(t, m).p();
					sb.append(String.format(Locale.ROOT, "%+.1f %%", r.transferChange(t, m)).replace("-",
						"−")).append(" | ").append(wins[0]).append("/").append(wins[1]).append(r
							.crossValidation() ? " folds" : "").append(" | ").append(Double.isNaN(p) ? "—"
								: String.format(Locale.ROOT, "%.3g", p)).append(" |\n");
				}
			}
		sb.append("\nMean ± SD over ").append(r.folds().size()).append(r.folds().size() == 1
			? " split" : " folds").append(
				" of each fold's value (a fold's R² and RPD rest on its few samples: judge by RMSE" +
				(r.crossValidation() ? " and the pooled table below" : "") + "); bias = predicted − observed " +
				"(positive: over-predicts), in the target's units like RMSE; relative change = (Transfer − model) / " +
				"model of the mean RMSE, in % of it (negative: Transfer is better); " +
				"Wilcoxon p: two-sided signed-rank test of the paired fold RMSEs.");
		final List<String> best = new ArrayList<>();
		for (final String t : r.targets()) {
			final int[] b = r.transferBest(t);
			best.add(t + " " + b[0] + "/" + b[1]);
		}
		sb.append(" Transfer had a lower RMSE than both Global and Local in ").append(String.join(", ", best))
			.append(r.crossValidation() ? " folds" : "").append(".\n");
		sb.append("\nGlobal: the global model as it is. Local: a network of the global model's " +
			"architecture trained on the fold's local calibration samples alone. Transfer: the global " +
			"model fine-tuned on them (the saved model is Transfer fine-tuned on all local samples)." +
			(shown(r).contains(Model.SPIKING) ? " Spiking: the library's PLSR retrained with each " +
				"local calibration sample added spike_weight times. MBL: a local PLS per sample on its " +
				"nearest library and local calibration spectra." : "") + "\n");
		if (!r.crossValidation()) return sb.toString();
		final int repeats = r.predictions().repeats();
		sb.append(repeats == 1 ? "\nPooled: the held-out predictions together (every local sample once):\n\n"
			: "\nPooled: the held-out predictions of each repeat together (every local sample once), mean over the " +
				repeats + " repeats:\n\n");
		sb.append("| target | model | RMSE | R² | RPD |\n|---|---|---|---|---|\n");
		for (final String t : r.targets())
			for (final Model m : shown(r)) {
				if (!r.summary(t, m).available()) continue;
				final double[] p = r.pooledMeans(t, m);
				sb.append(String.format(Locale.ROOT, "| %s | %s | %.3g | %.2f | %.2f |%n", t,
					m == Model.TRANSFER ? "**" + m.label() + "**" : m.label(), p[0], p[1], p[2]));
			}
		return sb.toString();
	}

	/**
	 * Bars of the mean held-out RMSE of Global, Local and Transfer, ± SD, one panel per target
	 * (each on its own scale: targets have different units), with Transfer's relative changes.
	 */
	public static ImagePlus chart(final Result r, final String title) {
		final List<Charts.Group> groups = new ArrayList<>();
		final List<Model> shown = shown(r);
		for (final String target : r.targets()) {
			final List<Charts.Bar> bars = new ArrayList<>();
			for (final Model m : shown) {
				final Summary s = r.summary(target, m);
				final Color c = COLORS[m.ordinal()];
				bars.add(s.available() ? new Charts.Bar(s.rmseMean(), s.rmseSd(), c, List.of(Charts
					.format(s.rmseMean()))) : new Charts.Bar(Double.NaN, Double.NaN, c, List.of()));
			}
			final List<String> notes = new ArrayList<>();
			for (final Model other : shown)
				if (other != Model.TRANSFER && r.summary(target, other).available()) {
					final int[] wins = r.transferWins(target, other);
					notes.add(String.format(Locale.ROOT, "Transfer %+.1f %% vs %s (%d/%d)", r
						.transferChange(target, other), other.label(), wins[0], wins[1]).replace("-", "−"));
				}
			groups.add(new Charts.Group(target, bars, notes));
		}
		final List<Charts.Key> legend = new ArrayList<>();
		for (final Model m : shown) legend.add(new Charts.Key(m.label(), COLORS[m.ordinal()]));
		return Charts.bars(new Charts.BarChart("Transfer learning: held-out RMSE", title,
			"Held-out local RMSE (lower is better), mean ± SD over " + r.folds().size() + (r
				.crossValidation() ? " folds" : " split"), groups, legend, true, Double.NaN));
	}

	/** The models of the report: Spiking and MBL only when some target has them. */
	static List<Model> shown(final Result r) {
		final List<Model> out = new ArrayList<>();
		for (final Model m : Model.values()) {
			boolean any = m != Model.SPIKING && m != Model.MBL;
			for (final String t : r.targets())
				any |= r.summary(t, m).available();
			if (any) out.add(m);
		}
		return out;
	}

	private static String pm(final double mean, final double sd, final String f) {
		return String.format(Locale.ROOT, f, mean) + (Double.isNaN(sd) ? "" : " ± " + String.format(
			Locale.ROOT, f, sd));
	}

	private static int count(final double[] v) {
		int n = 0;
		for (final double x : v)
			if (!Double.isNaN(x)) n++;
		return n;
	}

	private static String num(final double v) {
		if (Double.isNaN(v)) return "";
		return String.format(Locale.ROOT, "%.6g", v);
	}

	private static String csvText(final String s) {
		return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}

	private static String capitalise(final String s) {
		return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}
}
