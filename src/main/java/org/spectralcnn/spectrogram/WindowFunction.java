package org.spectralcnn.spectrogram;

/**
 * STFT window, periodic as {@code scipy.signal.get_window(name, size)} makes it (the DFT-even
 * form for spectral analysis): every one is a cosine sum {@code Σ a_m cos(2π m j / size)} with
 * the signs scipy uses, so the values equal scipy's to rounding.
 */
public enum WindowFunction {

	HANN("hann", 0.5, -0.5),
	HAMMING("hamming", 0.54, -0.46),
	BLACKMAN("blackman", 0.42, -0.5, 0.08),
	RECTANGULAR("rectangular", 1);

	private final String key;
	private final double[] cosineTerms;

	WindowFunction(final String key, final double... cosineTerms) {
		this.key = key;
		this.cosineTerms = cosineTerms;
	}

	/** The name users write ({@code window=hann}). */
	public String key() {
		return key;
	}

	/** The {@code size} window values. */
	public double[] values(final int size) {
		final double[] w = new double[size];
		for (int j = 0; j < size; j++) {
			double v = 0;
			for (int m = 0; m < cosineTerms.length; m++)
				v += cosineTerms[m] * Math.cos(2 * Math.PI * ((long) m * j % size) / size);
			w[j] = v;
		}
		return w;
	}

	/** @throws IllegalArgumentException naming the key {@code window} and the allowed names */
	public static WindowFunction parse(final String text) {
		return Keys.parse("window", text, values());
	}

	@Override
	public String toString() {
		return key;
	}
}
