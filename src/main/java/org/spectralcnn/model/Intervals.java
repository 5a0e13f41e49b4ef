package org.spectralcnn.model;

import java.util.ArrayList;
import java.util.List;
import org.spectralcnn.data.SpectralDataset;

/**
 * Prediction intervals and out-of-domain flags for any {@link SpectralModel} whose file holds a
 * {@link Calibration}, and the calibration of a trained CNN on its validation samples.
 * <p>
 * Intervals: a CNN with dropout uses Monte Carlo conformal prediction (MC-CP: the mean μ and
 * SD σ of {@code mc_passes} dropout passes, μ ± q̂·(σ + β) with q̂ the conformal quantile of
 * |y − μ|/(σ + β) on the calibration samples, β their median σ); {@code mc_passes=0}, a CNN without dropout and a PLSR
 * model use split conformal prediction (ŷ ± q̂, q̂ the conformal quantile of |y − ŷ|). The point
 * prediction is always the network's ordinary one (dropout off), so it does not change with
 * the interval method; an MC-CP interval is centred on μ, which lies close to it. An ensemble's
 * interval is centred on its members' mean (μ and σ averaged over the members for MC-CP), with
 * the quantile of all members' held-out scores pooled.
 */
public final class Intervals {

	public static final String MC_CP = "mc-cp";
	public static final String SPLIT = "split";

	private Intervals() {}

	/**
	 * Predicts with intervals at {@code confidence} and the out-of-domain statistics.
	 *
	 * @param data spectra on the model's input grid
	 * @param mcPasses Monte Carlo dropout passes (CNN), 0 for split conformal
	 * @param seed seed of the dropout masks: the same seed gives the same intervals, and a
	 *          spectrum's interval does not depend on the other spectra of {@code data}
	 */
	public static TrustedPredictions predict(final SpectralModel model,
		final SpectralDataset data, final double confidence, final int mcPasses, final long seed)
	{
		ConformalScores.requireConfidence(confidence);
		final Calibration cal = model.calibration();
		final SpectralDataset prepared = model.preprocess(data);
		final List<String> targets = model.targets();
		final int n = data.size(), nt = targets.size();
		double[][] prediction, memberSd = null;
		// per member (one for a single model or PLSR): interval centres and MC-CP scales
		final List<double[][]> centre = new ArrayList<>(), spread = new ArrayList<>();
		String method = null;
		if (model instanceof CnnModel cnn) {
			final boolean mc = mcPasses > 0 && cal != null && cal.hasMonteCarlo();
			final List<double[][]> predictions = new ArrayList<>();
			for (int k = 0; k < cnn.memberCount(); k++) {
				final CnnModel member = cnn.member(k);
				final McDropout.Result r = McDropout.run(member, k == 0 ? prepared : member.preprocess(
					data), mc ? mcPasses : 0, seed + k);
				predictions.add(r.prediction());
				if (mc && r.mean() != null) {
					centre.add(r.mean());
					spread.add(floored(r.sd(), member.targetScalers()));
				}
				else centre.add(r.prediction());
			}
			if (spread.size() == centre.size()) method = MC_CP;
			else spread.clear();
			prediction = predictions.get(0);
			if (predictions.size() > 1) {
				prediction = meanOf(predictions);
				memberSd = sdOf(predictions, prediction);
			}
		}
		else {
			prediction = model.predict(data);
			centre.add(prediction);
		}
		double[][] lower = null, upper = null;
		if (cal != null) {
			if (method == null) method = SPLIT;
			lower = new double[n][nt];
			upper = new double[n][nt];
			final int k = centre.size();
			for (int t = 0; t < nt; t++) {
				final Calibration.Target ct = cal.target(targets.get(t));
				// an ensemble's members' scores pooled: centred on the members' mean, its interval
				// holds the level and is narrower than CV+ around each member (docs/trusted-predictions.md)
				final double q = (MC_CP.equals(method) ? ct.monteCarlo() : ct.split()).quantile(
					confidence);
				for (int i = 0; i < n; i++) {
					double mu = 0, scale = spread.isEmpty() ? 1 : ct.mcOffset();
					for (int j = 0; j < k; j++) {
						mu += centre.get(j)[i][t] / k;
						if (!spread.isEmpty()) scale += spread.get(j)[i][t] / k;
					}
					lower[i][t] = mu - q * scale;
					upper[i][t] = mu + q * scale;
				}
			}
		}
		double[] t2 = null, qs = null;
		boolean[] flag = null;
		if (cal != null && cal.domain() != null) {
			final double[][] s = cal.domain().statistics(prepared.data(), n);
			t2 = s[0];
			qs = s[1];
			flag = new boolean[n];
			for (int i = 0; i < n; i++) flag[i] = cal.domain().outOfDomain(t2[i], qs[i]);
		}
		return new TrustedPredictions(targets, confidence, method, prediction, lower, upper, t2, qs,
			flag, memberSd);
	}

