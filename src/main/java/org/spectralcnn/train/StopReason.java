package org.spectralcnn.train;

/** Why training ended. */
public enum StopReason {
	/** All epochs ran. */
	COMPLETED("completed all epochs"),
	/** The validation loss stopped improving for {@code patience} epochs. */
	EARLY_STOPPING("early stopping"),
	/** The user cancelled; the best model so far is kept. */
	CANCELED("canceled");

	private final String text;

	StopReason(final String text) {
		this.text = text;
	}

	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	@Override
	public String toString() {
		return text;
	}
}
