package org.spectralcnn.transfer;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.LayerNames;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.TargetScaler;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.ModelManifest;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingLoop;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.TrainingSettings;
import org.spectralcnn.train.ValidationSplit;
import org.spectralcnn.plsr.Folds;

/**
 * Fine-tunes a saved CNN on local samples (transfer learning, Padarian et al. 2019): the network
 * starts from the parent's weights, the first {@code freeze} layers keep them exactly (Deeplearning4j
 * {@link FrozenLayer}s: no gradient, no update, always in inference mode, so their batch
 * normalisation keeps the parent's statistics), the other layers train on the local samples with
 * the usual masked loss, Adam at a (usually lower) learning rate and early stopping.
 * <p>
 * <b>Layers.</b> The freezable layers are those of the model's layer table before the outputs:
 * each convolution (with its batch normalisation), each max pooling and each shared dense layer,
 * in order. {@code freeze=conv} freezes every convolution and pooling layer, a number the first
 * that many, {@code 0} none. The output heads always train.
 * <p>
 * <b>Heads and targets.</b> A local target that the parent predicts keeps the parent's head
 * (its output unit or its per-target head) and the parent's target scaling, so before any
 * training the fine-tuned model predicts exactly what the parent predicts. A local target the
 * parent does not know gets a new head, initialised from the seed, and a scaling fitted on the
 * local training samples. {@code resetHeads} re-initialises every head.
 * <p>
 * <b>Input.</b> The parent's preprocessing is kept as it is. Its per-point or per-pixel input
 * scaling, learned on the global samples, is kept by default (the frozen filters were trained on
 * inputs scaled that way); {@code input_scaling=local} re-fits it on the local training spectra,
 * which moves a different instrument's spectra to where the filters expect them but is noisier
 * with few samples. Local spectra must already be on the parent's grid ({@link LocalGrid}).
 */
public final class FineTuning {

	/** {@code freeze=conv}: every convolution and pooling layer. */
	public static final String CONV = "conv";

	/**
	 * Defaults of the command: the training loss watched (no validation split: early stopping on
	 * 4–5 local samples picks a noisy epoch; docs/transfer.md), few samples per batch; the
	 * learning rate is training's, the architecture's.
	 */
	public static final double DEFAULT_VALIDATION_FRACTION = 0;
	public static final int DEFAULT_EPOCHS = 200;
	public static final int DEFAULT_BATCH_SIZE = 8;
	public static final int DEFAULT_PATIENCE = 30;
	/** One fine-tune (see docs/transfer.md for what was measured). */
	public static final int DEFAULT_SOUP = 1;
	public static final double DEFAULT_L2SP = 0;

	/**
	 * {@code local_network}: the saved model averages the fine-tuned network with a network
	 * trained on the local samples alone (the report's Local), or holds the fine-tuned one only.
	 * Not the default: averaged was a little better on large_visnir but clearly worse on the
	 * synthetic demo, where Local is poor (docs/transfer.md).
	 */
	public static final String LOCAL_AVERAGED = "averaged", LOCAL_NONE = "none";
	public static final String DEFAULT_LOCAL_NETWORK = LOCAL_NONE;

	/**
	 * {@code input_scaling}: the network's input centring and scaling (per point, or per pixel
	 * of a spectrogram) as the parent learned it on the library, or re-fitted on the local
	 * training spectra, so that the local instrument's mean spectrum becomes the input the frozen
	 * filters see as zero. Not the default: it helped on every global model on large_visnir and
	 * hurt on the synthetic demo (docs/transfer.md).
	 */
	public static final String SCALING_PARENT = "parent", SCALING_LOCAL = "local";
	public static final String DEFAULT_INPUT_SCALING = SCALING_PARENT;

	/** What kind of layer a freezable layer is. */
	public enum Kind {
		CONV, POOL, DENSE
	}

	/**
	 * A freezable layer as the model's layer table lists it, with the Deeplearning4j vertices it
	 * is made of (a convolution with batch normalisation: {@code conv2, bn2, relu2}).
	 */
	public record NetworkLayer(String name, Kind kind, List<String> vertices) {

		public NetworkLayer {
			vertices = List.copyOf(vertices);
		}
	}

