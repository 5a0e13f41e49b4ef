package org.spectralcnn.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.spectralcnn.io.EnviCube;
import org.spectralcnn.io.SpectraFormatException;
import org.spectralcnn.io.SpectraIO;

/**
 * The driver's plan of an input: which {@link WorkUnit}s the tasks read. The files must be
 * readable at the same path on every executor (local mode, or a shared file system).
 * <ul>
 * <li>a glob ({@code data/*.spc}, {@code scans/**.opus}): its files, {@code files_per_task} to a
 * unit;</li>
 * <li>a folder: its spectra files (the extensions Import Spectra reads) and ENVI headers (an
 * ENVI cube or library each; their data files are left to them), not its sub-folders; a cube
 * is cut into tiles of whole lines, {@code pixels_per_task} pixels to a unit;</li>
 * <li>one wide table (CSV, TSV…, not gzipped): {@code rows_per_task} rows to a unit;</li>
 * <li>a Parquet table, or a folder of Parquet part files ({@link ParquetTables}):
 * {@code rows_per_task} rows of a file to a unit;</li>
 * <li>any other file: one unit.</li>
 * </ul>
 */
final class Inputs {

	/** Extensions of plain-text tables that can be cut into rows. */
	private static final List<String> TABLES = Arrays.asList("csv", "tsv", "tab", "txt", "dat");

	private Inputs() {}

	/** {@code pixels_per_task}'s default: a 1000 × 1000 scene in 16 tasks. */
	static final int PIXELS_PER_TASK = 65_536;

	static List<WorkUnit> plan(final String input, final int filesPerTask, final int rowsPerTask,
		final int pixelsPerTask) throws IOException
	{
		final List<Path> files = new ArrayList<>();
		if (input.indexOf('*') >= 0 || input.indexOf('?') >= 0 || input.indexOf('[') >= 0 || input
			.indexOf('{') >= 0) files.addAll(glob(input));
		else {
			final Path p = Paths.get(input).toAbsolutePath().normalize();
			if (!Files.exists(p)) throw new JobFailure("input: " + p + " does not exist");
			if (Files.isDirectory(p)) {
				// a folder of Parquet part files is one table
				final List<Path> parts = ParquetTables.parts(p);
				if (!parts.isEmpty() && folder(p).isEmpty()) return ParquetTables.plan(parts, rowsPerTask);
				files.addAll(folder(p));
			}
			else if (ParquetTables.isParquet(p)) return ParquetTables.plan(List.of(p), rowsPerTask);
			else {
				final List<WorkUnit> rows = tableRows(p, rowsPerTask);
				if (rows != null) return rows;
				files.add(p);
			}
		}
		if (files.isEmpty()) throw new JobFailure("input: no spectra files in " + input);
		final List<WorkUnit> units = new ArrayList<>();
		final List<String> group = new ArrayList<>();
		for (final Path f : files) {
			// a cube is tasks of its own: it holds as many spectra as thousands of files
			if (isHeader(f)) units.addAll(cubeTiles(f, pixelsPerTask));
			else {
				group.add(f.toString());
				if (group.size() == filesPerTask) {
					units.add(WorkUnit.files(group));
					group.clear();
				}
			}
		}
		if (!group.isEmpty()) units.add(WorkUnit.files(group));
		return units;
	}

