package org.spectralcnn.plsr;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.ConformalScores;
import org.spectralcnn.model.DomainModel;
import org.spectralcnn.model.Float64Entries;
import org.spectralcnn.model.ModelArchive;
import org.spectralcnn.model.ModelFileException;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * A memory-based learning model ({@link Mbl}, kind {@code mbl}): the preprocessed library and
 * its lab values, kept whole in the model file, from which every prediction fits its own local
 * PLS model. Predict, Evaluate and Compare Models use it like any {@link SpectralModel}.
 * <p>
 * <b>File layout.</b> The manifest holds the targets, the input axis, the fitted preprocessing,
 * the model axis, the MBL settings ({@code neighbours}, {@code min_components},
 * {@code max_components}, {@code score_components}, {@code dissimilarity}), the library size and,
 * per target, the entries of its rows. Entries (little-endian float64): {@code mbl/library.f64}
 * (library samples × model points, the preprocessed spectra), {@code mbl/<t>/rows.f64} (the
 * library rows with a value of target t, whole numbers) and {@code mbl/<t>/y.f64} (those
 * values), and the {@link Calibration} of the intervals and the out-of-domain flag as a PLSR
 * model keeps it. On load every entry's size, every row number and every value is checked.
 */
public final class MblModel implements SpectralModel {

	public static final String KIND = "mbl";

	private final SpectralAxis inputAxis;
	private final SpectralAxis modelAxis;
	private final Preprocessing preprocessing;
	private final List<String> targets;
	private final float[] library;
	private final int[][] rows;
	private final double[][] values;
	private final List<Mbl> models;
	private final JsonObject manifest;
	private final Calibration calibration;

	private MblModel(final SpectralAxis inputAxis, final Preprocessing preprocessing,
		final SpectralAxis modelAxis, final List<String> targets, final float[] library,
		final int[][] rows, final double[][] values, final Mbl.Settings settings,
		final JsonObject manifest, final Calibration calibration)
	{
		this.inputAxis = inputAxis;
		this.preprocessing = preprocessing;
		this.modelAxis = modelAxis;
		this.targets = List.copyOf(targets);
		this.library = library;
		this.rows = rows;
		this.values = values;
		final List<Mbl> m = new ArrayList<>();
		for (int t = 0; t < targets.size(); t++) m.add(Mbl.fit(library, modelAxis.size(), rows[t],
			values[t], settings));
		this.models = Collections.unmodifiableList(m);
		this.manifest = manifest;
		this.calibration = calibration;
	}

	/**
	 * The model of a library.
	 *
	 * @param inputAxis grid of the raw spectra
	 * @param preprocessing fitted chain from raw spectra to the library's
	 * @param prepared the preprocessed library with the target columns
	 * @param info training facts for the manifest (source, split column); copied
	 * @throws IllegalArgumentException for a target with fewer values than neighbours
	 */
	public static MblModel of(final SpectralAxis inputAxis, final Preprocessing preprocessing,
		final SpectralDataset prepared, final List<String> targets, final Mbl.Settings settings,
		final JsonObject info)
	{
		if (!preprocessing.isFitted()) throw new IllegalArgumentException("preprocessing '" +
			preprocessing + "' is not fitted");
		final double[][] y = prepared.targets(targets);
		final int[][] rows = new int[targets.size()][];
		final double[][] values = new double[targets.size()][];
		for (int t = 0; t < targets.size(); t++) {
			final List<Integer> r = new ArrayList<>();
			for (int i = 0; i < y.length; i++)
				if (!Double.isNaN(y[i][t])) r.add(i);
			rows[t] = r.stream().mapToInt(Integer::intValue).toArray();
			values[t] = new double[rows[t].length];
			for (int i = 0; i < rows[t].length; i++) values[t][i] = y[rows[t][i]][t];
			if (rows[t].length < settings.neighbours()) throw new IllegalArgumentException("target " +
				targets.get(t) + ": " + rows[t].length + " library samples have a value, fewer than neighbours=" +
				settings.neighbours());
		}
		final JsonObject m = ModelArchive.newManifest(KIND);
		m.add("targets", PlsrModel.strings(targets));
		m.add("input_axis", PlsrModel.axisJson(inputAxis));
		m.add("preprocessing", preprocessing.toJson());
		m.add("model_axis", PlsrModel.axisJson(prepared.axis()));
		m.addProperty("algorithm",
			"memory-based learning: per prediction the k nearest library spectra (dissimilarity), a weighted average of local PLS models with min..max latent variables (resemble's wapls weights 1 / (RMSE_a |p_a|))");
		if (info != null) for (final Map.Entry<String, JsonElement> e : info.entrySet()) m.add(e
			.getKey(), e.getValue().deepCopy());
		m.add("mbl", settingsJson(settings));
		m.addProperty("library_samples", prepared.size());
		final JsonArray list = new JsonArray();
		for (int t = 0; t < targets.size(); t++) {
			final JsonObject o = new JsonObject();
			o.addProperty("target", targets.get(t));
			o.addProperty("samples", rows[t].length);
			o.addProperty("entries", "mbl/" + t + "/");
			list.add(o);
		}
		m.add("models", list);
		return new MblModel(inputAxis, preprocessing, prepared.axis(), targets, prepared.data()
			.clone(), rows, values, settings, m, null);
	}

