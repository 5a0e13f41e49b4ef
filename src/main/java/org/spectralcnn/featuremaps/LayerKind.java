package org.spectralcnn.featuremaps;

/** What a set of feature maps comes from. */
public enum LayerKind {

	/** The network input: the z-scored spectrum, or the z-scored log spectrogram. */
	INPUT("input"),
	/** A convolution's output (after its activation function, which may be linear). */
	CONVOLUTION("convolution"),
	/** A batch normalisation's output. */
	BATCH_NORM("batch norm"),
	/** A separate activation layer's output (e.g. ReLU). */
	ACTIVATION("activation"),
	/** A pooling layer's output. */
	POOLING("pooling"),
	/** Another layer of the convolutional trunk that keeps the layout (e.g. dropout). */
	OTHER("layer"),
	/** Not activations: the weights of a convolution, one kernel per filter. */
	KERNELS("kernels");

	private final String label;

	LayerKind(final String label) {
		this.label = label;
	}

	/** A word for tables and image info. */
	public String label() {
		return label;
	}

	@Override
	public String toString() {
		return label;
	}
}
