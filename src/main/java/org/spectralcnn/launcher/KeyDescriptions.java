package org.spectralcnn.launcher;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;

/**
 * A command's keys as its {@code @Parameter} annotations declare them (snake_case field name =
 * macro and launcher key; label = Fiji's dialog; default = the field's initial value): the one
 * source of {@code --list} and of the key tables in docs/user-guide.md.
 */
public final class KeyDescriptions {

	/**
	 * One input key.
	 *
	 * @param defaultValue the initial value as text, or null when there is none
	 * @param allowed choices (listed in {@code choices}) or a kind such as "integer 1 … 500", "folder"
	 */
	public record Key(String name, String label, String description, String defaultValue,
		boolean required, List<String> choices, String allowed)
	{

		/** The launcher and macros accept the key left out: it has a default or is not required. */
		public boolean optional() {
			return defaultValue != null || !required;
		}
	}

	private KeyDescriptions() {}

	/** The input keys of a command class, superclass keys first, in declaration order. */
	public static List<Key> of(final Class<?> command) {
		final Object instance;
		try {
			instance = command.getDeclaredConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException("cannot create " + command.getName() + ": " + e, e);
		}
		final List<Key> keys = new ArrayList<>();
		for (final Field f : fields(command)) {
			final Parameter p = f.getAnnotation(Parameter.class);
			if (p == null || p.type() == ItemIO.OUTPUT || Service.class.isAssignableFrom(f
				.getType()) || Context.class.isAssignableFrom(f.getType()) || Modifier.isStatic(f
					.getModifiers())) continue;
			f.setAccessible(true);
			final Object value;
			try {
				value = f.get(instance);
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
			keys.add(new Key(f.getName(), p.label(), p.description(), text(value), p.required(), List
				.of(p.choices()), allowed(p, f)));
		}
		return keys;
	}

	/** Fields of the class and its superclasses, superclass fields first, in declaration order. */
	private static List<Field> fields(final Class<?> c) {
		final List<Field> out = new ArrayList<>();
		if (c.getSuperclass() != null) out.addAll(fields(c.getSuperclass()));
		for (final Field f : c.getDeclaredFields()) out.add(f);
		return out;
	}

	private static String text(final Object value) {
		if (value == null) return null;
		if (value instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? String
			.valueOf((long) d.doubleValue()) : String.format(Locale.ROOT, "%s", d);
		return String.valueOf(value);
	}

	private static String allowed(final Parameter p, final Field f) {
		if (p.choices().length > 0) return "one of the choices";
		if (f.getType() == File.class) {
			switch (p.style()) {
				case FileWidget.DIRECTORY_STYLE:
					return "folder";
				case FileWidget.FILE_AND_DIRECTORY_STYLE:
					return "file or folder";
				case FileWidget.SAVE_STYLE:
					return "file to write";
				default:
					return "file";
			}
		}
		if (f.getType() == boolean.class || f.getType() == Boolean.class) return "true, false";
		final String kind = f.getType() == int.class || f.getType() == long.class ? "integer"
			: f.getType() == double.class || f.getType() == float.class ? "number" : "text";
		if (!p.min().isEmpty() && !p.max().isEmpty()) return kind + " " + p.min() + " … " + p.max();
		if (!p.min().isEmpty()) return kind + " ≥ " + p.min();
		if (!p.max().isEmpty()) return kind + " ≤ " + p.max();
		return kind;
	}

	/** The plain-text listing of one command's keys for {@code --list}, one key a line. */
	public static String listing(final Class<?> command) {
		final StringBuilder out = new StringBuilder();
		for (final Key k : of(command)) {
			out.append("    ").append(k.name()).append(k.optional() ? " (optional" + (k
				.defaultValue() != null ? ", default " + (k.defaultValue().isEmpty() ? "empty" : k
					.defaultValue()) : "") + ")" : " (required)");
			out.append(" — ").append(k.choices().isEmpty() ? k.allowed() : String.join(" | ", k
				.choices()));
			final String what = k.description().isEmpty() ? k.label() : k.description();
			if (!what.isEmpty()) out.append(" — ").append(what.replace("\n", " "));
			out.append('\n');
		}
		return out.toString();
	}
}
