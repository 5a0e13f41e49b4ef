package org.spectralcnn.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.TargetScaler;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Trains a multi-task CNN with a masked loss: a missing target value (NaN) gets label mask 0, so
 * it adds nothing to the loss or the gradients of that sample. Targets are standardised with the
 * training samples' statistics; the network input is scaled per point (spectra) or per pixel
 * (spectrograms) with the same samples. Adam, shuffled mini-batches, early stopping on the
 * validation loss with the best weights restored, optional reduce-on-plateau.
 * <p>
 * Spectrograms are computed per mini-batch from the preprocessed spectra, so memory does not
 * grow with the number of spectrograms. Deterministic for a seed: the weights come from the
 * configuration's seed, the dropout masks from ND4J's random generator (seeded here) and the
 * batch order from a seeded shuffle. Cancelling stops at the next mini-batch and still returns
 * the best model so far.
 */
public final class CnnTrainer {

	private final TrainingRequest request;

	public CnnTrainer(final TrainingRequest request) {
		this.request = request;
	}

	/**
	 * Trains on {@code training}, stops early on {@code validation}.
	 *
	 * @param validation samples that choose the epoch, or null / empty to watch the training loss
	 * @param canceled polled before each mini-batch
	 * @throws IllegalArgumentException for an unknown target, a target missing in every training
	 *           sample, fewer training samples than one batch, spectra too short for the
	 *           architecture or the STFT window
	 */
	public TrainingResult train(final SpectralDataset training, final SpectralDataset validation,
		final TrainingListener listener, final BooleanSupplier canceled)
	{
		final long started = System.nanoTime();
		final TrainingSettings settings = request.settings();
		final List<String> names = request.targets();
		final int nTargets = names.size();
		// targets: checked before any expensive work
		final double[][] yTrain = training.targets(names);
		final boolean validate = validation != null && validation.size() > 0 && rowsWithAnyTarget(
			validation.targets(names)).length > 0;
		if (validation != null && validation.size() > 0 && !validate) listener.message(
			"the validation samples have no target values; early stopping watches the training loss");
		final SpectralDataset val = validate ? validation : null;
		final double[][] yVal = val == null ? null : val.targets(names);
		final int[] all = range(training.size());
		final List<TargetScaler> scalers = new ArrayList<>();
		for (int t = 0; t < nTargets; t++) {
			final double[] column = column(yTrain, t);
			int present = 0;
			for (final double v : column)
				if (!Double.isNaN(v)) present++;
			if (present == 0) throw new IllegalArgumentException("target '" + names.get(t) +
				"' is missing in every training sample (" + training.size() + " samples)");
			scalers.add(TargetScaler.fit(names.get(t), request.unit(names.get(t)), column, all));
		}
		final int[] trainRows = rowsWithAnyTarget(yTrain);
		if (trainRows.length < settings.batchSize()) throw new IllegalArgumentException(
			"only " + trainRows.length + " training samples have a target value, fewer than one batch (batch_size=" +
				settings.batchSize() + "); lower batch_size or use more calibration samples");
		if (trainRows.length < training.size()) listener.message((training.size() -
			trainRows.length) + " training samples have none of the targets and are left out");

		// input: preprocessing and scaling fitted on the training samples only
		final Preprocessing preprocessing = request.preprocessing().fit(training);
		final SpectralDataset prepTrain = preprocessing.apply(training);
		final SpectralDataset prepVal = val == null ? null : preprocessing.apply(val);
		final Architecture architecture = request.architecture();
		final Architecture.Shape shape = InputPipeline.shapeFor(request.representation(), prepTrain
			.points(), request.stft());
		architecture.check(shape);
		final InputPipeline input = InputPipeline.fit(request.representation(), preprocessing,
			prepTrain, all, request.stft());
		final float[][] zTrain = standardise(yTrain, scalers);
		final float[][] zVal = val == null ? null : standardise(yVal, scalers);

		// network
		Nd4j.getRandom().setSeed(settings.seed());
		final ComputationGraph net = Networks.create(architecture.configuration(shape, nTargets,
			settings.seed(), settings.learningRate()), settings.seed());
		listener.message("training " + architecture + " on " + trainRows.length +
			" samples, validation " + (val == null ? "none (early stopping watches the training loss)" : val.size() +
				" samples") + "; input " + input + "; " + net.numParams() + " parameters");

		final Batches batches = new Batches(net, input, architecture.headPerTarget(), nTargets,
			settings.batchSize());
		final SplittableRandom shuffle = new SplittableRandom(settings.seed());
		final int[] order = trainRows.clone();
		final int iterations = (order.length + settings.batchSize() - 1) / settings.batchSize();
		final List<EpochRecord> history = new ArrayList<>();
		double lr = settings.learningRate();
		double best = Double.POSITIVE_INFINITY;
		INDArray bestParams = null;
		int bestEpoch = 0, sinceReduction = 0;
		StopReason stop = StopReason.COMPLETED;
		int[] valRows = val == null ? null : range(val.size());

		epochs: for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
			ValidationSplit.shuffle(order, shuffle);
			final long t0 = System.nanoTime();
			double lossSum = 0;
			long lossCount = 0;
			int seen = 0;
			for (int it = 0; it < iterations; it++) {
				if (canceled.getAsBoolean()) {
					stop = StopReason.CANCELED;
					break epochs;
				}
				final int from = it * settings.batchSize();
				final int n = Math.min(settings.batchSize(), order.length - from);
				if (n < 2 && it > 0) break; // a batch of one would break batch norm; skip it
				final int[] rows = Arrays.copyOfRange(order, from, from + n);
				final MultiDataSet ds = batches.make(prepTrain, rows, zTrain);
				net.fit(ds);
				final long present = batches.present();
				// DL4J's MSE: Σ mask·err² / (units per output layer × batch), summed over layers
				lossSum += net.score() * n * batches.unitsPerOutput();
				lossCount += present;
				seen += n;
				listener.iteration(epoch, it + 1, iterations);
			}
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final double trainLoss = lossCount > 0 ? lossSum / lossCount : Double.NaN;
			final double valLoss = val == null ? Double.NaN : maskedMse(Networks.forward(net, input,
				prepVal, valRows, Networks.PREDICT_BATCH), zVal);
			final double monitored = val == null ? trainLoss : valLoss;
			final boolean improved = monitored < best;
			if (improved) {
				best = monitored;
				bestEpoch = epoch;
				bestParams = net.params().dup();
				sinceReduction = 0;
			}
			else sinceReduction++;
			history.add(new EpochRecord(epoch, settings.epochs(), trainLoss, valLoss, lr, improved,
				seconds, seen / seconds));
			listener.epoch(history.get(history.size() - 1));
			if (epoch - bestEpoch >= settings.patience()) {
				stop = StopReason.EARLY_STOPPING;
				break;
			}
			if (settings.lrPatience() > 0 && sinceReduction >= settings.lrPatience() && lr > settings
				.minLearningRate())
			{
				lr = Math.max(settings.minLearningRate(), lr * settings.lrFactor());
				net.setLearningRate(lr);
				sinceReduction = 0;
				listener.message("epoch " + epoch + ": no improvement for " + settings.lrPatience() +
					" epochs, learning rate now " + lr);
			}
		}
		if (stop == StopReason.CANCELED && val != null) {
			// the weights of the interrupted epoch may beat the best so far
			final double now = maskedMse(Networks.forward(net, input, prepVal, valRows,
				Networks.PREDICT_BATCH), zVal);
			if (bestParams == null || now < best) {
				best = now;
				bestParams = null;
			}
		}
		if (bestParams != null) net.setParams(bestParams);
		listener.message("training stopped (" + stop + ") after " + history.size() +
			" epochs; best epoch " + bestEpoch + (Double.isFinite(best) ? ", " + (val == null
				? "training" : "validation") + " loss " + String.format(java.util.Locale.ROOT, "%.4f",
					best) : ""));

