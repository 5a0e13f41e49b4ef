package org.spectralcnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;

/**
 * Trains a seed ensemble for Train CNN and Fine-tune CNN: member k is trained with seed
 * {@code seed + k} on the calibration samples outside validation fold k
 * ({@link ValidationSplit#fold}), so members differ in their weights, dropout, batch order and
 * validation samples, and each member's validation residuals are out-of-fold: the ensemble is
 * calibrated on all of them pooled ({@link Intervals#calibrateEnsemble}). The model file
 * holds every member ({@link CnnModel#ensemble}); it predicts their mean.
 * <p>
 * Members train one after the other unless the machine has cores to spare
 * ({@link #memberThreads}): each training already spreads its convolutions over every core, and
 * on 2 cores two members at once were measured slower than one after the other (docs/ensembles.md).
 */
public final class Ensembles {

	/** Trains one member on its split (its own seed in {@code settings}). */
	@FunctionalInterface
	public interface Member {

		TrainingResult train(int k, SpectralDataset training, SpectralDataset validation,
			TrainingListener listener, BooleanSupplier canceled);
	}

	/**
	 * What an ensemble's training gives.
	 *
	 * @param result the ensemble model (calibrated), member 0's history and epochs, the total time
	 * @param validationRows per member, the calibration rows it held out
	 * @param members each member's own outcome
	 */
	public record Trained(TrainingResult result, List<int[]> validationRows,
		List<TrainingResult> members)
	{}

	private Ensembles() {}

	/**
	 * Members trained at once: one per 4 cores ({@code -Dspectralcnn.memberThreads=N} to
	 * compare), at most the number of members.
	 */
	public static int memberThreads(final int members) {
		final int cores = Runtime.getRuntime().availableProcessors();
		final int threads = Integer.getInteger("spectralcnn.memberThreads", Math.max(1, cores / 4));
		return Math.max(1, Math.min(members, threads));
	}

