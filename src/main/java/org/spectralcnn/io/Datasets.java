package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.spectralcnn.data.MemoryLimits;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/** Building blocks shared by the readers: one-spectrum datasets, file stems, concatenation. */
final class Datasets {

	private Datasets() {}

	/** The file name without {@code .gz} and without its extension: the id of its spectrum. */
	static String stem(final Path file) {
		String name = file.getFileName().toString();
		if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) name = name.substring(0, name.length() -
			3);
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/** The extension after {@link #stem}, lower case, or "". */
	static String extension(final Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(dot + 1) : "";
	}

	/** A dataset of the one spectrum in {@code file}, id = {@link #stem}. */
	static SpectralDataset.Builder single(final Path file, final SpectralAxis axis,
		final float[] spectrum)
	{
		return SpectralDataset.builder(file.getFileName().toString(), axis, new String[] { stem(
			file) }, spectrum);
	}

	/** A one-value numeric column, skipped when the value is absent (NaN). */
	static void numeric(final SpectralDataset.Builder b, final String column, final double value) {
		if (!Double.isNaN(value)) b.numeric(column, new double[] { value });
	}

	/** A one-value text column, skipped when the value is absent (null). */
	static void text(final SpectralDataset.Builder b, final String column, final String value) {
		if (value != null) b.text(column, new String[] { value });
	}

	/**
	 * The samples of all parts in order, on the first part's axis (the caller checked that all
	 * share it). Numeric and text columns are kept where every part has them, with the same kind.
	 *
	 * @param sources the file of each part, to name both files of a repeated id
	 */
	static SpectralDataset concat(final Path folder, final List<SpectralDataset> parts,
		final List<Path> sources) throws SpectraFormatException
	{
		final SpectralDataset first = parts.get(0);
		final int p = first.points();
		long total = 0;
		for (final SpectralDataset d : parts) total += d.size();
		final String tooLarge = MemoryLimits.tooLarge(total * p, Float.BYTES, total + " spectra × " +
			p + " points");
		if (tooLarge != null) throw new SpectraFormatException(folder, 0, 0, tooLarge);
		final int n = (int) total;
		final String[] ids = new String[n];
		final float[] spectra = new float[n * p];
		final Map<String, Integer> owner = new HashMap<>();
		int row = 0;
		for (int k = 0; k < parts.size(); k++) {
			final SpectralDataset d = parts.get(k);
			System.arraycopy(d.data(), 0, spectra, row * p, d.size() * p);
			for (int i = 0; i < d.size(); i++, row++) {
				ids[row] = d.id(i);
				final Integer before = owner.put(ids[row], k);
				if (before != null) throw new SpectraFormatException(sources.get(k), 0, 0,
					"sample id '" + ids[row] + "' is already used by " + sources.get(before)
						.getFileName() + "; sample ids must be unique across the folder");
			}
		}
		final SpectralDataset.Builder b = SpectralDataset.builder(folder.getFileName().toString(),
			first.axis(), ids, spectra).idColumn(first.idColumn());
		for (final String column : first.columnNames()) {
			final boolean numeric = first.hasNumericColumn(column);
			boolean everywhere = true;
			for (final SpectralDataset d : parts)
				everywhere &= numeric ? d.hasNumericColumn(column) : d.isTextColumn(column);
			if (!everywhere) continue;
			if (numeric) {
				final double[] v = new double[n];
				int r = 0;
				for (final SpectralDataset d : parts) {
					final double[] part = d.column(column);
					System.arraycopy(part, 0, v, r, part.length);
					r += part.length;
				}
				b.numeric(column, v);
			}
			else {
				final String[] v = new String[n];
				int r = 0;
				for (final SpectralDataset d : parts) {
					final String[] part = d.textColumn(column);
					System.arraycopy(part, 0, v, r, part.length);
					r += part.length;
				}
				b.text(column, v);
			}
		}
		return b.build();
	}
}
