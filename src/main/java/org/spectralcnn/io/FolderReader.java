package org.spectralcnn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.spectralcnn.data.Resampling;
import org.spectralcnn.data.SpectralDataset;

/**
 * A folder of spectra files (typically one spectrum per file, as instruments save them) as one
 * dataset: the files' samples in file-name order (plain string order, so number names with
 * leading zeros), all on the first file's axis (same grid within
 * {@link org.spectralcnn.data.SpectralAxis#sameGrid}), with the numeric and text columns that
 * every file has (live time, …).
 * <p>
 * Files taken: those with an extension of a registered format ({@link SpectraReaders}, optionally
 * {@code .gz}), including the refused binary {@code .spc}/{@code .cnf}/{@code .chn}, which then
 * fail with their "not supported" message rather than go missing silently; each file is read by
 * the format its content says ({@link SpectraIO}), so a folder may mix formats.
 * <p>
 * Files on another grid than the first are listed (all of them) in the error; with
 * {@link ReadOptions#folderResampling()} they are put on the first file's grid instead.
 * <p>
 * Skipped: hidden files (names starting with {@code .}, e.g. unfinished atomic writes),
 * sub-folders, and other extensions: notably
 * {@code .txt} and {@code .md}, which in instrument folders are file lists and notes (the PIXL
 * puck folder has one) — open a {@code .txt} spectrum on its own.
 */
final class FolderReader {

	/** Extensions of the files a folder import reads: every format's, except {@code .txt}. */
	static final Set<String> EXTENSIONS = extensions();

	private static Set<String> extensions() {
		final Set<String> all = new TreeSet<>();
		for (final SpectraReader r : SpectraReaders.all()) all.addAll(r.extensions());
		all.remove("txt"); // notes and file lists in instrument folders
		return Collections.unmodifiableSet(all);
	}

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
		final List<String> differ = new ArrayList<>();
		int firstDiffer = -1;
		for (final Path file : files) {
			SpectralDataset d = SpectraIO.openFile(file, options);
			if (!parts.isEmpty() && !d.axis().sameGrid(parts.get(0).axis())) {
				if (options.folderResampling()) d = resampled(file, d, parts.get(0), files.get(0));
				else {
					if (differ.isEmpty()) firstDiffer = parts.size();
					differ.add(file.getFileName().toString());
				}
			}
			parts.add(d);
		}
		if (!differ.isEmpty()) {
			final SpectralDataset first = parts.get(0), other = parts.get(firstDiffer);
			String theirs = other.axis().describe(), ours = first.axis().describe();
			if (theirs.equals(ours)) { // grids that differ below the rounding of describe()
				theirs = exactly(other.axis());
				ours = exactly(first.axis());
			}
			throw new SpectraFormatException(files.get(firstDiffer), 0, 0, "on another axis (" + theirs +
				") than " + files.get(0).getFileName() + " (" + ours +
				"); all files of a folder must share one axis; " + differ.size() + " of " +
				files.size() + " files differ: " + abbreviate(differ) +
				" (Import Spectra with resample=true puts them on " + files.get(0).getFileName() +
				"'s grid)");
		}
		return Datasets.concat(folder, parts, files);
	}

	private static SpectralDataset resampled(final Path file, final SpectralDataset d,
		final SpectralDataset first, final Path firstFile) throws SpectraFormatException
	{
		try {
			return Resampling.onto(d, first.axis());
		}
		catch (final IllegalArgumentException e) {
			throw new SpectraFormatException(file, 0, 0, "cannot resample onto the grid of " + firstFile
				.getFileName() + " (" + first.axis().describe() + "): " + e.getMessage());
		}
	}

	/** First and last value to the last digit, for grids that print alike. */
	private static String exactly(final org.spectralcnn.data.SpectralAxis axis) {
		return axis.first() + "–" + axis.last() + " " + axis.unit().symbol() + ", " + axis.size() +
			" points";
	}

	/** The first 10 names and how many more: a folder of 1,000 files must not give a page. */
	private static String abbreviate(final List<String> names) {
		if (names.size() <= 10) return String.join(", ", names);
		return String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
	}

	private static boolean isSpectrumFile(final Path file) {
		final String name = file.getFileName().toString();
		final String ext = Datasets.extension(file);
		return !name.startsWith(".") && Files.isRegularFile(file) && (EXTENSIONS.contains(ext) ||
			OpusReader.isOpusExtension(ext)); // OPUS numbers its files: .0, .1, … .12, .0001
	}
}
