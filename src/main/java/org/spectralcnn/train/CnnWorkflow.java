package org.spectralcnn.train;

import java.util.function.BooleanSupplier;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.evaluate.Evaluation;
import org.spectralcnn.model.CnnModel;

/**
 * Train CNN in plain Java, as {@code PlsrWorkflow} is Train PLSR: split the samples (split
 * column, then a seeded validation share of the calibration samples), train, evaluate on the
 * held-out samples (the test set, else the validation samples) and record the test metrics in
 * the model's manifest. It reads, writes and shows nothing: the command saves the model and
 * {@code bridge.CnnReport} writes the report.
 */
public final class CnnWorkflow {

	/**
	 * What a run gives.
	 *
	 * @param training the training outcome; its model has no test metrics
	 * @param model the model to save: the trained one with {@code metrics.test} when there was a
	 *          test set
	 * @param evaluation predictions and metrics of the held-out samples, or null when none
	 * @param onTest whether the held-out samples are the test set (else the validation samples)
	 */
	public record Result(TrainingResult training, CnnModel model, Evaluation evaluation,
		boolean onTest)
	{

		/** "test" or "validation": which samples the evaluation is of. */
		public String heldOut() {
			return onTest ? "test" : "validation";
		}
	}

	private CnnWorkflow() {}

	/**
	 * @param data spectra with the target (and split) columns
	 * @param splitColumn 1 = calibration, 0 = test; null or empty: every sample calibrates
	 * @param validationFraction share of the calibration samples held out for early stopping
	 * @param listener hears the split, the network and every epoch
	 * @throws IllegalArgumentException for an unknown target or split column, a split that marks
	 *           no calibration sample, and everything {@link CnnTrainer#train} refuses
	 */
	public static Result run(final SpectralDataset data, final TrainingRequest request,
		final String splitColumn, final double validationFraction,
		final TrainingListener listener, final BooleanSupplier canceled)
	{
		data.targets(request.targets()); // unknown names fail here, naming the columns there are
		final SpectralDataset[] parts = SplitColumn.parts(data, splitColumn);
		final SpectralDataset calibration = parts[0], test = parts[1];
		final int[][] split = ValidationSplit.split(calibration.size(), validationFraction, request
			.settings().seed());
		final SpectralDataset training = calibration.subset(split[0]);
		final SpectralDataset validation = calibration.subset(split[1]);
		listener.message(data + "; calibration " + calibration.size() + " (training " + training
			.size() + ", validation " + validation.size() + ")" + (test != null ? ", test " + test
				.size() : ""));

		final TrainingResult result = new CnnTrainer(request).train(training, validation, listener,
			canceled);
		CnnModel model = result.model();
		final boolean onTest = test != null && test.size() > 0;
		final SpectralDataset heldOut = onTest ? test : validation.size() > 0 ? validation : null;
		Evaluation evaluation = null;
		if (heldOut != null) {
			evaluation = Evaluation.of(heldOut, request.targets(), model.predict(heldOut));
			if (onTest) model = ModelManifest.withTestMetrics(model, evaluation);
		}
		return new Result(result, model, evaluation, onTest);
	}
}
