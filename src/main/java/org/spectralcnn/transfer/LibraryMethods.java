package org.spectralcnn.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.plsr.Mbl;
import org.spectralcnn.plsr.Pls1;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * The non-neural ways soil scientists localise a global library, beside Transfer in the
 * comparison, both PLS on the library's preprocessing (fitted on the library):
 * <ul>
 * <li><b>Spiking</b>: the global PLSR model retrained on the library plus the local calibration
 * samples, each repeated {@code spikeWeight} times (so weighted), with the number of latent
 * variables that 10-fold cross-validation chose on the library alone;</li>
 * <li><b>MBL</b> ({@link Mbl}): the library plus the local calibration samples as the memory, a
 * weighted local PLS model on the {@code neighbours} nearest spectra of each held-out sample.</li>
 * </ul>
 * Local spectra are put on the library's grid ({@link LocalGrid}).
 */
public final class LibraryMethods {

	/** The preprocessing with which the PLSR peer does best on large_visnir clay. */
	public static final String DEFAULT_STEPS = "absorbance, sg(11,2,1), snv";
	/** Latent variables tried for the library's own PLSR model (10-fold CV, lowest RMSECV). */
	static final int MAX_COMPONENTS = 20;

	/**
	 * @param library the global library's raw spectra with the target columns
	 * @param steps preprocessing of the PLS methods, fitted on the library
	 * @param spikeWeight how many times each local calibration sample enters Spiking (≥ 1)
	 * @param mbl MBL's neighbours and local PLS
	 */
	public record Options(SpectralDataset library, String steps, int spikeWeight,
		Mbl.Settings mbl)
	{

		public Options {
			PlsrWorkflow.Spiking.requireWeight(spikeWeight);
			steps = steps == null ? "" : steps.trim();
			try {
				Preprocessing.parse(steps);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("library_steps: " + e.getMessage(), e);
			}
		}
	}

	private final Options options;
	private final List<String> targets;
	private final Preprocessing fitted;
	private final SpectralDataset library;
	/** per target: library rows with a value, the values, latent variables (0: not in the library) */
	private final int[][] rows;
	private final double[][] values;
	private final int[] components;

	private LibraryMethods(final Options options, final List<String> targets,
		final Consumer<String> notes)
	{
		this.options = options;
		this.targets = List.copyOf(targets);
		fitted = Preprocessing.parse(options.steps()).fit(options.library());
		library = fitted.apply(options.library());
		rows = new int[targets.size()][];
		values = new double[targets.size()][];
		components = new int[targets.size()];
		for (int t = 0; t < targets.size(); t++) {
			if (!library.hasNumericColumn(targets.get(t))) {
				rows[t] = new int[0];
				values[t] = new double[0];
				notes.accept("the library has no column '" + targets.get(t) +
					"': no Spiking or MBL for it");
				continue;
			}
			final double[] y = library.column(targets.get(t));
			final List<Integer> r = new ArrayList<>();
			for (int i = 0; i < y.length; i++)
				if (!Double.isNaN(y[i])) r.add(i);
			rows[t] = r.stream().mapToInt(Integer::intValue).toArray();
			values[t] = new double[rows[t].length];
			for (int i = 0; i < rows[t].length; i++) values[t][i] = y[rows[t][i]];
		}
		final boolean[] all = new boolean[library.size()];
		java.util.Arrays.fill(all, true);
		final List<String> present = new ArrayList<>();
		for (int t = 0; t < targets.size(); t++)
			if (rows[t].length > 0) present.add(targets.get(t));
		if (!present.isEmpty()) {
			final List<PlsrTraining.TargetFit> fits = PlsrTraining.fit(library.data(), library
				.points(), library.targets(present), present, all, new PlsrTraining.Settings(Math.min(
					MAX_COMPONENTS, library.size() / 2), 10, Selection.MIN, 0, false, Runtime.getRuntime()
						.availableProcessors()));
			for (final PlsrTraining.TargetFit f : fits) {
				components[targets.indexOf(f.target())] = f.components();
				notes.accept("library PLSR for " + f.target() + ": " + f.components() +
					" latent variables (10-fold CV on " + f.rows().length + " library samples, " + fitted +
					")");
			}
		}
	}

	/**
	 * Fits the library's preprocessing and, per target, the number of latent variables of its
	 * PLSR model.
	 *
	 * @param notes hears what was fitted
	 */
	public static LibraryMethods prepare(final Options options, final List<String> targets,
		final Consumer<String> notes)
	{
		return new LibraryMethods(options, targets, notes);
	}

	public Options options() {
		return options;
	}

	/** Spiking's predictions of {@code test}, samples × targets (NaN: target not in the library). */
	public double[][] spiking(final SpectralDataset calibration, final SpectralDataset test) {
		final Combined c = combine(calibration);
		final SpectralDataset t = prepare(test);
		final double[][] yCal = calibration.targets(targets);
		final double[][] out = nan(test.size());
		for (int k = 0; k < targets.size(); k++) {
			if (rows[k].length == 0) continue;
			final PlsrWorkflow.Rows mem = memory(k, yCal, options.spikeWeight());
			final Pls1 m = Pls1.fit(c.x, library.points(), mem.rows(), mem.values(), components[k],
				false);
			final double[][] p = m.predictAll(t.data(), range(t.size()), m.components());
			for (int i = 0; i < p.length; i++) out[i][k] = p[i][m.components() - 1];
		}
		return out;
	}

	/** MBL's predictions of {@code test} with the library and the calibration samples as memory. */
	public double[][] mbl(final SpectralDataset calibration, final SpectralDataset test) {
		final Combined c = combine(calibration);
		final SpectralDataset t = prepare(test);
		final double[][] yCal = calibration.targets(targets);
		final double[][] out = nan(test.size());
		for (int k = 0; k < targets.size(); k++) {
			if (rows[k].length == 0) continue;
			final PlsrWorkflow.Rows mem = memory(k, yCal, 1);
			final Mbl m = Mbl.fit(c.x, library.points(), mem.rows(), mem.values(), options.mbl()
				.withNeighbours(Math.min(options.mbl().neighbours(), mem.rows().length)));
			for (int i = 0; i < t.size(); i++) out[i][k] = m.predict(t.data(), i);
		}
		return out;
	}

	/** The library's rows with target k, then each calibration sample with it {@code weight} times. */
	private PlsrWorkflow.Rows memory(final int k, final double[][] yCal, final int weight) {
		final double[] local = new double[yCal.length];
		for (int i = 0; i < local.length; i++) local[i] = yCal[i][k];
		return PlsrWorkflow.Spiking.rows(rows[k], values[k], library.size(), local, weight, null);
	}

	/** The library's preprocessed spectra followed by the calibration samples'. */
	private record Combined(float[] x) {}

	private Combined combine(final SpectralDataset calibration) {
		final SpectralDataset cal = prepare(calibration);
		return new Combined(library.dataFollowedBy(cal));
	}

	private SpectralDataset prepare(final SpectralDataset local) {
		return fitted.apply(LocalGrid.conform(local, options.library().axis(), s -> {}));
	}

	private double[][] nan(final int n) {
		final double[][] out = new double[n][targets.size()];
		for (final double[] row : out) java.util.Arrays.fill(row, Double.NaN);
		return out;
	}

	private static int[] range(final int n) {
		final int[] r = new int[n];
		for (int i = 0; i < n; i++) r[i] = i;
		return r;
	}
}
