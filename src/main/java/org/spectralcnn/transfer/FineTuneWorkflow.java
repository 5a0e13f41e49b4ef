package org.spectralcnn.transfer;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.Ensembles;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingResult;

/**
 * Fine-tune CNN in plain Java, as {@code train.CnnWorkflow} is Train CNN: conform the local
 * spectra to the global model's grid, take the calibration samples (those of the split column
 * when the local set is large enough for a split, else all) and fine-tune them
 * ({@link FineTuning#fineTuneCalibration}: one fine-tune with a seeded validation share, or an
 * ensemble early-stopping by inner cross-validation). The command saves the model and, for a report, runs {@link TransferComparison}
 * on {@link Result#local()}.
 */
public final class FineTuneWorkflow {

	/**
	 * @param local the local samples on the parent's grid (what the comparison runs on)
	 * @param training the fine-tuning outcome, with the model to save
	 */
	public record Result(SpectralDataset local, TrainingResult training) {}

	private FineTuneWorkflow() {}

	/**
	 * @param raw the local spectra with the target (and split) columns, as read
	 * @param listener hears the grid notes, the split and every epoch
	 * @throws IllegalArgumentException for unknown targets, spectra the grid cannot conform, a
	 *           bad split column, and everything {@link FineTuning#fineTune} refuses
	 */
	public static Result run(final CnnModel parent, final ParentLink link,
		final SpectralDataset raw, final List<String> targets, final FineTuning.Options options,
		final double validationFraction, final TransferComparison.Protocol protocol,
		final TrainingListener listener, final BooleanSupplier canceled)
	{
		return run(parent, link, raw, targets, options, validationFraction, protocol, 1, listener,
			canceled);
	}

	/**
	 * @param members 1 for one fine-tuned network (from the parent's member 0), more for an
	 *          ensemble ({@link Ensembles}): member k starts from the parent's member k (modulo
	 *          the parent's members) with seed {@code seed + k} and validates on fold k
	 */
	public static Result run(final CnnModel parent, final ParentLink link,
		final SpectralDataset raw, final List<String> targets, final FineTuning.Options options,
		final double validationFraction, final TransferComparison.Protocol protocol,
		final int members, final TrainingListener listener, final BooleanSupplier canceled)
	{
		if (members < 1 || members > CnnModel.MAX_MEMBERS) throw new IllegalArgumentException(
			"ensemble must be between 1 and " + CnnModel.MAX_MEMBERS + ", got " + members);
		raw.targets(targets); // unknown names fail here, naming the columns there are
		final SpectralDataset local = LocalGrid.conform(raw, parent.inputAxis(), listener::message);
		final boolean useSplit = SplitColumn.given(protocol.splitColumn()) && local
			.size() >= TransferComparison.MIN_SPLIT_SAMPLES;
		final SpectralDataset calibration = useSplit ? SplitColumn.parts(local, protocol
			.splitColumn())[0] : local;
		if (members > 1) {
			listener.message(raw + "; fine-tuning an ensemble of " + members + " on " + calibration
				.size() + " calibration samples");
			final long seed = options.settings().seed();
			final Ensembles.Trained trained = Ensembles.train(members, calibration, validationFraction,
				seed, (k, training, validation, l, c) -> FineTuning.fineTune(parent.member(k % parent
					.memberCount()), link, targets, options.withSettings(options.settings().withSeed(seed +
						k)), training, validation, l, c), "local " + CnnTrainer.CALIBRATION_RESIDUALS,
				listener, canceled);
			return new Result(local, trained.result());
		}
		listener.message(raw + "; fine-tuning on " + calibration.size() + " samples" + (options
			.soup() > 1 ? ", a soup of " + options.soup() +
				" fine-tunes early-stopping by inner cross-validation" : ", validation fraction " +
					validationFraction));
		return new Result(local, FineTuning.fineTuneCalibration(parent, link, targets, options,
			calibration, validationFraction, listener, canceled));
	}
}
