package org.spectralcnn.bridge;

import ij.measure.ResultsTable;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Evaluation;
import org.spectralcnn.evaluate.IntervalMetrics;
import org.spectralcnn.evaluate.Metrics;

/** Tables as ImageJ {@link ResultsTable}s, for the GUI and for macros (getResult). */
public final class ResultsTables {

	private ResultsTables() {}

	/** One row per sample (label = id), one column per non-spectral column; NaN = missing. */
	public static ResultsTable columns(final SpectralDataset data) {
		final ResultsTable rt = new ResultsTable(data.size());
		rt.setNaNEmptyCells(true);
		for (int i = 0; i < data.size(); i++) rt.setLabel(data.id(i), i);
		for (final String c : data.columnNames()) {
			if (data.hasNumericColumn(c)) {
				final double[] v = data.column(c);
				for (int i = 0; i < v.length; i++) rt.setValue(c, i, v[i]);
			}
			else {
				final String[] v = data.textColumn(c);
				for (int i = 0; i < v.length; i++) rt.setValue(c, i, v[i]);
			}
		}
		return rt;
	}

	/** One row per target (label = target), one column per metric. */
	public static ResultsTable metrics(final Evaluation evaluation) {
		final ResultsTable rt = new ResultsTable(evaluation.targets().size());
		for (int r = 0; r < evaluation.targets().size(); r++) {
			final Evaluation.Target t = evaluation.targets().get(r);
			rt.setLabel(t.name(), r);
			final double[] v = t.metrics().values();
			for (int k = 0; k < v.length; k++) rt.setValue(Metrics.NAMES[k], r, v[k]);
			if (evaluation.hasIntervals()) {
				final double[] iv = evaluation.interval(r).metrics().values();
				for (int k = 0; k < iv.length; k++) rt.setValue(IntervalMetrics.NAMES[k], r, iv[k]);
			}
		}
		rt.setDecimalPlaces(0, 0);
		return rt;
	}
}
