package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.spectralcnn.data.SpectralDataset;

/**
 * Spreadsheets ({@code .xls .xlsx .xlsm .ods}) are refused with advice to save them as CSV. No
 * {@link #extensions()}: a folder import skips them, as it skips notes and file lists.
 */
final class SpreadsheetRefusal implements SpectraReader {

	private static final List<String> SPREADSHEET = Arrays.asList("xls", "xlsx", "xlsm", "ods");

	@Override
	public String name() {
		return "spreadsheet (refused)";
	}

	@Override
	public List<String> extensions() {
		return Collections.emptyList();
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		return SPREADSHEET.contains(extension);
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		throw new SpectraFormatException(file, 0, 0, "spreadsheet ." + Datasets.extension(file) +
			" files are not read directly; save the sheet as CSV (comma or semicolon separated) and " +
			"open that");
	}
}
