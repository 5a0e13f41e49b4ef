package org.spectralcnn.spark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code key=value} arguments of a job, the launcher's way ({@code model=m.zip input=a.csv}):
 * an unknown or repeated key, a missing required one or a value of the wrong kind is an error
 * that names the key and what was expected.
 */
public final class JobArguments {

	private final String command;
	private final Map<String, String> values = new LinkedHashMap<>();

	private JobArguments(final String command) {
		this.command = command;
	}

	/** @param keys the keys the command takes */
	public static JobArguments parse(final String command, final List<String> arguments,
		final List<String> keys)
	{
		final JobArguments a = new JobArguments(command);
		for (final String s : arguments) {
			final int eq = s.indexOf('=');
			if (eq <= 0) throw new JobFailure(command + ": '" + s + "' is not key=value (keys: " +
				String.join(", ", keys) + ")");
			final String key = s.substring(0, eq).trim(), value = s.substring(eq + 1).trim();
			if (!keys.contains(key)) throw new JobFailure(command + ": unknown key '" + key +
				"' (keys: " + String.join(", ", keys) + ")");
			if (a.values.put(key, value) != null) throw new JobFailure(command + ": key '" + key +
				"' given twice");
		}
		return a;
	}

	public String command() {
		return command;
	}

	public String text(final String key) {
		final String v = values.get(key);
		if (v == null || v.isEmpty()) throw new JobFailure(command + ": give " + key + "=...");
		return v;
	}

	public String text(final String key, final String otherwise) {
		final String v = values.get(key);
		return v == null ? otherwise : v;
	}

	public int whole(final String key, final int otherwise, final int min) {
		final String v = values.get(key);
		if (v == null) return otherwise;
		try {
			final int n = Integer.parseInt(v);
			if (n >= min) return n;
		}
		catch (final NumberFormatException e) {
			// the message below
		}
		throw new JobFailure(command + ": " + key + " must be a whole number ≥ " + min + ", not '" + v +
			"'");
	}

	public double number(final String key, final double otherwise, final double min,
		final double max)
	{
		final String v = values.get(key);
		if (v == null) return otherwise;
		try {
			final double d = Double.parseDouble(v);
			if (d >= min && d <= max) return d;
		}
		catch (final NumberFormatException e) {
			// the message below
		}
		throw new JobFailure(command + ": " + key + " must be a number from " + min + " to " + max +
			", not '" + v + "'");
	}

	/** Every argument but {@code except}, sorted: what the output folder records of a run. */
	public Map<String, String> settings(final String... except) {
		final Map<String, String> m = new TreeMap<>(values);
		for (final String k : Arrays.asList(except)) m.remove(k);
		return m;
	}
}
