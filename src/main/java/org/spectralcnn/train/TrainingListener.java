package org.spectralcnn.train;

/**
 * Hears how training goes; commands adapt it to ImageJ's status bar, log and live plot. Called on
 * the training thread.
 */
public interface TrainingListener {

	/** A line worth logging: the data, the network, why training stopped. */
	default void message(final String text) {}

	/** After each mini-batch (1-based counts). */
	default void iteration(final int epoch, final int iteration, final int iterationsPerEpoch) {}

	/** After each epoch. */
	default void epoch(final EpochRecord record) {}

	/** Listens to nothing. */
	TrainingListener NONE = new TrainingListener() {};
}
