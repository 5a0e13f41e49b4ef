package org.spectralcnn.model;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
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
 * times. Each pass is one thinned network: its dropout masks are drawn once, from the seed, and
 * apply to every spectrum, so a spectrum's passes (and interval) depend on the spectrum, the
 * model and the seed alone, not on its row, the other spectra of the file, a Spark task's share
 * or an image block. The conformal scores of the calibration samples, made with the training
 * seed, come from the same networks as a prediction with that seed. Only the dense layers from
 * the first dropout to each output change between passes, so the convolutions run once per
 * spectrum (as for a plain prediction); a pass subtracts the product of the features its mask
 * drops from the full product, made once.
 * Per-target heads that read the same features (ng2019, padarian2019) share each pass's first
 * mask and one product with their weights side by side; each target's interval uses only its
 * own head. Batch normalisation stays in inference mode.
 */
public final class McDropout {

	/** Passes when the user does not say: the SD of 30 draws is within ±13 % of the limit SD. */
	public static final int DEFAULT_PASSES = 30;

	/** Floats of the heads' input held at once (Java and native): a block of rows of it. */
	private static final long BLOCK_FLOATS = 16L << 20;

	/** Floats of the passes' stacked first-layer outputs: a chunk of passes at a time. */
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
	 * those layers' weights (features × units, C order) and biases (zero for none) side by side:
	 * one mask and one matrix product serve them all.
	 */
	private record Group(List<Integer> heads, float[] weights, int features, int units,
		INDArray bias, double rate) {}

	private McDropout() {}

	/** Whether every output of the network has a dropout layer on its way (MC dropout works). */
	public static boolean available(final ComputationGraph net) {
		for (final String o : net.getConfiguration().getNetworkOutputs())
			if (head(net, o) == null) return false;
		return true;
	}

	/**
	 * Checks a user's number of passes before any work, whatever the model: one pass has no
	 * spread between passes to calibrate.
	 *
	 * @throws IllegalArgumentException naming {@code mc_passes} for 1 or a negative count
	 */
	public static void checkPasses(final int passes) {
		if (passes < 0 || passes == 1) throw new IllegalArgumentException(
			"mc_passes must be 0 (no Monte Carlo dropout) or at least 2, got " + passes);
	}

