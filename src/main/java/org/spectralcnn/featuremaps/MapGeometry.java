package org.spectralcnn.featuremaps;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.spectrogram.StftParameters;

/** From input pixels to spectral units. */
record MapGeometry(SpectralAxis axis, StftParameters stft) {

	AxisScale x(final boolean twoD, final int stride, final double offset, final int n) {
		final double[] v = new double[n];
		for (int i = 0; i < n; i++) {
			final double u = offset + stride * (double) i;
			v[i] = at(twoD ? u * stft.hop() + stft.windowSize() / 2.0 : u);
		}
		final String unit = axis.unit().symbol();
		return AxisScale.through(twoD ? "window centre" : "spectral position", unit, v, stride *
			(twoD ? stft.hop() : 1) * axis.meanStep());
	}

	AxisScale y(final boolean twoD, final int stride, final double offset, final int n) {
		if (!twoD) return row();
		final double df = 1 / (stft.windowSize() * Math.abs(axis.meanStep()));
		final double[] v = new double[n];
		for (int j = 0; j < n; j++) v[j] = (offset + stride * (double) j) * df;
		return AxisScale.through("frequency", "cycles/" + axis.unit().symbol(), v, stride * df);
	}

	/** A 1-D plane's y axis: its single row, in pixels. */
	static AxisScale row() {
		return AxisScale.linear("row", "pixel", 0, 1, 1);
	}

	AxisScale kernelX(final boolean twoD, final int k) {
		final double step = (twoD ? stft.hop() : 1) * axis.meanStep();
		return AxisScale.linear(twoD ? "window offset" : "offset", axis.unit().symbol(), -(k - 1) /
			2.0 * step, step, k);
	}

	AxisScale kernelY(final int k) {
		final double df = 1 / (stft.windowSize() * Math.abs(axis.meanStep()));
		return AxisScale.linear("frequency offset", "cycles/" + axis.unit().symbol(), -(k - 1) /
			2.0 * df, df, k);
	}

	/** The axis value at a fractional point index (linear between points, and beyond the ends). */
	double at(final double point) {
		final int n = axis.size();
		if (n == 1) return axis.value(0);
		final int i = Math.max(0, Math.min((int) Math.floor(point), n - 2));
		return axis.value(i) + (point - i) * (axis.value(i + 1) - axis.value(i));
	}
}
