package org.spectralcnn.spark;

/** A job that cannot start (bad key, missing model or input, output made with other settings). */
public final class JobFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public JobFailure(final String message) {
		super(message);
	}

	public JobFailure(final String message, final Throwable cause) {
		super(message, cause);
	}
}
