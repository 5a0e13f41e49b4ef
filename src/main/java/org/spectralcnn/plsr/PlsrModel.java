package org.spectralcnn.plsr;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.Float64Entries;
import org.spectralcnn.model.ModelArchive;
import org.spectralcnn.model.ModelFileException;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * A trained PLSR model: one PLS1 model per target on the preprocessed spectra, in the same model
 * file family as the CNN (a zip with {@code manifest.json}, kind {@code plsr}), so that Predict,
 * Evaluate and Compare Models use it like any {@link SpectralModel}.
 * <p>
 * The fitted preprocessing chain is kept in the manifest ({@code preprocessing}, the JSON of
 * {@link Preprocessing#toJson()}) and applied to new spectra before the PLS models.
 * <p>
 * <b>File layout.</b> The manifest holds the targets, the input axis (raw spectra), the
 * preprocessing, the model axis (preprocessed spectra), the training settings and, per target, the chosen number of latent variables, the calibration size, the intercept, the
 * RMSECV curve and the names of the entries with the numbers. Each entry is a little-endian
 * IEEE float64 array ({@code .f64}, shape in the manifest): {@code x_mean}, {@code x_scale} (p),
 * {@code coefficients} (p, on the preprocessed spectra in original units: ŷ = intercept + x·β),
 * {@code weights}, {@code loadings}, {@code rotations} (k × p, row-major), {@code y_loadings},
 * {@code score_ss}, {@code explained_y} (k). No Java object serialization.
 */
public final class PlsrModel implements SpectralModel {

	public static final String KIND = "plsr";

	/** One target's model and what its training found. */
	public record TargetModel(String target, int components, int calibrationSamples,
		double[] rmsecv, double[] rmsecvStandardError, Pls1 model)
	{}

	private final List<String> targets;
	private final SpectralAxis inputAxis;
	private final SpectralAxis modelAxis;
	private final Preprocessing preprocessing;
	private final List<TargetModel> models;
	private final JsonObject manifest;
	private final Calibration calibration;

	private PlsrModel(final SpectralAxis inputAxis, final SpectralAxis modelAxis,
		final Preprocessing preprocessing, final List<TargetModel> models, final JsonObject manifest,
		final Calibration calibration)
	{
		this.calibration = calibration;
		this.inputAxis = inputAxis;
		this.modelAxis = modelAxis;
		this.preprocessing = preprocessing;
		this.models = Collections.unmodifiableList(new ArrayList<>(models));
		final List<String> names = new ArrayList<>();
		for (final TargetModel m : models) names.add(m.target());
		this.targets = Collections.unmodifiableList(names);
		this.manifest = manifest;
	}

	/**
	 * The model of a training run.
	 *
	 * @param inputAxis grid of the raw spectra it was trained on
	 * @param preprocessing the fitted chain that turns raw spectra into the model's input
	 * @param modelAxis grid of the preprocessed spectra (the coefficients' axis)
	 * @param fits the per-target fits (models already refitted with the chosen k)
	 * @param info training facts for the manifest (settings, source file); copied
	 */
	public static PlsrModel of(final SpectralAxis inputAxis, final Preprocessing preprocessing,
		final SpectralAxis modelAxis, final List<PlsrTraining.TargetFit> fits, final JsonObject info)
	{
		if (!preprocessing.isFitted()) throw new IllegalArgumentException("preprocessing '" +
			preprocessing + "' is not fitted");
		final List<TargetModel> models = new ArrayList<>();
		for (final PlsrTraining.TargetFit f : fits) {
			if (f.model().points() != modelAxis.size()) throw new IllegalArgumentException("target " +
				f.target() + ": model has " + f.model().points() + " points, the axis " + modelAxis
					.size());
			models.add(new TargetModel(f.target(), f.components(), f.rows().length, f.cv().rmsecv(), f
				.cv().standardError(), f.model().truncate(f.components())));
		}
		final JsonObject m = ModelArchive.newManifest(KIND);
		m.add("targets", strings(models.stream().map(TargetModel::target).toList()));
		m.add("input_axis", axisJson(inputAxis));
		m.add("preprocessing", preprocessing.toJson());
		m.add("model_axis", axisJson(modelAxis));
		m.addProperty("algorithm",
			"PLS1 per target, NIPALS with regression deflation (scikit-learn PLSRegression)");
		if (info != null) for (final Map.Entry<String, JsonElement> e : info.entrySet()) m.add(e
			.getKey(), e.getValue().deepCopy());
		final JsonArray list = new JsonArray();
		for (int t = 0; t < models.size(); t++) {
			final TargetModel tm = models.get(t);
			final JsonObject o = new JsonObject();
			o.addProperty("target", tm.target());
			o.addProperty("components", tm.components());
			o.addProperty("calibration_samples", tm.calibrationSamples());
			o.addProperty("y_mean", tm.model().yMean());
			o.addProperty("intercept", tm.model().intercept(tm.components()));
			o.add("rmsecv", numbers(tm.rmsecv()));
			o.add("rmsecv_se", numbers(tm.rmsecvStandardError()));
			o.addProperty("entries", "plsr/" + t + "/");
			list.add(o);
		}
		m.add("models", list);
		return new PlsrModel(inputAxis, modelAxis, preprocessing, models, m, null);
	}

	static JsonObject axisJson(final SpectralAxis axis) {
		final JsonObject o = new JsonObject();
		o.addProperty("unit", axis.unit().symbol());
		o.add("values", numbers(axis.values()));
		return o;
	}

	static SpectralAxis axis(final JsonObject o) {
		return SpectralAxis.of(doubles(o.getAsJsonArray("values")), SpectralUnit.parse(o.get("unit")
			.getAsString()));
	}

	/**
	 * Builds the model a model file describes.
	 *
	 * @throws ModelFileException naming the file and what is missing or inconsistent
	 */
	public static PlsrModel load(final ModelArchive archive) throws ModelFileException {
		final Path file = archive.file();
		final JsonObject m = archive.manifest();
		if (!KIND.equals(archive.kind())) throw new ModelFileException(file, "a " + archive.kind() +
			" model, not a PLSR model");
		try {
			final SpectralAxis axis = axis(m.getAsJsonObject("input_axis"));
			final Preprocessing chain = m.has("preprocessing") ? Preprocessing.fromJson(m
				.getAsJsonObject("preprocessing")) : Preprocessing.parse("");
			if (!chain.isFitted()) throw new ModelFileException(file, "the preprocessing '" + chain +
				"' has no fitted state");
			final SpectralAxis modelAxis = m.has("model_axis") ? axis(m.getAsJsonObject("model_axis"))
				: axis;
			final int p = modelAxis.size();
			final List<TargetModel> models = new ArrayList<>();
			for (final JsonElement e : m.getAsJsonArray("models")) {
				final JsonObject o = e.getAsJsonObject();
				final String target = ModelArchive.text(file, o, "target");
				final int k = ModelArchive.wholeNumber(file, o, "components");
				if (k < 1) throw new ModelFileException(file, "target " + target + " has " + k +
					" components");
				final String prefix = ModelArchive.text(file, o, "entries");
				final double[] xMean = array(archive, prefix + "x_mean.f64", p);
				final double[] xScale = array(archive, prefix + "x_scale.f64", p);
				final double[][] w = matrix(archive, prefix + "weights.f64", k, p);
				final double[][] pl = matrix(archive, prefix + "loadings.f64", k, p);
				final double[][] r = matrix(archive, prefix + "rotations.f64", k, p);
				final double[] q = array(archive, prefix + "y_loadings.f64", k);
				final double[] tt = array(archive, prefix + "score_ss.f64", k);
				final double[] ex = array(archive, prefix + "explained_y.f64", k);
				final Pls1 model = new Pls1(xMean, xScale, o.get("y_mean").getAsDouble(), w, pl, r, q, tt,
					ex);
				models.add(new TargetModel(target, k, ModelArchive.wholeNumber(file, o,
					"calibration_samples"), doubles(o
					.getAsJsonArray("rmsecv")), doubles(o.getAsJsonArray("rmsecv_se")), model));
			}
			if (models.isEmpty()) throw new ModelFileException(file, "the PLSR model has no targets");
			return new PlsrModel(axis, modelAxis, chain, models, m, Calibration.read(archive, models
				.stream().map(TargetModel::target).toList()));
		}
		catch (final NullPointerException | IllegalStateException | ClassCastException |
			UnsupportedOperationException | IllegalArgumentException e)
		{
			throw new ModelFileException(file, "the PLSR manifest is incomplete or inconsistent (" + e +
				")", e);
		}
	}

	/** Writes the model file (zip) to a stream. */
	public void write(final OutputStream out) throws IOException {
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int t = 0; t < models.size(); t++) {
			final TargetModel tm = models.get(t);
			final Pls1 pls = tm.model();
			final String prefix = "plsr/" + t + "/";
			entries.put(prefix + "coefficients.f64", bytes(pls.coefficients(tm.components())));
			entries.put(prefix + "x_mean.f64", bytes(pls.xMean()));
			entries.put(prefix + "x_scale.f64", bytes(pls.xScale()));
			entries.put(prefix + "weights.f64", bytes(pls.weights()));
			entries.put(prefix + "loadings.f64", bytes(pls.loadings()));
			entries.put(prefix + "rotations.f64", bytes(pls.rotations()));
			entries.put(prefix + "y_loadings.f64", bytes(pls.yLoadings()));
			entries.put(prefix + "score_ss.f64", bytes(pls.scoreSumSquares()));
			entries.put(prefix + "explained_y.f64", bytes(pls.explainedY()));
		}
		if (calibration != null) calibration.write(manifest.deepCopy(), entries);
		ModelArchive.write(out, manifest, entries, null);
	}

	/** Writes the model file, all or nothing ({@link AtomicFiles}). */
	public void save(final Path file) throws IOException {
		AtomicFiles.write(file, this::write);
	}

	/** Writes the model file beside {@code file}, to be committed after the report. */
	public AtomicFiles.Staged stage(final Path file) throws IOException {
		return AtomicFiles.stage(file, this::write);
	}

	@Override
	public PlsrModel withManifestEntries(final JsonObject extra) {
		return new PlsrModel(inputAxis, modelAxis, preprocessing, models, SpectralModel.merged(
			manifest, extra), calibration);
	}

	/** The same model with its calibration (replacing any it had). */
	public PlsrModel withCalibration(final Calibration c) {
		return new PlsrModel(inputAxis, modelAxis, preprocessing, models, c.manifestWith(manifest),
			c);
	}

	@Override
	public Calibration calibration() {
		return calibration;
	}

	@Override
	public SpectralDataset preprocess(final SpectralDataset spectra) {
		return preprocessing.apply(spectra);
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<String> targets() {
		return targets;
	}

	@Override
	public SpectralAxis inputAxis() {
		return inputAxis;
	}

	public List<TargetModel> models() {
		return models;
	}

	/** The fitted preprocessing applied to raw spectra before the PLS models (maybe empty). */
	public Preprocessing preprocessing() {
		return preprocessing;
	}

	/** The grid of the preprocessed spectra: the axis of coefficients and VIP scores. */
	public SpectralAxis modelAxis() {
		return modelAxis;
	}

	/** The model of one target. */
	public TargetModel model(final String target) {
		for (final TargetModel m : models)
			if (m.target().equals(target)) return m;
		throw new IllegalArgumentException("the PLSR model has no target '" + target +
			"'; targets: " + String.join(", ", targets));
	}

	@Override
	public double[][] predict(final SpectralDataset spectra) {
		if (!spectra.axis().sameGrid(inputAxis)) throw new IllegalArgumentException(spectra.name() +
			": spectra on " + spectra.axis().describe() + ", the model needs " + inputAxis
				.describe() + " (InputGrid.conform puts them there)");
		final SpectralDataset prepared = preprocessing.apply(spectra);
		if (prepared.points() != modelAxis.size()) throw new IllegalArgumentException(
			"preprocessing '" + preprocessing + "' gave " + prepared.points() + " points, the model has " +
				modelAxis.size());
		final float[] x = prepared.data();
		final int n = spectra.size();
		final int[] rows = new int[n];
		for (int i = 0; i < n; i++) rows[i] = i;
		final double[][] out = new double[n][models.size()];
		for (int t = 0; t < models.size(); t++) {
			final TargetModel tm = models.get(t);
			final double[][] all = tm.model().predictAll(x, rows, tm.components());
			for (int i = 0; i < n; i++) out[i][t] = all[i][tm.components() - 1];
		}
		return out;
	}

	@Override
	public JsonObject manifest() {
		return manifest.deepCopy();
	}

	/** E.g. {@code PLSR: 400–2490 nm, 210 points, snv → clay (9 LV), soc (7 LV)}, for the Log. */
	@Override
	public String toString() {
		final List<String> parts = new ArrayList<>();
		for (final TargetModel tm : models) parts.add(tm.target() + " (" + tm.components() + " LV)");
		return "PLSR: " + inputAxis.describe() + (preprocessing.isEmpty() ? "" : ", " + preprocessing) +
			" → " + String.join(", ", parts);
	}

	// ------------------------------------------------------------------ encoding

	static JsonArray strings(final List<String> values) {
		final JsonArray a = new JsonArray();
		for (final String v : values) a.add(v);
		return a;
	}

	static JsonArray numbers(final double[] values) {
		final JsonArray a = new JsonArray();
		for (final double v : values) a.add(v);
		return a;
	}

	static double[] doubles(final JsonArray a) {
		final double[] d = new double[a.size()];
		for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
		return d;
	}

	static byte[] bytes(final double[] v) {
		return Float64Entries.bytes(v);
	}

	static byte[] bytes(final double[][] m) {
		return Float64Entries.bytes(m);
	}

	private static double[] array(final ModelArchive archive, final String entry, final int size)
		throws ModelFileException
	{
		return Float64Entries.array(archive, entry, size);
	}

	private static double[][] matrix(final ModelArchive archive, final String entry,
		final int rows, final int cols) throws ModelFileException
	{
		return Float64Entries.matrix(archive, entry, rows, cols);
	}
}
