package org.spectralcnn.spark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraFormatException;
import org.spectralcnn.io.SpectraIO;

/**
 * Wide Parquet tables, as Spark or pandas write a spectral library ({@code df.to_parquet}): one
 * row per sample, an id column ({@code id} or {@code sample_id}, else the first string column)
 * and one numeric column per wavelength named by it ({@code "400"}, {@code "405"}, … as in our
 * CSV tables); other columns (targets, flags) are kept as the CSV reader keeps them. A task
 * reads only the row groups that hold its rows and hands them to the plugin's table reader as
 * the CSV text of those rows (values printed exactly), so axis, ids, and errors (non-numeric
 * wavelength cells, NaN, missing ids, ids twice) are the CSV route's; the driver reads the id
 * column of every file once and refuses an id seen twice anywhere in the table. Array (long) layouts are
 * refused with a message naming the column.
 */
final class ParquetTables {

	private ParquetTables() {}

	static boolean isParquet(final Path p) {
		return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
	}

	/** The Parquet part files of a folder (Spark's {@code part-*.parquet}), or empty. */
	static List<Path> parts(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(
				".") && !p.getFileName().toString().startsWith("_") && isParquet(p)).sorted().toList();
		}
	}

	/** Units of {@code rowsPerTask} rows of each file. */
	static List<WorkUnit> plan(final List<Path> files, final int rowsPerTask) throws IOException {
		final List<WorkUnit> units = new ArrayList<>();
		// id → where it was first seen: a share checks its own ids, the whole table only here
		final Map<String, String> seen = new HashMap<>();
		for (final Path f : files) {
			final long rows;
			try (ParquetFileReader r = open(f)) {
				rows = r.getRecordCount();
				checkIds(f, r, seen);
			}
			catch (final SpectraFormatException e) {
				throw new JobFailure("input: " + e.getMessage());
			}
			catch (final IOException | RuntimeException e) {
				throw new JobFailure("input: " + f + " is not a readable Parquet file: " + e.getMessage(),
					e);
			}
			for (long from = 0; from < rows; from += rowsPerTask)
				units.add(WorkUnit.parquetRows(f.toString(), from, Math.min(rowsPerTask, rows - from)));
		}
		return units;
	}

	/** Reads only the id column of {@code f}; refuses an id seen before in the table. */
	private static void checkIds(final Path f, final ParquetFileReader r,
		final Map<String, String> seen) throws IOException, SpectraFormatException
	{
		final MessageType schema = r.getFooter().getFileMetaData().getSchema();
		final int id = idColumn(f, schema.getFields());
		final MessageType ids = new MessageType(schema.getName(), schema.getFields().get(id));
		r.setRequestedSchema(ids);
		long at = 0;
		PageReadStore pages;
		while ((pages = r.readNextRowGroup()) != null) {
			final RecordReader<Group> rows = new ColumnIOFactory().getColumnIO(ids).getRecordReader(
				pages, new GroupRecordConverter(ids));
			for (long i = 0; i < pages.getRowCount(); i++, at++) {
				final Group g = rows.read();
				if (g.getFieldRepetitionCount(0) == 0) continue; // the task's reader names it
				final String v = g.getValueToString(0, 0).strip();
				final String here = f + " row " + at;
				final String before = seen.putIfAbsent(v, here);
				if (before != null) throw new SpectraFormatException(f, 0, 0, "sample id '" + v +
					"' appears twice (" + before + " and " + here + ", rows from 0); sample ids must be " +
					"unique");
			}
		}
	}

	private static ParquetFileReader open(final Path f) throws IOException {
		return ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()),
			new Configuration()));
	}

	/** Rows {@code [from, from + count)} of {@code file}, read as the CSV table of those rows. */
	static SpectralDataset read(final String file, final long from, final long count)
		throws IOException, SpectraFormatException
	{
		final Path source = Path.of(file);
		final Path dir = Files.createTempDirectory("spectral-cnn-parquet");
		final Path csv = dir.resolve(source.getFileName().toString().replaceAll("(?i)\\.parquet$", "")
			+ ".csv");
		try (ParquetFileReader r = open(source)) {
			final MessageType schema = r.getFooter().getFileMetaData().getSchema();
			final List<Type> fields = schema.getFields();
			final int id = idColumn(source, fields);
			try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
				w.write(cell(fields.get(id).getName()));
				for (int k = 0; k < fields.size(); k++)
					if (k != id) w.write("," + cell(fields.get(k).getName()));
				w.write('\n');
				long at = 0;
				for (final BlockMetaData block : r.getRowGroups()) {
					final long n = block.getRowCount();
					if (at + n <= from || at >= from + count) {
						r.skipNextRowGroup();
						at += n;
						continue;
					}
					final PageReadStore pages = r.readNextRowGroup();
					final RecordReader<Group> rows = new ColumnIOFactory().getColumnIO(schema)
						.getRecordReader(pages, new GroupRecordConverter(schema));
					for (long i = 0; i < n; i++, at++) {
						final Group g = rows.read();
						if (at < from || at >= from + count) continue;
						w.write(value(g, id, fields.get(id)));
						for (int k = 0; k < fields.size(); k++)
							if (k != id) w.write("," + value(g, k, fields.get(k)));
						w.write('\n');
					}
				}
			}
			return SpectraIO.open(csv);
		}
		catch (final SpectraFormatException e) {
			// line L of the CSV is row from + L - 2 of the file
			final int line = e.line();
			throw new SpectraFormatException(source, 0, 0, (line > 1 ? "row " + (from + line - 2) +
				" (from 0)" : "the header") + (e.column() > 0 ? ", column '" + header(csv, e.column()) +
					"'" : "") + ": " + e.problem());
		}
		finally {
			Files.deleteIfExists(csv);
			Files.deleteIfExists(dir);
		}
	}

	private static String header(final Path csv, final int column) {
		try (Stream<String> s = Files.lines(csv)) {
			final String[] names = s.findFirst().orElse("").split(",", -1);
			return column <= names.length ? names[column - 1].replace("\"", "") : "?";
		}
		catch (final IOException e) {
			return "?";
		}
	}

	/** {@code id} or {@code sample_id}, else the first string column. */
	private static int idColumn(final Path file, final List<Type> fields)
		throws SpectraFormatException
	{
		int firstText = -1;
		for (int k = 0; k < fields.size(); k++) {
			final Type t = fields.get(k);
			if (!t.isPrimitive()) throw new SpectraFormatException(file, 0, k + 1, t.getName(),
				"a nested or array column; a Parquet table needs one numeric column per wavelength " +
					"(named by it, e.g. '400') and an id column");
			final String name = t.getName().toLowerCase(Locale.ROOT);
			if (name.equals("id") || name.equals("sample_id")) return k;
			if (firstText < 0 && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY)
				firstText = k;
		}
		if (firstText < 0) throw new SpectraFormatException(file, 0, 0, "no id column: name it 'id' " +
			"or 'sample_id', or make it the first string column");
		return firstText;
	}

	/** A cell as CSV text: numbers exactly (a float as the double it is), null empty. */
	private static String value(final Group g, final int k, final Type t) {
		if (g.getFieldRepetitionCount(k) == 0) return "";
		switch (t.asPrimitiveType().getPrimitiveTypeName()) {
			case DOUBLE:
				return Double.toString(g.getDouble(k, 0));
			case FLOAT:
				return Double.toString(g.getFloat(k, 0));
			case INT32:
				return Integer.toString(g.getInteger(k, 0));
			case INT64:
				return Long.toString(g.getLong(k, 0));
			case BOOLEAN:
				return g.getBoolean(k, 0) ? "1" : "0";
			default:
				return cell(g.getValueToString(k, 0));
		}
	}

	private static String cell(final String s) {
		return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 ? "\"" + s.replace(
			"\"", "\"\"") + "\"" : s;
	}
}
