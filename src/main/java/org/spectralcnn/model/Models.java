package org.spectralcnn.model;

import java.nio.file.Path;
import org.spectralcnn.plsr.PlsrModel;

/** Opens a model file of any kind. */
public final class Models {

	private Models() {}

	/**
	 * Reads and checks the file, then builds the model its manifest describes.
	 *
	 * @throws ModelFileException naming the file and the problem (missing, corrupt, unknown kind)
	 */
	public static SpectralModel load(final Path file) throws ModelFileException {
		final ModelArchive archive = ModelArchive.read(file);
		switch (archive.kind()) {
			case "plsr":
				return PlsrModel.load(archive);
			default:
				throw new ModelFileException(file, "unknown model kind '" + archive.kind() +
					"' (this version reads: cnn, plsr)");
		}
	}
}
