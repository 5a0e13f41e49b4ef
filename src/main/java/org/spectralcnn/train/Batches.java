package org.spectralcnn.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Networks;

/**
 * Builds masked mini-batches: the network input (spectra scaled, or spectrograms computed and
 * scaled for just these rows) and standardised labels with label masks, 0 where a target is
 * missing (its label is set to 0, which the mask makes irrelevant). With one output layer the
 * labels and masks are {@code batch × targets}; with a head per target each output gets its own
 * {@code batch × 1} pair. The float buffers are reused from batch to batch.
 */
final class Batches {

	/** An augmentation with what one training run draws from: its scale and random generator. */
	record Augmented(Augmentation augmentation, double scale, java.util.SplittableRandom random) {}

	private final ComputationGraph net;
	private final InputPipeline input;
	private final boolean headPerTarget;
	private final int targets;
	private final int sample;
	private final Architecture.Shape shape;
	private final float[] x;
	private final float[][] labels;
	private final float[][] masks;
	private long present;

	Batches(final ComputationGraph net, final InputPipeline input, final boolean headPerTarget,
		final int targets, final int batchSize)
	{
		this.net = net;
		this.input = input;
		this.headPerTarget = headPerTarget;
		this.targets = targets;
		this.sample = input.sampleSize();
		this.shape = input.shape();
		this.x = new float[batchSize * sample];
		final int outputs = headPerTarget ? targets : 1;
		final int width = headPerTarget ? 1 : targets;
		labels = new float[outputs][batchSize * width];
		masks = new float[outputs][batchSize * width];
	}

	/** Units per output layer: 1 with a head per target, else the number of targets. */
	int unitsPerOutput() {
		return headPerTarget ? 1 : targets;
	}

	/** Present (unmasked) target values in the last batch. */
	long present() {
		return present;
	}

	/**
	 * @param z standardised targets of every row of {@code prepared}, NaN = missing
	 */
	MultiDataSet make(final SpectralDataset prepared, final int[] rows, final float[][] z) {
		return make(prepared, rows, z, null);
	}

	/**
	 * @param augmented changes fresh copies of the batch's spectra and targets, or null
	 */
	MultiDataSet make(SpectralDataset prepared, int[] rows, float[][] z,
		final Augmented augmented)
	{
		final int n = rows.length;
		if (augmented != null) {
			// a small dataset of the batch's changed spectra, so that the STFT of a spectrogram
			// model sees them too; targets alike (mixup changes them)
			final int p = prepared.points();
			final float[] copy = new float[n * p];
			final float[][] zb = new float[n][];
			final String[] ids = new String[n];
			for (int r = 0; r < n; r++) {
				System.arraycopy(prepared.data(), rows[r] * p, copy, r * p, p);
				zb[r] = z[rows[r]].clone();
				ids[r] = prepared.id(rows[r]);
			}
			augmented.augmentation().apply(copy, n, p, zb, augmented.scale(), augmented.random());
			prepared = SpectralDataset.builder(prepared.name(), prepared.axis(), ids, copy).build();
			z = zb;
			rows = TrainingLoop.range(n);
		}
		final float[] in = n * sample == x.length ? x : new float[n * sample];
		input.fill(prepared, rows, in);
		final INDArray features = Networks.input(net, in, n, shape);
		present = 0;
		final int outputs = labels.length;
		final INDArray[] l = new INDArray[outputs], m = new INDArray[outputs];
		final int width = unitsPerOutput();
		for (int o = 0; o < outputs; o++) {
			final float[] lab = labels[o], mask = masks[o];
			for (int r = 0; r < n; r++) {
				for (int k = 0; k < width; k++) {
					final float v = z[rows[r]][headPerTarget ? o : k];
					final boolean missing = Float.isNaN(v);
					lab[r * width + k] = missing ? 0 : v;
					mask[r * width + k] = missing ? 0 : 1;
					if (!missing) present++;
				}
			}
			l[o] = Nd4j.create(java.util.Arrays.copyOf(lab, n * width), new long[] { n, width }, 'c');
			m[o] = Nd4j.create(java.util.Arrays.copyOf(mask, n * width), new long[] { n, width },
				'c');
		}
		return new MultiDataSet(new INDArray[] { features }, l, null, m);
	}
}
