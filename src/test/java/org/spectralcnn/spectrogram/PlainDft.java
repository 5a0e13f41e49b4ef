package org.spectralcnn.spectrogram;

/**
 * The spectrogram written out as scipy defines it, without any of {@link Stft}'s folding: an
 * independent check of every window, detrend, scaling and window-size parity.
 */
final class PlainDft {

	private PlainDft() {}

	static float[] spectrogram(final float[] x, final StftParameters p) {
		final int size = p.windowSize(), frames = p.frames(x.length), bins = p.frequencies();
		final double[] w = p.window().values(size);
		double s = 0;
		for (final double v : w) s += v * v;
		final float[] out = new float[bins * frames];
		for (int f = 0; f < frames; f++) {
			final double[] seg = new double[size];
			for (int j = 0; j < size; j++) seg[j] = x[f * p.hop() + j];
			detrend(seg, p.detrend());
			for (int k = 0; k < bins; k++) {
				double re = 0, im = 0;
				for (int j = 0; j < size; j++) {
					final double a = -2 * Math.PI * ((long) j * k % size) / size;
					re += seg[j] * w[j] * Math.cos(a);
					im += seg[j] * w[j] * Math.sin(a);
				}
				final double power = re * re + im * im;
				final boolean single = k == 0 || size % 2 == 0 && k == size / 2;
				final double psd = power / s * (single ? 1 : 2);
				final double v;
				switch (p.scaling()) {
					case PSD:
						v = psd;
						break;
					case MAGNITUDE:
						v = Math.sqrt(power / s);
						break;
					case LOG_PSD:
						v = psd > 0 ? Math.log(psd) : 0;
						break;
					default:
						v = psd > 0 ? 10 * Math.log10(psd) : 0;
				}
				out[k * frames + f] = (float) v;
			}
		}
		return out;
	}

	/** scipy.signal.detrend: the mean, or the least-squares line a + b t solved by normal equations. */
	private static void detrend(final double[] y, final Detrend d) {
		final int n = y.length;
		if (d == Detrend.NONE) return;
		double st = 0, sy = 0, stt = 0, sty = 0;
		for (int t = 0; t < n; t++) {
			st += t;
			sy += y[t];
			stt += (double) t * t;
			sty += t * y[t];
		}
		if (d == Detrend.CONSTANT) {
			for (int t = 0; t < n; t++) y[t] -= sy / n;
			return;
		}
		final double b = (n * sty - st * sy) / (n * stt - st * st), a = (sy - b * st) / n;
		for (int t = 0; t < n; t++) y[t] -= a + b * t;
	}
}
