package org.spectralcnn.model;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Inverted dropout whose masks come from the layer's seed and the iteration number, drawn in
 * Java: the same seed gives the same masks on every run. (Deeplearning4j's own dropout draws
 * from ND4J's native generator, which in M2.1 does not repeat after re-seeding.) During
 * training each input value is kept with probability {@code 1 - rate} and scaled by
 * {@code 1 / (1 - rate)}; at inference the input passes unchanged. Stored in the network
 * configuration as DL4J JSON under this class name.
 */
public class SeededDropout implements IDropout {

	private static final long serialVersionUID = 1L;

	private double rate;
	private long seed;
	@JsonIgnore
	private transient INDArray mask;

	/** For DL4J's JSON reader. */
	public SeededDropout() {}

	/**
	 * @param rate probability of dropping a value, in [0, 1)
	 * @param seed the layer's own seed
	 */
	public SeededDropout(final double rate, final long seed) {
		if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout rate " + rate);
		this.rate = rate;
		this.seed = seed;
	}

	public double getRate() {
		return rate;
	}

	public long getSeed() {
		return seed;
	}

	@Override
	public INDArray applyDropout(final INDArray in, final INDArray result, final int iteration,
		final int epoch, final LayerWorkspaceMgr workspaceMgr)
	{
		final int n = (int) in.length();
		final float keep = (float) (1 / (1 - rate));
		final float[] m = new float[n];
		final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + iteration);
		for (int i = 0; i < n; i++) m[i] = random.nextDouble() < rate ? 0 : keep;
		final DataType type = in.dataType();
		mask = workspaceMgr.leverageTo(ArrayType.INPUT, Nd4j.create(m, in.shape(), in.ordering())
			.castTo(type));
		result.assign(in.mul(mask));
		return result;
	}

	@Override
	public INDArray backprop(final INDArray gradAtOutput, final INDArray gradAtInput,
		final int iteration, final int epoch)
	{
		if (mask == null) throw new IllegalStateException("dropout backprop before forward pass");
		gradAtInput.assign(gradAtOutput.mul(mask));
		mask = null;
		return gradAtInput;
	}

	@Override
	public void clear() {
		mask = null;
	}

	@Override
	public SeededDropout clone() {
		return new SeededDropout(rate, seed);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof SeededDropout d && d.rate == rate && d.seed == seed;
	}

	@Override
	public int hashCode() {
		return Double.hashCode(rate) * 31 + Long.hashCode(seed);
	}

	@Override
	public String toString() {
		return "SeededDropout(rate=" + rate + ", seed=" + seed + ")";
	}
}
