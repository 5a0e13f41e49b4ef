package org.spectralcnn.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.io.AtomicFiles;

/**
 * A trained 1-D or 2-D multi-task CNN with everything it needs to predict from raw spectra: the
 * grid of its training spectra, its {@link InputPipeline} (preprocessing, input scaling, STFT),
 * the Deeplearning4j network and the targets' scalers. Saved as one {@link ModelArchive} zip:
 * the manifest (JSON) and ModelSerializer's {@code configuration.json} and
 * {@code coefficients.bin} at the top level.
 * <p>
 * An <b>ensemble</b> ({@link #ensemble}) is several such networks trained with other seeds (and
 * validation folds) that predict together: the prediction is the members' mean. Its first
 * member's parts are the model's own (so {@link #network()}, {@link #inputPipeline()} and a
 * reader that knows nothing of ensembles see one complete model); member k ≥ 1 is stored under
 * {@code members/k/} with its own manifest and network entries, which the manifest's
 * {@value #ENSEMBLE} object lists and which load through the same checks as a file.
 */
public final class CnnModel implements SpectralModel {

	public static final String KIND = "cnn";
	/** The manifest key of an ensemble's members. */
	public static final String ENSEMBLE = "ensemble";
	/** The most members a model holds. */
	public static final int MAX_MEMBERS = 20;

	private final JsonObject manifest;
	private final SpectralAxis inputAxis;
	private final Architecture architecture;
	private final InputPipeline input;
	private final List<TargetScaler> targets;
	private final ComputationGraph network;
	private final Calibration calibration;
	/** Members 1 … k−1 of an ensemble (each a single model), empty for a single model. */
	private final List<CnnModel> others;
	/**
	 * The GEMM forward pass of the weights in {@link #gemmWeights}, made again when the network's
	 * weights have changed since (training, fine-tuning and weight soups change them in place);
	 * guarded by the network. Made for every call, it turned a 1 ms single-spectrum prediction into 5 ms.
	 */
	private GemmForward gemm;
	private INDArray gemmWeights;
	private boolean gemmDeclined;

	private CnnModel(final JsonObject manifest, final SpectralAxis inputAxis,
		final Architecture architecture, final InputPipeline input,
		final List<TargetScaler> targets, final ComputationGraph network,
		final Calibration calibration, final List<CnnModel> others)
	{
		this.calibration = calibration;
		this.others = List.copyOf(others);
		this.manifest = manifest;
		this.inputAxis = inputAxis;
		this.architecture = architecture;
		this.input = input;
		this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
		this.network = network;
	}

	/**
	 * A model from its parts, with a manifest describing them; {@code extra} (training settings,
	 * history, metrics, versions) is copied into the manifest.
	 */
	public static CnnModel of(final SpectralAxis inputAxis, final Architecture architecture,
		final InputPipeline input, final List<TargetScaler> targets,
		final ComputationGraph network, final JsonObject extra)
	{
		final JsonObject m = ModelArchive.newManifest(KIND);
		m.addProperty("representation", input.representation().key());
		final JsonObject arch = new JsonObject();
		arch.addProperty("preset", architecture.name());
		arch.addProperty("summary", architecture.summary());
		arch.addProperty("head_per_target", architecture.headPerTarget());
		m.add("architecture", arch);
		final JsonObject axis = new JsonObject();
		axis.addProperty("unit", inputAxis.unit().symbol());
		axis.add("values", FeatureScaler.Json.array(inputAxis.values()));
		m.add("input_axis", axis);
		input.writeJson(m);
		final Architecture.Shape shape = input.shape();
		final JsonArray shapeJson = new JsonArray();
		shapeJson.add(shape.channels());
		shapeJson.add(shape.height());
		shapeJson.add(shape.width());
		m.add("input_shape", shapeJson);
		final JsonArray t = new JsonArray();
		for (final TargetScaler s : targets) {
			final JsonObject o = new JsonObject();
			o.addProperty("name", s.name());
			o.addProperty("unit", s.unit());
			o.addProperty("mean", s.mean());
			o.addProperty("sd", s.sd());
			t.add(o);
		}
		m.add("targets", t);
		final JsonObject net = new JsonObject();
		net.addProperty("library", "deeplearning4j");
		net.addProperty("format", "ModelSerializer ComputationGraph (no updater state)");
		final JsonArray outputs = new JsonArray();
		for (final String o : network.getConfiguration().getNetworkOutputs()) outputs.add(o);
		net.add("outputs", outputs);
		net.addProperty("parameters", network.numParams());
		m.add("network", net);
		if (extra != null) for (final Map.Entry<String, JsonElement> e : extra.entrySet())
			m.add(e.getKey(), e.getValue().deepCopy());
		return new CnnModel(m, inputAxis, architecture, input, targets, network, null, List.of());
	}