		final double totalSeconds = (System.nanoTime() - started) / 1e9;
		final JsonObject extra = new JsonObject();
		extra.add("training", trainingJson(settings, history, bestEpoch, best, stop,
			trainRows.length, val == null ? 0 : val.size(), totalSeconds));
		extra.addProperty("seed", settings.seed());
		extra.add("versions", versions());
		extra.addProperty("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		CnnModel model = CnnModel.of(training.axis(), architecture, input, scalers, net, extra);
		if (val != null) {
			final JsonObject metrics = new JsonObject();
			metrics.add("validation", metricsJson(names, yVal, model.predict(val)));
			model = model.withManifestEntries(wrap("metrics", metrics));
		}
		return new TrainingResult(model, history, bestEpoch, best, stop, trainRows.length,
			val == null ? 0 : val.size(), totalSeconds);
	}

	/** Per-target metrics as JSON: {@code {"Nt": {"n": …, "RMSE": …}, …}}. */
	public static JsonObject metricsJson(final List<String> names, final double[][] observed,
		final double[][] predicted)
	{
		final JsonObject o = new JsonObject();
		for (int t = 0; t < names.size(); t++)
			o.add(names.get(t), metricsJson(Metrics.of(column(observed, t), column(predicted, t))));
		return o;
	}

