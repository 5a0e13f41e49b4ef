package org.spectralcnn.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectralcnn.commands.CommandFailure;

/**
 * {@code spectral-cnn demo}: every step of the pipeline on the bundled synthetic
 * {@code test-data/}, through the same commands and keys a user or a macro would use, writing
 * everything into one output folder.
 */
final class Demo {

	/** One pipeline step: a command label and its arguments ({@code {data}} and {@code {out}}
	 * are replaced by the test-data and output folders). */
	record Step(String command, String... arguments) {}

	static final List<Step> STEPS = Arrays.asList(
		new Step("Import Spectra", "input={data}/soil_visnir.csv", "output={out}/spectra.tif",
			"targets_output={out}/lab_values.csv", "plot={out}/spectra.png"),
		new Step("Import Spectra", "input={data}/xrf", "output={out}/xrf.tif",
			"plot={out}/xrf.png"),
		new Step("Import Spectra", "input={data}/gamma", "output={out}/gamma.tif",
			"plot={out}/gamma.png"),
		new Step("Preprocess Spectra", "input={data}/soil_visnir.csv",
			"steps=absorbance, sg(11,2,1), snv", "output={out}/preprocessed.csv"),
		new Step("Spectra to Spectrograms", "input={data}/soil_visnir.csv", "steps=absorbance",
			"window_size=64", "hop=16", "output={out}/spectrograms.tif",
			"montage={out}/spectrograms.png"),
		// a small 1-D CNN on the synthetic soils (seconds on 2 cores), then the model on new spectra
		new Step("Train CNN", "input={data}/soil_visnir.csv", "targets=clay,soc",
			"representation=spectrum", "architecture=tiny", "steps=snv", "split_column=train",
			"epochs=15", "batch_size=16", "learning_rate=0.005", "model={out}/soil_cnn.zip", "report={out}/cnn_report"),
		new Step("Predict with Model", "model={out}/soil_cnn.zip", "input={data}/soil_visnir.csv",
			"output={out}/cnn_predictions.csv"),
		new Step("Evaluate Model", "model={out}/soil_cnn.zip", "input={data}/soil_visnir.csv",
			"output={out}/cnn_metrics.csv", "plots={out}/cnn_evaluation"),
		// what the CNN sees of the first soil: every layer as a TIFF stack, montages and plots
		new Step("Show Feature Maps", "model={out}/soil_cnn.zip", "input={data}/soil_visnir.csv",
			"sample=1", "layers=all", "output={out}/feature_maps"));

	/**
	 * Transfer learning: a global model (clay and soc) on the synthetic library, localised for clay
	 * with 40 shifted local soils on a 20 nm grid, and the three-way report (Global, Local from
	 * scratch, Transfer) over 5 folds. After the PLSR steps, which compare the models of
	 * {@link #STEPS} only.
	 */
	static final List<Step> TRANSFER_STEPS = Arrays.asList(
		new Step("Train CNN", "input={data}/global_visnir.csv", "targets=clay,soc",
			"architecture=tiny", "steps=snv", "validation_fraction=0.15", "epochs=60",
			"batch_size=16", "learning_rate=0.005", "patience=15", "model={out}/global_cnn.zip",
			"report={out}/global_cnn_report"),
		new Step("Fine-tune CNN", "model={out}/global_cnn.zip",
			"input={data}/local_visnir_shifted.csv", "targets=clay", "freeze=conv", "folds=5",
			"repeats=1", "output_model={out}/local_cnn.zip", "report={out}/transfer_demo"));

	private Demo() {}

	static void run(final Path out) throws IOException {
		final Path data = home().resolve("test-data");
		if (!Files.isDirectory(data)) throw new CommandFailure("test data not found: " + data);
		Files.createDirectories(out);
		final SpectralCnnRuntime runtime = SpectralCnnRuntime.get();
		int k = 0;
		final List<Step> steps = all();
		for (final Step step : steps) {
			final Map<String, String> args = new LinkedHashMap<>();
			for (final String a : step.arguments()) {
				final int eq = a.indexOf('=');
				args.put(a.substring(0, eq), a.substring(eq + 1).replace("{data}", data.toString())
					.replace("{out}", out.toString()));
			}
			System.out.println("demo [" + ++k + "/" + steps.size() + "] " + step.command() + ": " +
				args);
			runtime.invoker().run(runtime.catalog().find(step.command()), args);
		}
		System.out.println("demo: all " + steps.size() + " steps done; results in " + out
			.toAbsolutePath());
	}

	/**
	 * {@link #STEPS}, then the PLSR baseline ({@link PlsrDemo}) compared with the models that
	 * Train CNN steps wrote, then {@link #TRANSFER_STEPS}.
	 */
	static List<Step> all() {
		final List<String> cnnModels = new ArrayList<>();
		for (final Step s : STEPS)
			if (s.command().equals("Train CNN")) for (final String a : s.arguments())
				if (a.startsWith("model=")) cnnModels.add(a.substring("model=".length()));
		final List<Step> all = new ArrayList<>(STEPS);
		all.addAll(PlsrDemo.steps(cnnModels.toArray(new String[0])));
		all.addAll(TRANSFER_STEPS);
		return all;
	}

	/** The project folder (the launcher script passes it), else the working directory. */
	static Path home() {
		return Paths.get(System.getProperty("spectralcnn.home", ".")).toAbsolutePath().normalize();
	}
}
