package org.spectralcnn.commands;

import ij.Macro;
import java.lang.reflect.Type;
import java.util.regex.Pattern;
import org.scijava.Priority;
import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;

/**
 * Makes a SciJava call with text values ({@code commandService.run(TrainCnnCommand.class,
 * true, "epochs", "abc", …)}) fail instead of running with 0: SciJava converts any text it cannot
 * read as a number to a primitive 0 ("abc", "0,2", int overflow, and even " 7 " and "3.0"). This
 * converter takes over text → number conversions only, reads the text as
 * {@link ParameterNumbers} does (the same value SciJava gives for every number it reads right)
 * and fails with the text otherwise; blanks and every other conversion stay with SciJava. It is
 * a plugin of the whole SciJava context, so in Fiji other commands' text numbers become strict
 * too. SciJava gives a converter no word of which parameter it converts for, so this message
 * cannot name the key; the launcher and our macro bridge, which parse the text themselves, do,
 * and so does {@link SpectralCommand} in an ImageJ 1 macro, where this converter therefore
 * leaves bad text to SciJava.
 */
@Plugin(type = Converter.class, priority = Priority.HIGH)
public class StrictNumberConverter extends AbstractConverter<String, Number> {

	private static final Pattern JAVA_SPECIALS = Pattern.compile("[+-]?(Infinity|NaN)");

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
			return true;
		}
		catch (final IllegalArgumentException e) {
			// Java's own spellings of infinity and NaN stay SciJava's: other plugins write
			// @Parameter(max = "Infinity"), which SciJava reads through this same conversion.
			if (JAVA_SPECIALS.matcher(text.trim()).matches()) return false;
			// In an ImageJ 1 macro (Fiji's imagej-legacy fills the inputs from the macro options on
			// the macro's thread) the command reads the options again and fails naming the key; a
			// failure here would end the macro with a stack trace instead.
			return Macro.getOptions() == null;
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