	/** One target's metrics as JSON: {@code {"n": …, "RMSE": …, …}} (undefined ones left out). */
	public static JsonObject metricsJson(final Metrics m) {
		final JsonObject e = new JsonObject();
		final double[] v = m.values();
		for (int k = 0; k < Metrics.NAMES.length; k++) {
			if (k == 0) e.addProperty(Metrics.NAMES[k], m.n());
			else if (Double.isFinite(v[k])) e.addProperty(Metrics.NAMES[k], v[k]);
		}
		return e;
	}

	private static JsonObject wrap(final String key, final JsonObject value) {
		final JsonObject o = new JsonObject();
		o.add(key, value);
		return o;
	}

	private static JsonObject trainingJson(final TrainingSettings s,
		final List<EpochRecord> history, final int bestEpoch, final double best,
		final StopReason stop, final int nTrain, final int nVal, final double seconds)
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
	public static JsonObject versions() {
		final JsonObject o = new JsonObject();
		final String v = CnnTrainer.class.getPackage().getImplementationVersion();
		o.addProperty("spectral_cnn", v != null ? v : "development build");
		final String dl4j = ComputationGraph.class.getPackage().getImplementationVersion();
		o.addProperty("deeplearning4j", dl4j != null ? dl4j : "1.0.0-M2.1");
		o.addProperty("java", System.getProperty("java.version"));
		o.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		return o;
	}

	/** Mean of (prediction - observation)² over present values; NaN when none is present. */
	static double maskedMse(final float[][] predicted, final float[][] observed) {
		double sum = 0;
		long n = 0;
		for (int i = 0; i < observed.length; i++)
			for (int t = 0; t < observed[i].length; t++) {
				if (Float.isNaN(observed[i][t])) continue;
				final double e = predicted[i][t] - observed[i][t];
				sum += e * e;
				n++;
			}
		return n > 0 ? sum / n : Double.NaN;
	}

	private static float[][] standardise(final double[][] y, final List<TargetScaler> s) {
		final float[][] z = new float[y.length][s.size()];
		for (int i = 0; i < y.length; i++)
			for (int t = 0; t < s.size(); t++)
				z[i][t] = Double.isNaN(y[i][t]) ? Float.NaN : (float) s.get(t).scale(y[i][t]);
		return z;
	}

	private static int[] rowsWithAnyTarget(final double[][] y) {
		final int[] rows = new int[y.length];
		int n = 0;
		for (int i = 0; i < y.length; i++) {
			for (final double v : y[i])
				if (!Double.isNaN(v)) {
					rows[n++] = i;
					break;
				}
		}
		return Arrays.copyOf(rows, n);
	}

	static double[] column(final double[][] y, final int t) {
		final double[] c = new double[y.length];
		for (int i = 0; i < y.length; i++) c[i] = y[i][t];
		return c;
	}

	private static int[] range(final int n) {
		final int[] r = new int[n];
		for (int i = 0; i < n; i++) r[i] = i;
		return r;
	}
}
