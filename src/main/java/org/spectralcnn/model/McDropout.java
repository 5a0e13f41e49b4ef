package org.spectralcnn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.parallel.Cores;

/**
 * Monte Carlo dropout: the network's dropout layers kept on at prediction time, {@code passes}
 * times, masks drawn in Java from a seed (the same seed gives the same passes). Only the dense
 * layers from the first dropout to each output change between passes, so the convolutions run
 * once per spectrum (as for a plain prediction) and the passes are stacked into one matrix
 * product per dense layer: the passes cost a few dense products, not {@code passes} forward
 * passes. Per-target heads that read the same features (ng2019, padarian2019) share their first
 * dropout mask in each pass, so one mask and one product serve them all; each target's passes
 * are distributed as with a mask of its own, and its interval uses only them. Batch
 * normalisation stays in inference mode.
 */
public final class McDropout {

	/** Passes when the user does not say: the SD of 30 draws is within ±13 % of the limit SD. */
	public static final int DEFAULT_PASSES = 30;

	/** Floats per stacked pass matrix: keeps a chunk of passes in the tens of MB. */
	private static final long STACK_FLOATS = 4L << 20;

	/**
	 * Samples × targets in the targets' units.
	 *
	 * @param prediction the network's ordinary (dropout-off) prediction
	 * @param mean mean of the passes, or null when the network has no dropout
	 * @param sd SD of the passes (n − 1), or null when the network has no dropout
	 */
	public record Result(double[][] prediction, double[][] mean, double[][] sd) {}

	/** The dense layers from the first dropout to one output. */
	private record Head(String output, List<String> layers, String input) {}

	/**
	 * Heads (their numbers) whose first layers read the same input through the same dropout, and
	 * those layers' weights and biases (zero for none) side by side: one mask and one matrix
	 * product serve them all.
	 */
	private record Group(List<Integer> heads, INDArray weights, INDArray bias, double rate) {}

	private McDropout() {}

	/** Whether every output of the network has a dropout layer on its way (MC dropout works). */
	public static boolean available(final ComputationGraph net) {
		for (final String o : net.getConfiguration().getNetworkOutputs())
			if (head(net, o) == null) return false;
		return true;
	}

	/**
	 * Runs the passes on preprocessed spectra.
	 *
	 * @param passes ≥ 2 Monte Carlo passes, or 0 for the plain prediction only
	 * @throws IllegalArgumentException naming {@code mc_passes} for 1 or a negative count
	 */
	public static Result run(final CnnModel model, final SpectralDataset prepared,
		final int passes, final long seed)
	{
		return run(model, prepared, passes, seed, 0);
	}

