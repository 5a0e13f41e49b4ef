package org.spectralcnn.io;

import java.nio.charset.Charset;
import java.util.Objects;

import org.spectralcnn.data.SpectralUnit;

/**
 * How to read a spectra file where the file itself does not say. Immutable; start from
 * {@link #defaults()} and change what differs.
 */
public final class ReadOptions {

	private static final ReadOptions DEFAULTS = new ReadOptions(null, null, null, false, null);

	private final String encoding;
	private final SpectralUnit unit;
	private final Character delimiter;
	private final boolean resampleFolder;
	private final String block;

	private ReadOptions(final String encoding, final SpectralUnit unit,
		final Character delimiter, final boolean resampleFolder, final String block)
	{
		this.encoding = encoding;
		this.unit = unit;
		this.delimiter = delimiter;
		this.resampleFolder = resampleFolder;
		this.block = block;
	}

	/** UTF-8 (or an XML file's own declaration), unit inferred, delimiter sniffed. */
	public static ReadOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * The text encoding, e.g. {@code windows-1250} for files saved by Central European Windows
	 * programs; null for the default (UTF-8, or what an XML file declares). An unknown name is
	 * reported by {@link SpectraIO#open} as a {@link SpectraFormatException}, so user input can be
	 * passed through as it is.
	 */
	public ReadOptions withEncoding(final String name) {
		return new ReadOptions(name == null || name.trim().isEmpty() ? null : name.trim(), unit,
			delimiter, resampleFolder, block);
	}

	public ReadOptions withEncoding(final Charset charset) {
		return withEncoding(charset == null ? null : charset.name());
	}

	/**
	 * The unit of a table's spectral axis instead of inferring it from the header values (see
	 * {@link SpectraIO}); null infers. Instrument formats (.msa, .spe, RadiaCode XML) carry their
	 * own calibration: there only {@link SpectralUnit#CHANNEL} applies (it drops the
	 * calibration).
	 */
	public ReadOptions withUnit(final SpectralUnit unit) {
		return new ReadOptions(encoding, unit, delimiter, resampleFolder, block);
	}

	/**
	 * Whether a folder whose files lie on different grids is put on the first file's grid by
	 * linear interpolation ({@link org.spectralcnn.data.Resampling}) instead of refused; every
	 * file must then cover the first file's range (no extrapolation).
	 */
	public ReadOptions withFolderResampling(final boolean resample) {
		return new ReadOptions(encoding, unit, delimiter, resample, block);
	}

	/**
	 * The table delimiter: {@code ','}, {@code '\t'}, {@code ';'}, or {@code ' '} for runs of
	 * blanks; null sniffs it from the first line.
	 *
	 * @throws IllegalArgumentException for another character
	 */
	public ReadOptions withDelimiter(final Character delimiter) {
		if (delimiter != null && ",\t; ".indexOf(delimiter) < 0) throw new IllegalArgumentException(
			"delimiter must be ',', tab, ';' or ' ' (blanks), not '" + delimiter + "'");
		return new ReadOptions(encoding, unit, delimiter, resampleFolder, block);
	}

	/**
	 * Which of the spectra stored in an instrument file to read: a Bruker OPUS data block
	 * ({@code AB}, {@code ScSm}, {@code ScRf}, {@code R}, …) or an ASD quantity
	 * ({@code reflectance}, {@code spectrum}, {@code reference}, …); null or {@code auto} for the
	 * format's default. A block the file lacks is reported with the list of those it has.
	 */
	public ReadOptions withBlock(final String name) {
		final String b = name == null || name.trim().isEmpty() || name.trim().equalsIgnoreCase(
			"auto") ? null : name.trim();
		return new ReadOptions(encoding, unit, delimiter, resampleFolder, b);
	}

	/** The encoding name, or null for the default. */
	public String encoding() {
		return encoding;
	}

	/** The table axis unit, or null to infer it. */
	public SpectralUnit unit() {
		return unit;
	}

	/** The table delimiter, or null to sniff it. */
	public Character delimiter() {
		return delimiter;
	}

	/** Whether folders on mixed grids are resampled onto the first file's grid. */
	public boolean folderResampling() {
		return resampleFolder;
	}

	/** The instrument-file block to read, or null for the format's default. */
	public String block() {
		return block;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof ReadOptions)) return false;
		final ReadOptions r = (ReadOptions) o;
		return Objects.equals(encoding, r.encoding) && unit == r.unit && Objects.equals(delimiter,
			r.delimiter) && resampleFolder == r.resampleFolder && Objects.equals(block, r.block);
	}

	@Override
	public int hashCode() {
		return Objects.hash(encoding, unit, delimiter, resampleFolder, block);
	}

	@Override
	public String toString() {
		return "encoding=" + (encoding == null ? "UTF-8" : encoding) + ", unit=" + (unit == null
			? "infer" : unit.symbol()) + ", delimiter=" + (delimiter == null ? "sniff" : delimiter ==
				'\t' ? "tab" : "'" + delimiter + "'") + (resampleFolder ? ", folder resampling" : "") +
			(block == null ? "" : ", block=" + block);
	}
}
