package org.spectralcnn.transfer;

import java.util.Arrays;
import org.spectralcnn.transfer.TransferComparison.Model;

/**
 * The transfer comparison's held-out predictions: per repeat, local sample and target, the
 * observed value and each {@link Model}'s prediction (NaN where the sample was not held out in
 * that repeat, or the model has no prediction).
 */
public final class HeldOutPredictions {

	/** [repeat][sample][target][0 = observed, 1 + model ordinal] */
	private final double[][][][] values;

	/**
	 * @param observed [sample][target] observed values (NaN = missing), the same every repeat
	 */
	public HeldOutPredictions(final int repeats, final double[][] observed) {
		final int n = observed.length, targets = n > 0 ? observed[0].length : 0;
		values = new double[repeats][n][targets][1 + Model.values().length];
		for (final double[][][] rep : values)
			for (int i = 0; i < n; i++)
				for (int t = 0; t < targets; t++) {
					Arrays.fill(rep[i][t], Double.NaN);
					rep[i][t][0] = observed[i][t];
				}
	}

	public int repeats() {
		return values.length;
	}

	public int samples() {
		return values.length > 0 ? values[0].length : 0;
	}

	public double observed(final int repeat, final int sample, final int target) {
		return values[repeat][sample][target][0];
	}

	public double predicted(final int repeat, final int sample, final int target,
		final Model model)
	{
		return values[repeat][sample][target][1 + model.ordinal()];
	}

	/** Whether the sample was held out in that repeat (Transfer or Local predicted it). */
	public boolean heldOut(final int repeat, final int sample, final int target) {
		return !Double.isNaN(predicted(repeat, sample, target, Model.TRANSFER)) || !Double.isNaN(
			predicted(repeat, sample, target, Model.LOCAL));
	}

	void set(final int repeat, final int sample, final int target, final Model model,
		final double value)
	{
		values[repeat][sample][target][1 + model.ordinal()] = value;
	}
}
