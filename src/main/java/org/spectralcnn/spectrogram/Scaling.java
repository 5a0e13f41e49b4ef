package org.spectralcnn.spectrogram;

/**
 * What a spectrogram pixel holds. With {@code P = |X_k|²} (X the DFT of the windowed segment),
 * {@code S = Σ w²} and one-sided doubling of every bin but DC and Nyquist:
 * <ul>
 * <li>{@code psd}: {@code 2P / S}, scipy's {@code spectrogram(scaling='density', mode='psd')}
 * with {@code fs = 1};</li>
 * <li>{@code log_psd}: natural log of the psd where it is positive, 0 where it is 0 (as the
 * reference spectrogram code leaves them), so that a CNN sees a compressed dynamic range;</li>
 * <li>{@code magnitude}: {@code sqrt(P / S)}, scipy's {@code mode='magnitude'} (not doubled);</li>
 * <li>{@code db}: {@code 10 log10} of the psd, 0 where the psd is 0.</li>
 * </ul>
 */
public enum Scaling {

	PSD("psd"), LOG_PSD("log_psd"), MAGNITUDE("magnitude"), DB("db");

	private final String key;

	Scaling(final String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	/**
	 * Writes pixel values for {@code count} consecutive frames of one bin: one loop per scaling,
	 * so that the JIT sees no branch inside it.
	 *
	 * @param power {@code |X_k|²} of the frames, from index {@code from}
	 * @param psdFactor {@code 1/S}, doubled for one-sided bins
	 * @param magnitudeFactor {@code 1/S}
	 */
	void store(final double[] power, final int from, final int count, final double psdFactor,
		final double magnitudeFactor, final float[] dest, final int offset)
	{
		switch (this) {
			case PSD:
				for (int i = 0; i < count; i++) dest[offset + i] = (float) (power[from + i] * psdFactor);
				break;
			case LOG_PSD:
				for (int i = 0; i < count; i++) {
					final double v = power[from + i];
					dest[offset + i] = v > 0 ? (float) Math.log(v * psdFactor) : 0;
				}
				break;
			case MAGNITUDE:
				for (int i = 0; i < count; i++)
					dest[offset + i] = (float) Math.sqrt(power[from + i] * magnitudeFactor);
				break;
			default:
				for (int i = 0; i < count; i++) {
					final double v = power[from + i];
					dest[offset + i] = v > 0 ? (float) (10 * Math.log10(v * psdFactor)) : 0;
				}
		}
	}

	/** @throws IllegalArgumentException naming the key {@code scaling} and the allowed names */
	public static Scaling parse(final String text) {
		return Keys.parse("scaling", text, values());
	}

	@Override
	public String toString() {
		return key;
	}
}
