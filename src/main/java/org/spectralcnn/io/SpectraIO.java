package org.spectralcnn.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.spectralcnn.data.SpectralDataset;

/**
 * Opens spectra files and folders as a {@link SpectralDataset}. The reader is chosen by content
 * first ({@code #FORMAT} → EMSA/MAS, {@code $SPEC_ID} → ORTEC .spe, {@code <} → XML), then by
 * extension; gzip is recognised by its magic bytes ({@code .csv.gz} or not).
 * <ul>
 * <li><b>Wide tables</b> ({@code .csv .tsv .tab .txt .dat}; {@code ,} tab {@code ;} or blanks,
 * sniffed from the first line): first column the sample id, columns with a numeric header the
 * spectrum, other columns numeric targets (empty/{@code NA}/{@code NaN} = missing) or text. In
 * {@code ;}- and tab-separated files {@code 0,123} is read as 0.123. The unit of the axis is
 * inferred from the header values as {@link AxisUnits#infer} documents: channel (0 or 1, step
 * 1), else cm^-1 (decreasing, or within 100–15000 reaching above 3000), else nm (within
 * 100–3000), else channel; {@link ReadOptions#withUnit} overrides (keV cannot be inferred).</li>
 * <li><b>Long tables</b> (one spectrum down the rows: {@code x,y} or
 * {@code channel,energy,counts}): see {@link LongTableReader}.</li>
 * <li><b>EMSA/MAS</b> {@code .msa} (XRF, EDS): see {@link MsaReader}.</li>
 * <li><b>ORTEC ASCII</b> {@code .spe} (gamma): see {@link SpeReader}. Binary {@code .spc},
 * {@code .chn} and Canberra {@code .cnf} are refused with a message.</li>
 * <li><b>RadiaCode XML</b> (gamma): see {@link RadiaCodeXmlReader}.</li>
 * <li><b>Folders</b> of such files: see {@link FolderReader}.</li>
 * </ul>
 * Text is decoded strictly in UTF-8 (or {@link ReadOptions#withEncoding}); a byte-order mark is
 * honoured and skipped. Everything wrong with the content is a {@link SpectraFormatException}
 * naming file, line, column and what was expected; {@link IOException} means the file could not
 * be read at all.
 */
public final class SpectraIO {

	private enum Format {
		TABLE, MSA, SPE, XML
	}

	private static final List<String> TABLE = Arrays.asList("csv", "tsv", "tab", "txt", "dat",
		"xy");
	private static final List<String> MSA = Arrays.asList("msa", "emsa", "mas");
	private static final List<String> BINARY = Arrays.asList("spc", "chn", "cnf");
	private static final String[] DESCRIPTIONS = { "a table", "an EMSA/MAS (.msa) spectrum",
		"an ORTEC ASCII .spe spectrum", "an XML spectrum" };
	private static final List<String> SPREADSHEET = Arrays.asList("xls", "xlsx", "xlsm", "ods");

	private SpectraIO() {}

	/** Opens with {@link ReadOptions#defaults()}. */
	public static SpectralDataset open(final Path path) throws IOException,
		SpectraFormatException
	{
		return open(path, ReadOptions.defaults());
	}

	/**
	 * Opens a spectra file or a folder of them.
	 *
	 * @throws SpectraFormatException for content that cannot be read as spectra, naming where
	 * @throws IOException if the file cannot be read (missing, no permission, …)
	 */
	public static SpectralDataset open(final Path path, final ReadOptions options)
		throws IOException, SpectraFormatException
	{
		if (Files.isDirectory(path)) return FolderReader.read(path, options);
		return openFile(path, options);
	}

	/** The file extensions {@link #open} reads (without {@code .gz}), for file dialogs. */
	public static List<String> extensions() {
		return Collections.unmodifiableList(Arrays.asList("csv", "tsv", "tab", "txt", "dat", "xy",
			"msa", "emsa", "mas", "spe", "xml", "gz"));
	}

	static SpectralDataset openFile(final Path file, final ReadOptions options)
		throws IOException, SpectraFormatException
	{
		final String ext = Datasets.extension(file);
		if (BINARY.contains(ext)) throw new SpectraFormatException(file, 0, 0, "binary ." + ext +
			" spectra (" + (ext.equals("cnf") ? "Canberra CNF" : "ORTEC ." + ext) + ") are not " +
			"supported; export the spectrum as ORTEC ASCII .spe or CSV from the acquisition software");
		if (SPREADSHEET.contains(ext)) throw new SpectraFormatException(file, 0, 0, "spreadsheet ." +
			ext + " files are not read directly; save the sheet as CSV (comma or semicolon " +
			"separated) and open that");
		final byte[] bytes = TextSource.readBytes(file);
		if (bytes.length == 0) throw new SpectraFormatException(file, 0, 0,
			"empty file: expected a header line or a spectrum");
		final Format byExtension = byExtension(ext);
		final boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] &
			0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf;
		final String start = new String(bytes, bom ? 3 : 0, Math.min(bytes.length, 256) - (bom ? 3
			: 0), StandardCharsets.ISO_8859_1);
		if (byExtension == null && bySignature(firstLine(start), null) == null) throw new SpectraFormatException(file, 0, 0,
			"unknown file type" + (ext.isEmpty() ? " (no extension)" : " '." + ext + "'") +
				"; spectra files end in ." + String.join(", .", extensions()));
		if (TextSource.looksBinary(bytes)) throw new SpectraFormatException(file, 0, 0,
			"binary file: not a text spectra format (CSV, .msa, ASCII .spe, RadiaCode XML)");
		final TextSource source = TextSource.decode(file, bytes, options.encoding());
		if (source.isBlank()) throw new SpectraFormatException(file, 0, 0,
			"empty file: expected a header line or a spectrum");
		final Format signature = bySignature(source.firstLine(), byExtension);
		final Format format = signature != null ? signature : byExtension;
		if (format != Format.TABLE && signature == null) throw new SpectraFormatException(file, 1, 0,
			"not " + DESCRIPTIONS[format.ordinal()] + ": the first line is '" + abbreviate(source
				.firstLine()) + "'");
		switch (format) {
			case MSA:
				return MsaReader.read(source, options);
			case SPE:
				return SpeReader.read(source, options);
			case XML:
				return RadiaCodeXmlReader.read(source, options);
			default:
				return TableReader.read(source, options);
		}
	}

	private static Format byExtension(final String ext) {
		if (TABLE.contains(ext)) return Format.TABLE;
		if (MSA.contains(ext)) return Format.MSA;
		if (ext.equals("spe")) return Format.SPE;
		if (ext.equals("xml")) return Format.XML;
		return null;
	}

	/**
	 * The formats that say what they are in their first line; with the extension's format known,
	 * its first character is enough ({@code #} for .msa, {@code $} for .spe, {@code <} for .xml).
	 */
	private static Format bySignature(final String firstLine, final Format byExtension) {
		if (firstLine.startsWith("#FORMAT") || byExtension == Format.MSA && firstLine.startsWith(
			"#")) return Format.MSA;
		if (firstLine.startsWith("$SPEC_ID") || byExtension == Format.SPE && firstLine.startsWith(
			"$")) return Format.SPE;
		if (firstLine.startsWith("<?xml") || byExtension == Format.XML && firstLine.startsWith("<"))
			return Format.XML;
		return null;
	}

	private static String firstLine(final String text) {
		for (final String line : text.split("[\r\n]+"))
			if (!line.trim().isEmpty()) return line.trim();
		return "";
	}

	private static String abbreviate(final String s) {
		return s.length() <= 60 ? s : s.substring(0, 57) + "…";
	}
}
