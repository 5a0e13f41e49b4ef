package org.spectralcnn.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.spectralcnn.data.SpectralDataset;

/** Predictions of a model for samples with lab values, compared target by target. */
public final class Evaluation {

	/** One target: its metrics and the observed/predicted pairs (NaN = missing lab value). */
	public record Target(String name, Metrics metrics, double[] observed, double[] predicted) {}

	private final List<String> ids;
	private final List<Target> targets;

	private Evaluation(final List<String> ids, final List<Target> targets) {
		this.ids = ids;
		this.targets = targets;
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
		return new Evaluation(data.ids(), Collections.unmodifiableList(targets));
	}

	public List<String> ids() {
		return ids;
	}

	public List<Target> targets() {
		return targets;
	}

	/** The target with this name. */
	public Target target(final String name) {
		for (final Target t : targets)
			if (t.name().equals(name)) return t;
		throw new IllegalArgumentException("no target '" + name + "' in this evaluation");
	}
}
