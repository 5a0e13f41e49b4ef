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

	/** {@code target,n,RMSE,R2,RPD,RPIQ,bias,CCC}, one row per target. */
	public static void writeMetrics(final Evaluation evaluation, final Path csv) throws IOException {
		AtomicFiles.writeText(csv, w -> {
			w.write("target," + String.join(",", Metrics.NAMES) + "\n");
			for (final Evaluation.Target t : evaluation.targets()) {
				w.write(t.name());
				for (final double v : t.metrics().values()) w.write("," + format(v));
				w.write("\n");
			}
		});
	}

	/** {@code id,<target>_observed,<target>_predicted,…}; missing values are empty cells. */
	public static void writePredictions(final Evaluation evaluation, final Path csv)
		throws IOException
	{
		final Map<String, double[]> columns = new LinkedHashMap<>();
		for (final Evaluation.Target t : evaluation.targets()) {
			columns.put(t.name() + "_observed", t.observed());
			columns.put(t.name() + "_predicted", t.predicted());
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
