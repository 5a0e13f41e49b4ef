package org.spectralcnn.model;

import java.util.List;

/**
 * Predictions with their intervals and out-of-domain statistics, samples × targets.
 *
 * @param prediction the model's point predictions (a CNN's with dropout off)
 * @param method how the intervals were made ({@code mc-cp}, {@code split}), or null without
 * @param lower lower interval ends, or null when the model file has no calibration
 * @param upper upper interval ends, or null
 * @param t2 Hotelling's T² per sample, or null without a domain model
 * @param q Q residual per sample, or null
 * @param outOfDomain beyond the T² or Q limit, or null
 * @param memberSd an ensemble's spread: the SD (n − 1) of its members' predictions, or null for
 *          a single model
 */
public record TrustedPredictions(List<String> targets, double confidence, String method,
	double[][] prediction, double[][] lower, double[][] upper, double[] t2, double[] q,
	boolean[] outOfDomain, double[][] memberSd)
{

	/** A single model's (no member spread). */
	public TrustedPredictions(final List<String> targets, final double confidence,
		final String method, final double[][] prediction, final double[][] lower,
		final double[][] upper, final double[] t2, final double[] q, final boolean[] outOfDomain)
	{
		this(targets, confidence, method, prediction, lower, upper, t2, q, outOfDomain, null);
	}

	public boolean hasMemberSd() {
		return memberSd != null;
	}

	public boolean hasIntervals() {
		return lower != null;
	}

	public boolean hasDomain() {
		return outOfDomain != null;
	}

	/** Samples flagged out of domain. */
	public int flagged() {
		int n = 0;
		if (outOfDomain != null) for (final boolean b : outOfDomain)
			if (b) n++;
		return n;
	}
}
