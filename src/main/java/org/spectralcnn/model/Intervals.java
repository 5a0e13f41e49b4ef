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
 * the interval method; an MC-CP interval is centred on μ, which lies close to it.
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
	 * @param seed seed of the dropout masks: the same seed gives the same intervals
	 */
	public static TrustedPredictions predict(final SpectralModel model,
		final SpectralDataset data, final double confidence, final int mcPasses, final long seed)
	{
		ConformalScores.requireLevel(confidence);
		final Calibration cal = model.calibration();
		final SpectralDataset prepared = model.preprocess(data);
		final List<String> targets = model.targets();
		final int n = data.size(), nt = targets.size();
		final double[][] prediction;
		double[][] centre, spread = null;
		String method = null;
		if (model instanceof CnnModel cnn) {
			final boolean mc = mcPasses > 0 && cal != null && cal.hasMonteCarlo();
			final McDropout.Result r = McDropout.run(cnn, prepared, mc ? mcPasses : 0, seed);
			prediction = centre = r.prediction();
			if (mc && r.mean() != null) {
				centre = r.mean();
				spread = floored(r.sd(), cnn.targetScalers());
				method = MC_CP;
			}
		}
		else prediction = centre = model.predict(data);
		double[][] lower = null, upper = null;
		if (cal != null) {
			if (method == null) method = SPLIT;
			lower = new double[n][nt];
			upper = new double[n][nt];
			final double[] mu = new double[1], scale = new double[1];
			for (int t = 0; t < nt; t++) {
				final Calibration.Target ct = cal.target(targets.get(t));
				final List<ConformalScores> scores = MC_CP.equals(method) ? ct.monteCarloByMember()
					: ct.splitByMember();
				for (int i = 0; i < n; i++) {
					mu[0] = centre[i][t];
					scale[0] = spread == null ? 1 : spread[i][t] + ct.mcOffset();
					final double[] bounds = CrossConformal.interval(scores, mu, scale, confidence);
					lower[i][t] = bounds[0];
					upper[i][t] = bounds[1];
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
			flag);
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
			for (int t = 0; t < out[i].length; t++) out[i][t] = Math.max(out[i][t], 1e-6 * scalers
				.get(t).sd());
		}
		return out;
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
					offset = median(scale);
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
		return sb.toString();
	}

	private static double median(final double[] v) {
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