	/** The element-wise mean of predictions of the same shape (samples × targets). */
	public static double[][] meanOf(final List<double[][]> members) {
		final double[][] mean = new double[members.get(0).length][members.get(0)[0].length];
		for (final double[][] y : members)
			for (int i = 0; i < mean.length; i++)
				for (int t = 0; t < mean[i].length; t++) mean[i][t] += y[i][t] / members.size();
		return mean;
	}

	/** SD (n − 1) of the members' values around their mean. */
	private static double[][] sdOf(final List<double[][]> members, final double[][] mean) {
		final double[][] sd = new double[mean.length][mean[0].length];
		for (final double[][] y : members)
			for (int i = 0; i < sd.length; i++)
				for (int t = 0; t < sd[i].length; t++) sd[i][t] += (y[i][t] - mean[i][t]) * (y[i][t] -
					mean[i][t]);
		for (final double[] row : sd)
			for (int t = 0; t < row.length; t++) row[t] = Math.sqrt(row[t] / (members.size() - 1));
		return sd;
	}

	/**
	 * Plain Monte Carlo dropout intervals, μ ± z·σ with z the normal quantile: the baseline that
	 * Huang et al. (2025) found to under-cover; for comparisons only.
	 */
	public static double[][][] monteCarloGaussian(final McDropout.Result r,
		final double confidence)
	{
		final double z = DomainModel.normalQuantile((1 + confidence) / 2);
		final int n = r.mean().length, nt = r.mean()[0].length;
		final double[][] lo = new double[n][nt], hi = new double[n][nt];
		for (int i = 0; i < n; i++)
			for (int t = 0; t < nt; t++) {
				lo[i][t] = r.mean()[i][t] - z * r.sd()[i][t];
				hi[i][t] = r.mean()[i][t] + z * r.sd()[i][t];
			}
		return new double[][][] { lo, hi };
	}

	/** SDs of at least 1e-6 target SDs, so that a normalised score is always defined. */
	private static double[][] floored(final double[][] sd, final List<TargetScaler> scalers) {
		final double[][] out = new double[sd.length][];
		for (int i = 0; i < sd.length; i++) {
			out[i] = sd[i].clone();
			for (int t = 0; t < out[i].length; t++) out[i][t] = Math.max(out[i][t], floor(scalers
				.get(t)));
		}
		return out;
	}

	private static double floor(final TargetScaler scaler) {
		return 1e-6 * scaler.sd();
	}

	/**
	 * β of MC-CP: the median σ of the calibration samples whose passes differ (the floor when
	 * none do). A head whose ReLUs are all off for a sample gives the same value in every pass;
	 * counting those zeros, a half-dead head (ng2019's Ciso head on NIRsoil: σ = 0 for 601 of 825
	 * spectra) made β zero, the scores of its dead samples huge, and the intervals of the others
	 * 10⁵ wide.
	 *
	 * @param sd floored σ of the calibration samples
	 * @param floor the highest floor they were given
	 */
	static double offset(final double[] sd, final double floor) {
		final double[] varying = java.util.Arrays.stream(sd).filter(v -> v > floor).toArray();
		return varying.length == 0 ? floor : median(varying);
	}

