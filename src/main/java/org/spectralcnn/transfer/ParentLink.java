package org.spectralcnn.transfer;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.spectralcnn.io.FileDigest;
import org.spectralcnn.model.CnnModel;

/**
 * Which saved model a fine-tuned model came from: the parent file's name and SHA-256 (so the
 * exact file can be recognised later), and what the parent was (architecture, targets, when it
 * was made, how many samples trained it).
 *
 * @param file the parent's file name (no folder)
 * @param sha256 lower-case hex SHA-256 of the parent file's bytes
 * @param created the parent manifest's {@code created}, or empty
 * @param trainingSamples the parent's training samples, or 0 when unknown
 */
public record ParentLink(String file, String sha256, String architecture, List<String> targets,
	String created, int trainingSamples)
{

	public ParentLink {
		targets = List.copyOf(targets);
	}

	/**
	 * The link to a model read from {@code file}.
	 *
	 * @throws IOException if the file cannot be read again
	 */
	public static ParentLink of(final Path file, final CnnModel parent) throws IOException {
		final JsonObject m = parent.manifest();
		final String created = m.has("created") ? m.get("created").getAsString() : "";
		int samples = 0;
		if (m.has("training") && m.get("training").isJsonObject() && m.getAsJsonObject("training")
			.has("training_samples")) samples = m.getAsJsonObject("training").get("training_samples")
				.getAsInt();
		return new ParentLink(file.getFileName().toString(), FileDigest.sha256(file), parent.architecture()
			.name(), parent.targets(), created, samples);
	}

	/** The manifest's {@code transfer.parent} object. */
	public JsonObject toJson() {
		final JsonObject o = new JsonObject();
		o.addProperty("file", file);
		o.addProperty("sha256", sha256);
		o.addProperty("architecture", architecture);
		final JsonArray t = new JsonArray();
		for (final String s : targets) t.add(s);
		o.add("targets", t);
		if (!created.isEmpty()) o.addProperty("created", created);
		if (trainingSamples > 0) o.addProperty("training_samples", trainingSamples);
		return o;
	}
}
