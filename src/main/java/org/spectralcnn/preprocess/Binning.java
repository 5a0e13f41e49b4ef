package org.spectralcnn.preprocess;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * {@code binning(n)}: the mean of each run of {@code n} consecutive points (prospectr's
 * {@code binning(bin.size = n)}), at the mean axis value of the run. Points left over at the
 * end that do not fill a bin are dropped, so that a regular grid stays regular.
 */
final class Binning implements SpectralStep {

	private final int size;

	/** @throws IllegalArgumentException if n < 1 */
	Binning(final int size) {
		if (size < 1) throw new IllegalArgumentException("binning(" + size +
			"): n must be at least 1 point per bin");
		this.size = size;
	}

	@Override
	public SpectralDataset apply(final SpectralDataset data) {
		final int n = data.size(), p = data.points(), q = p / size;
		if (q < 2) throw new IllegalArgumentException(this + ": " + data.name() + " has " + p +
			" points, which make fewer than 2 bins");
		final float[] in = data.data(), out = new float[n * q];
		for (int i = 0; i < n; i++)
			for (int b = 0; b < q; b++) {
				double s = 0;
				for (int j = b * size; j < (b + 1) * size; j++) s += in[i * p + j];
				out[i * q + b] = (float) (s / size);
			}
		final double[] values = new double[q];
		for (int b = 0; b < q; b++) {
			double s = 0;
			for (int j = b * size; j < (b + 1) * size; j++) s += data.axis().value(j);
			values[b] = s / size;
		}
		return data.withSpectra(SpectralAxis.of(values, data.axis().unit()), out);
	}

	@Override
	public String toString() {
		return "binning(" + size + ")";
	}
}
