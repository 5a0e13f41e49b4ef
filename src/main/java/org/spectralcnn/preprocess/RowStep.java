package org.spectralcnn.preprocess;

import org.spectralcnn.data.SpectralDataset;

/**
 * A step that transforms each spectrum on its own and keeps the axis. Rows are worked on in
 * double precision and stored as float; a problem with one spectrum is reported with the step
 * and the sample id.
 */
abstract class RowStep implements SpectralStep {

	@Override
	public SpectralDataset apply(final SpectralDataset data) {
		checkFitted();
		final int n = data.size(), p = data.points();
		final float[] in = data.data(), out = new float[n * p];
		final double[] row = new double[p];
		final double[] axis = data.axis().values();
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < p; j++) row[j] = in[i * p + j];
			try {
				transform(row, axis);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException(this + ": sample '" + data.id(i) + "': " + e
					.getMessage(), e);
			}
			for (int j = 0; j < p; j++) out[i * p + j] = (float) row[j];
		}
		return data.withSpectra(data.axis(), out);
	}

	/** @throws IllegalStateException if the step learns state and has not been fitted */
	void checkFitted() {
		if (!isFitted()) throw new IllegalStateException(this +
			" is not fitted: fit the preprocessing on the calibration spectra first");
	}

	/**
	 * Transforms one spectrum in place.
	 *
	 * @param axis the axis values, one per point
	 * @throws IllegalArgumentException if this spectrum cannot be transformed
	 */
	abstract void transform(double[] spectrum, double[] axis);

	/** Formats a step argument: integers without decimals, others as short as they read back. */
	static String number(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}

	/** Mean of the values. */
	static double mean(final double[] v) {
		double s = 0;
		for (final double x : v) s += x;
		return s / v.length;
	}
}
