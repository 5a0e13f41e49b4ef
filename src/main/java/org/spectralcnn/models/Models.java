package org.spectralcnn.models;

import java.nio.file.Path;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.ModelArchive;
import org.spectralcnn.model.ModelFileException;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.plsr.MblModel;
import org.spectralcnn.plsr.PlsrModel;

/**
 * Opens a model file of any kind. It sits above both model kinds ({@code model} for CNNs,
 * {@code plsr} for PLSR), so neither package needs the other.
 */
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
			case CnnModel.KIND:
				return CnnModel.load(archive);
			case PlsrModel.KIND:
				return PlsrModel.load(archive);
			case MblModel.KIND:
				return MblModel.load(archive);
			default:
				throw new ModelFileException(file, "unknown model kind '" + archive.kind() +
					"' (this version reads: cnn, plsr, mbl)");
		}
	}
}