	/**
	 * An ensemble of single models trained on the same targets and grid: it predicts their mean.
	 * Member 0's manifest (without its calibration) becomes the model's, with {@value #ENSEMBLE}
	 * and {@code extra} added; the members' calibrations are dropped (an ensemble is calibrated as
	 * a whole, {@link #withCalibration}).
	 *
	 * @throws IllegalArgumentException for fewer than 2 or more than {@value #MAX_MEMBERS}
	 *           members, an ensemble among them, or members with other targets, grids or
	 *           representations
	 */
	public static CnnModel ensemble(final List<CnnModel> members, final JsonObject extra) {
		if (members.size() < 2 || members.size() > MAX_MEMBERS) throw new IllegalArgumentException(
			"ensemble must have 2 to " + MAX_MEMBERS + " members, got " + members.size());
		final CnnModel first = members.get(0);
		final List<CnnModel> rest = new ArrayList<>();
		final JsonObject e = new JsonObject();
		e.addProperty("members", members.size());
		final JsonArray folders = new JsonArray(), seeds = new JsonArray();
		for (int k = 0; k < members.size(); k++) {
			final CnnModel member = members.get(k);
			if (member.memberCount() > 1) throw new IllegalArgumentException("member " + k +
				" is an ensemble itself");
			if (!member.targets().equals(first.targets()) || !member.inputAxis().sameGrid(first
				.inputAxis()) || member.representation() != first.representation())
				throw new IllegalArgumentException("member " + k + " (" + member +
					") does not predict the same targets from the same grid as member 0 (" + first + ")");
			if (member.manifest.has("seed")) seeds.add(member.manifest.get("seed"));
			if (k == 0) continue;
			folders.add(memberFolder(k));
			rest.add(member.withoutCalibration());
		}
		e.add("member_folders", folders);
		e.add("seeds", seeds);
		final JsonObject m = first.withoutCalibration().manifest();
		m.add(ENSEMBLE, e);
		if (extra != null) for (final Map.Entry<String, JsonElement> x : extra.entrySet())
			m.add(x.getKey(), x.getValue().deepCopy());
		return new CnnModel(m, first.inputAxis, first.architecture, first.input, first.targets,
			first.network, null, rest);
	}

	/** Where member k ≥ 1 of an ensemble lies in the model file. */
	static String memberFolder(final int k) {
		return "members/" + k + "/";
	}

	/** Members: 1 for a single model. */
	public int memberCount() {
		return 1 + others.size();
	}

	/**
	 * Member k as a single model (its network, pipeline and scaling; no calibration); member 0 of
	 * a single model is the model.
	 *
	 * @throws IllegalArgumentException naming {@code member} when k is out of range
	 */
	public CnnModel member(final int k) {
		if (k < 0 || k >= memberCount()) throw new IllegalArgumentException(
			"member must be between 0 and " + (memberCount() - 1) + " (the model has " +
				memberCount() + (memberCount() == 1 ? " member" : " members") + "), got " + k);
		if (others.isEmpty()) return this;
		if (k > 0) return others.get(k - 1);
		final JsonObject m = manifest.deepCopy();
		m.remove(ENSEMBLE);
		m.remove(Calibration.KEY);
		return new CnnModel(m, inputAxis, architecture, input, targets, network, null, List.of());
	}