	/**
	 * As {@link #run(CnnModel, SpectralDataset, int, long)} for rows that start at row
	 * {@code firstRow} of a larger table (a Spark task's share): with {@code firstRow} a multiple
	 * of {@link Networks#PREDICT_BATCH} the masks are those of the whole table's prediction.
	 */
	public static Result run(final CnnModel model, final SpectralDataset prepared,
		final int passes, final long seed, final long firstRow)
	{
		if (passes < 0 || passes == 1) throw new IllegalArgumentException("mc_passes must be 0 (no Monte Carlo dropout) or at least 2, got " +
			passes);
		final ComputationGraph net = model.network();
		final InputPipeline input = model.inputPipeline();
		final List<TargetScaler> scalers = model.targetScalers();
		final int targets = scalers.size();
		final String[] outputs = net.getConfiguration().getNetworkOutputs().toArray(new String[0]);
		final List<Head> heads = new ArrayList<>();
		final boolean mc = passes >= 2 && available(net);
		if (mc) for (final String o : outputs) heads.add(head(net, o));
		final List<Group> groups = mc ? groups(net, heads) : List.of();
		final int[] columns = new int[outputs.length];
		for (int h = 1; h < outputs.length; h++)
			columns[h] = columns[h - 1] + (int) net.getLayer(outputs[h - 1]).getParam("W").size(1);
		final int n = prepared.size();
		final double[][] z = new double[n][targets];
		final double[][] sum = mc ? new double[n][targets] : null;
		final double[][] sumSq = mc ? new double[n][targets] : null;
		final int sample = input.sampleSize();
		final int batch = Networks.PREDICT_BATCH;
		// the plain prediction as CnnModel.predict makes it, with or without Monte Carlo passes; the
		// fast forward pass also gives what the heads read, where the passes of a network whose heads
		// all start there (the 1-D presets) begin. Where Deeplearning4j makes the plain prediction
		// (2-D networks), its one pass per batch below returns the outputs too.
		final boolean oneDl4jPass = mc && !model.hasFastForward();
		CnnModel.Forward forward = null;
		if (!oneDl4jPass) {
			final int[] all = new int[n];
			for (int i = 0; i < n; i++) all[i] = i;
			forward = model.outputsAndFeatures(prepared, all);
			final float[][] plain = forward.outputs();
			for (int i = 0; i < n; i++)
				for (int t = 0; t < targets; t++) z[i][t] = plain[i][t];
		}
		final String shared = forward == null ? null : forward.featuresOf();
		final boolean fromFeatures = shared != null && heads.stream().allMatch(h -> h.input().equals(
			shared));
		// the stacked passes' input, reused: chunks of tens of MB made anew each time piled up
		// faster than the collector freed their native memory (825 spectra took 8× as long as 207)
		final Stacks stacks = new Stacks();
		if (mc) synchronized (net) {
			for (int from = 0; from < n; from += batch) {
				final int m = Math.min(batch, n - from);
				final Map<String, INDArray> acts = new java.util.HashMap<>();
				if (fromFeatures) {
					final float[][] rows = java.util.Arrays.copyOfRange(forward.features(), from, from + m);
					acts.put(shared, Nd4j.create(rows));
				}
				else {
					final int[] rows = new int[m];
					for (int r = 0; r < m; r++) rows[r] = from + r;
					final float[] buffer = new float[m * sample];
					input.fill(prepared, rows, buffer);
					final INDArray x = Networks.input(net, buffer, m, input.shape());
					// one inference pass that returns the heads' inputs (DL4J's feedForward, which keeps
					// every layer's activations, took 1.5× as long)
					final List<String> wanted = new ArrayList<>();
					for (final Head h : heads)
						if (!wanted.contains(h.input())) wanted.add(h.input());
					if (oneDl4jPass) wanted.addAll(List.of(outputs));
					final INDArray[] values = net.output(wanted, false, new INDArray[] { x }, null);
					for (int k = 0; k < values.length; k++) acts.put(wanted.get(k), values[k]);
					int at = 0;
					if (oneDl4jPass) for (final String o : outputs) {
						final float[][] v = acts.get(o).toFloatMatrix();
						for (int r = 0; r < m; r++)
							for (int j = 0; j < v[r].length; j++) z[from + r][at + j] = v[r][j];
						at += v[0].length;
					}
				}
				final Draws[] draws = new Draws[outputs.length];
				for (int h = 0; h < outputs.length; h++)
					draws[h] = new Draws(seed * 0x9E3779B97F4A7C15L + ((firstRow + from) * 131L + h) *
						0xBF58476D1CE4E5B9L);
				for (final Group g : groups)
					passes(net, g, heads, acts, m, passes, stacks, draws, sum, sumSq, from, columns);
			}
		}
		final double[][] prediction = new double[n][targets];
		final double[][] mean = mc ? new double[n][targets] : null;
		final double[][] sd = mc ? new double[n][targets] : null;
		for (int i = 0; i < n; i++)
			for (int t = 0; t < targets; t++) {
				final TargetScaler s = scalers.get(t);
				prediction[i][t] = s.unscale(z[i][t]);
				if (!mc) continue;
				final double mu = sum[i][t] / passes;
				final double var = Math.max(0, (sumSq[i][t] - passes * mu * mu) / (passes - 1));
				mean[i][t] = s.unscale(mu);
				sd[i][t] = Math.sqrt(var) * s.sd();
			}
		return new Result(prediction, mean, sd);
	}

