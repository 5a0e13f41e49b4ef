package org.spectralcnn.plsr;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.model.ConformalScores;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Train MBL in plain Java: the preprocessing is fitted on the calibration rows, which become the
 * model's library; the test rows (split column 0), if any, are predicted by the model for the
 * summary. The command is a thin shell over it.
 */
public final class MblWorkflow {

	/**
	 * @param model the model, its library the preprocessed calibration rows (and local samples)
	 * @param test per target the metrics on the test rows (n = 0 without them)
	 * @param local per target the local samples' leave-one-out metrics (n = 0 without them)
	 */
	public record Result(MblModel model, int librarySamples, List<Metrics> test,
		List<Metrics> local)
	{}

	private MblWorkflow() {}

	public static Result train(final SpectralDataset raw, final Preprocessing steps,
		final List<String> targets, final boolean[] calibration, final Mbl.Settings settings,
		final JsonObject info)
	{
		return train(raw, steps, targets, calibration, settings, info, null);
	}

	/**
	 * As {@link #train(SpectralDataset, Preprocessing, List, boolean[], Mbl.Settings, JsonObject)},
	 * with local samples added to the library (the memory of the report's MBL); the intervals are
	 * then made of their leave-one-out errors, the errors on samples like them.
	 *
	 * @param local spectra on the input's grid with every target's column (empty = missing), or
	 *          null
	 * @throws IllegalArgumentException naming {@code local_input}
	 */
	public static Result train(final SpectralDataset raw, final Preprocessing steps,
		final List<String> targets, final boolean[] calibration, final Mbl.Settings settings,
		final JsonObject info, final SpectralDataset local)
	{
		final SpectralDataset cal = raw.select(calibration);
		final Preprocessing fitted = steps.fit(cal);
		final JsonObject manifestInfo = info != null ? info.deepCopy() : new JsonObject();
		manifestInfo.addProperty("created", Instant.now().toString());
		SpectralDataset memory = fitted.apply(cal);
		if (local != null) {
			PlsrWorkflow.checkLocal(local, raw, targets);
			memory = withLocal(memory, fitted.apply(local), targets);
			final JsonObject o = new JsonObject();
			o.addProperty("source", local.name());
			o.addProperty("samples", local.size());
			manifestInfo.add("local_samples", o);
		}
		final MblModel uncalibrated = MblModel.of(raw.axis(), fitted, memory, targets, settings,
			manifestInfo);
		// with local samples, their leave-one-out predictions give both the intervals and the Log's RMSE
		final List<Metrics> localMetrics = new ArrayList<>();
		final MblModel model;
		if (local == null) {
			model = uncalibrated.calibrated(uncalibrated.libraryErrors(), "library samples");
			for (int t = 0; t < targets.size(); t++) localMetrics.add(Metrics.of(new double[0],
				new double[0]));
		}
		else {
			final List<ConformalScores> errors = new ArrayList<>();
			for (int t = 0; t < targets.size(); t++) {
				final double[] y = local.column(targets.get(t)), held = uncalibrated.heldOut(t, cal.size(),
					y.length);
				errors.add(ConformalScores.absoluteResiduals(y, held));
				localMetrics.add(Metrics.of(y, held));
			}
			model = uncalibrated.calibrated(errors, "local samples");
		}
		final boolean[] testMask = new boolean[calibration.length];
		for (int i = 0; i < testMask.length; i++) testMask[i] = !calibration[i];
		final SpectralDataset test = raw.select(testMask);
		final List<Metrics> metrics = new ArrayList<>();
		final double[][] pred = test.size() > 0 ? model.predict(test) : new double[0][targets.size()];
		final double[][] obs = test.targets(targets);
		for (int t = 0; t < targets.size(); t++) {
			final double[] o = new double[obs.length], p = new double[obs.length];
			for (int i = 0; i < o.length; i++) {
				o[i] = obs[i][t];
				p[i] = pred[i][t];
			}
			metrics.add(Metrics.of(o, p));
		}
		return new Result(model, cal.size(), metrics, localMetrics);
	}

	/** The library followed by the local samples (ids prefixed, so that no id repeats). */
	private static SpectralDataset withLocal(final SpectralDataset library,
		final SpectralDataset local, final List<String> targets)
	{
		final int n = library.size(), m = local.size();
		final float[] x = library.dataFollowedBy(local);
		final String[] ids = new String[n + m];
		for (int i = 0; i < n; i++) ids[i] = library.id(i);
		for (int i = 0; i < m; i++) ids[n + i] = "local " + local.id(i);
		final SpectralDataset.Builder b = SpectralDataset.builder(library.name(), library.axis(), ids,
			x);
		for (final String t : targets) {
			final double[] y = Arrays.copyOf(library.column(t), n + m);
			System.arraycopy(local.column(t), 0, y, n, m);
			b.numeric(t, y);
		}
		return b.build();
	}

	/** One line per target for the log. */
	public static List<String> summary(final Result r) {
		final List<String> lines = new ArrayList<>();
		final Mbl.Settings s = r.model().settings();
		for (int t = 0; t < r.model().targets().size(); t++) {
			final Metrics m = r.test().get(t);
			final int local = r.local().get(t).n();
			lines.add(String.format(Locale.ROOT,
				"%s: library of %d samples%s, %d neighbours (%s), local PLS %d..%d latent variables", r
					.model().targets().get(t), r.librarySamples(), local > 0 ? " + " + local + " local"
						: "", s.neighbours(), s.dissimilarity().key(), s
						.minComponents(), s.maxComponents()) + (m.n() > 0 ? String.format(Locale.ROOT,
							", test RMSEP %.4g, R² %.3f, RPD %.2f, bias %+.3g (n = %d)", m.rmse(), m.r2(), m
								.rpd(), m.bias(), m.n()) : "") + (local > 0 ? String.format(Locale.ROOT,
									"; the %d local samples, leave-one-out: RMSE %.4g", local, r.local().get(t)
										.rmse()) : ""));
		}
		return lines;
	}
}