	/**
	 * How to fine-tune.
	 *
	 * @param freeze {@code conv}, {@code none} or a number of layers (see {@link #frozenCount})
	 * @param resetHeads whether every output head starts from new weights
	 * @param settings learning rate, epochs, batch size, patience, seed
	 * @param averageLocal whether one fine-tune ({@code soup} 1) is averaged with a network
	 *          trained on the local samples alone ({@link FineTuneWorkflow},
	 *          {@link TransferComparison}); a soup or an ensemble of fine-tunes never is
	 * @param localScaling whether the input scaling is re-fitted on the local training spectra
	 *          ({@link #SCALING_LOCAL})
	 */
	public record Options(String freeze, boolean resetHeads, TrainingSettings settings,
		int soup, double l2sp, boolean averageLocal, boolean localScaling)
	{

		public Options {
			if (freeze == null || freeze.isBlank()) freeze = CONV;
			freeze = freeze.trim().toLowerCase(Locale.ROOT);
			parseFreeze(freeze); // the form; the range is checked against a network
			if (soup < 1) throw new IllegalArgumentException("soup must be at least 1, got " +
				soup);
			if (!(l2sp >= 0) || Double.isInfinite(l2sp)) throw new IllegalArgumentException(
				"l2sp must be 0 or more, got " + l2sp);
		}

		/** One fine-tune with early stopping on the caller's split, no pull toward the parent. */
		public Options(final String freeze, final boolean resetHeads,
			final TrainingSettings settings)
		{
			this(freeze, resetHeads, settings, 1, 0);
		}

		/** The fine-tuned network alone, not averaged with a local one. */
		public Options(final String freeze, final boolean resetHeads,
			final TrainingSettings settings, final int soup, final double l2sp)
		{
			this(freeze, resetHeads, settings, soup, l2sp, false);
		}

		/** The parent's input scaling. */
		public Options(final String freeze, final boolean resetHeads,
			final TrainingSettings settings, final int soup, final double l2sp,
			final boolean averageLocal)
		{
			this(freeze, resetHeads, settings, soup, l2sp, averageLocal, false);
		}

		public Options withSettings(final TrainingSettings s) {
			return new Options(freeze, resetHeads, s, soup, l2sp, averageLocal, localScaling);
		}

		/** Whether the model averages the fine-tune with a local network: one fine-tune only. */
		public boolean averagesLocal() {
			return averageLocal && soup <= 1;
		}
	}

	/** Where a fine-tuned head starts from. */
	public enum HeadStart {
		/** the parent's head for the same target */
		PARENT,
		/** a target the parent does not predict: new weights */
		NEW,
		/** the parent knows the target, but the heads were reset */
		RESET;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private FineTuning() {}

	/**
	 * The layers that {@code freeze} counts, in order: convolutions, poolings and shared dense
	 * layers; the output heads are not among them.
	 *
	 * @throws IllegalArgumentException for a network that no preset makes
	 */
	public static List<NetworkLayer> freezableLayers(final ComputationGraph net) {
		final Map<String, List<String>> groups = new LinkedHashMap<>();
		final Map<String, Kind> kinds = new LinkedHashMap<>();
		for (final String v : net.getConfiguration().getTopologicalOrderStr()) {
			if (net.getConfiguration().getNetworkInputs().contains(v)) continue;
			final LayerNames.Parsed name = LayerNames.parse(v);
			if (name == null) throw new IllegalArgumentException("the network has a layer '" + v +
				"' that no Spectral CNN preset makes; it cannot be fine-tuned");
			if (name.part() == LayerNames.Part.HEAD) continue;
			final String group = name.part() == LayerNames.Part.CONV_BLOCK ? LayerNames.conv(name
				.block()) : v;
			final Kind kind = switch (name.part()) {
				case CONV_BLOCK -> Kind.CONV;
				case POOL -> Kind.POOL;
				default -> Kind.DENSE;
			};
			groups.computeIfAbsent(group, g -> new ArrayList<>()).add(v);
			kinds.put(group, kind);
		}
		final List<NetworkLayer> layers = new ArrayList<>();
		for (final Map.Entry<String, List<String>> e : groups.entrySet())
			layers.add(new NetworkLayer(e.getKey(), kinds.get(e.getKey()), e.getValue()));
		return Collections.unmodifiableList(layers);
	}

	/** Reads the form of a freeze value: -1 for {@code conv}, else the number. */
	private static int parseFreeze(final String freeze) {
		if (freeze.equals(CONV)) return -1;
		if (freeze.equals("none")) return 0;
		try {
			final int n = Integer.parseInt(freeze);
			if (n < 0) throw new IllegalArgumentException("freeze must be 0 or more layers, or " +
				CONV + "; got " + n);
			return n;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("freeze: '" + freeze +
				"' is neither a number of layers nor '" + CONV + "' (every convolution and pooling layer)");
		}
	}

