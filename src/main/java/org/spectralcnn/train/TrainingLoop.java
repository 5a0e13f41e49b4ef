package org.spectralcnn.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.BlasThreads;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.TargetScaler;

/**
 * The epoch loop that {@link CnnTrainer} runs on a new network and fine-tuning runs on a
 * network taken from a saved model: shuffled masked mini-batches, Adam (the network's updater),
 * early stopping on the validation loss (the training loss without validation samples) with the
 * best weights restored, optional reduce-on-plateau, cancelling at the next mini-batch.
 * Deterministic for a seed: the batch order comes from a {@link SplittableRandom} seeded with
 * {@link TrainingSettings#seed()}.
 */
public final class TrainingLoop {

	/**
	 * How the loop ended.
	 *
	 * @param bestEpoch 1-based epoch whose weights the network has (0 if canceled before the
	 *          first epoch ended)
	 * @param best the monitored loss at that epoch (validation, else training)
	 */
	public record Outcome(List<EpochRecord> history, int bestEpoch, double best, StopReason stop) {}

	private TrainingLoop() {}

	/**
	 * Trains {@code net} in place and leaves it with the weights of the best epoch.
	 *
	 * @param headPerTarget whether the network has an output layer per target (else one layer
	 *          with a unit per target)
	 * @param prepTrain preprocessed training spectra
	 * @param zTrain standardised targets of every row of {@code prepTrain}, NaN = missing
	 * @param trainRows rows of {@code prepTrain} to train on (those with a target value)
	 * @param prepVal preprocessed validation spectra, or null to watch the training loss
	 * @param zVal standardised targets of {@code prepVal}
	 * @param canceled polled before each mini-batch
	 */
	public static Outcome run(final ComputationGraph net, final InputPipeline input,
		final boolean headPerTarget, final SpectralDataset prepTrain, final float[][] zTrain,
		final int[] trainRows, final SpectralDataset prepVal, final float[][] zVal,
		final TrainingSettings settings, final TrainingListener listener,
		final BooleanSupplier canceled)
	{
		return run(net, input, headPerTarget, prepTrain, zTrain, trainRows, prepVal, zVal, settings,
			listener, canceled, null);
	}

	/**
	 * As above, with {@code afterStep} called after every parameter update (fine-tuning's pull
	 * toward the parent's weights), or null.
	 */
	public static Outcome run(final ComputationGraph net, final InputPipeline input,
		final boolean headPerTarget, final SpectralDataset prepTrain, final float[][] zTrain,
		final int[] trainRows, final SpectralDataset prepVal, final float[][] zVal,
		final TrainingSettings settings, final TrainingListener listener,
		final BooleanSupplier canceled, final java.util.function.DoubleConsumer afterStep)
	{
		// on one BLAS thread the dense layers split their products over the cores themselves
		// (GemmDense)
		if (!SINGLE_BLAS_THREAD) return train(net, input, headPerTarget, prepTrain, zTrain, trainRows,
			prepVal, zVal, settings, listener, canceled, afterStep);
		final Outcome[] outcome = new Outcome[1];
		BlasThreads.one(() -> outcome[0] = train(net, input, headPerTarget, prepTrain, zTrain,
			trainRows, prepVal, zVal, settings, listener, canceled, afterStep));
		return outcome[0];
	}

	/** Whether training runs BLAS on one thread; {@code -Dspectralcnn.blas1=false} to compare. */
	private static final boolean SINGLE_BLAS_THREAD = Boolean.parseBoolean(System.getProperty(
		"spectralcnn.blas1", "true"));

	private static Outcome train(final ComputationGraph net, final InputPipeline input,
		final boolean headPerTarget, final SpectralDataset prepTrain, final float[][] zTrain,
		final int[] trainRows, final SpectralDataset prepVal, final float[][] zVal,
		final TrainingSettings settings, final TrainingListener listener,
		final BooleanSupplier canceled, final java.util.function.DoubleConsumer afterStep)
	{
		final int nTargets = zTrain.length > 0 ? zTrain[0].length : 0;
		final Batches batches = new Batches(net, input, headPerTarget, nTargets, settings
			.batchSize());
		final SplittableRandom shuffle = new SplittableRandom(settings.seed());
		final Augmentation augmentation = settings.augmentation();
		final Batches.Augmented augmented = augmentation.active() ? new Batches.Augmented(
			augmentation, Augmentation.scale(prepTrain.data(), prepTrain.points(), trainRows),
			new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L)) : null;
		if (augmented != null) listener.message(augmentation + " (scale " + String.format(
			java.util.Locale.ROOT, "%.4g", augmented.scale()) + ")");
		final int[] order = trainRows.clone();
		final int iterations = (order.length + settings.batchSize() - 1) / settings.batchSize();
		final List<EpochRecord> history = new ArrayList<>();
		double lr = settings.learningRate();
		double best = Double.POSITIVE_INFINITY;
		INDArray bestParams = null;
		int bestEpoch = 0, sinceReduction = 0;
		StopReason stop = StopReason.COMPLETED;
		final int[] valRows = prepVal == null ? null : range(prepVal.size());

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
				final MultiDataSet ds = batches.make(prepTrain, rows, zTrain, augmented);
				net.fit(ds);
				if (afterStep != null) afterStep.accept(lr);
				final long present = batches.present();
				// DL4J's MSE: Σ mask·err² / (units per output layer × batch), summed over layers
				lossSum += net.score() * n * batches.unitsPerOutput();
				lossCount += present;
				seen += n;
				listener.iteration(epoch, it + 1, iterations);
			}
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final double trainLoss = lossCount > 0 ? lossSum / lossCount : Double.NaN;
			final double valLoss = prepVal == null ? Double.NaN : maskedMse(Networks.forward(net,
				input, prepVal, valRows, Networks.PREDICT_BATCH), zVal);
			final double monitored = prepVal == null ? trainLoss : valLoss;
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
		if (stop == StopReason.CANCELED && prepVal != null) {
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
			" epochs; best epoch " + bestEpoch + (Double.isFinite(best) ? ", " + (prepVal == null
				? "training" : "validation") + " loss " + String.format(java.util.Locale.ROOT, "%.4f",
					best) : ""));
		return new Outcome(history, bestEpoch, best, stop);
	}

	/** Mean of (prediction - observation)² over present values; NaN when none is present. */
	public static double maskedMse(final float[][] predicted, final float[][] observed) {
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

	/** Targets in the network's units: {@code (y - mean) / sd} per target, NaN kept. */
	public static float[][] standardise(final double[][] y, final List<TargetScaler> s) {
		final float[][] z = new float[y.length][s.size()];
		for (int i = 0; i < y.length; i++)
			for (int t = 0; t < s.size(); t++)
				z[i][t] = Double.isNaN(y[i][t]) ? Float.NaN : (float) s.get(t).scale(y[i][t]);
		return z;
	}

	/** Rows with at least one target value. */
	public static int[] rowsWithAnyTarget(final double[][] y) {
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

	static int[] range(final int n) {
		final int[] r = new int[n];
		for (int i = 0; i < n; i++) r[i] = i;
		return r;
	}
}
