package org.spectralcnn.io;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * Bruker OPUS binary files ({@code .0}, {@code .1}, {@code .001}, … any numeric extension),
 * recognised by their magic bytes {@code 0a 0a fe fe}.
 * <p>
 * Layout (as brukeropus and opusreader2 read it): a 24-byte header whose int32 at offset 12
 * points to a directory of 12-byte entries (int32 block type, int32 length in 4-byte words,
 * int32 byte offset). The type's bit fields say what a block holds: bits 0–1 complex part,
 * 2–3 channel (1 sample, 2 reference, 3 ratio), 4–9 parameter kind (0 data, 1 data status, 2
 * instrument, 3 acquisition, 6 optics, 10 sample origin, …), 10–16 data type (1 single channel,
 * 2 interferogram, 3 phase, 4 absorbance, 5 transmittance, 12 reflectance, …), 17–18
 * derivative, 19–21 extended type (0 plain, 4 compact, 2 series, 5/6 reports); bit 30 marks the
 * copy made before atmospheric compensation. A data block pairs with the data-status parameter
 * block whose type differs only in the parameter kind; that block gives NPT, FXV, LXV, CSF
 * (y scale), DPF (1 float32, 2 int32) and DXU (x unit).
 * <p>
 * Blocks are named as OPUS shows them: {@code AB}, {@code TR}, {@code KM}, {@code R},
 * {@code ATR}, {@code ScSm}, {@code ScRf}, {@code IgSm}, {@code PhSm}, … with
 * {@code _no_atm_comp} for an uncompensated copy. Default (the reference rule of opusreader2's
 * {@code ab}/{@code ab_no_atm_comp}): AB, the compensated one when there are two; else R;
 * {@link ReadOptions#withBlock} picks another. Parameter blocks are read as 3-letter keys, a
 * type code (0 int32, 1 float64, 2–4 text) and a length in 16-bit words.
 */
final class OpusReader implements SpectraReader {

	private static final int HEADER = 24;
	private static final String[] DATA_NAMES = new String[23];

	static {
		final String[] names = { null, "Sc", "Ig", "Ph", "AB", "TR", "KM", "TRC", "GcIg", "GcSc",
			"RAM", "EMI", "R", null, "Pw", "LogR", "ATR", "PAS", "ArT", "ArA", null, null, "Match" };
		System.arraycopy(names, 0, DATA_NAMES, 0, names.length);
	}

	private static final int KIND_DATA = 0, KIND_STATUS = 1, KIND_INSTRUMENT = 2,
		KIND_ACQUISITION = 3, KIND_OPTICS = 6, KIND_SAMPLE = 10;

	@Override
	public String name() {
		return "Bruker OPUS";
	}

	/** The usual ones; any all-digit extension is OPUS too (see {@link #isOpusExtension}). */
	@Override
	public List<String> extensions() {
		return Collections.unmodifiableList(Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7",
			"8", "9", "000", "001", "002", "003"));
	}

	/** OPUS numbers its files: {@code .0}, {@code .1}, … {@code .001}. */
	static boolean isOpusExtension(final String ext) {
		if (ext.isEmpty() || ext.length() > 4) return false;
		for (int i = 0; i < ext.length(); i++)
			if (ext.charAt(i) < '0' || ext.charAt(i) > '9') return false;
		return true;
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		return head.length >= 4 && head[0] == 0x0a && head[1] == 0x0a && (head[2] & 0xff) == 0xfe &&
			(head[3] & 0xff) == 0xfe;
	}

	/** One directory entry. */
	private static final class Block {

		final int type, offset, index;
		final long length;
		String name;
		Block status;

		Block(final int index, final int type, final long length, final int offset) {
			this.index = index;
			this.type = type;
			this.length = length;
			this.offset = offset;
		}

		int channel() {
			return type >> 2 & 3;
		}

		int kind() {
			return type >> 4 & 63;
		}

		int dataType() {
			return type >> 10 & 127;
		}

		int extended() {
			return type >> 19 & 7;
		}

		boolean uncompensated() {
			return (type & 1 << 30) != 0;
		}

		/** The type without the parameter kind: equal for a data block and its status block. */
		int pairKey() {
			return type & ~(63 << 4);
		}

		boolean isData() {
			return kind() == KIND_DATA && dataType() != 0 && dataType() != 13 && (extended() == 0 ||
				extended() == 4);
		}

		String where() {
			return "block " + name + " (directory entry " + (index + 1) + ")";
		}
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		final BinaryFile f = new BinaryFile(file, bytes, ByteOrder.LITTLE_ENDIAN);
		f.require(0, HEADER, "the OPUS header");
		if (!recognises(bytes, "")) throw f.error(0, "not a Bruker OPUS file: it does not start " +
			"with the OPUS magic bytes 0a 0a fe fe");
		final int dirStart = f.i32(12, "the directory pointer");
		final int maxBlocks = f.i32(16, "the directory size");
		if (dirStart < HEADER || maxBlocks <= 0) throw f.error(12, "the directory pointer (" +
			dirStart + ") or size (" + maxBlocks + " entries) is not valid");
		f.require(dirStart, 12L * maxBlocks, "the directory of " + maxBlocks + " blocks");

		final List<Block> blocks = new ArrayList<>();
		for (int k = 0; k < maxBlocks; k++) {
			final int at = dirStart + 12 * k;
			final int type = f.raw32(at), words = f.raw32(at + 4), offset = f.raw32(at + 8);
			if (offset <= 0) break;
			blocks.add(new Block(k, type, (words & 0xffffffffL) * 4, offset));
		}
		final List<Block> data = pairAndName(blocks);
		int series = 0;
		for (final Block b : blocks)
			if (b.kind() == KIND_DATA && b.extended() == 2) series++;
		final Block chosen = choose(f, data, options.block(), series);
		final Map<String, Object> status = parameters(f, chosen.status);
		final float[] y = values(f, chosen, status);
		final SpectralDataset.Builder b = Datasets.single(file, axis(f, chosen, status, y.length,
			options), y);
		Datasets.text(b, "block", chosen.name);
		final Map<String, Object> instrument = parameters(f, sampleBlock(blocks, KIND_INSTRUMENT));
		final Map<String, Object> acquisition = parameters(f, sampleBlock(blocks,
			KIND_ACQUISITION));
		final Map<String, Object> optics = parameters(f, sampleBlock(blocks, KIND_OPTICS));
		final Map<String, Object> sample = parameters(f, sampleBlock(blocks, KIND_SAMPLE));
		Datasets.text(b, "instrument", text(instrument, "INS"));
		Datasets.text(b, "sample_name", text(sample, "SNM"));
		Datasets.text(b, "date_time", dateTime(text(status, "DAT"), text(status, "TIM")));
		Datasets.numeric(b, "resolution_cm1", number(acquisition, "RES"));
		Datasets.numeric(b, "scans", number(acquisition, "NSS"));
		Datasets.text(b, "source", text(optics, "SRC"));
		Datasets.text(b, "detector", text(optics, "DTC"));
		Datasets.text(b, "beamsplitter", text(optics, "BMS"));
		return b.build();
	}

	/**
	 * The data blocks that have a data-status block, named. Blocks of the same type pair in
	 * directory order (the k-th data block with the k-th status block of its type).
	 */
	private static List<Block> pairAndName(final List<Block> blocks) {
		final Map<Integer, List<Block>> statuses = new HashMap<>();
		for (final Block b : blocks)
			if (b.kind() == KIND_STATUS) statuses.computeIfAbsent(b.pairKey(), k -> new ArrayList<>())
				.add(b);
		final Map<Integer, Integer> used = new HashMap<>();
		final Map<String, Integer> names = new HashMap<>();
		final List<Block> data = new ArrayList<>();
		for (final Block b : blocks) {
			if (!b.isData()) continue;
			final List<Block> candidates = statuses.get(b.pairKey());
			final int k = used.merge(b.pairKey(), 1, Integer::sum) - 1;
			if (candidates == null || k >= candidates.size()) continue; // no x axis: not readable
			b.status = candidates.get(k);
			final String base = baseName(b);
			final int seen = names.merge(base.toLowerCase(Locale.ROOT), 1, Integer::sum);
			b.name = seen == 1 ? base : base + "#" + seen;
			data.add(b);
		}
		return data;
	}

	private static String baseName(final Block b) {
		final int t = b.dataType();
		String name = t < DATA_NAMES.length && DATA_NAMES[t] != null ? DATA_NAMES[t] : "Type" + t;
		if (b.channel() == 1) name += "Sm";
		else if (b.channel() == 2) name += "Rf";
		final int derivative = b.type >> 17 & 3;
		if (derivative > 0) name += "_d" + (derivative == 3 ? "n" : String.valueOf(derivative));
		if (b.uncompensated()) name += "_no_atm_comp";
		return name;
	}

	/** The asked block, or the default rule: AB (compensated first), else R. */
	private static Block choose(final BinaryFile f, final List<Block> data, final String asked,
		final int series) throws SpectraFormatException
	{
		final String seriesNote = series == 0 ? "" : " (and " + series + " data series block" +
			(series == 1 ? "" : "s") + " of a 3-D measurement, which this reader does not read)";
		if (asked != null) {
			for (final Block b : data)
				if (b.name.equalsIgnoreCase(asked)) return b;
			final Block byRule = preferred(data, asked);
			if (byRule != null) return byRule;
			throw new SpectraFormatException(f.file, 0, 0, "block=" + asked + ": the file has no " +
				"such data block; it has " + list(data) + seriesNote);
		}
		Block b = preferred(data, "AB");
		if (b == null) b = preferred(data, "R");
		if (b != null) return b;
		throw new SpectraFormatException(f.file, 0, 0, data.isEmpty()
			? "no data block with its data-status parameters (NPT, FXV, LXV) in the file" + seriesNote
			: "no absorbance (AB) or reflectance (R) block; the file has " + list(data) + seriesNote +
				": choose one with block=");
	}

	/** Among blocks named {@code base} or {@code base_no_atm_comp}: the compensated one first. */
	private static Block preferred(final List<Block> data, final String base) {
		Block uncompensated = null;
		for (final Block b : data) {
			final String n = b.name.toLowerCase(Locale.ROOT);
			final String want = base.toLowerCase(Locale.ROOT);
			if (n.equals(want)) return b;
			if (uncompensated == null && n.equals(want + "_no_atm_comp")) uncompensated = b;
		}
		return uncompensated;
	}

	private static String list(final List<Block> data) {
		final List<String> names = new ArrayList<>();
		for (final Block b : data) names.add(b.name);
		return names.isEmpty() ? "no readable data blocks" : "blocks " + String.join(", ", names);
	}

	/** The first parameter block of the sample channel of a kind, or null. */
	private static Block sampleBlock(final List<Block> blocks, final int kind) {
		for (final Block b : blocks)
			if (b.kind() == kind && b.channel() == 0 && b.dataType() == 0) return b;
		return null;
	}

	/** A parameter block's keys (upper case) and values (Integer, Double or String). */
	private static Map<String, Object> parameters(final BinaryFile f, final Block block)
		throws SpectraFormatException
	{
		final Map<String, Object> p = new LinkedHashMap<>();
		if (block == null) return p;
		final String what = "the parameter block at directory entry " + (block.index + 1);
		f.require(block.offset, block.length, what);
		final long end = block.offset + block.length;
		int at = block.offset;
		while (at + 8 <= end) {
			final String key = f.text(at, 3, what);
			if (key.equals("END")) break;
			final int type = f.i16(at + 4, what);
			final int size = f.u16(at + 6, what) * 2;
			final int value = at + 8;
			if (value + size > end) throw f.error(at, "parameter " + key + " of " + what + " runs " +
				"past the end of its block (" + size + " bytes)");
			if (type == 0 && size >= 4) p.put(key, f.i32(value, key));
			else if (type == 1 && size >= 8) p.put(key, f.f64(value, key));
			else if (type >= 2 && type <= 4) p.put(key, f.text(value, size, key));
			at = value + size;
		}
		return p;
	}

	private static float[] values(final BinaryFile f, final Block b, final Map<String, Object> s)
		throws SpectraFormatException
	{
		final double npt = required(f, b, s, "NPT");
		final long capacity = b.length / 4;
		if (npt < 2 || npt != Math.rint(npt) || npt > capacity) throw f.error(b.status.offset, b
			.where() +
			" holds " + capacity + " values, but its data-status parameters say NPT=" + (long) npt +
			" (expected 2 to " + capacity + ")");
		final int n = (int) npt;
		final double dpf = s.containsKey("DPF") ? number(s, "DPF") : 1;
		if (dpf != 1 && dpf != 2) throw f.error(b.status.offset, b.where() + ": data point format " +
			"DPF=" + dpf + " is unknown (expected 1 for float32 or 2 for int32)");
		final double csf = s.containsKey("CSF") ? number(s, "CSF") : 1;
		if (!Double.isFinite(csf) || csf == 0) throw f.error(b.status.offset, b.where() +
			": the y scale factor CSF is " + csf);
		f.require(b.offset, b.length, b.where());
		// compact blocks keep their values at the end, after a header of their own
		final int start = (int) (b.offset + (b.extended() == 4 ? b.length - 4L * n : 0));
		final float[] y = new float[n];
		for (int i = 0; i < n; i++) {
			final int raw = f.raw32(start + 4 * i);
			final double v = (dpf == 1 ? Float.intBitsToFloat(raw) : raw) * csf;
			if (!Float.isFinite((float) v)) throw f.error(start + 4L * i, b.where() + ": value " +
				(i + 1) + " is " + v + (Double.isFinite(v) ? " (beyond 32-bit float range)" : "") +
				"; spectra must be finite numbers");
			y[i] = (float) v;
		}
		return y;
	}

	private static SpectralAxis axis(final BinaryFile f, final Block b,
		final Map<String, Object> s, final int n, final ReadOptions options)
		throws SpectraFormatException
	{
		if (options.unit() == SpectralUnit.CHANNEL) return SpectralAxis.channels(n);
		final double first = required(f, b, s, "FXV"), last = required(f, b, s, "LXV");
		if (!Double.isFinite(first) || !Double.isFinite(last) || first == last) throw f.error(
			b.status.offset, b.where() + ": the x range FXV=" + first + " to LXV=" + last +
				" is not an axis");
		final String dxu = text(s, "DXU");
		final double scale;
		final SpectralUnit unit;
		if (dxu == null || dxu.equals("WN")) {
			scale = 1;
			unit = dxu == null ? null : SpectralUnit.WAVENUMBER;
		}
		else if (dxu.equals("MI")) {
			scale = 1000;
			unit = SpectralUnit.NM;
		}
		else if (dxu.equals("NM")) {
			scale = 1;
			unit = SpectralUnit.NM;
		}
		else if (dxu.equals("PNT")) {
			scale = 1;
			unit = SpectralUnit.CHANNEL;
		}
		else throw f.error(b.status.offset, b.where() + ": x unit DXU=" + dxu + " is not a " +
			"spectral axis this reader maps (WN, MI, NM, PNT); read it with unit=channel");
		final double[] x = new double[n];
		final double step = (last - first) / (n - 1);
		for (int i = 0; i < n; i++) x[i] = first + i * step;
		x[n - 1] = last;
		for (int i = 0; i < n; i++) x[i] *= scale;
		final SpectralUnit u = unit != null ? unit : options.unit() != null ? options.unit()
			: AxisUnits.infer(x);
		AxisUnits.requireUnit(f.file, options, u, dxu == null ? "no DXU, inferred from the values"
			: "DXU " + dxu);
		return f.axis(x, u, b.status.offset, b.where());
	}

	private static double required(final BinaryFile f, final Block b, final Map<String, Object> s,
		final String key) throws SpectraFormatException
	{
		final double v = number(s, key);
		if (Double.isNaN(v)) throw f.error(b.status.offset, b.where() + ": its data-status " +
			"parameters lack " + key + " (a number)");
		return v;
	}

	private static double number(final Map<String, Object> p, final String key) {
		final Object v = p.get(key);
		return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
	}

	private static String text(final Map<String, Object> p, final String key) {
		final Object v = p.get(key);
		return v instanceof String && !((String) v).isEmpty() ? (String) v : null;
	}

	/** {@code 05/02/2021} + {@code 11:44:26.088 (GMT+1)} → {@code 2021-02-05 11:44:26.088 GMT+1}. */
	static String dateTime(final String date, final String time) {
		if (date == null) return null;
		final String[] d = date.split("/");
		final String iso = d.length == 3 ? d[2] + "-" + d[1] + "-" + d[0] : date;
		if (time == null) return iso;
		return iso + " " + time.replace("(", "").replace(")", "").trim();
	}
}
