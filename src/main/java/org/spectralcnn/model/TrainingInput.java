package org.spectralcnn.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spectralcnn.io.FileDigest;

/**
 * The file a model was trained on, by name and SHA-256 in its manifest, so that Evaluate Model
 * and Compare Models can say when they are given that file again: metrics on the samples a
 * model was fitted (or early-stopped, or calibrated) on are not a test, however good they look.
 */
public final class TrainingInput {

	/** The manifest's entry: {@code [{"file": …, "sha256": …}, …]}. */
	public static final String KEY = "training_inputs";

	private TrainingInput() {}

	/**
	 * The manifest entry that records the files (e.g. the spectra and the local samples of a
	 * spiked model); null ones and folders of files are left out.
	 */
	public static JsonObject entries(final Path... inputs) throws IOException {
		final JsonArray files = new JsonArray();
		for (final Path input : inputs) {
			if (input == null || !Files.isRegularFile(input)) continue;
			final JsonObject o = new JsonObject();
			o.addProperty("file", input.getFileName().toString());
			o.addProperty("sha256", FileDigest.sha256(input));
			files.add(o);
		}
		final JsonObject extra = new JsonObject();
		if (files.size() > 0) extra.add(KEY, files);
		return extra;
	}

	/**
	 * Whether a file of this SHA-256 ({@link FileDigest#sha256}, computed once by the caller for
	 * any number of models) is, byte for byte, one the model was trained on.
	 */
	public static boolean trainedOn(final SpectralModel model, final String sha) {
		final JsonObject m = model.manifest();
		if (!m.has(KEY) || !m.get(KEY).isJsonArray()) return false;
		// a malformed entry (an edited manifest) is no match, not a failure
		for (final JsonElement e : m.getAsJsonArray(KEY))
			if (e.isJsonObject() && e.getAsJsonObject().get("sha256") instanceof JsonPrimitive p && p
				.getAsString().equals(sha)) return true;
		return false;
	}

	/** The warning for a command given the training file, e.g. Evaluate Model's. */
	public static String warning(final Path input) {
		return input.getFileName() + " is the file this model was trained on (same SHA-256): " +
			"its metrics include the samples the model was fitted or tuned on and overstate how " +
			"it predicts new samples; evaluate on samples it has not seen (its test rows, or " +
			"another file)";
	}
}
