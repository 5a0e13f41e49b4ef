package org.spectralcnn.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.io.SpectraWriter;

/** Evaluation results as CSV tables (written atomically). */
public final class EvaluationTables {

	private EvaluationTables() {}

	/**
	 * {@code target,n,RMSE,R2,RPD,RPIQ,bias,CCC}, one row per target; with intervals also
	 * {@code coverage,mean_width,n_flagged,RMSE_unflagged,RMSE_flagged}.
	 */
	public static void writeMetrics(final Evaluation evaluation, final Path csv) throws IOException {
		AtomicFiles.writeText(csv, w -> {
			w.write("target," + String.join(",", Metrics.NAMES) + (evaluation.hasIntervals() ? "," +
				String.join(",", IntervalMetrics.NAMES) : "") + "\n");
			for (int k = 0; k < evaluation.targets().size(); k++) {
				final Evaluation.Target t = evaluation.targets().get(k);
				w.write(t.name());
				for (final double v : t.metrics().values()) w.write("," + format(v));
				if (evaluation.hasIntervals()) for (final double v : evaluation.interval(k).metrics()
					.values()) w.write("," + format(v));
				w.write("\n");
			}
		});
	}

	/**
	 * {@code id,<target>_observed,<target>_predicted,…} (and {@code <target>_lower},
	 * {@code <target>_upper}, {@code out_of_domain} when known); missing values are empty cells.
	 */
	public static void writePredictions(final Evaluation evaluation, final Path csv)
		throws IOException
	{
		final Map<String, double[]> columns = new LinkedHashMap<>();
		for (int k = 0; k < evaluation.targets().size(); k++) {
			final Evaluation.Target t = evaluation.targets().get(k);
			columns.put(t.name() + "_observed", t.observed());
			columns.put(t.name() + "_predicted", t.predicted());
			if (evaluation.hasIntervals()) {
				columns.put(t.name() + "_lower", evaluation.interval(k).lower());
				columns.put(t.name() + "_upper", evaluation.interval(k).upper());
			}
		}
		final boolean[] flags = evaluation.outOfDomain();
		if (flags != null) {
			final double[] f = new double[flags.length];
			for (int i = 0; i < f.length; i++) f[i] = flags[i] ? 1 : 0;
			columns.put("out_of_domain", f);
		}
		SpectraWriter.writeColumns(csv, "id", evaluation.ids(), columns);
	}

	/** Enough digits for any metric; integers (n) without a decimal point. */
	static String format(final double v) {
		if (Double.isNaN(v)) return "";
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return String.format(Locale.ROOT, "%.6g", v);
	}
}
