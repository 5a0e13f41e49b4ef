package org.spectralcnn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.spectralcnn.data.SpectralDataset;

/**
 * A folder of spectra files (typically one spectrum per file, as instruments save them) as one
 * dataset: the files' samples in file-name order (plain string order, so number names with
 * leading zeros), all on the first file's axis (same grid within
 * {@link org.spectralcnn.data.SpectralAxis#sameGrid}), with the numeric and text columns that
 * every file has (live time, …).
 * <p>
 * Files taken: those with a spectra extension ({@link #EXTENSIONS}, optionally {@code .gz}),
 * including the binary {@code .spc}/{@code .cnf}/{@code .chn}, which then fail with their
 * "not supported" message rather than go missing silently. Skipped: hidden files (names starting
 * with {@code .}, e.g. unfinished atomic writes), sub-folders, and other extensions: notably
 * {@code .txt} and {@code .md}, which in instrument folders are file lists and notes (the PIXL
 * puck folder has one) — open a {@code .txt} spectrum on its own.
 */
final class FolderReader {

	/** Extensions of the files a folder import reads. */
	static final Set<String> EXTENSIONS = Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(
		"csv", "tsv", "tab", "dat", "xy", "msa", "emsa", "mas", "spe", "xml", "spc", "cnf", "chn")));

	private FolderReader() {}

	static SpectralDataset read(final Path folder, final ReadOptions options)
		throws IOException, SpectraFormatException
	{
		final List<Path> files;
		try (Stream<Path> list = Files.list(folder)) {
			files = list.filter(FolderReader::isSpectrumFile).sorted((a, b) -> a.getFileName()
				.toString().compareTo(b.getFileName().toString())).collect(Collectors.toList());
		}
		if (files.isEmpty()) throw new SpectraFormatException(folder, 0, 0,
			"no spectra files in the folder; a folder import reads files ending in ." + String.join(
				", .", EXTENSIONS) + " (optionally .gz)");
		final List<SpectralDataset> parts = new ArrayList<>(files.size());
		for (final Path file : files) {
			final SpectralDataset d = SpectraIO.openFile(file, options);
			if (!parts.isEmpty()) {
				final SpectralDataset first = parts.get(0);
				if (!d.axis().sameGrid(first.axis())) throw new SpectraFormatException(file, 0, 0,
					"on another axis (" + d.axis().describe() + ") than " + files.get(0).getFileName() +
						" (" + first.axis().describe() + "); all files of a folder must share one axis");
			}
			parts.add(d);
		}
		return Datasets.concat(folder, parts, files);
	}

	private static boolean isSpectrumFile(final Path file) {
		final String name = file.getFileName().toString();
		return !name.startsWith(".") && Files.isRegularFile(file) && EXTENSIONS.contains(Datasets
			.extension(file));
	}
}