	/**
	 * Adds the passes of one group's heads, for m samples, to the sums at rows from.., each head's
	 * columns from columns[head]. The group's first dropout is drawn from its first head's draws,
	 * later layers' from each head's own.
	 */
	private static void passes(final ComputationGraph net, final Group group, final List<Head> heads,
		final Map<String, INDArray> acts, final int m, final int passes, final Stacks stacks,
		final Draws[] draws, final double[][] sum, final double[][] sumSq, final int from,
		final int[] columns)
	{
		final int lead = group.heads().get(0);
		INDArray a = acts.get(heads.get(lead).input());
		final InputPreProcessor pre = ((LayerVertex) net.getVertex(heads.get(lead).layers().get(0)))
			.getLayerPreProcessor();
		// the fast forward pass's features come flattened already
		if (pre != null && a.rank() > 2) a = pre.preProcess(a.dup(), m, LayerWorkspaceMgr.noWorkspaces());
		final float[] x = PackedArrays.values(a, null);
		final int features = x.length / m;
		final int chunk = (int) Math.max(1, Math.min(passes, STACK_FLOATS / Math.max(1,
			(long) m * features)));
		for (int p0 = 0; p0 < passes; p0 += chunk) {
			final int c = Math.min(chunk, passes - p0);
			// the passes' copies of the input, with the first layers' dropout drawn as they are made
			final float[] stacked = stacks.values(c * x.length);
			if (group.rate() > 0) dropInto(x, c, group.rate(), draws[lead], stacked);
			else for (int k = 0; k < c; k++) System.arraycopy(x, 0, stacked, k * x.length, x.length);
			final INDArray first = stacks.array(stacked, (long) c * m, features).mmul(group.weights())
				.addiRowVector(group.bias());
			int at = 0;
			for (final int head : group.heads()) {
				final List<Layer> layers = new ArrayList<>();
				for (final String name : heads.get(head).layers()) layers.add(net.getLayer(name));
				final long units = layers.get(0).getParam("W").size(1);
				INDArray h = group.heads().size() == 1 ? first : first.get(NDArrayIndex.all(),
					NDArrayIndex.interval(at, at + units)).dup('c');
				at += units;
				for (int l = 0; l < layers.size(); l++) {
					final Layer layer = layers.get(l);
					if (l > 0) {
						final double rate = rate(layer);
						if (rate > 0) {
							final float[] v = PackedArrays.values(h, null);
							dropInto(v, 1, rate, draws[head], v);
							h = floats(v, h.size(0), h.size(1));
						}
						h = h.mmul(layer.getParam("W"));
						final INDArray b = layer.paramTable().get("b");
						if (b != null) h.addiRowVector(b);
					}
					h = ((BaseLayer) layer.conf().getLayer()).getActivationFn().getActivation(h, false);
				}
				// one copy of the values (toFloatMatrix makes a view and a copy per row)
				final float[] out = PackedArrays.values(h, null);
				final int width = (int) h.size(1), column = columns[head];
				for (int k = 0; k < c; k++)
					for (int r = 0; r < m; r++) {
						final int o = (k * m + r) * width;
						for (int j = 0; j < width; j++) {
							sum[from + r][column + j] += out[o + j];
							sumSq[from + r][column + j] += (double) out[o + j] * out[o + j];
						}
					}
			}
		}
	}

	/**
	 * The heads grouped by the input and dropout rate of their first layers (ng2019's and
	 * padarian2019's per-target heads all read the trunk's features). A shared mask leaves each
	 * head's passes as they were in distribution, and each target's interval uses only its own
	 * head; it saves drawing and copying the 11,008 features once per head, which took most of the
	 * passes' time.
	 */
	private static List<Group> groups(final ComputationGraph net, final List<Head> heads) {
		final Map<String, List<Integer>> byInput = new java.util.LinkedHashMap<>();
		for (int h = 0; h < heads.size(); h++)
			byInput.computeIfAbsent(heads.get(h).input() + " " + rate(first(net, heads.get(h))),
				k -> new ArrayList<>()).add(h);
		final List<Group> groups = new ArrayList<>();
		for (final List<Integer> members : byInput.values()) {
			final INDArray[] w = new INDArray[members.size()], b = new INDArray[members.size()];
			for (int k = 0; k < w.length; k++) {
				final Layer layer = first(net, heads.get(members.get(k)));
				w[k] = layer.getParam("W");
				final INDArray own = layer.paramTable().get("b");
				b[k] = own != null ? own.reshape(1, w[k].size(1)) : Nd4j.zeros(w[k].dataType(), 1, w[k]
					.size(1));
			}
			final Layer lead = first(net, heads.get(members.get(0)));
			groups.add(new Group(List.copyOf(members), Nd4j.hstack(w), Nd4j.hstack(b), rate(lead)));
		}
		return groups;
	}

	private static Layer first(final ComputationGraph net, final Head head) {
		return net.getLayer(head.layers().get(0));
	}

