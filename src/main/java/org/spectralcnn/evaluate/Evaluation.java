package org.spectralcnn.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.spectralcnn.data.SpectralDataset;

/** Predictions of a model for samples with lab values, compared target by target. */
public final class Evaluation {

	/** One target: its metrics and the observed/predicted pairs (NaN = missing lab value). */
	public record Target(String name, Metrics metrics, double[] observed, double[] predicted) {}

	/**
	 * One target's prediction intervals and their metrics.
	 *
	 * @param lower lower interval end per sample
	 * @param upper upper interval end per sample
	 */
	public record Interval(double[] lower, double[] upper, IntervalMetrics metrics) {}

	private final List<String> ids;
	private final List<Target> targets;
	private final List<Interval> intervals;
	private final boolean[] outOfDomain;

	private Evaluation(final List<String> ids, final List<Target> targets,
		final List<Interval> intervals, final boolean[] outOfDomain)
	{
		this.ids = ids;
		this.targets = targets;
		this.intervals = intervals;
		this.outOfDomain = outOfDomain;
	}

	/**
	 * The evaluation of predictions with intervals and out-of-domain flags ({@code lower} and
	 * {@code upper} samples × targets, in target order; flags may be null).
	 */
	public static Evaluation of(final SpectralDataset data, final List<String> targetNames,
		final double[][] predictions, final double[][] lower, final double[][] upper,
		final boolean[] outOfDomain)
	{
		final Evaluation plain = of(data, targetNames, predictions);
		if (lower == null) return new Evaluation(plain.ids, plain.targets, null, outOfDomain);
		final List<Interval> intervals = new ArrayList<>();
		for (int t = 0; t < targetNames.size(); t++) {
			final Target target = plain.targets.get(t);
			final double[] lo = new double[data.size()], hi = new double[data.size()];
			for (int i = 0; i < lo.length; i++) {
				lo[i] = lower[i][t];
				hi[i] = upper[i][t];
			}
			intervals.add(new Interval(lo, hi, IntervalMetrics.of(target.name(), target.observed(),
				target.predicted(), lo, hi, outOfDomain)));
		}
		return new Evaluation(plain.ids, plain.targets, Collections.unmodifiableList(intervals),
			outOfDomain);
	}

	/** Whether there are prediction intervals ({@link #interval}). */
	public boolean hasIntervals() {
		return intervals != null;
	}

	/** The intervals of the target at this index, or null without intervals. */
	public Interval interval(final int target) {
		return intervals == null ? null : intervals.get(target);
	}

	/** Out-of-domain flag per sample, or null when the model has no domain model. */
	public boolean[] outOfDomain() {
		return outOfDomain == null ? null : outOfDomain.clone();
	}

	/**
	 * @param data the samples, with the target columns holding lab values
	 * @param targetNames the predicted properties, in prediction column order
	 * @param predictions samples × targets
	 * @throws IllegalArgumentException if a target column is missing from the data
	 */
	public static Evaluation of(final SpectralDataset data, final List<String> targetNames,
		final double[][] predictions)
	{
		if (predictions.length != data.size()) throw new IllegalArgumentException(predictions.length +
			" predictions for " + data.size() + " samples");
		final List<Target> targets = new ArrayList<>();
		for (int t = 0; t < targetNames.size(); t++) {
			final double[] observed = data.column(targetNames.get(t));
			final double[] predicted = new double[data.size()];
			for (int i = 0; i < predicted.length; i++) predicted[i] = predictions[i][t];
			targets.add(new Target(targetNames.get(t), Metrics.of(observed, predicted), observed,
				predicted));
		}
		return new Evaluation(data.ids(), Collections.unmodifiableList(targets), null, null);
	}

	public List<String> ids() {
		return ids;
	}

	public List<Target> targets() {
		return targets;
	}

	/**
	 * Per target whose predictions for at least half of its samples with a lab value are one and
	 * the same value, {@link #oneValue}'s line.
	 */
	public List<String> collapsedTargets() {
		final List<String> lines = new ArrayList<>();
		for (final Target t : targets) {
			final double[] predicted = t.predicted().clone();
			for (int i = 0; i < predicted.length; i++)
				if (Double.isNaN(t.observed()[i])) predicted[i] = Double.NaN;
			final String line = oneValue(t.name(), predicted);
			if (line != null) lines.add(line);
		}
		return lines;
	}

	/**
	 * A line saying so and what to do when at least half of the (not NaN) predictions are one and
	 * the same value, else null. A CNN head whose ReLU units are all off for a spectrum gives that
	 * value whatever the spectrum: ng2019's per-target heads at a learning rate of 1e-3 did so
	 * for half of NIRsoil's spectra or more in each of three seeds.
	 */
	public static String oneValue(final String target, final double[] predicted) {
		final java.util.Map<Double, Integer> counts = new java.util.HashMap<>();
		int n = 0;
		for (final double p : predicted)
			if (!Double.isNaN(p)) {
				n++;
				counts.merge(p, 1, Integer::sum);
			}
		final java.util.Map.Entry<Double, Integer> most = counts.entrySet().stream().max(
			java.util.Map.Entry.comparingByValue()).orElse(null);
		if (most == null || n < 2 || 2 * most.getValue() < n) return null;
		return String.format(java.util.Locale.ROOT,
			"%s: %d of %d predictions are %.4g: the model's output no longer follows the spectrum " +
				"there (a CNN head whose ReLU units are all off); train again with another seed, a " +
				"lower learning_rate or architecture=fast", target, most.getValue(), n, most.getKey());
	}

	/** The target with this name. */
	public Target target(final String name) {
		for (final Target t : targets)
			if (t.name().equals(name)) return t;
		throw new IllegalArgumentException("no target '" + name + "' in this evaluation");
	}
}
