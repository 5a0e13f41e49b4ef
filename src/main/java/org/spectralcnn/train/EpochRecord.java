package org.spectralcnn.train;

/**
 * One epoch of training. Losses are masked MSEs of the standardised targets: the mean of
 * {@code (prediction - observation)²} over every present target value, missing values left out
 * (the training loss averages the mini-batches of the epoch, with dropout on).
 *
 * @param epoch 1-based
 * @param epochs the most epochs the run may take
 * @param validationLoss NaN when there is no validation set
 * @param improved whether this epoch gave the best validation loss so far
 * @param samplesPerSecond training samples ÷ the epoch's training time (validation excluded)
 */
public record EpochRecord(int epoch, int epochs, double trainLoss, double validationLoss,
	double learningRate, boolean improved, double seconds, double samplesPerSecond)
{}
