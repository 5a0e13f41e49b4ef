package org.spectralcnn.io;

import java.nio.file.Path;

/**
 * A spectra file (or folder) that cannot be read as it stands. The message names the file, the
 * line and column where that is known, and what was expected there.
 */
public class SpectraFormatException extends Exception {

	private static final long serialVersionUID = 1L;

	private final Path file;
	private final int line;
	private final int column;
	private final String problem;

	/**
	 * @param file the file (or folder) being read
	 * @param line 1-based line, or 0 when the problem is not on one line
	 * @param column 1-based column (table column or character), or 0
	 * @param problem what is wrong and what was expected
	 */
	public SpectraFormatException(final Path file, final int line, final int column,
		final String problem)
	{
		this(file, line, column, null, problem);
	}

	/**
	 * For table cells: the message shows the column number and its header, e.g.
	 * {@code line 3, column 7 ('1104')}, so users find the cell in a spreadsheet either way.
	 *
	 * @param header the column's header, or null
	 */
	public SpectraFormatException(final Path file, final int line, final int column,
		final String header, final String problem)
	{
		super(compose(file, line, column, header, problem));
		this.file = file;
		this.line = line;
		this.column = column;
		this.problem = problem;
	}

	public SpectraFormatException(final Path file, final String problem, final Throwable cause) {
		super(compose(file, 0, 0, null, problem), cause);
		this.file = file;
		this.line = 0;
		this.column = 0;
		this.problem = problem;
	}

	private static String compose(final Path file, final int line, final int column,
		final String header, final String problem)
	{
		final StringBuilder sb = new StringBuilder(String.valueOf(file));
		if (line > 0) sb.append(", line ").append(line);
		if (column > 0) sb.append(", column ").append(column);
		if (column > 0 && header != null) sb.append(" ('").append(header).append("')");
		return sb.append(": ").append(problem).toString();
	}

	public Path file() {
		return file;
	}

	/** 1-based line, 0 when not known. */
	public int line() {
		return line;
	}

	/** 1-based column, 0 when not known. */
	public int column() {
		return column;
	}

	/** The message without the location. */
	public String problem() {
		return problem;
	}
}
