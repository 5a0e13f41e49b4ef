package org.spectralcnn.fuzz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.spectralcnn.commands.CommandFailure;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraFormatException;
import org.spectralcnn.model.ModelFileException;
import org.spectralcnn.model.SpectralModel;

/**
 * How a fuzz case ended, and the tally of many. A case is fine when it ends in a correct result
 * or in the project's own error type whose message names the file (readers) or a key or file
 * (commands); anything else is a bug: another exception, a result with impossible values, a
 * changed input, a temporary or partial output.
 */
public final class Outcomes {

	public enum Kind {
		OK("correct result"), SPECTRA_FORMAT("SpectraFormatException naming the file"),
		MODEL_FILE("ModelFileException naming the file"), COMMAND_FAILURE(
			"CommandFailure naming a key or file"), VAGUE(
				"own error type, but the message names no file or key"), BUG(
					"another exception, a wrong result, a changed input or a partial output");

		final String text;

		Kind(final String text) {
			this.text = text;
		}
	}

	public record Case(String label, Kind kind, String detail) {

		static Case bug(final String label, final String detail) {
			return new Case(label, Kind.BUG, detail);
		}

		@Override
		public String toString() {
			return kind + " " + label + ": " + detail;
		}
	}

	private Outcomes() {}

	/**
	 * Judges an exception.
	 *
	 * @param names what a good message names: file names, keys (any one is enough)
	 */
	static Case classify(final String label, final Throwable t, final String... names) {
		final String message = t.getMessage() != null ? t.getMessage() : "";
		final boolean named = names(message, names);
		if (t instanceof SpectraFormatException) return new Case(label, named
			? Kind.SPECTRA_FORMAT : Kind.VAGUE, message);
		if (t instanceof ModelFileException) return new Case(label, named ? Kind.MODEL_FILE
			: Kind.VAGUE, message);
		if (t instanceof CommandFailure) {
			if (message.contains("\n")) return Case.bug(label, "message of several lines: " + message);
			return new Case(label, named ? Kind.COMMAND_FAILURE : Kind.VAGUE, message);
		}
		return Case.bug(label, t + " at " + ourFrame(t));
	}

	/** The innermost frame of the plugin's own code: where to look for the fix. */
	static String ourFrame(final Throwable t) {
		for (final StackTraceElement e : t.getStackTrace())
			if (e.getClassName().startsWith("org.spectralcnn.") && !e.getClassName().startsWith(
				"org.spectralcnn.fuzz.")) return e.toString();
		return t.getStackTrace().length > 0 ? t.getStackTrace()[0].toString() : "?";
	}

	private static boolean names(final String message, final String... names) {
		for (final String n : names)
			if (n != null && !n.isEmpty() && message.contains(n)) return true;
		return false;
	}

	/** Judges what a reader returned: a dataset or model whose values can be right. */
	static Case checkResult(final String label, final Object result) {
		if (result instanceof SpectralDataset d) {
			if (d.size() < 1) return Case.bug(label, "a dataset without samples");
			final SpectralAxis axis = d.axis();
			if (axis.size() < 2 || axis.size() != d.points()) return Case.bug(label, "axis of " + axis
				.size() + " points for " + d.points() + " points");
			if (SpectralAxis.firstViolation(axis.values()) >= 0) return Case.bug(label,
				"axis not finite and strictly monotonic: " + axis);
			final float[] values = d.data();
			for (int i = 0; i < values.length; i++)
				if (Float.isInfinite(values[i])) return Case.bug(label, "spectrum value " + values[i] +
					" (sample " + d.id(i / d.points()) + ")");
			return new Case(label, Kind.OK, d.toString());
		}
		if (result instanceof SpectralModel m) {
			if (m.targets().isEmpty()) return Case.bug(label, "a model without targets");
			return new Case(label, Kind.OK, m.toString());
		}
		return new Case(label, Kind.OK, String.valueOf(result));
	}

	/** Counts by kind, with the first few cases of each kind that is not fine. */
	public static final class Tally {

		private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
		private final Map<Kind, List<Case>> examples = new EnumMap<>(Kind.class);
		private int total;

		public void add(final Case c) {
			total++;
			counts.merge(c.kind(), 1, Integer::sum);
			final List<Case> list = examples.computeIfAbsent(c.kind(), k -> new ArrayList<>());
			if (list.size() < 20) list.add(c);
		}

		void addAll(final Collection<Case> cases) {
			for (final Case c : cases) add(c);
		}

		int count(final Kind kind) {
			return counts.getOrDefault(kind, 0);
		}

		int total() {
			return total;
		}

		List<Case> examples(final Kind kind) {
			return examples.getOrDefault(kind, List.of());
		}

		/** One line per kind, then examples of the vague and buggy cases. */
		public String summary(final String title) {
			return summary(title, Kind.VAGUE, Kind.BUG);
		}

		/** One line per kind, then examples (up to 20) of the given kinds. */
		public String summary(final String title, final Kind... shown) {
			final StringBuilder sb = new StringBuilder(title).append(": ").append(total).append(
				" cases\n");
			for (final Kind k : Kind.values())
				if (count(k) > 0) sb.append(String.format("  %-16s %6d  %s%n", k, count(k), k.text));
			for (final Kind k : shown)
				for (final Case c : examples(k)) sb.append("    ").append(c).append('\n');
			return sb.toString();
		}
	}
}
