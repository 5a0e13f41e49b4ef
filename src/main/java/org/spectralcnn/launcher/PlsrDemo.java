package org.spectralcnn.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PLSR steps of the demo: Train PLSR on the bundled soil spectra (clay and soc, with missing
 * values, SNV as the demo's CNN, split column {@code train}; model and report under
 * {@code {out}/plsr/}), then Compare
 * Models between the other models the demo trained before (the CNN) and the PLSR model, on the
 * test samples ({@code {out}/compare/}). As {@link Demo.Step}s with the {@code {data}} and
 * {@code {out}} placeholders, for {@code Demo.STEPS}.
 */
public final class PlsrDemo {

	private PlsrDemo() {}

	/**
	 * @param otherModels model files compared with the PLSR model, placeholders allowed (e.g.
	 *          {@code {out}/cnn.zip}); none: the comparison holds the PLSR model alone
	 */
	static List<Demo.Step> steps(final String... otherModels) {
		final List<String> models = new ArrayList<>(Arrays.asList(otherModels));
		models.add("{out}/plsr/plsr.zip");
		return Arrays.asList(new Demo.Step("Train PLSR", "input={data}/soil_visnir.csv",
			"targets=clay, soc", "steps=snv", "max_components=15", "folds=10", "selection=min",
			"split_column=train", "seed=0", "model={out}/plsr/plsr.zip", "report={out}/plsr/report"),
			new Demo.Step("Compare Models", "models=" + String.join(",", models),
				"input={data}/soil_visnir.csv", "split_column=train", "output={out}/compare"));
	}

	/**
	 * Runs the steps with the given invoker (tests, or a host with its own context).
	 *
	 * @param data the test-data folder
	 * @return the PLSR model file
	 */
	public static Path run(final Path data, final Path out, final CommandInvoker invoker,
		final CommandCatalog catalog, final String... otherModels)
	{
		for (final Demo.Step step : steps(otherModels)) {
			final Map<String, String> args = new LinkedHashMap<>();
			for (final String a : step.arguments()) {
				final int eq = a.indexOf('=');
				args.put(a.substring(0, eq), a.substring(eq + 1).replace("{data}", data.toString())
					.replace("{out}", out.toString()));
			}
			invoker.run(catalog.find(step.command()), args);
		}
		return out.resolve("plsr/plsr.zip");
	}
}
