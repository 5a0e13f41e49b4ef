package org.spectralcnn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.spectralcnn.data.MemoryLimits;
import org.spectralcnn.data.SpectralDataset;

/**
 * Opens spectra files and folders as a {@link SpectralDataset}. The format is the first of
 * {@link SpectraReaders} that recognises the file by content ({@code #FORMAT} → EMSA/MAS,
 * {@code $SPEC_ID} → ORTEC .spe, {@code <?xml} → XML, {@code ##TITLE} → JCAMP-DX, …), else the
 * first that claims its extension; gzip is recognised by its magic bytes, whatever the name, and
 * inflated first. A file no format claims is refused with the list of formats tried.
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
 * <li><b>JCAMP-DX</b> {@code .jdx .dx .jcm} (IR/NIR/Raman): AFFN and ASDF tables, XY pairs,
 * peak tables, LINK files of several blocks; see {@link JcampReader}.</li>
 * <li><b>ENVI spectral libraries</b> {@code .sli} + {@code .hdr} (either may be opened); see
 * {@link EnviLibraryReader}.</li>
 * <li><b>ENVI image cubes</b>: the {@code .hdr} of a cube, one spectrum per pixel; see
 * {@link EnviImageReader}.</li>
 * <li><b>Folders</b>: every non-hidden file with an extension of a registered format (or the
 * refused binary gamma extensions; each optionally {@code .gz}), in file-name order, one after
 * the other; {@code .txt}, {@code .md}, {@code .hdr} and other files are skipped (instrument
 * folders keep file lists and notes there). All files must share one axis
 * ({@link org.spectralcnn.data.SpectralAxis#sameGrid}) unless
 * {@link ReadOptions#folderResampling()}; sample ids must be unique; numeric and text columns
 * are kept where every file has them. Sub-folders are not read.</li>
 * </ul>
 * Text is decoded strictly as UTF-8 (or {@link ReadOptions#withEncoding}; an XML file's own
 * declaration when no encoding is given); a byte-order mark is honoured and skipped. Content
 * that cannot be read as spectra is a {@link SpectraFormatException} naming the file, line and
 * column (for tables also the column's header) and what was expected; an {@link IOException}
 * means the file could not be read at all. Files are read whole into memory, which suits
 * spectra files (tens of MB at most).
 */
public final class SpectraIO {

	/** How much of a file {@link SpectraReader#recognises} sees. */
	private static final int HEAD = 4096;

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

	/**
	 * Lines {@code [fromLine, toLine)} of an ENVI image cube, read lazily: exactly the rows (ids
	 * {@code y<line>_x<sample>}, bad bands and ignored pixels left out, physical values) that
	 * {@link #open} gives for those lines of the whole cube. For work cut into tiles of a cube.
	 */
	public static SpectralDataset openCubeLines(final Path header, final int fromLine,
		final int toLine) throws IOException, SpectraFormatException
	{
		final ReadOptions options = ReadOptions.defaults();
		final EnviHeader h = EnviHeader.read(header, options);
		if (!EnviCube.isImage(h)) throw new SpectraFormatException(header, 0, 0,
			"not an ENVI image cube (a spectral library?); only a cube's lines can be read apart");
		return EnviImageReader.read(h, options, Math.min(MemoryLimits.MAX_ARRAY, MemoryLimits.heap() /
			16), fromLine, toLine);
	}

	/** The file extensions {@link #open} reads (without {@code .gz}), for file dialogs. */
	public static List<String> extensions() {
		final Set<String> all = new LinkedHashSet<>();
		for (final SpectraReader r : SpectraReaders.all()) all.addAll(r.extensions());
		all.add("gz");
		return Collections.unmodifiableList(new ArrayList<>(all));
	}

	/** Reads one file with the format {@link SpectraReaders#find} picks for it. */
	static SpectralDataset openFile(final Path file, final ReadOptions options)
		throws IOException, SpectraFormatException
	{
		final String ext = Datasets.extension(file);
		final byte[] bytes = TextSource.readBytes(file);
		final SpectraReader reader = SpectraReaders.find(Arrays.copyOf(bytes, Math.min(bytes.length,
			HEAD)), ext);
		if (reader != null) return reader.read(file, bytes, options);
		if (bytes.length == 0) throw new SpectraFormatException(file, 0, 0,
			"empty file: expected a header line or a spectrum");
		final List<String> tried = new ArrayList<>();
		for (final SpectraReader r : SpectraReaders.all()) tried.add(r.name());
		throw new SpectraFormatException(file, 0, 0, "unknown file type" + (ext.isEmpty()
			? " (no extension)" : " '." + ext + "'") + "; spectra files end in ." + String.join(", .",
				extensions()) + " (formats tried: " + String.join("; ", tried) + ")");
	}
}
