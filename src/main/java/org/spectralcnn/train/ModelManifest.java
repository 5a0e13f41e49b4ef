package org.spectralcnn.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.spectralcnn.evaluate.Evaluation;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.model.CnnModel;

/**
 * What training records in a CNN model file's manifest, written in this one place for Train CNN,
 * Fine-tune CNN and the transfer comparison: {@code training} (settings, sample counts, outcome,
 * history), {@code seed}, {@code transfer} (fine-tuned models), {@code versions}, {@code created},
 * and {@code metrics.validation} / {@code metrics.test}. {@link CnnModel#of} writes the rest
 * (architecture, axis, input pipeline, targets).
 */
public final class ModelManifest {

	private ModelManifest() {}

	/**
	 * The entries of a model that training just made.
	 *
	 * @param transfer the {@code transfer} entry of a fine-tuned model, or null
	 */
	public static JsonObject trained(final TrainingSettings settings,
		final TrainingLoop.Outcome outcome, final int nTrain, final int nVal, final double seconds,
		final JsonObject transfer)
	{
		final JsonObject extra = new JsonObject();
		extra.add("training", trainingJson(settings, outcome.history(), outcome.bestEpoch(), outcome
			.best(), outcome.stop(), nTrain, nVal, seconds));
		extra.addProperty("seed", settings.seed());
		if (transfer != null) extra.add("transfer", transfer);
		extra.add("versions", versions());
		extra.addProperty("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		return extra;
	}

	/** The model with {@code metrics.validation} of its predictions for these samples. */
	public static CnnModel withValidationMetrics(final CnnModel model, final List<String> names,
		final double[][] observed, final double[][] predicted)
	{
		final JsonObject perTarget = new JsonObject();
		for (int t = 0; t < names.size(); t++)
			perTarget.add(names.get(t), metricsJson(Metrics.of(CnnTrainer.column(observed, t),
				CnnTrainer.column(predicted, t))));
		return withMetrics(model, "validation", perTarget);
	}

	/** The model with {@code metrics.test} from an evaluation on the test samples. */
	public static CnnModel withTestMetrics(final CnnModel model, final Evaluation test) {
		final JsonObject perTarget = new JsonObject();
		for (final Evaluation.Target t : test.targets())
			perTarget.add(t.name(), metricsJson(t.metrics()));
		return withMetrics(model, "test", perTarget);
	}

	/** {@code metrics.<set>} added beside the sets the manifest already has. */
	private static CnnModel withMetrics(final CnnModel model, final String set,
		final JsonObject perTarget)
	{
		final JsonObject existing = model.manifest().getAsJsonObject("metrics");
		final JsonObject metrics = existing != null ? existing.deepCopy() : new JsonObject();
		metrics.add(set, perTarget);
		final JsonObject extra = new JsonObject();
		extra.add("metrics", metrics);
		return model.withManifestEntries(extra);
	}

	/** One target's metrics as JSON: {@code {"n": …, "RMSE": …, …}} (undefined ones left out). */
	static JsonObject metricsJson(final Metrics m) {
		final JsonObject e = new JsonObject();
		final double[] v = m.values();
		for (int k = 0; k < Metrics.NAMES.length; k++) {
			if (k == 0) e.addProperty(Metrics.NAMES[k], m.n());
			else if (Double.isFinite(v[k])) e.addProperty(Metrics.NAMES[k], v[k]);
		}
		return e;
	}

	/** The model file's {@code training} entry: settings, sample counts, outcome, history. */
	static JsonObject trainingJson(final TrainingSettings s, final List<EpochRecord> history,
		final int bestEpoch, final double best, final StopReason stop, final int nTrain,
		final int nVal, final double seconds)
	{
		final JsonObject o = new JsonObject();
		o.addProperty("optimizer", "adam");
		o.addProperty("learning_rate", s.learningRate());
		o.addProperty("batch_size", s.batchSize());
		o.addProperty("epochs", s.epochs());
		o.addProperty("patience", s.patience());
		o.addProperty("lr_patience", s.lrPatience());
		o.addProperty("lr_factor", s.lrFactor());
		o.addProperty("seed", s.seed());
		final Augmentation a = s.augmentation();
		if (a.active()) {
			final JsonObject aug = new JsonObject();
			aug.addProperty("offset", a.offset());
			aug.addProperty("slope", a.slope());
			aug.addProperty("shift", a.shift());
			aug.addProperty("noise", a.noise());
			aug.addProperty("mixup", a.mixup());
			o.add("augmentation", aug);
		}
		o.addProperty("loss", "masked MSE of standardised targets");
		o.addProperty("training_samples", nTrain);
		o.addProperty("validation_samples", nVal);
		o.addProperty("epochs_run", history.size());
		o.addProperty("best_epoch", bestEpoch);
		if (Double.isFinite(best)) o.addProperty("best_loss", best);
		o.addProperty("stopped", stop.key());
		o.addProperty("seconds", Math.round(seconds * 1000) / 1000.0);
		final JsonArray h = new JsonArray();
		for (final EpochRecord r : history) {
			final JsonObject e = new JsonObject();
			e.addProperty("epoch", r.epoch());
			if (Double.isFinite(r.trainLoss())) e.addProperty("train_loss", r.trainLoss());
			if (Double.isFinite(r.validationLoss())) e.addProperty("validation_loss", r
				.validationLoss());
			e.addProperty("learning_rate", r.learningRate());
			e.addProperty("seconds", Math.round(r.seconds() * 1000) / 1000.0);
			h.add(e);
		}
		o.add("history", h);
		return o;
	}

	/** Plugin, DL4J and Java versions for the model file. */
	static JsonObject versions() {
		final JsonObject o = new JsonObject();
		final String v = ModelManifest.class.getPackage().getImplementationVersion();
		o.addProperty("spectral_cnn", v != null ? v : "development build");
		final String dl4j = ComputationGraph.class.getPackage().getImplementationVersion();
		o.addProperty("deeplearning4j", dl4j != null ? dl4j : "1.0.0-M2.1");
		o.addProperty("java", System.getProperty("java.version"));
		o.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		return o;
	}
}
