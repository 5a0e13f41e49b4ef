package org.spectralcnn.transfer;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.ConformalScores;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.Ensembles;
import org.spectralcnn.train.StopReason;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.ValidationSplit;
import org.spectralcnn.transfer.TransferComparison.Model;

/**
 * Fine-tune CNN in plain Java, as {@code train.CnnWorkflow} is Train CNN: conform the local
 * spectra to the global model's grid, take the calibration samples (those of the split column
 * when the local set is large enough for a split, else all) and fine-tune them
 * ({@link FineTuning#fineTuneCalibration}: one fine-tune with a seeded validation share, or an
 * ensemble early-stopping by inner cross-validation); with {@code local_network=averaged} one
 * fine-tune is averaged with a network trained on the local samples alone. The command saves the model and, for a report, runs {@link TransferComparison}
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
		final boolean useSplit = protocol.usesSplit(local.size());
		final SpectralDataset calibration = useSplit ? SplitColumn.parts(local, protocol
			.splitColumn())[0] : local;
		if (options.averageLocal() && (members > 1 || options.soup() > 1)) listener.message(
			"local_network=averaged applies to one fine-tune (soup=1, ensemble=1): this model holds the fine-tunes only");
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
		final TrainingResult tuned = FineTuning.fineTuneCalibration(parent, link, targets, options,
			calibration, validationFraction, listener, canceled);
		if (!options.averagesLocal() || tuned.stopReason() == StopReason.CANCELED) return new Result(
			local, tuned);
		return new Result(local, withLocalNetwork(parent, targets, options, calibration,
			validationFraction, tuned, listener, canceled));
	}

	/**
	 * A fine-tuned model without held-out samples of its own ({@code validation_fraction=0}, the
	 * default: a share of 20–30 local samples is too few to stop on, and too few to lose) would
	 * have unbounded intervals; it gets the scores PLSR gets from its cross-validation: each local
	 * sample's error under Transfer, the same fine-tuning without that sample. With a report these
	 * are the report's (its first repeat; with a split column, the test samples under a fine-tune
	 * on the model's own calibration samples), else {@link #calibratedByFolds} fine-tunes the same
	 * folds. The domain model stays; a model with scores of its own keeps them. An ensemble gets
	 * one network's scores (the folds fine-tune one): its mean errs less, so its intervals are if
	 * anything too wide.
	 */
	public static CnnModel calibratedByReport(final CnnModel model,
		final TransferComparison.Result report)
	{
		return withHeldOutScores(model, report.predictions(), report.targets(),
			n -> "the report's held-out residuals of " + n + " local samples, each fine-tuned without it (" +
				(report.crossValidation() && report.protocol().repeats() > 1 ? "its first repeat of " +
					report.protocol().repeats() + "; " : "") + report.description() + ")");
	}

	/**
	 * {@link #calibratedByReport} without a report: Transfer alone on the report's first-repeat
	 * folds ({@link TransferComparison#transferHeldOut}), {@code protocol.folds()} more
	 * fine-tunes. A model with scores of its own, or fewer local samples than folds, is returned
	 * as it is.
	 *
	 * @param local the local samples on the parent's grid ({@link Result#local()})
	 * @throws java.util.concurrent.CancellationException when {@code canceled} turns true
	 */
	public static CnnModel calibratedByFolds(final CnnModel model, final CnnModel parent,
		final ParentLink link, final SpectralDataset local, final List<String> targets,
		final FineTuning.Options options, final double validationFraction,
		final TransferComparison.Protocol protocol, final TransferComparison.Progress progress,
		final BooleanSupplier canceled)
	{
		if (!lacksHeldOutScores(model)) return model;
		final boolean split = protocol.usesSplit(local.size());
		if (!split && local.size() < protocol.folds()) {
			progress.message("only " + local.size() + " local samples for " + protocol.folds() +
				" folds: no held-out errors, the intervals are unbounded");
			return model;
		}
		final String how = split ? "the split column's test samples, fine-tuned without them"
			: "each fine-tuned without its fold, " + protocol.folds() + "-fold";
		progress.message("interval scores from " + local.size() + " local samples, " + how);
		final HeldOutPredictions p = TransferComparison.transferHeldOut(parent, link, local, targets,
			options, validationFraction, protocol, progress, canceled);
		return withHeldOutScores(model, p, targets, n -> "held-out residuals of " + n +
			" local samples, " + how);
	}

	/** Whether the model has calibration data but no conformal scores (nothing was held out). */
	public static boolean lacksHeldOutScores(final CnnModel model) {
		final Calibration c = model.calibration();
		return c != null && c.targets().stream().allMatch(t -> t.split().size() == 0);
	}

	/** @param source what the scores are, given their largest number over the targets */
	private static CnnModel withHeldOutScores(final CnnModel model, final HeldOutPredictions p,
		final List<String> names, final IntFunction<String> source)
	{
		if (!lacksHeldOutScores(model)) return model;
		final Calibration c = model.calibration();
		final List<Calibration.Target> targets = new ArrayList<>();
		int most = 0;
		for (int t = 0; t < names.size(); t++) {
			final List<Double> errors = new ArrayList<>();
			for (int i = 0; i < p.samples(); i++) {
				final double e = p.observed(0, i, t) - p.predicted(0, i, t, Model.TRANSFER);
				if (!Double.isNaN(e)) errors.add(Math.abs(e));
			}
			most = Math.max(most, errors.size());
			targets.add(new Calibration.Target(names.get(t), ConformalScores.of(errors.stream()
				.mapToDouble(Double::doubleValue).toArray()), null, 0));
		}
		return model.withCalibration(new Calibration(source.apply(most), targets, 0, c.mcSeed(), c
			.domain()));
	}

	/**
	 * The fine-tuned network (the first member) averaged with one trained on the local samples
	 * alone (the second): where the parent's features do not carry the local soils, the local
	 * network holds the prediction back; a stop during the local network keeps the fine-tune alone.
	 */
	private static TrainingResult withLocalNetwork(final CnnModel parent,
		final List<String> targets, final FineTuning.Options options,
		final SpectralDataset calibration, final double validationFraction,
		final TrainingResult tuned, final TrainingListener listener, final BooleanSupplier canceled)
	{
		listener.message(
			"local_network=averaged: training a network on the local samples alone, to be averaged with the fine-tuned one");
		// the fine-tune's split (same fraction and seed), so both members stop on the same samples
		final int[][] split = ValidationSplit.split(calibration.size(), validationFraction, options
			.settings().seed());
		final SpectralDataset training = calibration.subset(split[0]), validation = calibration
			.subset(split[1]);
		final TrainingResult own = TransferComparison.localNetwork(parent, targets, options
			.settings(), training, validation, listener, canceled);
		if (own.stopReason() == StopReason.CANCELED) {
			listener.message("stopped while training the local network: the model is the fine-tuned network alone");
			return new TrainingResult(tuned.model(), tuned.history(), tuned.bestEpoch(), tuned
				.bestValidationLoss(), StopReason.CANCELED, tuned.trainingSamples(), tuned
					.validationSamples(), tuned.seconds());
		}
		final JsonObject extra = new JsonObject();
		final JsonObject l = new JsonObject();
		l.addProperty("combination",
			"mean of member 1 (fine-tuned from the global model) and member 2 (trained on the local samples alone)");
		l.addProperty("member_2_best_epoch", own.bestEpoch());
		extra.add("local_network", l);
		final CnnModel both = CnnModel.ensemble(List.of(tuned.model(), own.model()), extra);
		final CnnModel model = both.withCalibration(Intervals.calibrateEnsemble(both, training, List
			.of(validation, validation), McDropout.DEFAULT_PASSES, options
				.settings().seed(), "local " + CnnTrainer.CALIBRATION_RESIDUALS));
		return new TrainingResult(model, tuned.history(), tuned.bestEpoch(), tuned
			.bestValidationLoss(), tuned.stopReason(), tuned.trainingSamples(), tuned
				.validationSamples(), tuned.seconds() + own.seconds());
	}
}
