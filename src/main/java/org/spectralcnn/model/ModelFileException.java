package org.spectralcnn.model;

import java.nio.file.Path;

/** A model file that cannot be used: not found, truncated, corrupt, unsafe or of another kind. */
public class ModelFileException extends Exception {

	private static final long serialVersionUID = 1L;

	public ModelFileException(final Path file, final String problem) {
		super(file + ": " + problem);
	}

	public ModelFileException(final Path file, final String problem, final Throwable cause) {
		super(file + ": " + problem, cause);
	}
}