	private static List<Path> glob(final String pattern) throws IOException {
		final Path abs = Paths.get(pattern.replace('*', '_').replace('?', '_').replace('[', '_')
			.replace('{', '_')).toAbsolutePath();
		// the folder above the first wildcard: walked; the whole pattern: matched
		Path base = abs;
		while (base != null && !Files.isDirectory(base)) base = base.getParent();
		if (base == null) throw new JobFailure("input: no folder of " + pattern + " exists");
		final String full = Paths.get(pattern).isAbsolute() ? pattern : Paths.get("").toAbsolutePath() +
			"/" + pattern;
		final PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + full);
		try (Stream<Path> s = Files.walk(base)) {
			return s.filter(Files::isRegularFile).filter(p -> m.matches(p.toAbsolutePath().normalize()))
				.sorted().toList();
		}
	}

	private static List<Path> folder(final Path dir) throws IOException {
		final List<String> ext = SpectraIO.extensions();
		try (Stream<Path> s = Files.list(dir)) {
			final List<Path> all = s.filter(Files::isRegularFile).filter(p -> !p.getFileName()
				.toString().startsWith(".")).sorted().toList();
			final List<Path> out = new ArrayList<>();
			for (final Path p : all) {
				if (isHeader(p)) out.add(p);
				else if (ext.contains(extension(p)) && !hasHeader(p)) out.add(p);
			}
			return out;
		}
	}

	/**
	 * An ENVI cube in tiles of whole lines, at least {@code pixelsPerTask} pixels each; a header
	 * that is not a cube's, or a cube of one tile, is one unit, read whole.
	 */
	static List<WorkUnit> cubeTiles(final Path header, final int pixelsPerTask) {
		final int samples, lines;
		try (EnviCube cube = EnviCube.open(header)) {
			samples = cube.samples();
			lines = cube.lines();
		}
		catch (final Exception e) {
			// a library, or a bad header: its task reads it whole and reports the reader's message
			return List.of(WorkUnit.files(List.of(header.toString())));
		}
		final long per = Math.max(1, (pixelsPerTask + (long) samples - 1) / samples);
		if (per >= lines) return List.of(WorkUnit.files(List.of(header.toString())));
		final List<WorkUnit> units = new ArrayList<>();
		for (long from = 0; from < lines; from += per)
			units.add(WorkUnit.cubeLines(header.toString(), (int) from, (int) Math.min(lines, from +
				per), from * samples));
		return units;
	}

	private static boolean isHeader(final Path p) {
		return extension(p).equals("hdr");
	}

	/** An ENVI data file: {@code a.hdr} or {@code a.img.hdr} beside {@code a.img}. */
	private static boolean hasHeader(final Path p) {
		final String name = p.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return Files.exists(p.resolveSibling(name + ".hdr")) || dot > 0 && Files.exists(p
			.resolveSibling(name.substring(0, dot) + ".hdr"));
	}

	private static String extension(final Path p) {
		final String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
		final int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot + 1);
	}

	/**
	 * A wide table cut into units of {@code rowsPerTask} rows, or null when the file is not one
	 * (a single spectrum as x,y columns, another format, gzip) or fits one unit.
	 */
	private static List<WorkUnit> tableRows(final Path file, final int rowsPerTask)
		throws IOException
	{
		if (!TABLES.contains(extension(file))) return null;
		final List<Long> starts = new ArrayList<>();
		long headerEnd = -1, at = 0, line = 0;
		final FirstFields ids = new FirstFields();
		// one pass over the bytes, a megabyte at a time: the driver's only look at the whole table
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] buffer = new byte[1 << 20];
			int n;
			while ((n = in.read(buffer)) > 0) {
				for (int i = 0; i < n; i++) {
					final byte b = buffer[i];
					if (b != '\n') {
						ids.add(b);
						continue;
					}
					ids.endLine();
					final long end = at + i + 1;
					if (headerEnd < 0) headerEnd = end;
					else if (++line % rowsPerTask == 0) starts.add(end);
				}
				at += n;
			}
			ids.endLine();
		}
		if (headerEnd < 0 || !isWideTable(file, headerEnd)) return null;
		// a share checks its own ids, but one id in two shares is only seen here: refused before
		// any task starts, one share or many
		if (ids.duplicate != null) throw new JobFailure("input: " + new SpectraFormatException(file,
			(int) ids.duplicateLine, 1, ids.idColumn, "sample id '" + ids.duplicate + "' appears twice (lines " +
				ids.firstLine + " and " + ids.duplicateLine + "); sample ids must be unique")
			.getMessage());
		if (starts.isEmpty()) return null;
		final byte[] header;
		try (InputStream in = Files.newInputStream(file)) {
			header = in.readNBytes((int) headerEnd);
		}
		final List<WorkUnit> units = new ArrayList<>();
		long from = headerEnd;
		starts.add(at);
		for (int k = 0; k < starts.size(); k++) {
			final long to = starts.get(k);
			if (to > from) units.add(WorkUnit.tableRows(file.toString(), (long) k * rowsPerTask, header, from, to));
			from = to;
		}
		return units;
	}

	/**
	 * The first field of each line (the sample id of a wide table), fed byte by byte, and the
	 * first id seen twice. The delimiter is {@code DelimitedText.sniff}'s, from the first line;
	 * a quoted id loses its quotes; blank lines are skipped. Keys are the raw bytes (as
	 * ISO-8859-1), so any encoding compares as the reader compares it.
	 */
	static final class FirstFields {

		private final Map<String, Long> lines = new HashMap<>();
		private byte[] field = new byte[64];
		private int length;
		private boolean ended, quoted, blankLine = true;
		private byte delimiter;
		private long line;
		private final ByteArrayOutputStream header = new ByteArrayOutputStream();
		String idColumn, duplicate;
		long firstLine, duplicateLine;

		void add(final byte b) {
			// a header past 16 MB is not a table's: sniffed from its start
			if (line == 0) {
				if (header.size() < 1 << 24) header.write(b);
			}
			else collect(b);
		}

		private void collect(final byte b) {
			if (b != ' ' && b != '\t' && b != '\r') blankLine = false;
			if (ended) return;
			if (b == '"') quoted = !quoted;
			else if (!quoted && b == '\r') {
				ended = true;
				return;
			}
			else if (!quoted && (delimiter == ' ' ? b == ' ' || b == '\t' : b == delimiter)) {
				// blanks before a blank-delimited id are not its end
				ended = delimiter != ' ' || length > 0;
				return;
			}
			if (length == field.length) field = Arrays.copyOf(field, 2 * length);
			field[length++] = b;
		}

		void endLine() {
			line++;
			if (line == 1) {
				final byte[] first = header.toByteArray();
				delimiter = sniff(first);
				for (final byte b : first) collect(b);
				final String name = text();
				idColumn = name.isEmpty() ? "id" : new String(name.getBytes(
					StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
			}
			else if (!blankLine && duplicate == null) {
				final String id = text();
				final Long before = id.isEmpty() ? null : lines.putIfAbsent(id, line);
				if (before != null) {
					duplicate = new String(id.getBytes(StandardCharsets.ISO_8859_1),
						StandardCharsets.UTF_8);
					firstLine = before;
					duplicateLine = line;
				}
			}
			length = 0;
			ended = quoted = false;
			blankLine = true;
		}

		/** The field as the reader gives it: trimmed, unquoted, {@code ""} read as a quote. */
		private String text() {
			String s = new String(field, 0, length, StandardCharsets.ISO_8859_1).strip();
			if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s
				.length() - 1).replace("\"\"", "\"");
			return s;
		}

		/** {@code DelimitedText.sniff}'s rule: the most frequent of tab, ; and , outside quotes. */
		private static byte sniff(final byte[] first) {
			int commas = 0, tabs = 0, semicolons = 0;
			boolean quoted = false;
			for (final byte ch : first) {
				if (ch == '"') quoted = !quoted;
				else if (!quoted) {
					if (ch == ',') commas++;
					else if (ch == '\t') tabs++;
					else if (ch == ';') semicolons++;
				}
			}
			if (tabs > 0 && tabs >= semicolons && tabs >= commas) return '\t';
			if (semicolons > 0 && semicolons >= commas) return ';';
			if (commas > 0) return ',';
			return ' ';
		}
	}

	/** Whether the header and the first two rows read as a table of two spectra. */
	private static boolean isWideTable(final Path file, final long headerEnd) throws IOException {
		final Path dir = Files.createTempDirectory("spectral-cnn-probe");
		final Path probe = dir.resolve(file.getFileName());
		try {
			final List<String> lines = new ArrayList<>();
			try (Stream<String> s = Files.lines(file)) {
				s.limit(3).forEach(lines::add);
			}
			Files.write(probe, lines);
			return SpectraIO.open(probe).size() == 2;
		}
		catch (final Exception e) {
			return false;
		}
		finally {
			Files.deleteIfExists(probe);
			Files.deleteIfExists(dir);
		}
	}
}
