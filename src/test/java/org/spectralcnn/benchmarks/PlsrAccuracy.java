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
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * The peer's PLSR table on NIRsoil, reproduced: raw, SNV and SG1(11,2)+SNV spectra × Nt, Ciso,
 * CEC on the official split, 10-fold CV over 1..30 latent variables (scikit-learn's
 * KFold(shuffle=True, random_state=0) folds), lowest RMSECV, refit, test metrics. Prints a
 * Markdown table with the peer's numbers ({@code ../shared/peers/results/plsr_nirsoil.json}) and
 * the differences.
 *
 * <pre>
 * (from the project root, with ../shared beside it)
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
		// the peer's names and the same chains as Spectral CNN steps
		final Map<String, Preprocessing> preprocessing = new LinkedHashMap<>();
		preprocessing.put("raw", Preprocessing.parse(""));
		preprocessing.put("SNV", Preprocessing.parse("snv"));
		preprocessing.put("SG1(11,2)+SNV", Preprocessing.parse("sg(11,2,1), snv"));
		final boolean[] cal = SplitColumn.calibration(raw, "train");
		final PlsrTraining.Settings settings = new PlsrTraining.Settings(30, 10, Selection.MIN, 0,
			false, 2);

		final List<String> lines = new ArrayList<>();
		lines.add("| target | preprocessing | n cal / test | LVs Java / peer | RMSECV Java / peer (Δ %) |" +
			" RMSEP Java / peer (Δ %) | R² Java / peer | RPD Java / peer | bias Java / peer |");
		lines.add("|---|---|---|---|---|---|---|---|---|");
		final Map<String, List<String>> byTarget = new LinkedHashMap<>();
		for (final String t : targets) byTarget.put(t, new ArrayList<>());
		double worst = 0;
		for (final Map.Entry<String, Preprocessing> p : preprocessing.entrySet()) {
			final PlsrWorkflow.Result r = PlsrWorkflow.train(raw, p.getValue(), targets, cal, settings, null);
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
}
