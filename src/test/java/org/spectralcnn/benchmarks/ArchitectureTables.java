package org.spectralcnn.benchmarks;

import java.util.List;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;

/**
 * Prints the layer table of every preset for NIRsoil-sized inputs (700 points; spectrograms of
 * window 128, hop 32: 65 × 18) as Markdown, for docs/methods.md (Architecture presets).
 */
public final class ArchitectureTables {

	private ArchitectureTables() {}

	public static void main(final String[] args) {
		final List<String> targets = List.of("Nt", "Ciso", "CEC");
		for (final Representation rep : Representation.values()) {
			final Architecture.Shape input = rep == Representation.SPECTRUM ? new Architecture.Shape(1,
				1, 700) : new Architecture.Shape(1, 65, 18);
			for (final String name : Architecture.namesFor(rep)) {
				final Architecture a = Architecture.preset(name, rep);
				final long params = Networks.create(a.configuration(input, targets.size(), 0, 1e-3), 0)
					.numParams();
				System.out.println("#### `" + name + "` (" + rep + ")\n");
				System.out.println(a.summary() + ". " + String.format("%,d", params) +
					" parameters for 3 targets.\n");
				System.out.println("| layer | output | notes |");
				System.out.println("|---|---|---|");
				for (final String[] row : a.layerTable(input, targets))
					System.out.println("| " + row[0] + " | " + row[1] + " | " + row[2] + " |");
				System.out.println();
			}
		}
	}
}