	/** The rate of the layer's (seeded) dropout on its input, 0 for none. */
	private static double rate(final Layer layer) {
		return ((BaseLayer) layer.conf().getLayer()).getIDropout() instanceof SeededDropout d ? d
			.getRate() : 0;
	}

	/**
	 * {@code copies} copies of {@code x} into {@code into} with inverted dropout of rate
	 * {@code rate}, as {@link SeededDropout} does in training: a value is dropped where the draw's
	 * {@code nextDouble()} would be below the rate, compared here on its 53 bits. Each value's draw
	 * is computed from its number, so the cores share the work and give the same masks.
	 */
	private static void dropInto(final float[] x, final int copies, final double rate,
		final Draws draws, final float[] into)
	{
		final long limit = (long) Math.ceil(rate * 0x1.0p53);
		final float keep = (float) (1 / (1 - rate));
		final int n = copies * x.length;
		Cores.split(n, n, 1 << 18, (part, from, to) -> {
			for (int o = from, i = from % x.length; o < to; o++) {
				// branch-free (a branch on the random draw is mispredicted 2 times in 5; ng2019's passes
				// took twice as long with it): all ones where kept, else 0; the same values as
				// "dropped ? 0 : x·keep"
				final int kept = ~(int) (((draws.at(o) >>> 11) - limit) >> 63);
				into[o] = Float.intBitsToFloat(Float.floatToRawIntBits(x[i] * keep) & kept);
				if (++i == x.length) i = 0;
			}
		});
		draws.skip(n);
	}

	/**
	 * The draws of {@code new SplittableRandom(seed).nextLong()} (SplitMix64), each computed from
	 * its number rather than from the one before.
	 */
	static final class Draws {

		private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
		private final long seed;
		private long used;

		Draws(final long seed) {
			this.seed = seed;
		}

		/** The draw {@code i} places after those used so far. */
		long at(final long i) {
			long z = seed + (used + i + 1) * GOLDEN_GAMMA;
			z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
			z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
			return z ^ (z >>> 31);
		}

		void skip(final long n) {
			used += n;
		}
	}

	/** The stacked input of the passes: one Java and one native array, kept while big enough. */
	private static final class Stacks {

		private float[] values = new float[0];
		private INDArray array;

		/** At least {@code n} values (the first n are used). */
		float[] values(final int n) {
			if (values.length < n) values = new float[n];
			return values;
		}

		/** The first rows × columns of {@code v} as a native array of that shape. */
		INDArray array(final float[] v, final long rows, final long columns) {
			if (array == null || array.size(0) != rows || array.size(1) != columns) {
				if (array != null) array.close();
				array = Nd4j.create(DataType.FLOAT, new long[] { rows, columns }, 'c');
			}
			PackedArrays.put(array, v);
			return array;
		}
	}

	/** A rows × columns float array of the values (C order). */
	private static INDArray floats(final float[] v, final long rows, final long columns) {
		final INDArray a = Nd4j.create(DataType.FLOAT, new long[] { rows, columns }, 'c');
		PackedArrays.put(a, v);
		return a;
	}

	/**
	 * The dense layers that lead to {@code output}, from the first with dropout, or null when
	 * none has dropout (or a layer is frozen: fine-tuning keeps frozen layers deterministic).
	 */
	private static Head head(final ComputationGraph net, final String output) {
		final Map<String, List<String>> inputs = net.getConfiguration().getVertexInputs();
		final List<String> chain = new ArrayList<>();
		String name = output;
		while (true) {
			final GraphVertex v = net.getVertex(name);
			if (v == null || !v.hasLayer() || !(v.getLayer().conf()
				.getLayer() instanceof org.deeplearning4j.nn.conf.layers.DenseLayer || v.getLayer()
					.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.OutputLayer)) break;
			chain.add(0, name);
			final List<String> in = inputs.get(name);
			if (in == null || in.size() != 1) break;
			name = in.get(0);
		}
		for (int k = 0; k < chain.size(); k++) {
			final BaseLayer conf = (BaseLayer) net.getLayer(chain.get(k)).conf().getLayer();
			if (conf.getIDropout() instanceof SeededDropout) {
				final List<String> layers = chain.subList(k, chain.size());
				return new Head(output, List.copyOf(layers), inputs.get(layers.get(0)).get(0));
			}
		}
		return null;
	}
}