	/**
	 * Runs the passes on preprocessed spectra.
	 *
	 * @param passes ≥ 2 Monte Carlo passes, or 0 for the plain prediction only
	 * @param seed seed of the passes' masks
	 * @throws IllegalArgumentException naming {@code mc_passes} for 1 or a negative count
	 */
	public static Result run(final CnnModel model, final SpectralDataset prepared,
		final int passes, final long seed)
	{
		checkPasses(passes);
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
		if (mc) synchronized (net) {
			final Masks masks = new Masks(net, heads, groups, passes, seed);
			long widest = 1;
			for (final Group g : groups) widest = Math.max(widest, g.features());
			final int block = (int) Math.max(1, Math.min(n, BLOCK_FLOATS / widest));
			for (int from = 0; from < n; from += block) {
				final int m = Math.min(block, n - from);
				// the heads' inputs of the block's rows, features × rows: a pass takes the rows of the
				// features its mask keeps
				final Map<String, float[]> transposed = new java.util.HashMap<>();
				if (fromFeatures) transposed.put(shared, transposed(forward.features(), from, m));
				else inputsOfBlock(model, prepared, heads, outputs, oneDl4jPass, from, m, transposed, z);
				for (int g = 0; g < groups.size(); g++)
					passes(net, groups.get(g), g, heads, transposed.get(heads.get(groups.get(g).heads().get(
						0)).input()), m, masks, sum, sumSq, from, columns);
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
	 * Rows from.. of {@code rows}, m of them, as features × rows (C order): 16 rows at a time,
	 * so that each write fills a cache line, on every core.
	 */
	private static float[] transposed(final float[][] rows, final int from, final int m) {
		final int f = rows[from].length, tiles = (m + 15) / 16;
		final float[] t = new float[f * m];
		Cores.split(tiles, (long) f * m, 1 << 18, (part, t0, t1) -> {
			for (int tile = t0; tile < t1; tile++) {
				final int r0 = tile * 16, r1 = Math.min(m, r0 + 16);
				for (int j = 0; j < f; j++)
					for (int r = r0; r < r1; r++) t[j * m + r] = rows[from + r][j];
			}
		});
		return t;
	}

	/**
	 * The heads' inputs for rows from..from + m, by Deeplearning4j's inference pass (one per
	 * batch, returning only what the heads read: its feedForward, which keeps every layer's
	 * activations, took 1.5× as long), transposed into {@code into} per input; with
	 * {@code outputsToo} the same pass writes the plain prediction into {@code z}.
	 */
	private static void inputsOfBlock(final CnnModel model, final SpectralDataset prepared,
		final List<Head> heads, final String[] outputs, final boolean outputsToo, final int from,
		final int m, final Map<String, float[]> into, final double[][] z)
	{
		final ComputationGraph net = model.network();
		final InputPipeline input = model.inputPipeline();
		final int sample = input.sampleSize();
		final List<String> wanted = new ArrayList<>();
		for (final Head h : heads)
			if (!wanted.contains(h.input())) wanted.add(h.input());
		final int inputs = wanted.size();
		if (outputsToo) wanted.addAll(List.of(outputs));
		for (int b0 = 0; b0 < m; b0 += Networks.PREDICT_BATCH) {
			final int mb = Math.min(Networks.PREDICT_BATCH, m - b0);
			final int[] rows = new int[mb];
			for (int r = 0; r < mb; r++) rows[r] = from + b0 + r;
			final float[] buffer = new float[mb * sample];
			input.fill(prepared, rows, buffer);
			final INDArray[] values = net.output(wanted, false, new INDArray[] { Networks.input(net,
				buffer, mb, input.shape()) }, null);
			for (int k = 0; k < inputs; k++) {
				INDArray a = values[k];
				final InputPreProcessor pre = ((LayerVertex) net.getVertex(first(heads, wanted.get(k))))
					.getLayerPreProcessor();
				if (pre != null && a.rank() > 2) a = pre.preProcess(a.dup(), mb, LayerWorkspaceMgr
					.noWorkspaces());
				final float[] v = PackedArrays.values(a, null);
				final int f = v.length / mb;
				final float[] t = into.computeIfAbsent(wanted.get(k), key -> new float[f * m]);
				for (int r = 0; r < mb; r++)
					for (int j = 0; j < f; j++) t[j * m + b0 + r] = v[r * f + j];
			}
			int at = 0;
			if (outputsToo) for (int k = inputs; k < wanted.size(); k++) {
				final float[][] v = values[k].toFloatMatrix();
				for (int r = 0; r < mb; r++)
					for (int j = 0; j < v[r].length; j++) z[from + b0 + r][at + j] = v[r][j];
				at += v[0].length;
			}
		}
	}

	/** The first layer of a head that reads {@code input}. */
	private static String first(final List<Head> heads, final String input) {
		for (final Head h : heads)
			if (h.input().equals(input)) return h.layers().get(0);
		throw new IllegalStateException("no head reads " + input);
	}

	/**
	 * Adds the passes of one group's heads, for the m rows of {@code x} (features × rows, C
	 * order), to the sums at rows from.., each head's columns from columns[head]. With a fraction
	 * {@code rate} of the features dropped, a pass's first product is (1 / (1 − rate)) · (x·W −
	 * x_d·W_d), x_d and W_d the rows of the features its mask drops: one full product per block,
	 * then per pass only the dropped rows (for ng2019's rate of 0.4, 28 % fewer multiply-adds than
	 * multiplying the kept ones, the cost of its passes), gathered into native memory for BLAS.
	 * The passes' results are stacked; each head's later layers then run once on the stack, their
	 * masks applied per pass.
	 */
	private static void passes(final ComputationGraph net, final Group group, final int g,
		final List<Head> heads, final float[] x, final int m, final Masks masks,
		final double[][] sum, final double[][] sumSq, final int from, final int[] columns)
	{
		final int features = group.features(), units = group.units();
		final float[] w = group.weights();
		final float keep = (float) (1 / (1 - group.rate()));
		final FloatBuffer xd = direct((long) features * m), wd = direct((long) features * units);
		final FloatPointer xdp = new FloatPointer(xd), wdp = new FloatPointer(wd);
		final FloatBuffer whole = direct((long) m * units);
		final int[] all = new int[features];
		for (int i = 0; i < features; i++) all[i] = i;
		gather(all, x, m, w, units, xd, wd);
		cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, m, units, features, keep, xdp, m, wdp,
			units, 0f, new FloatPointer(whole), units);
		final float[] base = new float[m * units];
		whole.get(0, base);
		final int chunk = (int) Math.max(1, Math.min(masks.passes, STACK_FLOATS / ((long) m * units)));
		for (int p0 = 0; p0 < masks.passes; p0 += chunk) {
			final int c = Math.min(chunk, masks.passes - p0);
			// pass p0 + k fills rows k·m.. of the stack
			final INDArray first = Nd4j.create(DataType.FLOAT, new long[] { (long) c * m, units }, 'c');
			final FloatPointer out = PackedArrays.pointer(first);
			for (int k = 0; k < c; k++) {
				final int[] dropped = masks.dropped[g][p0 + k];
				final FloatPointer pass = new FloatPointer(out).position(out.position() + (long) k * m *
					units);
				pass.put(base, 0, base.length);
				if (dropped.length == 0) continue;
				gather(dropped, x, m, w, units, xd, wd);
				cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, m, units, dropped.length, -keep, xdp,
					m, wdp, units, 1f, pass, units);
			}
			first.addiRowVector(group.bias());
			int at = 0;
			for (final int head : group.heads()) {
				final List<String> names = heads.get(head).layers();
				final long width0 = net.getLayer(names.get(0)).getParam("W").size(1);
				INDArray h = group.heads().size() == 1 ? first : first.get(NDArrayIndex.all(),
					NDArrayIndex.interval(at, at + width0)).dup('c');
				at += width0;
				for (int l = 0; l < names.size(); l++) {
					final Layer layer = net.getLayer(names.get(l));
					if (l > 0) {
						final float[][] mask = masks.later.get(head).get(l);
						if (mask != null) {
							final float[] v = PackedArrays.values(h, null);
							final int u = mask[0].length;
							for (int k = 0; k < c; k++)
								for (int r = 0; r < m; r++)
									for (int j = 0, o = (k * m + r) * u; j < u; j++) v[o + j] *= mask[p0 + k][j];
							PackedArrays.put(h, v);
						}
						h = h.mmul(layer.getParam("W"));
						final INDArray b = layer.paramTable().get("b");
						if (b != null) h.addiRowVector(b);
					}
					h = ((BaseLayer) layer.conf().getLayer()).getActivationFn().getActivation(h, false);
				}
				// one copy of the values (toFloatMatrix makes a view and a copy per row)
				final float[] v = PackedArrays.values(h, null);
				final int width = (int) h.size(1), column = columns[head];
				for (int k = 0; k < c; k++)
					for (int r = 0; r < m; r++)
						for (int j = 0; j < width; j++) {
							final double y = v[(k * m + r) * width + j];
							sum[from + r][column + j] += y;
							sumSq[from + r][column + j] += y * y;
						}
			}
			first.close();
		}
		Reference.reachabilityFence(xd);
		Reference.reachabilityFence(wd);
		Reference.reachabilityFence(whole);
	}

	/**
	 * Rows {@code rows} of x (features × m) and of w (features × units) into the first rows of
	 * {@code xInto} and {@code wInto}: absolute puts into disjoint rows, so the cores share them.
	 */
	private static void gather(final int[] rows, final float[] x, final int m, final float[] w,
		final int units, final FloatBuffer xInto, final FloatBuffer wInto)
	{
		Cores.split(rows.length, (long) rows.length * (m + units), 1 << 18, (part, q0, q1) -> {
			for (int q = q0; q < q1; q++) {
				xInto.put(q * m, x, rows[q] * m, m);
				wInto.put(q * units, w, rows[q] * units, units);
			}
		});
	}

	private static FloatBuffer direct(final long floats) {
		return ByteBuffer.allocateDirect(Math.toIntExact(4 * Math.max(1, floats))).order(ByteOrder
			.nativeOrder()).asFloatBuffer();
	}

	/**
	 * The masks of every pass, drawn once per run: per group the features its first dropout drops,
	 * per head and later layer with dropout, per pass, 0 (dropped) or 1 / (1 − rate) (kept). Each
	 * layer draws from its own generator, seeded by the run's seed, the head and the layer, as
	 * {@link SeededDropout} does in training: a value is dropped where {@code nextDouble()} is
	 * below the rate.
	 */
	private static final class Masks {

		final int passes;
		final int[][][] dropped;
		final List<List<float[][]>> later = new ArrayList<>();

		Masks(final ComputationGraph net, final List<Head> heads, final List<Group> groups,
			final int passes, final long seed)
		{
			this.passes = passes;
			dropped = new int[groups.size()][][];
			for (int g = 0; g < groups.size(); g++) {
				final Group group = groups.get(g);
				final SplittableRandom random = random(seed, group.heads().get(0), 0);
				final int features = group.features();
				dropped[g] = new int[passes][];
				for (int k = 0; k < passes; k++) {
					final int[] all = new int[features];
					int count = 0;
					for (int i = 0; i < features; i++)
						if (random.nextDouble() < group.rate()) all[count++] = i;
					dropped[g][k] = java.util.Arrays.copyOf(all, count);
				}
			}
			for (int h = 0; h < heads.size(); h++) {
				final List<float[][]> own = new ArrayList<>();
				final List<String> layers = heads.get(h).layers();
				for (int l = 0; l < layers.size(); l++) {
					final Layer layer = net.getLayer(layers.get(l));
					final double rate = rate(layer);
					float[][] perPass = null;
					if (l > 0 && rate > 0) {
						perPass = new float[passes][];
						final SplittableRandom random = random(seed, h, l);
						final float keep = (float) (1 / (1 - rate));
						final int units = (int) layer.getParam("W").size(0);
						for (int k = 0; k < passes; k++) {
							final float[] m = new float[units];
							for (int i = 0; i < units; i++) m[i] = random.nextDouble() < rate ? 0 : keep;
							perPass[k] = m;
						}
					}
					own.add(perPass);
				}
				later.add(own);
			}
		}

		private static SplittableRandom random(final long seed, final int head, final int layer) {
			return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + (head * 131L + layer) *
				0xBF58476D1CE4E5B9L);
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
			final INDArray weights = Nd4j.hstack(w);
			groups.add(new Group(List.copyOf(members), PackedArrays.values(weights, null), (int) weights
				.size(0), (int) weights.size(1), Nd4j.hstack(b), rate(lead)));
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
