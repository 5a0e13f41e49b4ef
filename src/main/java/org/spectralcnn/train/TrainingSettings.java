package org.spectralcnn.train;

import org.spectralcnn.model.Architecture;

/**
 * How a CNN is trained: Adam with a learning rate, mini-batches, at most {@code epochs} epochs,
 * early stopping when the validation loss has not improved for {@code patience} epochs (the best
 * weights are restored), and optionally a learning rate reduced by {@code lrFactor} after
 * {@code lrPatience} epochs without improvement (0 = off), never below {@code minLearningRate}.
 * The seed sets the weights, the dropout masks and the batch order: the same seed on the same
 * data gives the same model. {@code augmentation} changes the training spectra of every
 * mini-batch ({@link Augmentation}; off unless asked for).
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, long seed,
	int patience, int lrPatience, double lrFactor, double minLearningRate,
	Augmentation augmentation)
{

	public static final int DEFAULT_EPOCHS = 150;
	public static final int DEFAULT_BATCH_SIZE = 32;
	public static final int DEFAULT_PATIENCE = 20;

	/**
	 * @throws IllegalArgumentException naming the key that is out of range
	 */
	public TrainingSettings {
		if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " +
			epochs);
		if (batchSize < 1) throw new IllegalArgumentException("batch_size must be at least 1, got " +
			batchSize);
		if (!(learningRate > 0) || !Double.isFinite(learningRate))
			throw new IllegalArgumentException("learning_rate must be a positive number, got " +
				learningRate);
		if (patience < 1) throw new IllegalArgumentException("patience must be at least 1, got " +
			patience);
		if (lrPatience < 0) throw new IllegalArgumentException(
			"lr_patience must be 0 (off) or more, got " + lrPatience);
		if (!(lrFactor > 0 && lrFactor < 1)) throw new IllegalArgumentException(
			"lr_factor must be between 0 and 1, got " + lrFactor);
		if (!(minLearningRate >= 0)) throw new IllegalArgumentException(
			"min_learning_rate must be 0 or more, got " + minLearningRate);
		if (augmentation == null) augmentation = Augmentation.NONE;
	}

	/** Settings without augmentation. */
	public TrainingSettings(final int epochs, final int batchSize, final double learningRate,
		final long seed, final int patience, final int lrPatience, final double lrFactor,
		final double minLearningRate)
	{
		this(epochs, batchSize, learningRate, seed, patience, lrPatience, lrFactor, minLearningRate,
			Augmentation.NONE);
	}

	/** The peers' protocol: 150 epochs, batch 32, Adam 1e-3, patience 20, no LR reduction. */
	public static TrainingSettings defaults(final long seed) {
		return new TrainingSettings(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE,
			Architecture.DEFAULT_LEARNING_RATE, seed, DEFAULT_PATIENCE, 0, 0.5, 1e-6);
	}

	public TrainingSettings withEpochs(final int n) {
		return new TrainingSettings(n, batchSize, learningRate, seed, patience, lrPatience,
			lrFactor, minLearningRate, augmentation);
	}

	public TrainingSettings withBatchSize(final int n) {
		return new TrainingSettings(epochs, n, learningRate, seed, patience, lrPatience, lrFactor,
			minLearningRate, augmentation);
	}

	public TrainingSettings withLearningRate(final double lr) {
		return new TrainingSettings(epochs, batchSize, lr, seed, patience, lrPatience, lrFactor,
			minLearningRate, augmentation);
	}

	public TrainingSettings withSeed(final long s) {
		return new TrainingSettings(epochs, batchSize, learningRate, s, patience, lrPatience,
			lrFactor, minLearningRate, augmentation);
	}

	public TrainingSettings withPatience(final int n) {
		return new TrainingSettings(epochs, batchSize, learningRate, seed, n, lrPatience, lrFactor,
			minLearningRate, augmentation);
	}

	/** Reduce-on-plateau: after {@code n} epochs without improvement (0 = off). */
	public TrainingSettings withLrPatience(final int n) {
		return new TrainingSettings(epochs, batchSize, learningRate, seed, patience, n, lrFactor,
			minLearningRate, augmentation);
	}

	public TrainingSettings withAugmentation(final Augmentation a) {
		return new TrainingSettings(epochs, batchSize, learningRate, seed, patience, lrPatience,
			lrFactor, minLearningRate, a);
	}
}