	/**
	 * @param members 2 or more
	 * @param calibration the samples the members are trained and validated on
	 * @param fraction share of {@code calibration} each member holds out
	 * @param seed member k's seed is {@code seed + k}; member 0's split is Train CNN's
	 * @param residuals where the conformal scores come from, in words
	 * @throws IllegalArgumentException for fewer than 2 or more than
	 *           {@value CnnModel#MAX_MEMBERS} members, and what training a member refuses
	 */
	public static Trained train(final int members, final SpectralDataset calibration,
		final double fraction, final long seed, final Member member, final String residuals,
		final TrainingListener listener, final BooleanSupplier canceled)
	{
		if (members < 2 || members > CnnModel.MAX_MEMBERS) throw new IllegalArgumentException(
			"ensemble must be between 1 and " + CnnModel.MAX_MEMBERS + ", got " + members);
		final long started = System.nanoTime();
		final List<int[]> valRows = validationRows(members, calibration.size(), fraction, seed);
		final int threads = memberThreads(members);
		listener.message("ensemble of " + members + " members (seeds " + seed + "–" + (seed +
			members - 1) + ", each validated on another " + valRows.get(0).length +
			" calibration samples), " + threads + (threads == 1 ? " member at a time"
				: " members at a time"));
		final AtomicInteger canceledAt = new AtomicInteger(-1);
		final List<TrainingResult> kept = new ArrayList<>();
		final List<int[]> keptRows = new ArrayList<>();
		final ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
			final Thread t = new Thread(r, "spectral-cnn-member");
			t.setDaemon(true);
			return t;
		});
		try {
			final List<Future<TrainingResult>> futures = new ArrayList<>();
			for (int k = 0; k < members; k++) {
				final int m = k;
				futures.add(pool.submit(() -> {
					if (canceledAt.get() >= 0 || canceled.getAsBoolean()) return null;
					final int[][] split = ValidationSplit.fold(calibration.size(), fraction, seed, m);
					final TrainingResult r = member.train(m, calibration.subset(split[0]), calibration
						.subset(split[1]), memberListener(listener, m, members), canceled);
					if (r.stopReason() == StopReason.CANCELED) canceledAt.compareAndSet(-1, m);
					return r;
				}));
			}
			// a cancelled ensemble keeps the members it has
			for (int k = 0; k < members; k++) {
				final TrainingResult r = futures.get(k).get();
				if (r == null) continue;
				kept.add(r);
				keptRows.add(valRows.get(k));
			}
		}
		catch (final ExecutionException e) {
			if (e.getCause() instanceof RuntimeException r) throw r;
			if (e.getCause() instanceof Error err) throw err;
			throw new IllegalStateException(e.getCause());
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while training the ensemble", e);
		}
		finally {
			pool.shutdownNow();
		}
		if (kept.isEmpty()) throw new IllegalStateException("canceled before the first member started");
		final TrainingResult first = kept.get(0);
		final StopReason stop = canceledAt.get() >= 0 || kept.size() < members ? StopReason.CANCELED
			: first.stopReason();
		if (kept.size() == 1) return new Trained(first, keptRows, kept);
		final List<CnnModel> models = new ArrayList<>();
		for (final TrainingResult r : kept) models.add(r.model());
		final double seconds = (System.nanoTime() - started) / 1e9;
		CnnModel model = CnnModel.ensemble(models, null);
		final com.google.gson.JsonObject e = model.manifest().getAsJsonObject(CnnModel.ENSEMBLE);
		e.addProperty("member_threads", threads);
		e.addProperty("seconds", Math.round(seconds * 1000) / 1000.0);
		final com.google.gson.JsonArray epochs = new com.google.gson.JsonArray();
		for (final TrainingResult r : kept) epochs.add(r.bestEpoch());
		e.add("best_epochs", epochs);
		final com.google.gson.JsonObject extra = new com.google.gson.JsonObject();
		extra.add(CnnModel.ENSEMBLE, e);
		model = model.withManifestEntries(extra);
		model = calibrated(model, calibration, keptRows, seed, residuals + ", each member's own, pooled");
		listener.message(String.format(Locale.ROOT, "ensemble of %d members trained in %.1f s",
			kept.size(), seconds));
		listener.message(Intervals.describe(model.calibration()));
		return new Trained(new TrainingResult(model, first.history(), first.bestEpoch(), first
			.bestValidationLoss(), stop, first.trainingSamples(), first.validationSamples(), seconds),
			keptRows, kept);
	}

	/**
	 * The rows of {@code samples} calibration samples that each of {@code members} members holds
	 * out: member k's is fold k of the seed's shuffle.
	 */
	public static List<int[]> validationRows(final int members, final int samples,
		final double fraction, final long seed)
	{
		final List<int[]> rows = new ArrayList<>();
		for (int k = 0; k < members; k++)
			rows.add(ValidationSplit.fold(samples, fraction, seed, k)[1]);
		return rows;
	}

	/**
	 * The ensemble with the intervals training gives it: member k's scores from the calibration
	 * samples at {@code validationRows.get(k)}, with the default Monte Carlo passes of {@code seed}.
	 */
	public static CnnModel calibrated(final CnnModel ensemble, final SpectralDataset calibration,
		final List<int[]> validationRows, final long seed, final String residuals)
	{
		final List<SpectralDataset> validations = new ArrayList<>();
		for (final int[] rows : validationRows) validations.add(calibration.subset(rows));
		return ensemble.withCalibration(Intervals.calibrateEnsemble(ensemble, calibration,
			validations, McDropout.DEFAULT_PASSES, seed, residuals));
	}

	/**
	 * Held-out predictions of an ensemble without a test set.
	 *
	 * @param rows rows of the calibration samples that some member held out
	 * @param predicted their predictions, samples × targets
	 */
	public record OutOfFold(int[] rows, double[][] predicted) {}

	/**
	 * Out-of-fold predictions of the calibration samples some member held out: each predicted
	 * by the mean of the members that did not fit it.
	 */
	public static OutOfFold outOfFold(final CnnModel ensemble, final SpectralDataset calibration,
		final List<int[]> validationRows)
	{
		final int n = calibration.size(), nt = ensemble.targets().size();
		final double[][] sum = new double[n][nt];
		final int[] count = new int[n];
		for (int k = 0; k < validationRows.size(); k++) {
			final int[] rows = validationRows.get(k);
			if (rows.length == 0) continue;
			final double[][] y = ensemble.member(k).predict(calibration.subset(rows));
			for (int i = 0; i < rows.length; i++) {
				count[rows[i]]++;
				for (int t = 0; t < nt; t++) sum[rows[i]][t] += y[i][t];
			}
		}
		int held = 0;
		for (final int c : count)
			if (c > 0) held++;
		final int[] rows = new int[held];
		final double[][] predicted = new double[held][];
		for (int i = 0, r = 0; i < n; i++) {
			if (count[i] == 0) continue;
			rows[r] = i;
			predicted[r] = sum[i];
			for (int t = 0; t < nt; t++) predicted[r][t] /= count[i];
			r++;
		}
		return new OutOfFold(rows, predicted);
	}

	/** The listener as one member's: its lines prefixed, calls serialised (members may run at once). */
	private static TrainingListener memberListener(final TrainingListener l, final int k,
		final int members)
	{
		final String prefix = "member " + (k + 1) + "/" + members + ": ";
		return new TrainingListener() {

			@Override
			public void message(final String text) {
				synchronized (l) {
					l.message(prefix + text);
				}
			}

			@Override
			public void iteration(final int epoch, final int iteration, final int perEpoch) {
				synchronized (l) {
					l.iteration(epoch, iteration, perEpoch);
				}
			}

			@Override
			public void epoch(final EpochRecord record) {
				synchronized (l) {
					l.epoch(record);
				}
			}
		};
	}
}
