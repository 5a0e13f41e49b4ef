package org.spectralcnn.preprocess;

/** {@code absorbance}: reflectance to absorbance, {@code log10(1/R)}. */
final class Absorbance extends RowStep {

	@Override
	void transform(final double[] r, final double[] axis) {
		for (int j = 0; j < r.length; j++) {
			if (!(r[j] > 0)) throw new IllegalArgumentException("reflectance " + r[j] + " at " +
				number(axis[j]) + " is not positive; absorbance needs reflectance > 0");
			r[j] = Math.log10(1 / r[j]);
		}
	}

	@Override
	public String toString() {
		return "absorbance";
	}
}
