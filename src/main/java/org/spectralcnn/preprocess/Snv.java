package org.spectralcnn.preprocess;

/**
 * {@code snv}: standard normal variate, each spectrum centred and divided by its SD (n - 1, as
 * R's {@code sd} in prospectr's {@code standardNormalVariate}): removes multiplicative scatter.
 */
final class Snv extends RowStep {

	@Override
	void transform(final double[] x, final double[] axis) {
		final double mean = mean(x);
		double ss = 0;
		for (final double v : x) ss += (v - mean) * (v - mean);
		final double sd = Math.sqrt(ss / (x.length - 1));
		if (!(sd > 0)) throw new IllegalArgumentException("the spectrum is constant; snv needs some variation");
		for (int j = 0; j < x.length; j++) x[j] = (x[j] - mean) / sd;
	}

	@Override
	public String toString() {
		return "snv";
	}
}
