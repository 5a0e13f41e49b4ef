package org.spectralcnn.preprocess;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/** {@code trim(from, to)}: keeps the points whose axis value lies between the two (inclusive). */
final class Trim implements SpectralStep {

	private final double from, to;

	Trim(final double from, final double to) {
		this.from = from;
		this.to = to;
	}

	@Override
	public SpectralDataset apply(final SpectralDataset data) {
		final SpectralAxis axis = data.axis();
		final double lo = Math.min(from, to), hi = Math.max(from, to);
		final double tol = 1e-9 * Math.max(Math.abs(axis.last() - axis.first()), 1e-300);
		int first = -1, last = -1;
		for (int j = 0; j < axis.size(); j++) {
			if (axis.value(j) >= lo - tol && axis.value(j) <= hi + tol) {
				if (first < 0) first = j;
				last = j;
			}
		}
		if (first < 0 || last == first) throw new IllegalArgumentException(this + " keeps " +
			(first < 0 ? "no point" : "only one point") + " of " + data.name() + " (" + axis
				.describe() + "); at least 2 are needed");
		final int n = data.size(), p = data.points(), q = last - first + 1;
		final float[] in = data.data(), out = new float[n * q];
		for (int i = 0; i < n; i++) System.arraycopy(in, i * p + first, out, i * q, q);
		final double[] values = new double[q];
		for (int j = 0; j < q; j++) values[j] = axis.value(first + j);
		return data.withSpectra(SpectralAxis.of(values, axis.unit()), out);
	}

	@Override
	public String toString() {
		return "trim(" + RowStep.number(from) + "," + RowStep.number(to) + ")";
	}
}
