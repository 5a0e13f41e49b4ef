package org.spectralcnn.preprocess;

import com.google.gson.JsonObject;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * {@code msc}: multiplicative scatter correction as prospectr's {@code msc}: each spectrum x is
 * regressed on a reference r ({@code x ≈ a + b r}) and replaced by {@code (x - a) / b}. The
 * reference is the mean calibration spectrum, learned once and kept.
 */
final class Msc extends LearnedRowStep {

	private final double[] reference;
	private final double referenceMean, referenceSs;

	Msc() {
		this(null, null);
	}

	private Msc(final SpectralAxis axis, final double[] reference) {
		super(axis);
		this.reference = reference;
		if (reference == null) {
			referenceMean = referenceSs = Double.NaN;
			return;
		}
		referenceMean = mean(reference);
		double ss = 0;
		for (final double r : reference) ss += (r - referenceMean) * (r - referenceMean);
		referenceSs = ss;
		if (!(ss > 0)) throw new IllegalArgumentException(
			"msc: the reference spectrum is constant, so no spectrum can be regressed on it");
	}

	@Override
	public SpectralStep fit(final SpectralDataset calibration) {
		final int n = calibration.size(), p = calibration.points();
		final double[] mean = new double[p];
		final float[] x = calibration.data();
		for (int i = 0; i < n; i++)
			for (int j = 0; j < p; j++) mean[j] += x[i * p + j];
		for (int j = 0; j < p; j++) mean[j] /= n;
		return new Msc(calibration.axis(), mean);
	}

	@Override
	void transform(final double[] x, final double[] axisValues) {
		final double meanX = mean(x);
		double sxr = 0;
		for (int j = 0; j < x.length; j++) sxr += (x[j] - meanX) * (reference[j] - referenceMean);
		final double b = sxr / referenceSs, a = meanX - b * referenceMean;
		if (b == 0) throw new IllegalArgumentException(
			"the spectrum does not vary with the reference (slope 0)");
		for (int j = 0; j < x.length; j++) x[j] = (x[j] - a) / b;
	}

	@Override
	public JsonObject state() {
		if (!isFitted()) return null;
		final JsonObject s = LearnedState.withAxis(axis);
		s.add("reference", LearnedState.array(reference));
		return s;
	}

	@Override
	public SpectralStep withState(final JsonObject state) {
		final SpectralAxis a = LearnedState.axis(state);
		final double[] r = LearnedState.vector(state, "reference");
		if (r.length != a.size()) throw new IllegalArgumentException("msc: reference has " +
			r.length + " values for " + a.size() + " axis points");
		return new Msc(a, r);
	}

	@Override
	public String toString() {
		return "msc";
	}
}
