package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * JCAMP-DX 4.24 / 5 spectra ({@code .jdx .dx .jcm}; McDonald &amp; Wilks 1988, Lampen et al.
 * 1994): {@code ##LABEL= value} records, one spectrum per block ({@code ##TITLE=} … {@code ##END=}),
 * several in a {@code ##DATA TYPE= LINK} compound file ({@code ##BLOCKS=}).
 * <ul>
 * <li>{@code ##XYDATA= (X++(Y..Y))}: each line starts with an abscissa (a check only) followed by
 * ordinates in AFFN (plain numbers) or ASDF: SQZ ({@code @ A–I a–i} start a value), DIF
 * ({@code % J–R j–r} a difference to the previous value), DUP ({@code S–Z s} repeat the previous
 * token), PAC ({@code +}/{@code -} as separators). After a line that ends in DIF form, the next
 * line's first ordinate repeats the last value (the Y-check): it must agree, and is dropped.
 * x = FIRSTX + i·(LASTX − FIRSTX)/(NPOINTS − 1) (or FIRSTX + i·DELTAX without LASTX);
 * y = value·YFACTOR.</li>
 * <li>{@code ##XYDATA= (XY..XY)}, {@code ##XYPOINTS= (XY..XY)} and {@code ##PEAK TABLE= (XY..XY)}
 * (or {@code XYW}, {@code XYM}: the extra value is ignored): x, y groups separated by blanks,
 * commas and semicolons; x = value·XFACTOR, y = value·YFACTOR. A peak table is sorted by
 * x. A missing value ({@code ?}) is refused: spectra need a value at every point.</li>
 * </ul>
 * Labels compare as the specification says: upper case, without blanks, dashes, slashes and
 * underscores ({@code ##DATA TYPE} = {@code ##DATATYPE}); {@code $$} starts a comment. Axis unit
 * from {@code ##XUNITS}: {@code 1/CM} → cm⁻¹, {@code NANOMETERS} → nm, {@code MICROMETERS} → nm
 * (×1000); other units (Hz, seconds, ppm: NMR, chromatograms) are refused. Every block of a
 * compound file must lie on the first block's grid. Ids: the file name, with {@code _1},
 * {@code _2} … for several blocks; text columns {@code title}, {@code data_type},
 * {@code yunits}, {@code instrument} and {@code date}.
 * <p>
 * Refused with a message naming the line: n-dimensional data ({@code ##NTUPLES}, NMR and MS),
 * counts that disagree with {@code NPOINTS} or {@code BLOCKS}, failing Y-checks, characters that
 * are not AFFN/ASDF, a block without {@code ##END=} (a truncated file). Points are capped by the
 * file size, so a DUP count of a billion cannot exhaust memory.
 */
final class JcampReader implements SpectraReader {

	private static final List<String> EXTENSIONS = Arrays.asList("jdx", "dx", "jcm", "jcamp");

	@Override
	public String name() {
		return "JCAMP-DX";
	}

	@Override
	public List<String> extensions() {
		return EXTENSIONS;
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		final String first = TextSource.firstLine(head).toUpperCase(Locale.ROOT);
		return first.startsWith("##TITLE") || first.startsWith("##JCAMP") || EXTENSIONS.contains(
			extension);
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		final TextSource source = TextSource.text(file, bytes, options);
		source.requireStart("##", "a JCAMP-DX file (##TITLE= …)");
		// ASDF packs up to a few points per byte; DUP runs of a constant can pack more, hence the margin
		return new Parser(source, options, 8L * bytes.length + 1_000_000).parse();
	}

	/** One {@code ##TITLE=} … {@code ##END=} block. */
	private static final class Block {

		final int line;
		final Map<String, String> labels = new HashMap<>();
		final Map<String, Integer> labelLines = new HashMap<>();
		int children;
		boolean titled;
		/** The most values NPOINTS allows in the data table (MAX_VALUE without NPOINTS). */
		long limit;
		/** The data label (XYDATA, XYPOINTS, PEAKTABLE), its variable list and line. */
		String dataLabel, variables;
		int dataLine;
		/** Stored values: y only for (X++(Y..Y)), else x and y interleaved. */
		double[] values;
		int count;
		double[] x;
		float[] y;

		Block(final int line) {
			this.line = line;
		}

		String get(final String label) {
			return labels.get(label);
		}
	}

	private static final class Parser {

		private final TextSource source;
		private final Path file;
		private final ReadOptions options;
		/** The most points a file of this size may hold. */
		private final long maxPoints;
		private final List<Block> spectra = new ArrayList<>();
		private final List<Block> open = new ArrayList<>();
		/** Values stored so far, over all blocks. */
		private long total;

		Parser(final TextSource source, final ReadOptions options, final long maxPoints) {
			this.source = source;
			this.file = source.file;
			this.options = options;
			this.maxPoints = maxPoints;
		}

		SpectralDataset parse() throws SpectraFormatException {
			final TextSource.Lines lines = source.lines();
			boolean pending = lines.next();
			while (pending) {
				final String text = stripComment(lines.text()).trim();
				if (!text.startsWith("##")) {
					pending = lines.next(); // continuation of a multi-line value, or blank
					continue;
				}
				final int eq = text.indexOf('=');
				if (eq < 0) throw error(lines.number, "expected '##LABEL= value', found '" + abbreviate(
					text) + "'");
				final String label = normalise(text.substring(2, eq));
				final String value = text.substring(eq + 1).trim();
				final int number = lines.number;
				final Block current = open.isEmpty() ? null : open.get(open.size() - 1);
				// a ##TITLE opens a block, except where labels before it (##JCAMP-DX) opened one
				if (current == null || label.equals("TITLE") && (current.titled || current.dataLabel !=
					null)) {
					if (current != null) current.children++;
					open.add(new Block(number));
				}
				final Block block = open.get(open.size() - 1);
				if (label.equals("TITLE")) block.titled = true;
				if (label.equals("END")) {
					close(block, number);
					pending = lines.next();
					continue;
				}
				if (!block.labels.containsKey(label)) {
					block.labels.put(label, value);
					block.labelLines.put(label, number);
				}
				if (label.equals("NTUPLES")) throw error(number, "##NTUPLES (n-dimensional data such " +
					"as NMR or mass spectra) is not supported; only ##XYDATA, ##XYPOINTS and " +
					"##PEAK TABLE spectra are read");
				if (label.equals("XYDATA") || label.equals("XYPOINTS") || label.equals("PEAKTABLE")) {
					if (block.dataLabel != null) throw error(number, "a second data table (##" + label +
						") in the block of line " + block.line + ", which has ##" + block.dataLabel +
						" at line " + block.dataLine + "; each spectrum needs its own ##TITLE= block");
					block.dataLabel = label;
					block.dataLine = number;
					block.variables = value.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
					pending = readData(block, lines);
					continue;
				}
				pending = lines.next();
			}
			if (!open.isEmpty()) throw error(0, "the block of line " + open.get(open.size() - 1).line +
				" has no ##END= (the file is truncated?)");
			if (spectra.isEmpty()) throw error(0,
				"no spectrum: no block holds ##XYDATA, ##XYPOINTS or ##PEAK TABLE");
			return dataset();
		}

		private void close(final Block block, final int line) throws SpectraFormatException {
			open.remove(open.size() - 1);
			final String blocks = block.get("BLOCKS");
			if (blocks != null) {
				final int expected = (int) number(block, "BLOCKS");
				if (expected != block.children) throw error(line, "##BLOCKS= " + blocks + " (line " +
					block.labelLines.get("BLOCKS") + ") but " + block.children + " block" +
					(block.children == 1 ? "" : "s") + " follow");
			}
			if (block.dataLabel != null) {
				finish(block, line);
				spectra.add(block);
			}
		}

		/** Reads the lines after a data label up to the next {@code ##}; returns lines.next(). */
		private boolean readData(final Block block, final TextSource.Lines lines)
			throws SpectraFormatException
		{
			final String v = block.variables;
			final boolean yOnly = v.startsWith("(X++(Y..Y))") || v.startsWith("(X++(R..R))");
			final int group = v.startsWith("(XY..XY)") ? 2 : v.startsWith("(XYW..XYW)") || v
				.startsWith("(XYM..XYM)") ? 3 : 0;
			if (!yOnly && group == 0) throw error(block.dataLine, "##" + block.dataLabel + "= " +
				block.variables + " is not supported; expected (X++(Y..Y)), (XY..XY), (XYW..XYW) or " +
				"(XYM..XYM)");
			block.values = new double[1024];
			final String npoints = block.get("NPOINTS");
			final double announced = npoints == null ? Double.NaN : Decimals.parse(npoints);
			// more values than NPOINTS announces stop at once, before a bad DUP count allocates
			block.limit = announced >= 0 ? (long) announced * (yOnly ? 1 : group) : Long.MAX_VALUE;
			final Decoder decoder = new Decoder(block);
			while (lines.next()) {
				final int start = lines.start;
				int end = lines.end;
				final char[] c = source.chars;
				int i = start;
				while (i < end && Character.isWhitespace(c[i])) i++;
				if (i + 1 < end && c[i] == '#' && c[i + 1] == '#') return true;
				for (int k = i; k + 1 < end; k++)
					if (c[k] == '$' && c[k + 1] == '$') end = k;
				if (yOnly) decoder.line(lines.number, c, i, end);
				else decoder.pairs(lines.number, c, i, end);
			}
			return false;
		}

		/** Decodes AFFN/ASDF lines into the block's values. */
		private final class Decoder {

			private final Block block;
			/** Last value and the last token's difference (for DUP of DIF) and form. */
			private double last;
			private double lastDifference;
			private boolean lastWasDif, previousLineEndsInDif, any;
			private int previousLine;

			Decoder(final Block block) {
				this.block = block;
			}

			/** One {@code (X++(Y..Y))} line: the abscissa, then ordinates. */
			void line(final int number, final char[] c, final int start, final int end)
				throws SpectraFormatException
			{
				int i = start;
				boolean first = true, check = previousLineEndsInDif;
				final double before = last;
				boolean lineHasY = false;
				while (i < end) {
					final char ch = c[i];
					if (Character.isWhitespace(ch) || ch == ',' || ch == ';') {
						i++;
						continue;
					}
					final int tokenStart = i;
					final int kind = kind(ch);
					if (kind == BAD) throw badCharacter(number, c, i, start);
					i = tokenEnd(c, i, end);
					final double value = kind == DUP ? 0 : value(c, tokenStart, i, number, start);
					if (first) { // the abscissa: a check only
						if (kind != ABS) throw error(number, tokenStart - start + 1, "a data line must " +
							"start with its X value, found '" + c[tokenStart] + "'");
						first = false;
						continue;
					}
					final boolean firstY = check;
					check = false;
					if (kind == DUP) {
						final long repeat = (long) value(c, tokenStart, i, number, start);
						if (!any) throw error(number, tokenStart - start + 1,
							"a DUP count ('" + c[tokenStart] + "') with no value before it to repeat");
						if (repeat < 1) throw error(number, tokenStart - start + 1, "DUP count " + repeat +
							" must be at least 1");
						for (long r = 1; r < repeat; r++) {
							if (lastWasDif) last += lastDifference;
							add(number, last);
						}
						lineHasY = true;
						continue;
					}
					if (kind == DIF) {
						if (!any) throw error(number, tokenStart - start + 1,
							"a DIF value ('" + c[tokenStart] + "') with no value before it");
						last += value;
						lastDifference = value;
						lastWasDif = true;
					}
					else {
						if (firstY) { // the Y-check value repeats the previous line's last value
							if (!sameValue(value, before)) throw error(number, tokenStart - start + 1,
								"Y-check failed: the line starts with " + format(value) +
									" but line " + previousLine + " ended with " + format(before) +
									" (a line is missing, repeated or corrupt)");
							last = value;
							lastWasDif = false;
							lineHasY = true;
							continue;
						}
						last = value;
						lastWasDif = false;
					}
					any = true;
					lineHasY = true;
					add(number, last);
				}
				if (first) return; // blank line
				previousLineEndsInDif = lineHasY && lastWasDif;
				previousLine = number;
			}

			/** A line of {@code (XY..XY)} groups: plain numbers only. */
			void pairs(final int number, final char[] c, final int start, final int end)
				throws SpectraFormatException
			{
				int i = start;
				while (i < end) {
					final char ch = c[i];
					if (Character.isWhitespace(ch) || ch == ',' || ch == ';') {
						i++;
						continue;
					}
					final int tokenStart = i;
					if (ch == '?') throw error(number, i - start + 1, "a missing value ('?'); spectra " +
						"must have a value at every point");
					if (kind(ch) != ABS || Character.isLetter(ch)) throw error(number, i - start + 1,
						"'" + ch + "' in ##" + block.dataLabel + "= " + block.variables +
							": (XY..XY) values must be plain numbers (compressed ASDF forms are only " +
							"read in (X++(Y..Y)) tables)");
					i = tokenEnd(c, i, end);
					add(number, value(c, tokenStart, i, number, start));
				}
			}

			private void add(final int line, final double v) throws SpectraFormatException {
				if (block.count >= block.limit) throw error(line, "more values than ##NPOINTS= " + block
					.get("NPOINTS") + " (line " + block.labelLines.get("NPOINTS") + ") announces");
				if (++total > maxPoints) throw error(line, "more than " + maxPoints + " values in a " +
					"file of this size: a DUP count is wrong");
				if (block.count == block.values.length) block.values = Arrays.copyOf(block.values,
					(int) Math.min(Math.min(maxPoints, Integer.MAX_VALUE - 16), 2L * block.count));
				block.values[block.count++] = v;
			}
		}

		private static final int ABS = 0, DIF = 1, DUP = 2, BAD = 3;

		private static int kind(final char c) {
			if (c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-' || c == '@' || c >= 'A' &&
				c <= 'I' || c >= 'a' && c <= 'i') return ABS;
			if (c == '%' || c >= 'J' && c <= 'R' || c >= 'j' && c <= 'r') return DIF;
			if (c >= 'S' && c <= 'Z' || c == 's') return DUP;
			return BAD;
		}

		/** The end of the token at {@code i}: its lead character, digits, a point, an exponent. */
		private static int tokenEnd(final char[] c, int i, final int end) {
			final boolean affn = c[i] >= '0' && c[i] <= '9' || c[i] == '.' || c[i] == '+' ||
				c[i] == '-';
			i++;
			while (i < end && (c[i] >= '0' && c[i] <= '9' || c[i] == '.')) i++;
			// an exponent only in AFFN, and only with a sign (E alone is SQZ +5)
			if (affn && i + 2 < end && (c[i] == 'E' || c[i] == 'e') && (c[i + 1] == '+' || c[i +
				1] == '-') && c[i + 2] >= '0' && c[i + 2] <= '9') {
				i += 2;
				while (i < end && c[i] >= '0' && c[i] <= '9') i++;
			}
			return i;
		}

		/** A token's value: AFFN/PAC as written; SQZ, DIF, DUP lead characters as signed digits. */
		private double value(final char[] c, final int start, final int end, final int line,
			final int lineStart) throws SpectraFormatException
		{
			final char lead = c[start];
			int digit = -1;
			int sign = 1;
			if (lead == '@' || lead == '%') digit = 0;
			else if (lead >= 'A' && lead <= 'I') digit = lead - 'A' + 1;
			else if (lead >= 'a' && lead <= 'i') {
				digit = lead - 'a' + 1;
				sign = -1;
			}
			else if (lead >= 'J' && lead <= 'R') digit = lead - 'J' + 1;
			else if (lead >= 'j' && lead <= 'r') {
				digit = lead - 'j' + 1;
				sign = -1;
			}
			else if (lead >= 'S' && lead <= 'Z') digit = lead - 'S' + 1;
			else if (lead == 's') digit = 9;
			double v;
			if (digit < 0) v = Decimals.parse(c, start, end, false);
			else if (end - start <= 16 && isDigits(c, start + 1, end)) { // the usual ASDF token
				long m = digit;
				for (int k = start + 1; k < end; k++) m = m * 10 + (c[k] - '0');
				v = m;
			}
			else {
				final char[] number = new char[end - start];
				number[0] = (char) ('0' + digit);
				System.arraycopy(c, start + 1, number, 1, end - start - 1);
				v = Decimals.parse(number, 0, number.length, false);
			}
			if (Double.isNaN(v) || (lead == '+' || lead == '-') && end == start + 1) throw error(line,
				start - lineStart + 1, "'" + new String(c, start, end - start) + "' is not a number");
			return sign * v;
		}

		private static boolean isDigits(final char[] c, final int start, final int end) {
			for (int k = start; k < end; k++)
				if (c[k] < '0' || c[k] > '9') return false;
			return true;
		}

		private SpectraFormatException badCharacter(final int line, final char[] c, final int i,
			final int lineStart)
		{
			return error(line, i - lineStart + 1, "'" + c[i] + "' is not an AFFN or ASDF character " +
				"(digits, + - . E, SQZ @A-Ia-i, DIF %J-Rj-r, DUP S-Zs)");
		}

		/** Turns the stored values into the block's x and y, checking the counts. */
		private void finish(final Block b, final int endLine) throws SpectraFormatException {
			final double xf = optional(b, "XFACTOR", 1), yf = optional(b, "YFACTOR", 1);
			final boolean yOnly = b.variables.startsWith("(X++");
			final String npoints = b.get("NPOINTS");
			if (yOnly) {
				final long n = npoints == null ? b.count : (long) number(b, "NPOINTS");
				if (n != b.count) throw error(b.dataLine, "##NPOINTS= " + npoints + " (line " +
					b.labelLines.get("NPOINTS") + ") but the ##" + b.dataLabel + " table up to line " +
					endLine + " holds " + b.count + " values");
				if (n < 2) throw error(b.dataLine, "a spectrum needs at least 2 points, this one has " + n);
				final double firstX = number(b, "FIRSTX");
				final double step = b.get("LASTX") != null ? (number(b, "LASTX") - firstX) / (n - 1)
					: number(b, "DELTAX");
				b.x = new double[(int) n];
				b.y = new float[(int) n];
				for (int i = 0; i < n; i++) {
					b.x[i] = firstX + i * step;
					b.y[i] = (float) (b.values[i] * yf);
				}
			}
			else {
				final int group = b.variables.startsWith("(XY..XY)") ? 2 : 3;
				if (b.count % group != 0) throw error(b.dataLine, "##" + b.dataLabel + "= " + b.variables +
					" holds " + b.count + " values, not whole groups of " + group + " (a value is missing)");
				final int n = b.count / group;
				if (npoints != null && (long) number(b, "NPOINTS") != n) throw error(b.dataLine,
					"##NPOINTS= " + npoints + " (line " + b.labelLines.get("NPOINTS") + ") but the ##" +
						b.dataLabel + " table up to line " + endLine + " holds " + n + " points");
				if (n < 2) throw error(b.dataLine, "a spectrum needs at least 2 points, this one has " + n);
				final Integer[] order = new Integer[n];
				for (int i = 0; i < n; i++) order[i] = i;
				if (b.dataLabel.equals("PEAKTABLE")) Arrays.sort(order, (p, q) -> Double.compare(
					b.values[p * group], b.values[q * group]));
				b.x = new double[n];
				b.y = new float[n];
				for (int i = 0; i < n; i++) {
					b.x[i] = b.values[order[i] * group] * xf;
					b.y[i] = (float) (b.values[order[i] * group + 1] * yf);
				}
			}
			b.values = null;
		}

		private SpectralDataset dataset() throws SpectraFormatException {
			final Block first = spectra.get(0);
			final SpectralAxis axis = axis(first);
			final int n = spectra.size(), p = axis.size();
			final float[] data = new float[n * p];
			final String[] ids = new String[n];
			final String stem = Datasets.stem(file);
			for (int k = 0; k < n; k++) {
				final Block b = spectra.get(k);
				ids[k] = n == 1 ? stem : stem + "_" + (k + 1);
				if (k > 0 && !axis(b).sameGrid(axis)) throw error(b.line, "the block of line " + b.line +
					" is on another axis (" + axis(b).describe() + ") than the first (" + axis
						.describe() + "); the spectra of one file must share one axis");
				System.arraycopy(b.y, 0, data, k * p, p);
			}
			final SpectralDataset.Builder builder = SpectralDataset.builder(file.getFileName()
				.toString(), axis, ids, data);
			text(builder, "title", "TITLE");
			text(builder, "data_type", "DATATYPE");
			text(builder, "yunits", "YUNITS");
			text(builder, "instrument", "SPECTROMETERDATASYSTEM");
			text(builder, "date", "LONGDATE", "DATE");
			try {
				return builder.build();
			}
			catch (final IllegalArgumentException e) { // a value beyond float range after YFACTOR
				throw error(0, e.getMessage());
			}
		}

		/** A text column from the first label each block has ("" where none). */
		private void text(final SpectralDataset.Builder b, final String column,
			final String... labels)
		{
			final String[] v = new String[spectra.size()];
			boolean anyValue = false;
			for (int k = 0; k < v.length; k++) {
				v[k] = "";
				for (final String label : labels) {
					final String s = spectra.get(k).get(label);
					if (s != null && !s.isEmpty()) {
						v[k] = s;
						break;
					}
				}
				anyValue |= !v[k].isEmpty();
			}
			if (anyValue) b.text(column, v);
		}

		private SpectralAxis axis(final Block b) throws SpectraFormatException {
			if (options.unit() == SpectralUnit.CHANNEL) return SpectralAxis.channels(b.x.length);
			final String units = b.get("XUNITS");
			double scale = 1;
			SpectralUnit unit;
			if (units == null || units.isEmpty()) unit = AxisUnits.infer(b.x);
			else {
				final String u = normalise(units);
				if (u.equals("1CM") || u.equals("CM1") || u.equals("WAVENUMBER") || u.equals("WAVENUMBERS"))
					unit = SpectralUnit.WAVENUMBER;
				else if (u.startsWith("NANOMET") || u.equals("NM")) unit = SpectralUnit.NM;
				else if (u.startsWith("MICROMET") || u.equals("UM") || u.equals("µM")) {
					unit = SpectralUnit.NM;
					scale = 1000;
				}
				else {
					unit = AxisUnits.fromName(units);
					if (unit == null) throw error(b.labelLines.get("XUNITS"), "##XUNITS= " + units +
						" is not a unit of a spectral axis (1/CM, NANOMETERS, MICROMETERS); open the " +
						"file with unit=channel to use point numbers");
					scale = 1 / AxisUnits.divisor(units);
				}
				AxisUnits.requireUnit(file, options, unit, "##XUNITS= " + units);
			}
			final double[] x = scale == 1 ? b.x : new double[b.x.length];
			if (scale != 1) for (int i = 0; i < x.length; i++) x[i] = b.x[i] * scale;
			try {
				return SpectralAxis.of(x, unit);
			}
			catch (final IllegalArgumentException e) {
				throw error(b.dataLine, "the x values of ##" + b.dataLabel + " are not a spectral axis: " +
					e.getMessage());
			}
		}

		private double optional(final Block b, final String label, final double otherwise)
			throws SpectraFormatException
		{
			return b.get(label) == null ? otherwise : number(b, label);
		}

		/** A required numeric label of the block. */
		private double number(final Block b, final String label) throws SpectraFormatException {
			final String s = b.get(label);
			if (s == null) throw error(b.dataLine > 0 ? b.dataLine : b.line, "the block of line " +
				b.line + " has no ##" + label + "=, which its ##" + b.dataLabel + " table needs");
			final double v = Decimals.parse(s);
			if (!Double.isFinite(v)) throw error(b.labelLines.get(label), "##" + label + "= '" + s +
				"' is not a number");
			return v;
		}

		private SpectraFormatException error(final int line, final String problem) {
			return new SpectraFormatException(file, line, 0, problem);
		}

		private SpectraFormatException error(final int line, final int column, final String problem) {
			return new SpectraFormatException(file, line, column, problem);
		}
	}

	/** Labels as the specification compares them: upper case, no blanks, -, / or _. */
	static String normalise(final String label) {
		final StringBuilder sb = new StringBuilder(label.length());
		for (int i = 0; i < label.length(); i++) {
			final char c = label.charAt(i);
			if (!Character.isWhitespace(c) && c != '-' && c != '/' && c != '_') sb.append(Character
				.toUpperCase(c));
		}
		return sb.toString();
	}

	private static String stripComment(final String line) {
		final int c = line.indexOf("$$");
		return c < 0 ? line : line.substring(0, c);
	}

	private static boolean sameValue(final double a, final double b) {
		return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
	}

	private static String format(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}

	private static String abbreviate(final String s) {
		return s.length() <= 60 ? s : s.substring(0, 57) + "…";
	}
}
