package org.spectralcnn.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.evaluate.Evaluation;
import org.spectralcnn.evaluate.EvaluationTables;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.train.CnnWorkflow;
import org.spectralcnn.train.EpochRecord;

/**
 * The report folder of Train CNN: {@code metrics.csv}, {@code predictions.csv} and
 * {@code scatter_<target>.png} of the held-out samples (when there are any), {@code loss.png}
 * (training and validation loss per epoch, the best epoch marked) and {@code history.csv}
 * (epoch, train_loss, validation_loss, learning_rate, seconds).
 */
public final class CnnReport {

	/** Every name the report folder receives (for the command's output plan). */
	public static final List<String> FILES = List.of("metrics.csv", "predictions.csv",
		"history.csv", "loss.png", ReportPlots.SCATTER_FILES);

	private CnnReport() {}

	/** Writes the report; its files go in place together (a failure leaves the previous ones). */
	public static void write(final Path folder, final CnnWorkflow.Result r) throws IOException {
		AtomicFiles.together(() -> {
			writeFiles(folder, r);
			return null;
		});
	}

	private static void writeFiles(final Path folder, final CnnWorkflow.Result r) throws IOException {
		Files.createDirectories(folder);
		final Evaluation evaluation = r.evaluation();
		if (evaluation != null) {
			EvaluationTables.writeMetrics(evaluation, folder.resolve("metrics.csv"));
			EvaluationTables.writePredictions(evaluation, folder.resolve("predictions.csv"));
			ReportPlots.saveScatterPlots(evaluation, folder);
		}
		final List<EpochRecord> h = r.training().history();
		if (!h.isEmpty()) {
			final double[] train = new double[h.size()], val = new double[h.size()];
			for (int e = 0; e < h.size(); e++) {
				train[e] = h.get(e).trainLoss();
				val[e] = h.get(e).validationLoss();
			}
			ImageFiles.savePng(ReportPlots.lossCurves(train, Double.isNaN(val[0]) ? null : val, r
				.training().bestEpoch()), folder.resolve("loss.png"));
		}
		AtomicFiles.writeText(folder.resolve("history.csv"), w -> {
			w.write("epoch,train_loss,validation_loss,learning_rate,seconds\n");
			for (final EpochRecord e : h)
				w.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%.3f%n", e.epoch(), number(e
					.trainLoss()), number(e.validationLoss()), number(e.learningRate()), e.seconds()));
		});
	}

	private static String number(final double v) {
		return Double.isNaN(v) ? "" : Double.toString(v);
	}
}
