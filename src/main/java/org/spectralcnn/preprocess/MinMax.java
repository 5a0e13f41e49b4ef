package org.spectralcnn.preprocess;

import com.google.gson.JsonObject;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * {@code minmax}: each spectral point scaled by the minimum and maximum it has in the
 * calibration spectra, {@code (x - min) / (max - min)}, as scikit-learn's {@code MinMaxScaler}
 * (a point that does not vary is only shifted). New spectra can fall outside 0–1.
 */
final class MinMax extends LearnedRowStep {

	private final double[] min, max;

	MinMax() {
		this(null, null, null);
	}

	private MinMax(final SpectralAxis axis, final double[] min, final double[] max) {
		super(axis);
		this.min = min;
		this.max = max;
	}

	@Override
	public SpectralStep fit(final SpectralDataset calibration) {
		final int n = calibration.size(), p = calibration.points();
		final double[] lo = new double[p], hi = new double[p];
		java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
		java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
		final float[] x = calibration.data();
		for (int i = 0; i < n; i++)
			for (int j = 0; j < p; j++) {
				lo[j] = Math.min(lo[j], x[i * p + j]);
				hi[j] = Math.max(hi[j], x[i * p + j]);
			}
		return new MinMax(calibration.axis(), lo, hi);
	}

	@Override
	void transform(final double[] x, final double[] axisValues) {
		for (int j = 0; j < x.length; j++) {
			final double range = max[j] - min[j];
			x[j] = (x[j] - min[j]) / (range > 0 ? range : 1);
		}
	}

	@Override
	public JsonObject state() {
		if (!isFitted()) return null;
		final JsonObject s = LearnedState.withAxis(axis);
		s.add("min", LearnedState.array(min));
		s.add("max", LearnedState.array(max));
		return s;
	}

	@Override
	public SpectralStep withState(final JsonObject state) {
		final SpectralAxis a = LearnedState.axis(state);
		final double[] lo = LearnedState.vector(state, "min"), hi = LearnedState.vector(state, "max");
		if (lo.length != a.size() || hi.length != a.size()) throw new IllegalArgumentException(
			"minmax: " + lo.length + " minima and " + hi.length + " maxima for " + a.size() +
				" axis points");
		return new MinMax(a, lo, hi);
	}

	@Override
	public String toString() {
		return "minmax";
	}
}
