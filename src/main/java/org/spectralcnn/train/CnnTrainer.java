package org.spectralcnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
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

	/** Where a CNN's conformal scores come from, for the model file. */
	public static final String CALIBRATION_RESIDUALS =
		"validation samples (held out of the fit; they only chose the epoch)";

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
		final boolean validate = validation != null && validation.size() > 0 && TrainingLoop.rowsWithAnyTarget(
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
		final int[] trainRows = TrainingLoop.rowsWithAnyTarget(yTrain);
		if (trainRows.length < settings.batchSize()) throw new IllegalArgumentException(
			"only " + trainRows.length + " training samples have a target value, fewer than one batch (batch_size=" +
				settings.batchSize() + "); lower batch_size or use more calibration samples");
		if (trainRows.length < training.size()) listener.message((training.size() -
			trainRows.length) + " training samples have none of the targets and are left out");

		// input: preprocessing and scaling fitted on the training samples only
		final Preprocessing preprocessing = request.preprocessing().fit(training);
		final SpectralDataset prepTrain = preprocessing.apply(training);
		final SpectralDataset prepVal = val == null ? null : preprocessing.apply(val);
		final double ownNoise = settings.augmentation().active() ? Augmentation.instrumentNoise(
			training, preprocessing, prepTrain) : Double.NaN;
		if (Double.isFinite(ownNoise)) listener.message(String.format(java.util.Locale.ROOT,
			"the training spectra's own noise is about %.3g (augment_noise at that value adds noise at the instrument's level)",
			ownNoise));
		final Architecture architecture = request.architecture();
		final Architecture.Shape shape = InputPipeline.shapeFor(request.representation(), prepTrain
			.points(), request.stft());
		architecture.check(shape);
		final InputPipeline input = InputPipeline.fit(request.representation(), preprocessing,
			prepTrain, all, request.stft());
		final float[][] zTrain = TrainingLoop.standardise(yTrain, scalers);
		final float[][] zVal = val == null ? null : TrainingLoop.standardise(yVal, scalers);

		// network
		Nd4j.getRandom().setSeed(settings.seed());
		final ComputationGraph net = Networks.create(architecture.configuration(shape, nTargets,
			settings.seed(), settings.learningRate()), settings.seed());
		listener.message("training " + architecture + " on " + trainRows.length +
			" samples, validation " + (val == null ? "none (early stopping watches the training loss)" : val.size() +
				" samples") + "; input " + input + "; " + net.numParams() + " parameters");

		final TrainingLoop.Outcome outcome = TrainingLoop.run(net, input, architecture
			.headPerTarget(), prepTrain, zTrain, trainRows, prepVal, zVal, settings, listener,
			canceled);
		final double totalSeconds = (System.nanoTime() - started) / 1e9;
		CnnModel model = CnnModel.of(training.axis(), architecture, input, scalers, net,
			ModelManifest.trained(settings, outcome, trainRows.length, val == null ? 0 : val.size(),
				totalSeconds, null));
		if (val != null) model = ModelManifest.withValidationMetrics(model, names, yVal, model
			.predict(val));
		model = model.withCalibration(Intervals.calibrateCnn(model, training, val,
			McDropout.DEFAULT_PASSES, settings.seed(), CALIBRATION_RESIDUALS));
		listener.message(Intervals.describe(model.calibration()));
		return new TrainingResult(model, outcome.history(), outcome.bestEpoch(), outcome.best(),
			outcome.stop(), trainRows.length,
			val == null ? 0 : val.size(), totalSeconds);
	}

	/**
	 * Trains an ensemble of {@code members} ≥ 2 ({@link Ensembles}): member k with seed
	 * {@code seed + k}, validated on fold k of {@code calibration}.
	 */
	public Ensembles.Trained trainEnsemble(final SpectralDataset calibration, final int members,
		final double validationFraction, final TrainingListener listener,
		final BooleanSupplier canceled)
	{
		final long seed = request.settings().seed();
		return Ensembles.train(members, calibration, validationFraction, seed, (k, training,
			validation, l, c) -> new CnnTrainer(request.withSettings(request.settings().withSeed(
				seed + k))).train(training, validation, l, c), CALIBRATION_RESIDUALS, listener,
			canceled);
	}

	public static double[] column(final double[][] y, final int t) {
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
