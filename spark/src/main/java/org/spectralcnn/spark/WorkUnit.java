package org.spectralcnn.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraFormatException;
import org.spectralcnn.io.SpectraIO;

/**
 * One task's share of the input, and the unit of the output: its rows go to the output's
 * {@code unit=<key>} folders, which a re-run skips when they hold no error. Either a few whole
 * files (each read by the plugin's {@link SpectraIO}, as Predict with Model reads it), whole lines of an ENVI cube (the rows
 * of those lines in the whole cube's table), or rows
 * {@code [firstRow, firstRow + rows)} of one wide table: the header line and those lines' bytes,
 * read as a table of their own.
 */
public final class WorkUnit implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String key;
	private final List<String> files;
	private final long firstRow, byteStart, byteEnd;
	private final byte[] header;
	/** A cube tile's lines [fromLine, toLine); toLine 0 for anything else. */
	private final int fromLine, toLine;
	/** Rows [firstRow, firstRow + parquetRows) of a Parquet table; 0 for anything else. */
	private final long parquetRows;

	private WorkUnit(final List<String> files, final long firstRow, final long byteStart,
		final long byteEnd, final byte[] header, final int fromLine, final int toLine,
		final long parquetRows)
	{
		this.parquetRows = parquetRows;
		this.files = List.copyOf(files);
		this.firstRow = firstRow;
		this.byteStart = byteStart;
		this.byteEnd = byteEnd;
		this.header = header;
		this.fromLine = fromLine;
		this.toLine = toLine;
		this.key = "u" + hash(String.join("\n", files) + (header == null ? "" : "\n#rows " +
			firstRow + " " + byteStart + " " + byteEnd) + (toLine == 0 ? "" : "\n#lines " + fromLine +
				" " + toLine) + (parquetRows == 0 ? "" : "\n#parquet " + firstRow + " " + parquetRows));
	}

	/** Whole files, each read on its own. */
	static WorkUnit files(final List<String> files) {
		return new WorkUnit(files, 0, 0, 0, null, 0, 0, 0);
	}

	/**
	 * Lines {@code [fromLine, toLine)} of the ENVI cube of {@code header}; {@code firstPixel} is
	 * the tile's first pixel's index in the cube (line × samples).
	 */
	static WorkUnit cubeLines(final String header, final int fromLine, final int toLine,
		final long firstPixel)
	{
		return new WorkUnit(List.of(header), firstPixel, 0, 0, null, fromLine, toLine, 0);
	}

	/** Rows {@code [firstRow, firstRow + rows)} of a Parquet table ({@link ParquetTables}). */
	static WorkUnit parquetRows(final String file, final long firstRow, final long rows) {
		return new WorkUnit(List.of(file), firstRow, 0, 0, null, 0, 0, rows);
	}

	public boolean isCubeLines() {
		return toLine > 0;
	}

	/** Rows of a table: {@code header} (with its line end), then bytes [start, end) of the file. */
	static WorkUnit tableRows(final String file, final long firstRow, final byte[] header,
		final long start, final long end)
	{
		return new WorkUnit(List.of(file), firstRow, start, end, header, 0, 0, 0);
	}

	/** The output folder's name for this unit's rows: stable from run to run. */
	public String key() {
		return key;
	}

	public List<String> files() {
		return files;
	}

	public boolean isTableRows() {
		return header != null;
	}

	/**
	 * The row of the first spectrum in its file (0 for whole files; a cube tile's first pixel,
	 * which is its row in the cube's table unless ignored pixels come before it).
	 */
	public long firstRow() {
		return firstRow;
	}

	/** What {@link #read} reads, for messages. */
	public String describe(final String file) {
		if (isCubeLines()) return file + " (lines " + fromLine + "–" + (toLine - 1) + ")";
		if (parquetRows > 0) return file + " (rows " + firstRow + "–" + (firstRow + parquetRows - 1) +
			", from 0)";
		return isTableRows() ? file + " (rows from " + (firstRow + 1) + ", bytes " + byteStart + "–" +
			byteEnd + ")" : file;
	}

	/**
	 * The error row's text for a failure on {@code file}: where in the file, then the message,
	 * whose own file name (the readers start with it) is not repeated.
	 */
	public String failure(final String file, final Throwable e) {
		final String message = e.getMessage() == null ? e.toString() : e.getMessage();
		if (!message.startsWith(file)) return describe(file) + ": " + message;
		final String rest = message.substring(file.length()).replaceFirst("^[:,] *", "");
		return describe(file) + ": " + rest;
	}

	/** The spectra of {@code file} (one of {@link #files}) as the launcher reads them. */
	public SpectralDataset read(final String file) throws IOException, SpectraFormatException {
		if (isCubeLines()) return SpectraIO.openCubeLines(Paths.get(file), fromLine, toLine);
		if (parquetRows > 0) return ParquetTables.read(file, firstRow, parquetRows);
		if (!isTableRows()) return SpectraIO.open(Paths.get(file));
		final Path source = Paths.get(file);
		// same name (so the same reader takes it), own folder (tasks of one table side by side)
		final Path dir = Files.createTempDirectory("spectral-cnn-rows");
		final Path part = dir.resolve(source.getFileName().toString());
		try {
			try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ); FileChannel out =
				FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
			{
				out.write(ByteBuffer.wrap(header));
				long at = byteStart;
				while (at < byteEnd) {
					final long n = in.transferTo(at, byteEnd - at, out);
					if (n <= 0) throw new IOException(file + " is shorter than when the job was planned (" +
						at + " of " + byteEnd + " bytes): was it changed?");
					at += n;
				}
			}
			return SpectraIO.open(part);
		}
		catch (final SpectraFormatException e) {
			throw new SpectraFormatException(source, 0, 0, "rows from " + (firstRow + 1) +
				" (line numbers counted in that share, header = line 1): " + e.getMessage().replace(part
					.toString(), file));
		}
		finally {
			Files.deleteIfExists(part);
			Files.deleteIfExists(dir);
		}
	}

	static String hash(final String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
				StandardCharsets.UTF_8))).substring(0, 16);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
