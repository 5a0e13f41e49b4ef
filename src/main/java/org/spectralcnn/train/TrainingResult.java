package org.spectralcnn.train;

import java.util.List;
import org.spectralcnn.model.CnnModel;

/**
 * A trained model (with the weights of its best epoch) and how it got there.
 *
 * @param bestEpoch 1-based epoch whose weights the model has (0 if canceled before the first
 *          epoch ended)
 * @param trainingSamples samples with at least one target value that training used
 */
public record TrainingResult(CnnModel model, List<EpochRecord> history, int bestEpoch,
	double bestValidationLoss, StopReason stopReason, int trainingSamples,
	int validationSamples, double seconds)
{}
