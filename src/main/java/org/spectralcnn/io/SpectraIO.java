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
 * first ({@code #FORMAT} → EMSA/MAS, {@code $SPEC_ID} → ORTEC .spe, {@code <?xml} → XML), then by
 * extension; gzip is recognised by its magic bytes, whatever the name.
 * <ul>
 * <li><b>Wide tables</b> ({@code .csv .tsv .tab .txt .dat}; delimiter {@code ,} tab {@code ;} or
 * blanks, sniffed from the first line): the first column is the sample id (its header becomes
 * {@link SpectralDataset#idColumn()}); columns whose header is a number are the spectrum (at
 * least 2, distinct, strictly increasing or decreasing); the other columns are numeric
 * (targets, split flags; an empty cell, {@code NA}, {@code NaN} or {@code N/A} is missing) or,
 * if any cell is not a number, text. Cells may be quoted ({@code "a, b"}, {@code ""} for a
 * quote). In {@code ;}- and tab-separated files {@code 0,123} reads as 0.123. Values are exactly
 * {@code (float) Double.parseDouble(cell)} (targets: {@code Double.parseDouble}).
 * <p>
 * The <b>axis unit</b> is inferred from the header values, in this order: starting at 0 or 1 in
 * integer steps of 1 → {@code channel}; decreasing, or within 100–15000 and reaching above 3000
 * → {@code cm^-1}; within 100–3000 → {@code nm}; anything else → {@code channel}.
 * {@link ReadOptions#withUnit} overrides it (keV, for instance, cannot be told from the
 * values).</li>
 * <li><b>Long tables</b>: ONE spectrum down the rows, with or without a header line: {@code x,y},
 * or {@code channel,energy,counts} where the energy column is the axis if every row has it and
 * the channel otherwise. Told from a wide table by the header: no header cell is a number (or
 * every cell of the first line is, without header), and 2–3 columns of numbers follow. The unit
 * comes from the axis column's name ({@code energy_keV}, {@code eV} (converted to keV),
 * {@code nm}, {@code wavelength}, {@code cm-1}, {@code channel}), else as above. Sample id: the
 * file name without extension.</li>
 * <li><b>EMSA/MAS</b> {@code .msa} (ISO 22029; XRF, EDS): axis {@code #OFFSET + i·#XPERCHAN} in
 * {@code #XUNITS} (eV converted to keV; eV when XUNITS is missing), the x values of
 * {@code DATATYPE XY}, or channels without {@code #XPERCHAN}; columns {@code livetime_s},
 * {@code realtime_s}, {@code beam_kv}, {@code title} where present. A file with {@code NPOINTS 0}
 * (an instrument configuration) is refused with a message saying so.</li>
 * <li><b>ORTEC ASCII</b> {@code .spe} (gamma): counts from {@code $DATA:}, keV axis from
 * {@code $MCA_CAL:} (polynomial) or else {@code $ENER_FIT:}; an all-zero or non-increasing
 * calibration means none, and the axis is then channel numbers (unit {@code channel}); columns
 * {@code livetime_s}, {@code realtime_s} from {@code $MEAS_TIM:}, {@code description} from
 * {@code $SPEC_ID:}. Binary {@code .spc}, {@code .chn} and Canberra {@code .cnf} files are
 * refused with a message.</li>
 * <li><b>RadiaCode XML</b> (gamma): the {@code <EnergySpectrum>}'s {@code <DataPoint>}s on the
 * keV axis of its {@code <EnergyCalibration>} polynomial; columns {@code measurement_time_s},
 * {@code spectrum_name}.</li>
 * <li><b>Folders</b>: every non-hidden file ending in {@code .csv .tsv .tab .dat .xy .msa .emsa
 * .mas .spe .xml} (or the refused binary gamma extensions; each optionally {@code .gz}), in
 * file-name order, one after the other; {@code .txt}, {@code .md} and other files are skipped
 * (instrument folders keep file lists and notes there). All files must share one axis
 * ({@link org.spectralcnn.data.SpectralAxis#sameGrid}); sample ids must be unique; numeric and
 * text columns are kept where every file has them. Sub-folders are not read.</li>
 * </ul>
 * Text is decoded strictly as UTF-8 (or {@link ReadOptions#withEncoding}; an XML file's own
 * declaration when no encoding is given); a byte-order mark is honoured and skipped. Content
 * that cannot be read as spectra is a {@link SpectraFormatException} naming the file, line and
 * column (for tables also the column's header) and what was expected; an {@link IOException}
 * means the file could not be read at all. Files are read whole into memory, which suits
 * spectra files (tens of MB at most).
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
