package org.spectralcnn.plsr;

import java.util.Locale;

/** How the number of latent variables is chosen from the RMSECV curve ({@code selection} key). */
public enum Selection {

	/** The k with the lowest RMSECV (the smallest such k on ties), as most papers report. */
	MIN("min"),

	/**
	 * The one-standard-error rule (Hastie, Tibshirani and Friedman, ESL §7.10): the smallest k whose
	 * RMSECV is at most RMSECV(k*) + SE(k*), where k* has the lowest RMSECV and SE is the
	 * standard error over folds. A more parsimonious model that is not significantly worse.
	 */
	ONE_SE("1se");

	private final String key;

	Selection(final String key) {
		this.key = key;
	}

	/** The value of the {@code selection} key. */
	public String key() {
		return key;
	}

	/**
	 * @throws IllegalArgumentException naming the key and the accepted values
	 */
	public static Selection parse(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		switch (t) {
			case "min":
			case "minimum":
				return MIN;
			case "1se":
			case "onese":
			case "one_se":
			case "one-se":
			case "1-se":
				return ONE_SE;
			default:
				throw new IllegalArgumentException("selection='" + text +
					"' is not a selection rule; use min (lowest RMSECV) or 1se (one-standard-error rule)");
		}
	}

	/** The chosen number of components, 1..K. */
	public int choose(final CrossValidation.Result cv) {
		final double[] rmsecv = cv.rmsecv();
		int best = 0;
		for (int k = 1; k < rmsecv.length; k++)
			if (rmsecv[k] < rmsecv[best]) best = k;
		if (this == MIN) return best + 1;
		final double limit = rmsecv[best] + cv.standardError()[best];
		for (int k = 0; k <= best; k++)
			if (rmsecv[k] <= limit) return k + 1;
		return best + 1;
	}

	@Override
	public String toString() {
		return key;
	}
}