	/** Library samples per target whose held-out errors make the intervals, at most. */
	static final int MAX_SCORES = 500;

	/**
	 * Per target the leave-one-out errors ({@link Mbl#predictHeldOut}) of its library samples, of
	 * {@value #MAX_SCORES} of them chosen with a fixed seed where there are more (more add time,
	 * hardly accuracy, to a 90 % quantile).
	 */
	List<ConformalScores> libraryErrors() {
		final List<ConformalScores> list = new ArrayList<>();
		for (int t = 0; t < targets.size(); t++) {
			final int n = rows[t].length;
			final int[] positions = IntStream.range(0, n).toArray();
			if (n > MAX_SCORES) {
				final SplittableRandom random = new SplittableRandom(0);
				for (int i = n - 1; i > 0; i--) {
					final int j = random.nextInt(i + 1), v = positions[i];
					positions[i] = positions[j];
					positions[j] = v;
				}
			}
			final Mbl m = models.get(t);
			final double[] y = values[t];
			list.add(ConformalScores.of(IntStream.range(0, Math.min(n, MAX_SCORES)).parallel()
				.mapToDouble(i -> Math.abs(y[positions[i]] - m.predictHeldOut(positions[i]))).toArray()));
		}
		return list;
	}

	/**
	 * The model with intervals from these leave-one-out errors (per target) and the out-of-domain
	 * model of the library spectra, whose neighbours every prediction needs.
	 *
	 * @param samples whose errors they are, for the calibration's description
	 */
	MblModel calibrated(final List<ConformalScores> errors, final String samples) {
		final List<Calibration.Target> list = new ArrayList<>();
		int most = 0;
		for (int t = 0; t < targets.size(); t++) {
			list.add(new Calibration.Target(targets.get(t), errors.get(t), null, 0));
			most = Math.max(most, errors.get(t).size());
		}
		return withCalibration(new Calibration("leave-one-out errors of " + most + " " + samples +
			", each predicted by its nearest neighbours but itself", list, 0, 0, DomainModel.fit(library,
				library.length / modelAxis.size(), modelAxis.size(), DomainModel.LEVEL)));
	}

	/**
	 * Target t's leave-one-out predictions of library rows {@code from} … {@code from + count - 1}
	 * (NaN where a row has no value of t).
	 */
	double[] heldOut(final int t, final int from, final int count) {
		final double[] out = new double[count];
		Arrays.fill(out, Double.NaN);
		for (int position = 0; position < rows[t].length; position++) {
			final int row = rows[t][position] - from;
			if (row >= 0 && row < count) out[row] = models.get(t).predictHeldOut(position);
		}
		return out;
	}

	@Override
	public MblModel withManifestEntries(final JsonObject extra) {
		return new MblModel(this, SpectralModel.merged(manifest, extra), calibration);
	}

	/** The same model with its calibration (replacing any it had). */
	public MblModel withCalibration(final Calibration c) {
		return new MblModel(this, c.manifestWith(manifest), c);
	}

	/** A copy with another manifest and calibration; the fitted learners are shared. */
	private MblModel(final MblModel base, final JsonObject manifest, final Calibration calibration) {
		inputAxis = base.inputAxis;
		preprocessing = base.preprocessing;
		modelAxis = base.modelAxis;
		targets = base.targets;
		library = base.library;
		rows = base.rows;
		values = base.values;
		models = base.models;
		this.manifest = manifest;
		this.calibration = calibration;
	}

	@Override
	public Calibration calibration() {
		return calibration;
	}

	private static JsonObject settingsJson(final Mbl.Settings s) {
		final JsonObject o = new JsonObject();
		o.addProperty("neighbours", s.neighbours());
		o.addProperty("min_components", s.minComponents());
		o.addProperty("max_components", s.maxComponents());
		o.addProperty("score_components", s.scoreComponents());
		o.addProperty("dissimilarity", s.dissimilarity().key());
		return o;
	}

