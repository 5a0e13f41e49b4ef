package org.spectralcnn.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;

/**
 * The peer's PLSR table on NIRsoil, reproduced: raw, SNV and SG1(11,2)+SNV spectra × Nt, Ciso,
 * CEC on the official split, 10-fold CV over 1..30 latent variables (scikit-learn's
 * KFold(shuffle=True, random_state=0) folds), lowest RMSECV, refit, test metrics. Prints a
 * Markdown table with the peer's numbers ({@code ../shared/peers/results/plsr_nirsoil.json}) and
 * the differences.
 *
 * <pre>
 * cd /work/wt-plsr
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN \
 *   org.spectralcnn.benchmarks.PlsrAccuracy
 * </pre>
 */
public final class PlsrAccuracy {

	private PlsrAccuracy() {}

	public static void main(final String[] args) throws Exception {
		final Path shared = Paths.get(args.length > 0 ? args[0] : "../shared");
		final SpectralDataset raw = SpectraIO.open(shared.resolve("data/nirsoil/nirsoil.csv.gz"));
		final JsonObject peer = JsonParser.parseString(new String(Files.readAllBytes(shared.resolve(
			"peers/results/plsr_nirsoil.json")), StandardCharsets.UTF_8)).getAsJsonObject();
		final Map<String, JsonObject> peerRows = new LinkedHashMap<>();
		for (final JsonElement e : peer.getAsJsonArray("rows")) {
			final JsonObject o = e.getAsJsonObject();
			peerRows.put(o.get("target").getAsString() + "|" + o.get("preprocessing").getAsString(), o);
		}
		final List<String> targets = Arrays.asList("Nt", "Ciso", "CEC");
		final Map<String, UnaryOperator<SpectralDataset>> preprocessing = new LinkedHashMap<>();
		preprocessing.put("raw", d -> d);
		preprocessing.put("SNV", LocalPreprocessing::snv);
		preprocessing.put("SG1(11,2)+SNV", d -> LocalPreprocessing.snv(LocalPreprocessing.sg1(d)));
		final boolean[] cal = PlsrWorkflow.calibrationRows(raw, "train");
		final PlsrTraining.Settings settings = new PlsrTraining.Settings(30, 10, Selection.MIN, 0,
			false, 2);

		final List<String> lines = new ArrayList<>();
		lines.add("| target | preprocessing | n cal / test | LVs Java / peer | RMSECV Java / peer (Δ %) |" +
			" RMSEP Java / peer (Δ %) | R² Java / peer | RPD Java / peer | bias Java / peer |");
		lines.add("|---|---|---|---|---|---|---|---|---|");
		final Map<String, List<String>> byTarget = new LinkedHashMap<>();
		for (final String t : targets) byTarget.put(t, new ArrayList<>());
		double worst = 0;
		for (final Map.Entry<String, UnaryOperator<SpectralDataset>> p : preprocessing.entrySet()) {
			final SpectralDataset d = p.getValue().apply(raw);
			final PlsrWorkflow.Result r = PlsrWorkflow.train(d, raw, targets, cal, settings, null);
			for (final PlsrWorkflow.TargetMetrics m : r.metrics()) {
				final JsonObject o = peerRows.get(m.target() + "|" + p.getKey());
				final double cv = m.crossValidation().rmse(), ep = m.test().rmse();
				final double pcv = o.get("RMSECV").getAsDouble(), pep = o.get("RMSEP").getAsDouble();
				worst = Math.max(worst, Math.abs(ep / pep - 1));
				byTarget.get(m.target()).add(String.format(Locale.ROOT,
					"| %s | %s | %d / %d | %d / %d | %.3f / %.3f (%+.3f) | %.3f / %.3f (%+.3f) | %.3f / %.3f | %.2f / %.2f | %+.3f / %+.3f |",
					m.target(), p.getKey(), m.crossValidation().n(), m.test().n(), m.components(), o.get(
						"components").getAsInt(), cv, pcv, 100 * (cv / pcv - 1), ep, pep, 100 * (ep / pep - 1),
					m.test().r2(), o.get("R2").getAsDouble(), m.test().rpd(), o.get("RPD").getAsDouble(), m
						.test().bias(), o.get("bias").getAsDouble()));
			}
		}
		for (final List<String> rows : byTarget.values()) lines.addAll(rows);
		lines.forEach(System.out::println);
		System.out.printf(Locale.ROOT, "largest |RMSEP difference| from the peer: %.4f %%%n", 100 *
			worst);
	}

	/**
	 * SNV and the Savitzky–Golay first derivative as the peer computes them (scipy
	 * {@code savgol_filter(window_length=11, polyorder=2, deriv=1)}, mode {@code interp}; SNV with
	 * ddof 1), in double precision, stored as float like every Spectral CNN dataset.
	 * TODO use Preprocessing.parse("sg(11,2,1), snv") once org.spectralcnn.preprocess lands.
	 */
	static final class LocalPreprocessing {

		private LocalPreprocessing() {}

		static SpectralDataset snv(final SpectralDataset d) {
			final int n = d.size(), p = d.points();
			final float[] out = new float[n * p];
			for (int i = 0; i < n; i++) {
				double mean = 0;
				for (int j = 0; j < p; j++) mean += d.value(i, j);
				mean /= p;
				double ss = 0;
				for (int j = 0; j < p; j++) ss += (d.value(i, j) - mean) * (d.value(i, j) - mean);
				final double sd = Math.sqrt(ss / (p - 1));
				for (int j = 0; j < p; j++) out[i * p + j] = (float) ((d.value(i, j) - mean) / sd);
			}
			return d.withSpectra(d.axis(), out);
		}

		/** First derivative per point of a quadratic fitted over 11 points. */
		static SpectralDataset sg1(final SpectralDataset d) {
			final int n = d.size(), p = d.points(), half = 5;
			final float[] out = new float[n * p];
			final double[] x = new double[p];
			for (int i = 0; i < n; i++) {
				for (int j = 0; j < p; j++) x[j] = d.value(i, j);
				for (int j = half; j < p - half; j++) {
					double s = 0;
					for (int k = -half; k <= half; k++) s += k * x[j + k];
					out[i * p + j] = (float) (s / 110.0);
				}
				edge(x, 0, out, i * p, 0, half);
				edge(x, p - 11, out, i * p, p - half, p);
			}
			return d.withSpectra(d.axis(), out);
		}

		/** Quadratic least-squares fit to x[from..from+11), derivative at positions a..b. */
		private static void edge(final double[] x, final int from, final float[] out,
			final int offset, final int a, final int b)
		{
			final double[][] m = new double[3][4];
			for (int k = 0; k < 11; k++) {
				final double[] basis = { 1, k, k * k };
				for (int r = 0; r < 3; r++) {
					for (int c = 0; c < 3; c++) m[r][c] += basis[r] * basis[c];
					m[r][3] += basis[r] * x[from + k];
				}
			}
			for (int c = 0; c < 3; c++)
				for (int r = c + 1; r < 3; r++) {
					final double f = m[r][c] / m[c][c];
					for (int k = c; k < 4; k++) m[r][k] -= f * m[c][k];
				}
			final double[] coef = new double[3];
			for (int r = 2; r >= 0; r--) {
				double s = m[r][3];
				for (int c = r + 1; c < 3; c++) s -= m[r][c] * coef[c];
				coef[r] = s / m[r][r];
			}
			for (int j = a; j < b; j++) out[offset + j] = (float) (coef[1] + 2 * coef[2] * (j - from));
		}
	}
}
