package org.spectralcnn.preprocess;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;

/**
 * An ordered chain of preprocessing steps written as text, e.g.
 * {@code absorbance, sg(11,2,1), snv}, applied left to right. Learned steps ({@code msc},
 * {@code minmax}) are fitted on calibration spectra by {@link #fit} and then transform any
 * spectra with that state unchanged; the text and the state are kept with a model as JSON so
 * that prediction preprocesses exactly as training did. Immutable.
 */
public final class Preprocessing {

	/** The steps users can write, with their arguments, for help texts and error messages. */
	public static final String STEPS =
		"absorbance, snv, msc, sg(window, poly, deriv), detrend, trim(from, to), " +
			"resample(from, to, step), binning(n), minmax";

	private final List<SpectralStep> steps;

	private Preprocessing(final List<SpectralStep> steps) {
		this.steps = Collections.unmodifiableList(steps);
	}

	/**
	 * Reads a chain: steps separated by commas (commas inside parentheses separate arguments);
	 * names are case-insensitive; empty or blank text is no steps.
	 *
	 * @throws IllegalArgumentException naming the step that cannot be read and the allowed steps
	 *           and arguments
	 */
	public static Preprocessing parse(final String text) {
		final List<SpectralStep> steps = new ArrayList<>();
		if (text == null || text.trim().isEmpty()) return new Preprocessing(steps);
		int depth = 0, start = 0;
		for (int i = 0; i <= text.length(); i++) {
			final char c = i < text.length() ? text.charAt(i) : ',';
			if (c == '(') depth++;
			else if (c == ')') depth--;
			else if (c == ',' && depth == 0) {
				steps.add(step(text.substring(start, i).trim(), text));
				start = i + 1;
			}
			if (depth < 0) break;
		}
		if (depth != 0) throw new IllegalArgumentException("steps: unbalanced parentheses in '" +
			text + "'");
		return new Preprocessing(steps);
	}

	/** One step, e.g. {@code sg(11, 2, 1)}. */
	private static SpectralStep step(final String token, final String text) {
		if (token.isEmpty()) throw new IllegalArgumentException("steps: empty step in '" + text +
			"'; write steps separated by commas: " + STEPS);
		final int open = token.indexOf('(');
		final String name = (open < 0 ? token : token.substring(0, open)).trim().toLowerCase(
			Locale.ROOT);
		final double[] args;
		if (open < 0) args = new double[0];
		else {
			if (!token.endsWith(")")) throw new IllegalArgumentException("steps: cannot read '" +
				token + "'; expected name(arguments)");
			final String inside = token.substring(open + 1, token.length() - 1).trim();
			final String[] parts = inside.isEmpty() ? new String[0] : inside.split(",");
			args = new double[parts.length];
			for (int k = 0; k < parts.length; k++) {
				try {
					args[k] = Double.parseDouble(parts[k].trim());
				}
				catch (final NumberFormatException e) {
					throw new IllegalArgumentException("steps: argument '" + parts[k].trim() + "' of '" +
						token + "' is not a number");
				}
				if (!Double.isFinite(args[k])) throw new IllegalArgumentException("steps: argument '" +
					parts[k].trim() + "' of '" + token + "' is not a finite number");
			}
		}
		switch (name) {
			case "absorbance":
				arity(token, args, 0, "absorbance");
				return new Absorbance();
			case "snv":
				arity(token, args, 0, "snv");
				return new Snv();
			case "msc":
				arity(token, args, 0, "msc");
				return new Msc();
			case "detrend":
				arity(token, args, 0, "detrend");
				return new LinearDetrend();
			case "minmax":
				arity(token, args, 0, "minmax");
				return new MinMax();
			case "sg":
				if (args.length != 2) arity(token, args, 3, "sg(window, poly, deriv)");
				return new SavitzkyGolay(integer(token, args[0]), integer(token, args[1]),
					args.length > 2 ? integer(token, args[2]) : 0);
			case "trim":
				arity(token, args, 2, "trim(from, to)");
				return new Trim(args[0], args[1]);
			case "resample":
				arity(token, args, 3, "resample(from, to, step)");
				return new Resample(args[0], args[1], args[2]);
			case "binning":
				arity(token, args, 1, "binning(n)");
				return new Binning(integer(token, args[0]));
			default:
				throw new IllegalArgumentException("steps: unknown step '" + name + "'; allowed: " +
					STEPS);
		}
	}

	private static void arity(final String token, final double[] args, final int expected,
		final String usage)
	{
		if (args.length != expected) throw new IllegalArgumentException("steps: '" + token +
			"' takes " + (expected == 0 ? "no arguments" : expected + " arguments") + ": " + usage +
			(usage.startsWith("sg") ? " (deriv may be left out: 0)" : ""));
	}

