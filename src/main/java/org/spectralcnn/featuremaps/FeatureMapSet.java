package org.spectralcnn.featuremaps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Representation;

/**
 * What {@link FeatureMaps#extract} returns: the network input and the chosen layers' maps in
 * network order, the first convolution's kernels, and the samples as the network saw them
 * after preprocessing (for plots over the spectral axis).
 */
public final class FeatureMapSet {

	private final Representation representation;
	private final SpectralDataset prepared;
	private final List<LayerMaps> layers;
	private final LayerMaps kernels;

	FeatureMapSet(final Representation representation, final SpectralDataset prepared,
		final List<LayerMaps> layers, final LayerMaps kernels)
	{
		this.representation = representation;
		this.prepared = prepared;
		this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
		this.kernels = kernels;
	}

	public Representation representation() {
		return representation;
	}

	/** The chosen samples after the model's preprocessing (its axis is the network's x axis). */
	public SpectralDataset prepared() {
		return prepared;
	}

	/** The input first, then the layers in network order. */
	public List<LayerMaps> layers() {
		return layers;
	}

	/** The input's maps (the first of {@link #layers()}). */
	public LayerMaps input() {
		return layers.get(0);
	}

	/** The maps of a layer by name, or null. */
	public LayerMaps layer(final String name) {
		for (final LayerMaps m : layers)
			if (m.name().equals(name)) return m;
		return null;
	}

	/** The first convolution's weights (one kernel per filter), or null if it has none to show. */
	public LayerMaps kernels() {
		return kernels;
	}

	/** Ids of the samples, in order. */
	public List<String> samples() {
		return prepared.ids();
	}
}
