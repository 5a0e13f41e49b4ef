package org.spectralcnn.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.StftParameters;

/**
 * What to train: the targets (numeric columns), the representation and architecture preset, the
 * preprocessing chain (not yet fitted), the STFT for spectrograms and the training settings.
 *
 * @param units unit of each target for the model file (may be empty)
 */
public record TrainingRequest(List<String> targets, Map<String, String> units,
	Representation representation, Architecture architecture, Preprocessing preprocessing,
	StftParameters stft, TrainingSettings settings)
{

	/**
	 * @throws IllegalArgumentException for no targets, a target named twice, or an architecture
	 *           made for the other representation
	 */
	public TrainingRequest {
		if (targets == null || targets.isEmpty()) throw new IllegalArgumentException(
			"targets: name at least one target column");
		if (new LinkedHashSet<>(targets).size() != targets.size())
			throw new IllegalArgumentException("targets: a target is named twice in " + targets);
		targets = List.copyOf(new ArrayList<>(targets));
		units = units == null ? Map.of() : Map.copyOf(units);
		if (architecture.representation() != representation) throw new IllegalArgumentException(
			"architecture " + architecture + " does not fit representation " + representation);
		if (representation == Representation.SPECTROGRAM && stft == null)
			throw new IllegalArgumentException("spectrogram representation needs STFT parameters");
	}

	/** Parses the comma list of target names as users write it. */
	public static List<String> parseTargets(final String text) {
		final List<String> out = new ArrayList<>();
		if (text != null) for (final String t : text.split(","))
			if (!t.trim().isEmpty()) out.add(t.trim());
		if (out.isEmpty()) throw new IllegalArgumentException(
			"targets: name at least one target column (comma list)");
		return out;
	}

	/** The same request with other settings (an ensemble member's seed). */
	public TrainingRequest withSettings(final TrainingSettings s) {
		return new TrainingRequest(targets, units, representation, architecture, preprocessing, stft,
			s);
	}

	public String unit(final String target) {
		return units.getOrDefault(target, "");
	}
}