	/**
	 * Calibrates a trained CNN: split and (with dropout) MC-CP scores on the validation samples,
	 * which chose the epoch but were never fitted; the domain model on the training spectra.
	 *
	 * @param training the raw spectra it was trained on (the domain model needs at least
	 *          {@value DomainModel#MIN_SPECTRA}; with fewer the model gets no flag)
	 * @param validation raw spectra with target values held out of the fit, or null / empty for
	 *          a domain model only (unbounded intervals)
	 * @param passes Monte Carlo passes for the normalised scores (0: split only)
	 */
	public static Calibration calibrateCnn(final CnnModel model, final SpectralDataset training,
		final SpectralDataset validation, final int passes, final long seed, final String residuals)
	{
		final SpectralDataset prepTrain = model.preprocess(training);
		// a handful of local spectra (fine-tuning) cannot describe a domain
		final DomainModel domain = prepTrain.size() < DomainModel.MIN_SPECTRA ? null : DomainModel
			.fit(prepTrain.data(), prepTrain.size(), prepTrain.points(), DomainModel.LEVEL);
		final List<Calibration.Target> targets = new ArrayList<>();
		int used = 0;
		if (validation != null && validation.size() > 0) {
			final List<String> names = model.targets();
			final double[][] y = validation.targets(names);
			final McDropout.Result r = McDropout.run(model, model.preprocess(validation), passes,
				seed);
			final double[][] sd = r.sd() == null ? null : floored(r.sd(), model.targetScalers());
			used = sd == null ? 0 : passes;
			for (int t = 0; t < names.size(); t++) {
				final double[] obs = column(y, t);
				final ConformalScores split = ConformalScores.absoluteResiduals(obs, column(r
					.prediction(), t));
				ConformalScores mc = null;
				double offset = 0;
				if (sd != null) {
					final double[] scale = column(sd, t);
					offset = offset(scale, floor(model.targetScalers().get(t)));
					for (int i = 0; i < scale.length; i++) scale[i] += offset;
					mc = ConformalScores.normalisedResiduals(obs, column(r.mean(), t), scale);
				}
				targets.add(new Calibration.Target(names.get(t), split, mc, offset));
			}
		}
		else return new Calibration(residuals, model.targets().stream().map(
			t -> new Calibration.Target(t, ConformalScores.of(new double[0]), null, 0)).toList(), 0,
			seed, domain);
		return new Calibration(residuals, targets, used, seed, domain);
	}

	/**
	 * Calibrates an ensemble whose member k never fitted {@code validations.get(k)}: per target
	 * and member the split (and, with dropout, MC-CP) scores of those samples, which intervals
	 * pool; β is the median σ of every member's calibration samples; the domain model is fitted
	 * on {@code spectra} (all calibration spectra) through member 0's preprocessing, which
	 * {@link CnnModel#preprocess} applies.
	 */
	public static Calibration calibrateEnsemble(final CnnModel ensemble,
		final SpectralDataset spectra, final List<SpectralDataset> validations, final int passes,
		final long seed, final String residuals)
	{
		final int members = ensemble.memberCount();
		if (validations.size() != members) throw new IllegalArgumentException(validations.size() +
			" validation sets for " + members + " members");
		boolean any = false;
		for (final SpectralDataset v : validations)
			any |= v != null && v.size() > 0;
		if (!any) return calibrateCnn(ensemble, spectra, null, passes, seed, residuals);
		final SpectralDataset prepared = ensemble.preprocess(spectra);
		final DomainModel domain = prepared.size() < DomainModel.MIN_SPECTRA ? null : DomainModel
			.fit(prepared.data(), prepared.size(), prepared.points(), DomainModel.LEVEL);
		final List<String> names = ensemble.targets();
		final List<McDropout.Result> runs = new ArrayList<>();
		final List<double[][]> observed = new ArrayList<>(), sds = new ArrayList<>();
		boolean mc = passes > 0;
		for (int k = 0; k < members; k++) {
			final CnnModel member = ensemble.member(k);
			final SpectralDataset v = validations.get(k);
			final McDropout.Result r = McDropout.run(member, member.preprocess(v), passes, seed + k);
			runs.add(r);
			observed.add(v.targets(names));
			mc &= r.sd() != null;
			sds.add(r.sd() == null ? null : floored(r.sd(), member.targetScalers()));
		}
		final List<Calibration.Target> targets = new ArrayList<>();
		for (int t = 0; t < names.size(); t++) {
			final List<ConformalScores> split = new ArrayList<>(), normalised = new ArrayList<>();
			double offset = 0;
			if (mc) {
				final List<Double> all = new ArrayList<>();
				for (final double[][] sd : sds)
					for (final double[] row : sd) all.add(row[t]);
				double floor = 0;
				for (int k = 0; k < members; k++)
					floor = Math.max(floor, floor(ensemble.member(k).targetScalers().get(t)));
				offset = offset(all.stream().mapToDouble(Double::doubleValue).toArray(), floor);
			}
			for (int k = 0; k < members; k++) {
				final double[] obs = column(observed.get(k), t);
				split.add(ConformalScores.absoluteResiduals(obs, column(runs.get(k).prediction(), t)));
				if (!mc) continue;
				final double[] scale = column(sds.get(k), t);
				for (int i = 0; i < scale.length; i++) scale[i] += offset;
				normalised.add(ConformalScores.normalisedResiduals(obs, column(runs.get(k).mean(), t),
					scale));
			}
			targets.add(new Calibration.Target(names.get(t), split, mc ? normalised : null, offset));
		}
		return new Calibration(residuals, targets, mc ? passes : 0, seed, domain);
	}

