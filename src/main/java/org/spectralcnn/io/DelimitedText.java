package org.spectralcnn.io;

import java.util.Arrays;
import org.spectralcnn.data.MissingValues;

/**
 * The one tokenizer of delimited text (CSV, TSV, {@code ;}-separated, blank-separated), shared
 * by the wide and the long table readers. It walks the decoded {@code char[]} once per record and
 * only records where each cell starts and ends, so numbers are parsed in place by
 * {@link Decimals} and strings are made only for cells that are text.
 * <p>
 * Cells may be quoted ({@code "a, b"} with {@code ""} for a quote, line breaks allowed inside);
 * unquoted cells are trimmed of blanks. Blank lines are skipped. Line numbers count physical
 * lines ({@code \n}, {@code \r\n} or {@code \r}), as editors show them.
 */
final class DelimitedText {

	/** Delimiter value meaning: runs of blanks (spaces or tabs). */
	static final char BLANKS = ' ';

	private static final byte PLAIN = 0, QUOTED = 1, ESCAPED = 2;

	private final TextSource source;
	private final char[] c;
	private final int n;
	final char delimiter;
	/** Whether {@code 0,5} is a number: in {@code ;}- and tab-separated files. */
	final boolean decimalComma;

	private int pos;
	private int line = 1;

	/** The current record: its first line, its number of cells and where it lies in the text. */
	int recordLine;
	int cells;
	int recordStart, recordEnd;
	private int[] starts = new int[64];
	private int[] ends = new int[64];
	private byte[] kinds = new byte[64];

	DelimitedText(final TextSource source, final char delimiter) {
		this.source = source;
		this.c = source.chars;
		this.n = source.length;
		this.delimiter = delimiter;
		this.decimalComma = delimiter == ';' || delimiter == '\t';
	}

	/**
	 * The delimiter of a table from its first non-blank line: the most frequent of tab, {@code ;}
	 * and {@code ,} outside quotes (ties in that order, since {@code ;} files often hold decimal
	 * commas), else blanks between words, else {@code ,} (a single column).
	 */
	static char sniff(final TextSource source) {
		final TextSource.Lines lines = source.lines();
		while (lines.next()) {
			if (lines.isBlank()) continue;
			int commas = 0, tabs = 0, semicolons = 0, blanks = 0;
			boolean quoted = false;
			for (int i = lines.start; i < lines.end; i++) {
				final char ch = source.chars[i];
				if (ch == '"') quoted = !quoted;
				else if (!quoted) {
					if (ch == ',') commas++;
					else if (ch == '\t') tabs++;
					else if (ch == ';') semicolons++;
					else if (ch == ' ') blanks++;
				}
			}
			if (tabs > 0 && tabs >= semicolons && tabs >= commas) return '\t';
			if (semicolons > 0 && semicolons >= commas) return ';';
			if (commas > 0) return ',';
			return blanks > 0 && lines.text().trim().indexOf(' ') > 0 ? BLANKS : ',';
		}
		return ',';
	}

	/** The path of the file, for messages. */
	TextSource source() {
		return source;
	}

	/**
	 * Reads the next non-blank record.
	 *
	 * @return false at the end of the text
	 */
	boolean next() throws SpectraFormatException {
		skipBlankLines();
		if (pos >= n) return false;
		recordLine = line;
		recordStart = pos;
		cells = 0;
		int i = pos;
		while (true) {
			while (i < n && isBlank(c[i]) && (delimiter == BLANKS || c[i] != delimiter)) i++;
			if (i < n && c[i] == '"') i = quotedCell(i);
			else {
				final int start = i;
				if (delimiter == BLANKS) while (i < n && !isBlank(c[i]) && !isLineBreak(c[i])) i++;
				else while (i < n && c[i] != delimiter && !isLineBreak(c[i])) i++;
				int end = i;
				while (end > start && isBlank(c[end - 1])) end--;
				add(start, end, PLAIN);
			}
			if (delimiter == BLANKS) {
				while (i < n && isBlank(c[i])) i++;
				if (i < n && !isLineBreak(c[i])) continue;
			}
			else if (i < n && c[i] == delimiter) {
				i++;
				continue;
			}
			break;
		}
		recordEnd = i;
		pos = skipLineBreak(i);
		return true;
	}

