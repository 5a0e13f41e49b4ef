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
		return run(data, request, splitColumn, validationFraction, 1, listener, canceled);
	}

	/**
	 * @param members 1 for one model, more for an ensemble ({@link Ensembles}); without a test
	 *          set an ensemble is evaluated on its out-of-fold predictions
	 */
	public static Result run(final SpectralDataset data, final TrainingRequest request,
		final String splitColumn, final double validationFraction, final int members,
		final TrainingListener listener, final BooleanSupplier canceled)
	{
		if (members < 1 || members > org.spectralcnn.model.CnnModel.MAX_MEMBERS)
			throw new IllegalArgumentException("ensemble must be between 1 and " +
				org.spectralcnn.model.CnnModel.MAX_MEMBERS + ", got " + members);
		data.targets(request.targets()); // unknown names fail here, naming the columns there are
		final SpectralDataset[] parts = SplitColumn.parts(data, splitColumn);
		final SpectralDataset calibration = parts[0], test = parts[1];
		if (members > 1) return ensemble(calibration, test, request, validationFraction, members,
			listener, canceled);
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

	private static Result ensemble(final SpectralDataset calibration, final SpectralDataset test,
		final TrainingRequest request, final double validationFraction, final int members,
		final TrainingListener listener, final BooleanSupplier canceled)
	{
		listener.message(calibration + "; calibration " + calibration.size() + (test != null
			? ", test " + test.size() : ""));
		final Ensembles.Trained trained = new CnnTrainer(request).trainEnsemble(calibration, members,
			validationFraction, listener, canceled);
		CnnModel model = trained.result().model();
		final boolean onTest = test != null && test.size() > 0;
		Evaluation evaluation = null;
		if (onTest) {
			evaluation = Evaluation.of(test, request.targets(), model.predict(test));
			model = ModelManifest.withTestMetrics(model, evaluation);
		}
		else if (model.memberCount() > 1) {
			final Ensembles.OutOfFold oof = Ensembles.outOfFold(model, calibration, trained
				.validationRows());
			if (oof.rows().length > 0) evaluation = Evaluation.of(calibration.subset(oof.rows()),
				request.targets(), oof.predicted());
		}
		return new Result(trained.result(), model, evaluation, onTest);
	}
}