	/**
	 * How many of {@code layers} a freeze value freezes.
	 *
	 * @throws IllegalArgumentException when the number is larger than the layers there are,
	 *           listing them
	 */
	public static int frozenCount(final String freeze, final List<NetworkLayer> layers) {
		final int n = parseFreeze(freeze.trim().toLowerCase(Locale.ROOT));
		int conv = 0;
		for (int i = 0; i < layers.size(); i++)
			if (layers.get(i).kind() != Kind.DENSE) conv = i + 1;
		if (n < 0) return conv;
		if (n > layers.size()) {
			final List<String> names = new ArrayList<>();
			for (final NetworkLayer l : layers) names.add(l.name());
			throw new IllegalArgumentException("freeze must be between 0 and " + layers.size() +
				" (the layers before the outputs: " + String.join(", ", names) + ") or " + CONV +
				" (= " + conv + "); got " + n);
		}
		return n;
	}

	/**
	 * Fine-tunes {@code parent} on local samples.
	 *
	 * @param link the parent file, recorded in the new model's manifest
	 * @param targets the local targets (numeric columns of the local data); those the parent
	 *          predicts keep its heads, the others get new ones
	 * @param training local samples on the parent's grid
	 * @param validation local samples for early stopping, or null / empty to watch the
	 *          training loss
	 * @param canceled polled before each mini-batch; the best weights so far are kept
	 * @throws IllegalArgumentException for spectra off the parent's grid, an unknown target, a
	 *           target missing in every training sample, fewer training samples than one batch,
	 *           a freeze value out of range
	 */
	public static TrainingResult fineTune(final CnnModel parent, final ParentLink link,
		final List<String> targets, final Options options, final SpectralDataset training,
		final SpectralDataset validation, final TrainingListener listener,
		final BooleanSupplier canceled)
	{
		final long started = System.nanoTime();
		final TrainingSettings settings = options.settings();
		if (targets.isEmpty()) throw new IllegalArgumentException(
			"targets: name at least one target column");
		if (new java.util.LinkedHashSet<>(targets).size() != targets.size())
			throw new IllegalArgumentException("targets: a target is named twice in " + targets);
		requireGrid(parent, training);
		final SpectralDataset val = validation == null || validation.size() == 0 ? null
			: validation;
		if (val != null) requireGrid(parent, val);

		// targets: the parent's scaling where it knows the target, else the local samples'
		final double[][] yTrain = training.targets(targets);
		final double[][] yVal = val == null ? null : val.targets(targets);
		final List<String> parentTargets = parent.targets();
		final List<TargetScaler> scalers = new ArrayList<>();
		final int[] all = new int[training.size()];
		for (int i = 0; i < all.length; i++) all[i] = i;
		for (int t = 0; t < targets.size(); t++) {
			final double[] column = CnnTrainer.column(yTrain, t);
			boolean any = false;
			for (final double v : column)
				any |= !Double.isNaN(v);
			if (!any) throw new IllegalArgumentException("target '" + targets.get(t) +
				"' is missing in every local training sample (" + training.size() + " samples)");
			final int p = parentTargets.indexOf(targets.get(t));
			scalers.add(p >= 0 ? parent.targetScalers().get(p) : TargetScaler.fit(targets.get(t), "",
				column, all));
		}
		final int[] trainRows = TrainingLoop.rowsWithAnyTarget(yTrain);
		if (trainRows.length < settings.batchSize()) throw new IllegalArgumentException("only " +
			trainRows.length + " local training samples have a target value, fewer than one batch (batch_size=" +
			settings.batchSize() + "); lower batch_size");

		// which layers freeze, where the heads start
		final List<NetworkLayer> layers = freezableLayers(parent.network());
		final int frozen = frozenCount(options.freeze(), layers);
		final List<String> frozenVertices = new ArrayList<>();
		final List<String> frozenLayers = new ArrayList<>();
		for (int i = 0; i < frozen; i++) {
			frozenLayers.add(layers.get(i).name());
			frozenVertices.addAll(layers.get(i).vertices());
		}
		final List<HeadStart> heads = new ArrayList<>();
		for (final String t : targets)
			heads.add(!parentTargets.contains(t) ? HeadStart.NEW : options.resetHeads()
				? HeadStart.RESET : HeadStart.PARENT);

		// input: the parent's preprocessing; its scaling, or one re-fitted on the local training
		// spectra (all of them: the scaling needs no lab values)
		final InputPipeline parentInput = parent.inputPipeline();
		final SpectralDataset prepTrain = parentInput.preprocess(training);
		final InputPipeline input = options.localScaling() ? InputPipeline.fit(parent
			.representation(), parentInput.preprocessing(), prepTrain, all, parentInput
				.stftParameters()) : parentInput;
		final SpectralDataset prepVal = val == null ? null : input.preprocess(val);
		final float[][] zTrain = TrainingLoop.standardise(yTrain, scalers);
		final float[][] zVal = val == null ? null : TrainingLoop.standardise(yVal, scalers);

		// the network: the parent's weights in the preset's graph for the local targets
		final Architecture architecture = parent.architecture();
		Nd4j.getRandom().setSeed(settings.seed());
		final ComputationGraph net = Networks.create(architecture.configuration(input.shape(),
			targets.size(), settings.seed(), settings.learningRate()), settings.seed());
		NetworkWeights.copyWeights(parent, targets, heads, net);
		final ComputationGraph trainable = NetworkWeights.withFrozen(net, frozenVertices);
		listener.message("fine-tuning " + architecture + " from " + link.file() + " on " +
			trainRows.length + " local samples, validation " + (val == null
				? "none (early stopping watches the training loss)" : val.size() + " samples") +
			"; frozen: " + (frozenLayers.isEmpty() ? "none" : String.join(", ", frozenLayers)) +
			"; heads: " + headsText(targets, heads) + (options.localScaling()
				? "; input scaling re-fitted on the local training spectra" : ""));

		// L2-SP (Li et al. 2018), decoupled as in AdamW: after each update every weight moves
		// back toward the parent's by lr × l2sp × (w − w0); frozen weights stay at w0 anyway
		final INDArray start = options.l2sp() > 0 ? trainable.params().dup() : null;
		final java.util.function.DoubleConsumer pull = start == null ? null : lr -> {
			final INDArray w = trainable.params();
			w.subi(w.sub(start).muli(Math.min(1, lr * options.l2sp())));
		};
		final TrainingLoop.Outcome outcome = TrainingLoop.run(trainable, input, architecture
			.headPerTarget(), prepTrain, zTrain, trainRows, prepVal, zVal, settings, listener,
			canceled, pull);
		NetworkWeights.copyAll(trainable, net);

		final double seconds = (System.nanoTime() - started) / 1e9;
		CnnModel model = CnnModel.of(parent.inputAxis(), architecture, input, scalers, net,
			ModelManifest.trained(settings, outcome, trainRows.length, val == null ? 0 : val.size(),
				seconds, transferJson(link, options, frozenLayers, frozenVertices, targets, heads,
					training.size())));
		if (val != null) model = ModelManifest.withValidationMetrics(model, targets, yVal, model
			.predict(val));
		// intervals and the domain come from the local samples, not the parent's
		model = model.withCalibration(Intervals.calibrateCnn(model, training, val,
			McDropout.DEFAULT_PASSES, settings.seed(), "local " + CnnTrainer.CALIBRATION_RESIDUALS));
		return new TrainingResult(model, outcome.history(), outcome.bestEpoch(), outcome.best(),
			outcome.stop(), trainRows.length, val == null ? 0 : val.size(), seconds);
	}