	/**
	 * Builds the model a model file describes.
	 *
	 * @throws ModelFileException naming the file and what is missing or inconsistent
	 */
	public static MblModel load(final ModelArchive archive) throws ModelFileException {
		final Path file = archive.file();
		final JsonObject m = archive.manifest();
		if (!KIND.equals(archive.kind())) throw new ModelFileException(file, "a " + archive.kind() +
			" model, not an MBL model");
		try {
			final SpectralAxis axis = PlsrModel.axis(m.getAsJsonObject("input_axis"));
			final Preprocessing chain = Preprocessing.fromJson(m.getAsJsonObject("preprocessing"));
			if (!chain.isFitted()) throw new ModelFileException(file, "the preprocessing '" + chain +
				"' has no fitted state");
			final SpectralAxis modelAxis = PlsrModel.axis(m.getAsJsonObject("model_axis"));
			final int p = modelAxis.size();
			final JsonObject so = m.getAsJsonObject("mbl");
			if (so == null) throw new ModelFileException(file, ModelArchive.MANIFEST +
				": field 'mbl' (the settings) is missing");
			final Mbl.Settings settings = new Mbl.Settings(ModelArchive.wholeNumber(file, so,
				"neighbours"), ModelArchive.wholeNumber(file, so, "min_components"), ModelArchive
					.wholeNumber(file, so, "max_components"), ModelArchive.wholeNumber(file, so,
						"score_components"), Mbl.Dissimilarity.parse(ModelArchive.text(file, so,
							"dissimilarity")));
			final int n = ModelArchive.wholeNumber(file, m, "library_samples");
			if (n < 1) throw new ModelFileException(file, ModelArchive.MANIFEST +
				": library_samples must be at least 1, got " + n);
			final double[] flat = Float64Entries.array(archive, "mbl/library.f64", n * p);
			final float[] library = new float[flat.length];
			for (int i = 0; i < flat.length; i++) library[i] = (float) flat[i];
			final List<String> targets = new ArrayList<>();
			final JsonArray list = m.getAsJsonArray("models");
			final int[][] rows = new int[list.size()][];
			final double[][] values = new double[list.size()][];
			for (int t = 0; t < list.size(); t++) {
				final JsonObject o = list.get(t).getAsJsonObject();
				final String target = ModelArchive.text(file, o, "target");
				final int count = ModelArchive.wholeNumber(file, o, "samples");
				if (count < settings.neighbours() || count > n) throw new ModelFileException(file,
					"target " + target + ": " + count + " samples, expected neighbours (" + settings
						.neighbours() + ") to library_samples (" + n + ")");
				final String prefix = ModelArchive.text(file, o, "entries");
				final double[] r = Float64Entries.array(archive, prefix + "rows.f64", count);
				rows[t] = new int[count];
				for (int i = 0; i < count; i++) {
					if (r[i] != Math.rint(r[i]) || r[i] < 0 || r[i] >= n) throw new ModelFileException(file,
						"zip entry '" + prefix + "rows.f64' holds " + r[i] + " at " + i +
							", not a library row 0.." + (n - 1));
					rows[t][i] = (int) r[i];
				}
				values[t] = Float64Entries.array(archive, prefix + "y.f64", count);
				targets.add(target);
			}
			if (targets.isEmpty()) throw new ModelFileException(file, "the MBL model has no targets");
			return new MblModel(axis, chain, modelAxis, targets, library, rows, values, settings, m,
				Calibration.read(archive, targets));
		}
		catch (final NullPointerException | IllegalStateException | ClassCastException |
			UnsupportedOperationException | IllegalArgumentException e)
		{
			throw new ModelFileException(file, "the MBL manifest is incomplete or inconsistent (" + e +
				")", e);
		}
	}

	/** Writes the model file (zip) to a stream. */
	public void write(final OutputStream out) throws IOException {
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		final double[] flat = new double[library.length];
		for (int i = 0; i < flat.length; i++) flat[i] = library[i];
		entries.put("mbl/library.f64", Float64Entries.bytes(flat));
		for (int t = 0; t < targets.size(); t++) {
			final double[] r = new double[rows[t].length];
			for (int i = 0; i < r.length; i++) r[i] = rows[t][i];
			entries.put("mbl/" + t + "/rows.f64", Float64Entries.bytes(r));
			entries.put("mbl/" + t + "/y.f64", Float64Entries.bytes(values[t]));
		}
		if (calibration != null) calibration.write(manifest.deepCopy(), entries);
		ModelArchive.write(out, manifest, entries, null);
	}

	/** Writes the model file, all or nothing ({@link AtomicFiles}). */
	public void save(final Path file) throws IOException {
		AtomicFiles.write(file, this::write);
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

	public Mbl.Settings settings() {
		return models.get(0).settings();
	}

	@Override
	public SpectralDataset preprocess(final SpectralDataset spectra) {
		return preprocessing.apply(spectra);
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
		final double[][] out = new double[spectra.size()][targets.size()];
		for (int i = 0; i < out.length; i++)
			for (int t = 0; t < targets.size(); t++) out[i][t] = models.get(t).predict(x, i);
		return out;
	}

	@Override
	public JsonObject manifest() {
		return manifest.deepCopy();
	}

	/** E.g. {@code MBL, 100 neighbours in a library of 1907: 350–2500 nm, 1076 points → clay}. */
	@Override
	public String toString() {
		return "MBL, " + settings().neighbours() + " neighbours in a library of " + library.length /
			modelAxis.size() + ": " + inputAxis.describe() + (preprocessing.isEmpty() ? "" : ", " +
				preprocessing) + " → " + String.join(", ", targets);
	}
}
