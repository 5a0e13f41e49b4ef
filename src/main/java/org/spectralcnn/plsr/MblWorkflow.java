package org.spectralcnn.plsr;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Train MBL in plain Java: the preprocessing is fitted on the calibration rows, which become the
 * model's library; the test rows (split column 0), if any, are predicted by the model for the
 * summary. The command is a thin shell over it.
 */
public final class MblWorkflow {

	/**
	 * @param model the model, its library the preprocessed calibration rows
	 * @param test per target the metrics on the test rows (n = 0 without them)
	 */
	public record Result(MblModel model, int librarySamples, List<Metrics> test) {}

	private MblWorkflow() {}

	public static Result train(final SpectralDataset raw, final Preprocessing steps,
		final List<String> targets, final boolean[] calibration, final Mbl.Settings settings,
		final JsonObject info)
	{
		final SpectralDataset cal = raw.select(calibration);
		final Preprocessing fitted = steps.fit(cal);
		final JsonObject manifestInfo = info != null ? info.deepCopy() : new JsonObject();
		manifestInfo.addProperty("created", Instant.now().toString());
		final MblModel model = MblModel.of(raw.axis(), fitted, fitted.apply(cal), targets, settings,
			manifestInfo).calibrated();
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
		return new Result(model, cal.size(), metrics);
	}

	/** One line per target for the log. */
	public static List<String> summary(final Result r) {
		final List<String> lines = new ArrayList<>();
		final Mbl.Settings s = r.model().settings();
		for (int t = 0; t < r.model().targets().size(); t++) {
			final Metrics m = r.test().get(t);
			lines.add(String.format(Locale.ROOT,
				"%s: library of %d samples, %d neighbours (%s), local PLS %d..%d latent variables", r
					.model().targets().get(t), r.librarySamples(), s.neighbours(), s.dissimilarity().key(), s
						.minComponents(), s.maxComponents()) + (m.n() > 0 ? String.format(Locale.ROOT,
							", test RMSEP %.4g, R² %.3f, RPD %.2f, bias %+.3g (n = %d)", m.rmse(), m.r2(), m
								.rpd(), m.bias(), m.n()) : ""));
		}
		return lines;
	}
}
