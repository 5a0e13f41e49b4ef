package org.spectralcnn.preprocess;

/**
 * {@code detrend}: subtracts the least-squares line through each spectrum (over the axis
 * values; on a regular grid this equals {@code scipy.signal.detrend(x, type='linear')}). Unlike
 * prospectr's {@code detrend}, no SNV is applied first: chain {@code snv, detrend} for that.
 */
final class LinearDetrend extends RowStep {

	@Override
	void transform(final double[] x, final double[] axis) {
		final double meanX = mean(x), meanT = mean(axis);
		double stx = 0, stt = 0;
		for (int j = 0; j < x.length; j++) {
			final double t = axis[j] - meanT;
			stx += t * x[j];
			stt += t * t;
		}
		final double slope = stx / stt;
		for (int j = 0; j < x.length; j++) x[j] -= meanX + slope * (axis[j] - meanT);
	}

	@Override
	public String toString() {
		return "detrend";
	}
}
