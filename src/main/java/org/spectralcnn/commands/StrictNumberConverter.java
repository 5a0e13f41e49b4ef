package org.spectralcnn.commands;

import java.lang.reflect.Type;
import org.scijava.Priority;
import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;

/**
 * Makes a SciJava call with text values ({@code commandService.run(TrainCnnCommand.class,
 * true, "epochs", "abc", …)}) fail instead of running with 0: SciJava converts any text it cannot
 * read as a number to 0. This converter claims only text that is not a number (as
 * {@link ParameterNumbers} reads numbers) and fails with that text; valid numbers, blanks and
 * every other conversion stay with SciJava's own converters. SciJava gives a converter no word
 * of which parameter it converts for, so this message cannot name the key; the launcher and our
 * macro bridge, which parse the text themselves, do.
 */
@Plugin(type = Converter.class, priority = Priority.HIGH)
public class StrictNumberConverter extends AbstractConverter<String, Number> {

	@Override
	public boolean canConvert(final Object src, final Type dest) {
		return dest instanceof Class<?> c && canConvert(src, c);
	}

	@Override
	public boolean canConvert(final Object src, final Class<?> dest) {
		if (!(src instanceof String text) || text.isBlank() || !ParameterNumbers.isNumber(dest))
			return false;
		try {
			ParameterNumbers.parse(text, dest);
			return false; // a number: SciJava's own conversion gives the same value
		}
		catch (final IllegalArgumentException e) {
			return true;
		}
	}

	/** Class-level questions ("can text become an int?") stay with SciJava's converters. */
	@Override
	public boolean canConvert(final Class<?> src, final Type dest) {
		return false;
	}

	@Override
	public boolean canConvert(final Class<?> src, final Class<?> dest) {
		return false;
	}

	/** @throws IllegalArgumentException showing the text and what was expected */
	@Override
	public <T> T convert(final Object src, final Class<T> dest) {
		final Object value = ParameterNumbers.parse((String) src, dest);
		@SuppressWarnings("unchecked")
		final T t = (T) value;
		return t;
	}

	@Override
	public Class<Number> getOutputType() {
		return Number.class;
	}

	@Override
	public Class<String> getInputType() {
		return String.class;
	}
}
