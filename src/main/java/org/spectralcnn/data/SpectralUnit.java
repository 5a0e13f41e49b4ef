package org.spectralcnn.data;

import java.util.Locale;

/** Unit of a spectral axis. */
public enum SpectralUnit {
	/** Wavelength in nanometres (vis-NIR). */
	NM("nm"),
	/** Wavenumber in reciprocal centimetres (MIR). */
	WAVENUMBER("cm^-1"),
	/** Photon energy in kiloelectronvolts (XRF, gamma). */
	KEV("keV"),
	/** Detector channel index (uncalibrated XRF or gamma). */
	CHANNEL("channel");

	private final String symbol;

	SpectralUnit(final String symbol) {
		this.symbol = symbol;
	}

	/** The symbol used in files, image calibrations and plots, e.g. {@code nm}. */
	public String symbol() {
		return symbol;
	}

	/**
	 * Parses a unit as users write it: {@code nm}, {@code cm-1}, {@code cm^-1}, {@code 1/cm},
	 * {@code keV}, {@code channel}.
	 *
	 * @throws IllegalArgumentException naming the allowed values
	 */
	public static SpectralUnit parse(final String text) {
		final String t = text.trim().toLowerCase(Locale.ROOT).replace("⁻¹", "^-1");
		switch (t) {
			case "nm":
			case "nanometre":
			case "nanometer":
				return NM;
			case "cm-1":
			case "cm^-1":
			case "1/cm":
			case "wavenumber":
				return WAVENUMBER;
			case "kev":
				return KEV;
			case "channel":
			case "ch":
				return CHANNEL;
			default:
				throw new IllegalArgumentException("unknown spectral unit '" + text +
					"'; expected one of nm, cm-1, keV, channel");
		}
	}

	@Override
	public String toString() {
		return symbol;
	}
}