	private static int integer(final String token, final double v) {
		if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"steps: '" + token + "' needs whole numbers, got " + v);
		return (int) v;
	}

	/** The steps, in order. */
	public List<SpectralStep> steps() {
		return steps;
	}

	public boolean isEmpty() {
		return steps.isEmpty();
	}

	/** True when every learned step has been fitted (always for a chain without one). */
	public boolean isFitted() {
		return steps.stream().allMatch(SpectralStep::isFitted);
	}

	/**
	 * Fits the learned steps on calibration spectra: each one sees the calibration spectra as
	 * the steps before it left them.
	 *
	 * @return a new, fitted chain (this one is unchanged)
	 */
	public Preprocessing fit(final SpectralDataset calibration) {
		final List<SpectralStep> fitted = new ArrayList<>(steps.size());
		SpectralDataset current = calibration;
		for (int s = 0; s < steps.size(); s++) {
			final SpectralStep step = steps.get(s).fit(current);
			fitted.add(step);
			if (s < steps.size() - 1) current = step.apply(current);
		}
		return new Preprocessing(fitted);
	}

	/**
	 * Fits the chain on the calibration samples ({@value SplitColumn#CONVENTIONAL} = 1 when there
	 * is such a column, else all) and applies it to every sample: what Preprocess Spectra and
	 * Spectra to Spectrograms do.
	 *
	 * @param notes receives one line saying which samples the learned steps saw
	 * @throws IllegalArgumentException when the column marks no sample as calibration
	 */
	public SpectralDataset fitAndApply(final SpectralDataset data, final Consumer<String> notes) {
		if (isEmpty()) return data;
		SpectralDataset calibration = data;
		if (data.hasNumericColumn(SplitColumn.CONVENTIONAL)) {
			calibration = data.select(SplitColumn.calibration(data, SplitColumn.CONVENTIONAL));
			if (calibration.size() == 0) throw new IllegalArgumentException("no sample of " + data
				.name() + " has " + SplitColumn.CONVENTIONAL +
				" = 1, so there is nothing to fit the preprocessing on");
		}
		final Preprocessing fitted = fit(calibration);
		if (!isFitted()) notes.accept("preprocessing '" + this + "' fitted on " + calibration
			.size() + " of " + data.size() + " samples" + (calibration == data ? ""
				: " (" + SplitColumn.CONVENTIONAL + " = 1)"));
		return fitted.apply(data);
	}

	/**
	 * Applies the steps in order.
	 *
	 * @throws IllegalStateException if a learned step is not fitted
	 */
	public SpectralDataset apply(final SpectralDataset data) {
		for (final SpectralStep s : steps)
			if (!s.isFitted()) throw new IllegalStateException("preprocessing '" + this + "': " + s +
				" is not fitted; fit the preprocessing on the calibration spectra first");
		SpectralDataset current = data;
		for (final SpectralStep s : steps) current = s.apply(current);
		return current;
	}

	/** The text and learned state: {@code {"text": …, "steps": [{"step": "msc", "state": {…}}, …]}}. */
	public JsonObject toJson() {
		final JsonObject o = new JsonObject();
		o.addProperty("text", toString());
		final JsonArray list = new JsonArray();
		for (final SpectralStep s : steps) {
			final JsonObject e = new JsonObject();
			e.addProperty("step", s.toString());
			final JsonObject state = s.state();
			if (state != null) e.add("state", state);
			list.add(e);
		}
		o.add("steps", list);
		return o;
	}

	/** @throws IllegalArgumentException if a step or its state cannot be read */
	public static Preprocessing fromJson(final JsonObject o) {
		if (!o.has("steps")) throw new IllegalArgumentException("preprocessing: no 'steps' in " + o);
		final List<SpectralStep> steps = new ArrayList<>();
		for (final JsonElement e : o.getAsJsonArray("steps")) {
			final JsonObject entry = e.getAsJsonObject();
			final String text = entry.get("step").getAsString();
			SpectralStep step = step(text.trim(), text);
			if (entry.has("state")) step = step.withState(entry.getAsJsonObject("state"));
			steps.add(step);
		}
		return new Preprocessing(steps);
	}

	/** The canonical text, e.g. {@code absorbance, sg(11,2,1), snv}; {@link #parse} reads it back. */
	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder();
		for (final SpectralStep s : steps) sb.append(sb.length() == 0 ? "" : ", ").append(s);
		return sb.toString();
	}
}
