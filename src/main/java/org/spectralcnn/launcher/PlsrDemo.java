package org.spectralcnn.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The PLSR steps of the demo: Train PLSR on the bundled soil spectra (clay and soc, with missing
 * values, split column {@code train}), then Compare Models between the PLSR model and any other
 * models the demo trained before (the CNN), on the test samples. Everything goes through the
 * same command path as the launcher and macros.
 */
public final class PlsrDemo {

	private PlsrDemo() {}

	/**
	 * @param testData {@code test-data/soil_visnir.csv}
	 * @param out demo output folder; writes {@code plsr/plsr.zip}, {@code plsr/report/} and
	 *          {@code compare/}
	 * @param invoker runs the commands
	 * @param otherModels models to compare with the PLSR model (CNN model files); may be empty
	 * @return the PLSR model file
	 */
	public static Path run(final Path testData, final Path out, final CommandInvoker invoker,
		final CommandCatalog catalog, final List<Path> otherModels) throws java.io.IOException
	{
		final Path dir = out.resolve("plsr");
		Files.createDirectories(dir);
		final Path model = dir.resolve("plsr.zip");
		final Map<String, String> train = new LinkedHashMap<>();
		train.put("input", testData.toString());
		train.put("targets", "clay, soc");
		train.put("max_components", "15");
		train.put("folds", "10");
		train.put("selection", "min");
		train.put("split_column", "train");
		train.put("seed", "0");
		train.put("model", model.toString());
		train.put("report", dir.resolve("report").toString());
		invoker.run(catalog.find("Train PLSR"), train);

		final List<Path> models = new ArrayList<>(otherModels);
		models.add(model);
		final Map<String, String> compare = new LinkedHashMap<>();
		compare.put("models", models.stream().map(Path::toString).collect(Collectors.joining(",")));
		compare.put("input", testData.toString());
		compare.put("split_column", "train");
		compare.put("output", out.resolve("compare").toString());
		invoker.run(catalog.find("Compare Models"), compare);
		return model;
	}
}
