package org.spectralcnn.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spectralcnn.commands.CommandFailure;

/**
 * Parses command arguments in the two syntaxes users know:
 * <ul>
 * <li>Fiji's {@code --run} syntax: {@code key=value,key2="value, with commas"} (comma-separated;
 * double quotes or square brackets protect commas and spaces);</li>
 * <li>ImageJ 1 macro options: {@code key=value key2=[value with spaces]} (space-separated; a bare
 * word is a checked checkbox, i.e. {@code key=true}).</li>
 * </ul>
 * Keys are the commands' snake_case parameter names.
 */
public final class CommandArguments {

	private CommandArguments() {}

	/** Fiji {@code --run} arguments. */
	public static Map<String, String> parseRunArguments(final String text) {
		return parse(text, ',');
	}

	/** ImageJ 1 macro options as passed to {@code run(label, options)}. */
	public static Map<String, String> parseMacroOptions(final String text) {
		return parse(text, ' ');
	}

	private static Map<String, String> parse(final String text, final char separator) {
		final Map<String, String> args = new LinkedHashMap<>();
		if (text == null) return args;
		int i = 0;
		final int n = text.length();
		while (i < n) {
			while (i < n && (text.charAt(i) == separator || Character.isWhitespace(text.charAt(i))))
				i++;
			if (i >= n) break;
			final int keyStart = i;
			while (i < n && text.charAt(i) != '=' && text.charAt(i) != separator && !Character
				.isWhitespace(text.charAt(i))) i++;
			final String key = text.substring(keyStart, i);
			if (i >= n || text.charAt(i) != '=') { // a bare word: a checked checkbox
				put(args, key, "true");
				continue;
			}
			i++; // '='
			final String value;
			if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '[' || text.charAt(i) == '\'')) {
				final char close = text.charAt(i) == '[' ? ']' : text.charAt(i);
				final int end = closing(text, i, close);
				if (end < 0) throw new CommandFailure("unclosed " + text.charAt(i) + " in the value of '" +
					key + "'");
				value = text.substring(i + 1, end);
				i = end + 1;
			}
			else {
				final int start = i;
				while (i < n && text.charAt(i) != separator && !(separator == ' ' && Character
					.isWhitespace(text.charAt(i)))) i++;
				value = text.substring(start, i).trim();
			}
			put(args, key, value);
		}
		return args;
	}

	/** Index of the closing delimiter; square brackets nest, as in ImageJ 1. */
	private static int closing(final String text, final int open, final char close) {
		int depth = 0;
		for (int i = open + 1; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (close == ']' && c == '[') depth++;
			else if (c == close) {
				if (depth == 0) return i;
				depth--;
			}
		}
		return -1;
	}

	private static void put(final Map<String, String> args, final String key, final String value) {
		if (key.isEmpty()) throw new CommandFailure("empty key before '" + value + "'");
		if (args.put(key, value) != null) throw new CommandFailure("key '" + key +
			"' is given twice");
	}

	/**
	 * Formats a value for a macro options string, bracketed when it holds spaces, as ImageJ's
	 * recorder does.
	 */
	public static String macroValue(final String value) {
		return value.isEmpty() || value.matches(".*[\\s\\[\\]].*") ? "[" + value + "]" : value;
	}
}