	/** Reads {@code "…"} starting at the quote; returns the index after it and trailing blanks. */
	private int quotedCell(final int quote) throws SpectraFormatException {
		final int openLine = line;
		boolean escaped = false;
		int q = quote + 1;
		while (true) {
			if (q >= n) throw new SpectraFormatException(source.file, openLine, cells + 1,
				"the quote opened here is never closed; quoted cells end with \" (write \"\" for a " +
					"quote inside)");
			final char ch = c[q];
			if (ch == '"') {
				if (q + 1 < n && c[q + 1] == '"') {
					escaped = true;
					q += 2;
					continue;
				}
				break;
			}
			if (ch == '\n' || ch == '\r' && (q + 1 >= n || c[q + 1] != '\n')) line++;
			q++;
		}
		add(quote + 1, q, escaped ? ESCAPED : QUOTED);
		int i = q + 1;
		while (i < n && isBlank(c[i]) && c[i] != delimiter) i++;
		if (i < n && c[i] != delimiter && !isLineBreak(c[i])) throw new SpectraFormatException(
			source.file, line, cells, "unexpected text after the closing quote of a quoted cell; " +
				"a quote inside a quoted cell is written \"\"");
		return i;
	}

	private void add(final int start, final int end, final byte kind) {
		if (cells == starts.length) {
			starts = Arrays.copyOf(starts, cells * 2);
			ends = Arrays.copyOf(ends, cells * 2);
			kinds = Arrays.copyOf(kinds, cells * 2);
		}
		starts[cells] = start;
		ends[cells] = end;
		kinds[cells] = kind;
		cells++;
	}

	private void skipBlankLines() {
		while (pos < n) {
			int i = pos;
			while (i < n && isBlank(c[i])) i++;
			if (i < n && !isLineBreak(c[i])) return;
			pos = skipLineBreak(i);
		}
	}

	private int skipLineBreak(int i) {
		if (i >= n) return n;
		if (c[i] == '\r') i++;
		if (i < n && c[i] == '\n') i++;
		line++;
		return i;
	}

	private static boolean isBlank(final char ch) {
		return ch == ' ' || ch == '\t';
	}

	private static boolean isLineBreak(final char ch) {
		return ch == '\n' || ch == '\r';
	}

	/** The cell's text: unquoted, {@code ""} unescaped. */
	String text(final int cell) {
		final String s = new String(c, starts[cell], ends[cell] - starts[cell]);
		return kinds[cell] == ESCAPED ? s.replace("\"\"", "\"") : s;
	}

	boolean isEmpty(final int cell) {
		return starts[cell] == ends[cell];
	}

	/** The cell as a number (see {@link Decimals#parse}), NaN if it is none. */
	double number(final int cell) {
		if (kinds[cell] == ESCAPED) return Double.NaN;
		return Decimals.parse(c, starts[cell], ends[cell], decimalComma);
	}

	/** True for the cell of the current record that is empty or a missing-value token. */
	boolean isMissing(final int cell) {
		return isEmpty(cell) || isMissingToken(c, starts[cell], ends[cell]);
	}

	/** Whether the raw text of the current record contains this character. */
	boolean recordContains(final char ch) {
		for (int i = recordStart; i < recordEnd; i++)
			if (c[i] == ch) return true;
		return false;
	}

	/** A missing value as {@link MissingValues} spells them. */
	static boolean isMissingToken(final String s) {
		final char[] chars = s.toCharArray();
		return isMissingToken(chars, 0, chars.length);
	}

	private static boolean isMissingToken(final char[] chars, int start, int end) {
		while (start < end && isBlank(chars[start])) start++;
		while (end > start && isBlank(chars[end - 1])) end--;
		final int len = end - start;
		if (len == 0) return true;
		// the spellings are MissingValues'; only their lengths (2, 3) are checked here, per cell
		return len >= 2 && len <= 3 && MissingValues.isMissing(new String(chars, start, len));
	}

	/** A description of the delimiter for messages. */
	String delimiterName() {
		switch (delimiter) {
			case '\t':
				return "tab";
			case BLANKS:
				return "blanks";
			default:
				return "'" + delimiter + "'";
		}
	}
}