	/** One line for the training log: what the intervals and the flag rest on. */
	public static String describe(final Calibration c) {
		final StringBuilder sb = new StringBuilder("prediction intervals calibrated on ");
		for (int t = 0; t < c.targets().size(); t++)
			sb.append(t == 0 ? "" : ", ").append(c.targets().get(t).split().size()).append(' ').append(c
				.targets().get(t).name());
		sb.append(" residuals (").append(c.residuals()).append(')').append(c.hasMonteCarlo()
			? ", MC-CP with " + c.mcPasses() + " dropout passes" : ", split conformal");
		sb.append(c.domain() == null ? "; no out-of-domain model (too few spectra)"
			: "; out-of-domain model: " + c.domain().components() + " principal components");
		Calibration.Target fewest = null;
		for (final Calibration.Target t : c.targets())
			if (fewest == null || t.split().size() < fewest.split().size()) fewest = t;
		final int n = fewest == null ? 0 : fewest.split().size();
		// only for a bounded 90 % interval (enough residuals for the level)
		if (n > 0 && n < FEW_RESIDUALS && Double.isFinite(fewest.split().quantile(0.9))) sb.append(
			String.format(java.util.Locale.ROOT,
				"; %s has %d residuals: a 90 %% interval's coverage varies by about ±%.2f from one " +
					"calibration set to the next%s", fewest.name(), n, coverageSd(0.9, n), fewest
						.members() == 1 ? " (ensemble=K calibrates on K times as many)" : ""));
		return sb.toString();
	}

	/** Below this many residuals per target, the training log says how much coverage varies. */
	static final int FEW_RESIDUALS = 100;

	/**
	 * SD of the coverage of split conformal intervals at level c over calibration sets of n
	 * scores: given the calibration set the coverage is Beta(k, n + 1 − k), k = ⌈(n + 1)·c⌉
	 * (Vovk 2012), so its SD is √(k(n + 1 − k)/((n + 1)²(n + 2))).
	 */
	static double coverageSd(final double c, final int n) {
		final double k = Math.ceil((n + 1) * c - 1e-9);
		return Math.sqrt(k * (n + 1 - k) / ((n + 1.0) * (n + 1.0) * (n + 2.0)));
	}

	/** The median of v (0 when empty); v is not changed. */
	public static double median(final double[] v) {
		final double[] s = v.clone();
		java.util.Arrays.sort(s);
		return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] +
			s[s.length / 2]) / 2;
	}

	static double[] column(final double[][] y, final int t) {
		final double[] c = new double[y.length];
		for (int i = 0; i < y.length; i++) c[i] = y[i][t];
		return c;
	}
}