	/** Every member as a single model, member 0 first. */
	public List<CnnModel> members() {
		final List<CnnModel> all = new ArrayList<>();
		for (int k = 0; k < memberCount(); k++) all.add(member(k));
		return all;
	}

	private CnnModel withoutCalibration() {
		final JsonObject m = manifest.deepCopy();
		m.remove(Calibration.KEY);
		return new CnnModel(m, inputAxis, architecture, input, targets, network, null, others);
	}

	/** The same model with more manifest entries (e.g. test metrics once they are known). */
	@Override
	public CnnModel withManifestEntries(final JsonObject extra) {
		return new CnnModel(SpectralModel.merged(manifest, extra), inputAxis, architecture, input,
			targets, network, calibration, others);
	}

	/** The same model with its calibration (replacing any it had). */
	public CnnModel withCalibration(final Calibration c) {
		return new CnnModel(c.manifestWith(manifest), inputAxis, architecture, input, targets,
			network, c, others);
	}

	@Override
	public Calibration calibration() {
		return calibration;
	}

	@Override
	public SpectralDataset preprocess(final SpectralDataset spectra) {
		return input.preprocess(spectra);
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<String> targets() {
		final List<String> names = new ArrayList<>();
		for (final TargetScaler t : targets) names.add(t.name());
		return names;
	}

	/** The targets' names, units and standardisation. */
	public List<TargetScaler> targetScalers() {
		return targets;
	}

	@Override
	public SpectralAxis inputAxis() {
		return inputAxis;
	}

	public Representation representation() {
		return input.representation();
	}

	public Architecture architecture() {
		return architecture;
	}

	public InputPipeline inputPipeline() {
		return input;
	}

	/**
	 * The Deeplearning4j network, of member 0 for an ensemble (not thread-safe; {@link #predict}
	 * synchronises on it).
	 */
	public ComputationGraph network() {
		return network;
	}

	@Override
	public JsonObject manifest() {
		return manifest.deepCopy();
	}

	/**
	 * The prediction; of an ensemble, the members' mean.
	 *
	 * @throws IllegalArgumentException if the spectra are not on the model's grid
	 */
	@Override
	public double[][] predict(final SpectralDataset spectra) {
		if (!others.isEmpty()) {
			final double[][] sum = member(0).predict(spectra);
			for (final CnnModel m : others) {
				final double[][] y = m.predict(spectra);
				for (int i = 0; i < sum.length; i++)
					for (int t = 0; t < sum[i].length; t++) sum[i][t] += y[i][t];
			}
			for (final double[] row : sum)
				for (int t = 0; t < row.length; t++) row[t] /= memberCount();
			return sum;
		}
		if (!spectra.axis().sameGrid(inputAxis)) throw new IllegalArgumentException(spectra.name() +
			": spectra on " + spectra.axis().describe() + ", the model needs " + inputAxis
				.describe() + " (conform them with InputGrid first)");
		final SpectralDataset prepared = input.preprocess(spectra);
		final int[] rows = new int[spectra.size()];
		for (int i = 0; i < rows.length; i++) rows[i] = i;
		final float[][] z = outputs(prepared, rows);
		final double[][] y = new double[rows.length][targets.size()];
		for (int i = 0; i < rows.length; i++)
			for (int t = 0; t < targets.size(); t++)
				y[i][t] = targets.get(t).unscale(z[i][t]);
		return y;
	}

	/**
	 * The network's outputs (scaled targets, dropout off) for rows of preprocessed spectra: by
	 * {@link GemmForward} where it knows the network, else by Deeplearning4j.
	 */
	float[][] outputs(final SpectralDataset prepared, final int[] rows) {
		final GemmForward g = gemm();
		return g != null ? g.forward(input, prepared, rows, null) : Networks.forward(network, input,
			prepared, rows, Networks.PREDICT_BATCH);
	}

	/**
	 * {@link #outputs} and, per row, what the heads read (the last shared dense layer's output,
	 * else the trunk's, flattened as Deeplearning4j does), when {@link GemmForward} runs the
	 * network; else null features.
	 */
	Forward outputsAndFeatures(final SpectralDataset prepared, final int[] rows) {
		final GemmForward g = gemm();
		if (g == null || g.headFeatures() == 0) return new Forward(outputs(prepared, rows), null, null);
		final float[][] features = new float[rows.length][g.headFeatures()];
		return new Forward(g.forward(input, prepared, rows, features), features, g.headInput());
	}

	/** Whether {@link GemmForward} makes the plain prediction (else Deeplearning4j does). */
	boolean hasFastForward() {
		return gemm() != null;
	}

	/**
	 * Outputs, and the output of vertex {@code featuresOf} that the heads read, rows × units each
	 * (features and featuresOf may be null).
	 */
	record Forward(float[][] outputs, float[][] features, String featuresOf) {}

	/** The fast forward pass for the current weights, or null where it does not apply. */
	private GemmForward gemm() {
		GemmForward g = null;
		synchronized (network) {
			if (!gemmDeclined) {
				final INDArray weights = network.params();
				if (gemm == null || !weights.equalsWithEps(gemmWeights, 0)) {
					gemm = GemmForward.of(network, architecture, input.shape());
					gemmDeclined = gemm == null;
					gemmWeights = gemm == null ? null : weights.dup();
				}
				g = gemm;
			}
		}
		return g;
	}

	/**
	 * Writes the model file atomically: an existing file is replaced only once the new one is
	 * complete.
	 */
	public void save(final Path file) throws IOException {
		try (AtomicFiles.Staged staged = stage(file)) {
			staged.commit();
		}
	}

	/**
	 * Writes the complete model file beside {@code file} without putting it in place yet
	 * ({@link AtomicFiles#stage}): a command commits it after its report.
	 */
	public AtomicFiles.Staged stage(final Path file) throws IOException {
		final byte[] zip = Networks.serialize(network);
		final Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
		if (calibration != null) calibration.write(manifest.deepCopy(), entries);
		for (int k = 1; k < memberCount(); k++) {
			final CnnModel member = others.get(k - 1);
			entries.put(memberFolder(k) + ModelArchive.MANIFEST, member.manifest.toString().getBytes(
				java.nio.charset.StandardCharsets.UTF_8));
			ModelArchive.putEmbedded(entries, memberFolder(k), Networks.serialize(member.network));
		}
		return AtomicFiles.stage(file, out -> ModelArchive.write(out, manifest, entries, zip));
	}

	/** The index of the first NaN or infinite value (the array's sum said there is one). */
	private static long firstNonFinite(final org.nd4j.linalg.api.ndarray.INDArray values) {
		final float[] v = values.data().asFloat();
		for (int i = 0; i < v.length; i++)
			if (!Float.isFinite(v[i])) return i;
		return -1;
	}

	/** Reads a model file. */
	public static CnnModel load(final Path file) throws ModelFileException {
		return load(ModelArchive.read(file));
	}

	/**
	 * Builds the model a checked archive describes.
	 *
	 * @throws ModelFileException naming what is missing or inconsistent
	 */
	public static CnnModel load(final ModelArchive archive) throws ModelFileException {
		final Path file = archive.file();
		if (!KIND.equals(archive.kind())) throw new ModelFileException(file, "is a " + archive
			.kind() + " model, not a CNN");
		final JsonObject m = archive.manifest();
		final SpectralAxis axis;
		final Representation rep;
		final Architecture architecture;
		final InputPipeline input;
		final List<TargetScaler> targets = new ArrayList<>();
		final int[] shape = new int[3];
		try {
			rep = Representation.parse(string(m, "representation"));
			architecture = Architecture.preset(string(InputPipeline.object(m, "architecture"),
				"preset"), rep);
			final JsonObject a = InputPipeline.object(m, "input_axis");
			axis = SpectralAxis.of(FeatureScaler.Json.doubles(a, "values"), SpectralUnit.parse(
				string(a, "unit")));
			try {
				input = InputPipeline.fromJson(rep, m);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("representation '" + rep + "': " + e.getMessage(), e);
			}
			if (!m.has("targets") || !m.get("targets").isJsonArray() || m.getAsJsonArray("targets")
				.isEmpty()) throw new IllegalArgumentException("no 'targets'");
			for (final JsonElement e : m.getAsJsonArray("targets")) {
				final JsonObject t = e.getAsJsonObject();
				targets.add(new TargetScaler(string(t, "name"), t.has("unit") ? string(t, "unit") : "",
					number(t, "mean"), number(t, "sd")));
			}
			final JsonArray s = m.getAsJsonArray("input_shape");
			for (int i = 0; i < 3; i++) shape[i] = s.get(i).getAsInt();
		}
		catch (final RuntimeException e) { // IllegalArgument, IllegalState, ClassCast, NullPointer
			throw new ModelFileException(file, ModelArchive.MANIFEST + " of this CNN model is incomplete or invalid: " +
				e.getMessage(), e);
		}
		final Architecture.Shape expected = input.shape();
		if (expected.channels() != shape[0] || expected.height() != shape[1] || expected
			.width() != shape[2]) throw new ModelFileException(file, ModelArchive.MANIFEST +
				": input_shape " + shape[0] + " × " + shape[1] + " × " + shape[2] +
				" does not match the preprocessing and STFT (" + expected + ")");
		archive.entry(Networks.CONFIGURATION_ENTRY);
		archive.entry(Networks.COEFFICIENTS_ENTRY);
		final Set<String> names = new LinkedHashSet<>(List.of(Networks.CONFIGURATION_ENTRY,
			Networks.COEFFICIENTS_ENTRY));
		final ComputationGraph net;
		try {
			net = Networks.restore(archive.embeddedZip(names));
		}
		catch (final IOException | RuntimeException e) {
			throw new ModelFileException(file, "the network inside cannot be read (" + e
				.getMessage() + "); the file is corrupt", e);
		}
		// a NaN weight makes every prediction NaN: Predict would write empty cells without a word
		final org.nd4j.linalg.api.ndarray.INDArray params = net.params();
		if (params.length() > 0 && !Double.isFinite(params.sumNumber().doubleValue())) {
			final long at = firstNonFinite(params);
			throw new ModelFileException(file, "zip entry '" + Networks.COEFFICIENTS_ENTRY +
				"' holds a non-finite weight (parameter " + at + " of " + params.length() +
				"); the file is corrupt");
		}
		final long flat = architecture.trunkOutput(expected).size();
		for (final org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
			final Object conf = layer.conf().getLayer();
			if (conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer ||
				conf instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
			{
				final long nIn = ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf).getNIn();
				if (nIn != flat) throw new ModelFileException(file, "the network's dense layers take " +
					nIn + " features but the manifest (representation '" + rep + "', input " +
					expected + ") gives " + flat + "; the manifest does not belong to this network");
				break;
			}
		}
		final int outputs = countOutputs(net);
		if (outputs != targets.size()) throw new ModelFileException(file, "the network has " +
			outputs + " outputs but the manifest names " + targets.size() + " targets");
		final List<CnnModel> others = m.has(ENSEMBLE) ? loadMembers(archive, m, axis, rep, targets)
			: List.of();
		final Calibration calibration = Calibration.read(archive, targets.stream().map(
			TargetScaler::name).toList());
		if (calibration != null) for (final Calibration.Target t : calibration.targets())
			if (t.members() != 1 && t.members() != 1 + others.size()) throw new ModelFileException(
				file, ModelArchive.MANIFEST + ": the calibration of target '" + t.name() + "' has " + t
					.members() + " members' scores, the ensemble " + (1 + others.size()) + " members");
		return new CnnModel(m, axis, architecture, input, targets, net, calibration, others);
	}

	/** Members 1 … k−1 of an ensemble, each checked as a model file of its own and against member 0. */
	private static List<CnnModel> loadMembers(final ModelArchive archive, final JsonObject m,
		final SpectralAxis axis, final Representation rep, final List<TargetScaler> targets)
		throws ModelFileException
	{
		final Path file = archive.file();
		final JsonObject e;
		final List<String> folders = new ArrayList<>();
		final int count;
		try {
			e = m.getAsJsonObject(ENSEMBLE);
			count = ModelArchive.wholeNumber(file, e, "members");
			for (final JsonElement f : e.getAsJsonArray("member_folders")) folders.add(f.getAsString());
		}
		catch (final RuntimeException x) {
			throw new ModelFileException(file, ModelArchive.MANIFEST + ": '" + ENSEMBLE +
				"' is incomplete or invalid: " + x.getMessage(), x);
		}
		if (count < 2 || count > MAX_MEMBERS || folders.size() != count - 1)
			throw new ModelFileException(file, ModelArchive.MANIFEST + ": '" + ENSEMBLE + "' says " +
				count + " members and lists " + folders.size() + " member folders (expected 2 to " +
				MAX_MEMBERS + " members and one folder fewer)");
		final List<String> names = targets.stream().map(TargetScaler::name).toList();
		final List<CnnModel> members = new ArrayList<>();
		for (int k = 1; k < count; k++) {
			final String folder = folders.get(k - 1);
			if (!folder.equals(memberFolder(k))) throw new ModelFileException(file, ModelArchive.MANIFEST +
				": member " + k + " must lie in '" + memberFolder(k) + "', not '" + folder + "'");
			final CnnModel member;
			try {
				final ModelArchive a = archive.member(folder);
				if (a.manifest().has(ENSEMBLE)) throw new ModelFileException(file, "is an ensemble itself");
				member = load(a);
			}
			catch (final ModelFileException x) {
				throw new ModelFileException(file, "ensemble member " + k + " (" + folder + "): " + x
					.getMessage().substring(Math.min(x.getMessage().length(), file.toString().length() + 2)),
					x);
			}
			if (!member.targets().equals(names) || !member.inputAxis().sameGrid(axis) || member
				.representation() != rep) throw new ModelFileException(file, "ensemble member " + k +
					" (" + folder + ") predicts " + member.targets() + " as " + member.representation() +
					" from " + member.inputAxis().describe() + ", member 0 " + names + " as " + rep +
					" from " + axis.describe());
			members.add(member);
		}
		return members;
	}

	private static int countOutputs(final ComputationGraph net) {
		int n = 0;
		for (int i = 0; i < net.getNumOutputArrays(); i++)
			n += (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) net.getOutputLayer(i)
				.conf().getLayer()).getNOut();
		return n;
	}

	private static String string(final JsonObject o, final String key) {
		if (!o.has(key) || o.get(key).isJsonNull()) throw new IllegalArgumentException("no '" +
			key + "'");
		final JsonElement e = o.get(key);
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
			throw new IllegalArgumentException("field '" + key + "' must be a text, not " + e);
		return e.getAsString();
	}

	private static double number(final JsonObject o, final String key) {
		final JsonElement e = o.get(key);
		if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber())
			throw new IllegalArgumentException("field '" + key + "' must be a number, not " + e);
		return e.getAsDouble();
	}

	@Override
	public String toString() {
		return "CNN " + architecture + (others.isEmpty() ? "" : " ensemble of " + memberCount()) +
			": " + input + " → " + String.join(", ", targets());
	}
}