	/**
	 * Fine-tunes on local calibration samples as the options say. With {@code soup = 1}: one
	 * fine-tune, early stopping on a seeded {@code validationFraction} of the samples. With
	 * {@code soup = m ≥ 2}: m fine-tunes, member j early-stopping on fold j of a seeded m-fold
	 * split of the samples and trained on the other folds (inner cross-validation: every sample
	 * chooses an epoch once, none is lost to the fit for good), then the members' weights are
	 * averaged into one network (a "model soup", Wortsman et al. 2022: fine-tunes of the same
	 * parent stay in one basin, so their average predicts like the average of their predictions).
	 * The soup's intervals get no split-conformal scores (every sample was seen by some member).
	 *
	 * @param calibration local samples on the parent's grid
	 */
	public static TrainingResult fineTuneCalibration(final CnnModel parent, final ParentLink link,
		final List<String> targets, final Options options, final SpectralDataset calibration,
		final double validationFraction, final TrainingListener listener,
		final BooleanSupplier canceled)
	{
		final long seed = options.settings().seed();
		if (options.soup() <= 1) {
			final int[][] split = ValidationSplit.split(calibration.size(), validationFraction, seed);
			return fineTune(parent, link, targets, options, calibration.subset(split[0]), calibration
				.subset(split[1]), listener, canceled);
		}
		final int m = Math.min(options.soup(), calibration.size());
		final int[] fold = Folds.kFold(calibration.size(), m, seed);
		final long started = System.nanoTime();
		INDArray sum = null;
		TrainingResult first = null;
		final JsonArray epochs = new JsonArray();
		for (int j = 0; j < m; j++) {
			final boolean[] val = new boolean[calibration.size()];
			for (int i = 0; i < val.length; i++) val[i] = fold[i] == j;
			final int[][] rows = org.spectralcnn.data.SplitColumn.rows(val);
			listener.message("soup member " + (j + 1) + "/" + m + ": early stopping on " +
				rows[0].length + " of the " + calibration.size() + " samples");
			final TrainingResult r = fineTune(parent, link, targets, options.withSettings(options
				.settings().withSeed(seed + j)), calibration.subset(rows[1]), calibration.subset(rows[0]),
				listener, canceled);
			epochs.add(r.bestEpoch());
			final INDArray w = r.model().network().params();
			sum = sum == null ? w.dup() : sum.addi(w);
			if (first == null) first = r;
			if (r.stopReason() == org.spectralcnn.train.StopReason.CANCELED) break;
		}
		final CnnModel soup = first.model();
		soup.network().setParams(sum.divi(epochs.size()));
		final JsonObject extra = new JsonObject();
		final JsonObject ens = new JsonObject();
		ens.addProperty("members", epochs.size());
		ens.addProperty("early_stopping", "inner " + m +
			"-fold cross-validation: member j stops on fold j, trains on the others");
		ens.addProperty("combination", "weights averaged (model soup)");
		ens.add("best_epochs", epochs);
		extra.add("soup", ens);
		final CnnModel model = soup.withManifestEntries(extra).withCalibration(Intervals
			.calibrateCnn(soup, calibration, null, 0, seed, "none (a soup of fine-tunes)"));
		final double seconds = (System.nanoTime() - started) / 1e9;
		return new TrainingResult(model, first.history(), first.bestEpoch(), first.bestValidationLoss(), first
			.stopReason(), calibration.size(), 0, seconds);
	}

	private static void requireGrid(final CnnModel parent, final SpectralDataset data) {
		if (!data.axis().sameGrid(parent.inputAxis())) throw new IllegalArgumentException(data
			.name() + ": spectra on " + data.axis().describe() + ", the model needs " + parent
				.inputAxis().describe() + " (resample them with LocalGrid first)");
	}

	private static String headsText(final List<String> targets, final List<HeadStart> heads) {
		final List<String> parts = new ArrayList<>();
		for (int t = 0; t < targets.size(); t++)
			parts.add(targets.get(t) + " " + switch (heads.get(t)) {
				case PARENT -> "from the parent";
				case NEW -> "new";
				case RESET -> "re-initialised";
			});
		return String.join(", ", parts);
	}

	private static JsonObject transferJson(final ParentLink link, final Options options,
		final List<String> frozenLayers, final List<String> frozenVertices,
		final List<String> targets, final List<HeadStart> heads, final int localSpectra)
	{
		final JsonObject o = new JsonObject();
		o.add("parent", link.toJson());
		o.addProperty("freeze", options.freeze());
		o.add("frozen_layers", strings(frozenLayers));
		o.add("frozen_vertices", strings(frozenVertices));
		o.addProperty("reset_heads", options.resetHeads());
		o.addProperty("l2sp", options.l2sp());
		final JsonObject h = new JsonObject();
		final JsonObject scaling = new JsonObject();
		for (int t = 0; t < targets.size(); t++) {
			h.addProperty(targets.get(t), heads.get(t).key());
			scaling.addProperty(targets.get(t), link.targets().contains(targets.get(t)) ? "parent"
				: "local training samples");
		}
		o.add("heads", h);
		o.add("target_scaling", scaling);
		o.addProperty("input_scaling", options.localScaling() ? SCALING_LOCAL : SCALING_PARENT);
		o.addProperty("input_pipeline", options.localScaling()
			? "the parent's preprocessing; input scaling re-fitted on the " + localSpectra +
				" local training spectra"
			: "the parent's (preprocessing and input scaling fitted on the parent's samples)");
		return o;
	}

	private static JsonArray strings(final List<String> values) {
		final JsonArray a = new JsonArray();
		for (final String s : values) a.add(s);
		return a;
	}
}
