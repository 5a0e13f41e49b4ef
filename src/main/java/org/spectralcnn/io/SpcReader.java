package org.spectralcnn.io;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * Thermo/Galactic GRAMS SPC files ({@code .spc}), told by their version byte (byte 1):
 * {@code 0x4B} new format, least significant byte first; {@code 0x4C} new format, most
 * significant byte first; {@code 0x4D} old LabCalc format. ORTEC binary {@code .spc} gamma
 * spectra (byte 1 is 0) are not claimed.
 * <p>
 * New format (512-byte header): flags byte 0 ({@code 0x01} 16-bit integer y, {@code 0x04}
 * multifile, {@code 0x40} an x array per subfile (XYXY), {@code 0x80} one x array after the
 * header (XY, XYY)), y exponent (signed byte 3), point count (int32 at 4), first and last x
 * (float64 at 8/16; evenly spaced files), subfile count (int32 at 24), x/y type codes (bytes
 * 28/29), packed date (int32 at 32), comment (130 bytes at 88). Each subfile has a 32-byte
 * header (its own exponent at byte 1, z at 4, point count at 16) and then its values. Integer y
 * = raw × 2^(exp − 32) (16-bit: 2^(exp − 16)); exponent −128 ({@code 0x80}) means float32.
 * Multifiles use each subfile's own (signed) exponent, single files the header's.
 * <p>
 * Old LabCalc format (256-byte header): exponent int16 at 2, point count, first and last x as
 * float32 at 4/8/12, x/y types at 16/17, the first subfile's header at 224; its 32-bit integers
 * are stored high 16-bit word first. Multifiles are read subfile after subfile to the end of
 * the file.
 * <p>
 * x unit from the x-type code: wavenumber and Raman shift → cm⁻¹, nm, µm (× 1000 → nm), eV
 * (÷ 1000 → keV), diode number/channel/data points → channel; "arbitrary" x is inferred from
 * the values; other units (time, Hz, ppm, …) are refused (unit=channel reads them by point).
 * Ids: the file name, plus {@code _1 … _n} for the subfiles of a multifile.
 */
final class SpcReader implements SpectraReader {

	private static final int TSPREC = 0x01, TMULTI = 0x04, TXYXYS = 0x40, TXVALS = 0x80;
	private static final int FLOAT = -128;
	private static final String[] X_TYPES = { "Arbitrary", "Wavenumber (cm-1)", "Micrometers",
		"Nanometers", "Seconds", "Minutes", "Hertz", "Kilohertz", "Megahertz", "Mass (M/z)",
		"Parts per million", "Days", "Years", "Raman Shift (cm-1)", "eV",
		"XYZ text labels", "Diode Number", "Channel", "Degrees", "Temperature (F)",
		"Temperature (C)", "Temperature (K)", "Data Points", "Milliseconds", "Microseconds",
		"Nanoseconds", "Gigahertz", "Centimeters", "Meters", "Millimeters", "Hours" };
	private static final String[] Y_TYPES = { "Arbitrary Intensity", "Interferogram",
		"Absorbance", "Kubelka-Munk", "Counts", "Volts", "Degrees", "Milliamps", "Millimeters",
		"Millivolts", "Log(1/R)", "Percent", "Intensity", "Relative Intensity", "Energy", null,
		"Decibel", null, null, "Temperature (F)", "Temperature (C)", "Temperature (K)",
		"Index of Refraction", "Extinction Coeff.", "Real", "Imaginary", "Complex" };
	private static final String[] Y_TYPES_128 = { "Transmission", "Reflectance",
		"Arbitrary or Single Beam with Valley Peaks", "Emission" };

	@Override
	public String name() {
		return "Thermo/Galactic SPC";
	}

	@Override
	public List<String> extensions() {
		return Collections.singletonList("spc");
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		if (head.length < 2) return false;
		final int version = head[1] & 0xff;
		if (version < 0x4B || version > 0x4D) return false;
		if (head.length < 32) return extension.equals("spc"); // to be reported as truncated
		// 'K', 'L', 'M' could be the second letter of a text file; headers always hold NUL bytes
		for (int i = 2; i < 32; i++)
			if (head[i] == 0) return true;
		return false;
	}

	/** One spectrum being collected. */
	private static final class Sub {

		double[] x;
		float[] y;
		double z;
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		if (options.block() != null) throw new SpectraFormatException(file, 0, 0, "block=" +
			options.block() + " does not apply to SPC files (it chooses OPUS blocks and ASD " +
			"quantities); leave it at auto");
		final BinaryFile le = new BinaryFile(file, bytes, ByteOrder.LITTLE_ENDIAN);
		final int version = le.u8(1, "the version byte");
		if (version == 0x4D) return old(le, options);
		if (version != 0x4B && version != 0x4C) throw le.error(1, String.format(Locale.ROOT,
			"SPC version byte 0x%02X is not supported (0x4B, 0x4C new format, 0x4D old LabCalc)",
			version));
		final BinaryFile f = version == 0x4C ? le.withOrder(ByteOrder.BIG_ENDIAN) : le;
		f.require(0, 512, "the SPC header");
		final int flags = f.u8(0, "the flags");
		final int exp = f.i8(3, "the exponent");
		final int npts = f.i32(4, "the point count");
		final double first = f.f64(8, "the first x"), last = f.f64(16, "the last x");
		final boolean multi = (flags & TMULTI) != 0;
		final int nsub = multi ? f.i32(24, "the subfile count") : 1;
		final boolean xyxy = (flags & TXYXYS) != 0;
		final boolean xvals = (flags & TXVALS) != 0;
		final int width = (flags & TSPREC) != 0 ? 2 : 4;
		if (nsub < 1 || nsub > (bytes.length - 512) / 32) throw f.error(24, "subfile count " + nsub +
			" does not fit a file of " + bytes.length + " bytes");

		int pos = 512;
		double[] sharedX = null;
		if (!xyxy) {
			checkCount(f, 4, npts, 512, width, "the point count");
			if (xvals) {
				sharedX = floats(f, pos, npts, "the x values");
				pos += 4 * npts;
			}
			else sharedX = even(f, first, last, npts);
		}
		final Sub[] subs = new Sub[nsub];
		for (int s = 0; s < nsub; s++) {
			final String what = "subfile " + (s + 1);
			f.require(pos, 32, "the header of " + what);
			final Sub sub = subs[s] = new Sub();
			sub.z = f.f32(pos + 4, what + " z");
			final int subexp = f.i8(pos + 1, what + " exponent");
			int n = npts;
			if (xyxy) {
				n = f.i32(pos + 16, what + " point count");
				checkCount(f, pos + 16, n, pos + 32, 4 + width, what + " point count");
				sub.x = floats(f, pos + 32, n, what + " x values");
				pos += 4 * n;
			}
			else sub.x = sharedX;
			pos += 32;
			final int e = multi ? subexp : exp;
			sub.y = y(f, pos, n, e, width, false, what);
			pos += n * (e == FLOAT ? 4 : width);
		}
		// the data must end where the subfile directory of an XY file (its offset in byte 4), the
		// log block or the file begins: one changed count in the header otherwise reads every
		// later subfile from the wrong bytes, silently
		final String counts = xyxy ? "the subfile count " + nsub + " (byte 24) or a subfile's point count"
			: "the point count " + npts + " (byte 4) or the subfile count " + nsub + " (byte 24)";
		if (xyxy && npts > 0) {
			if (pos != npts) throw f.error(pos, "the subfiles end here, but the subfile directory " +
				"starts at byte " + npts + " (byte 4): " + counts + " does not match the data");
			pos += 12 * nsub; // 12 bytes per subfile
		}
		final int log = f.i32(248, "the log block offset");
		final long end = log > 0 ? log : f.size();
		if (pos != end && !(log <= 0 && pos < end && end - pos < 32)) throw f.error(pos,
			"the " + (xyxy && npts > 0 ? "subfile directory ends" : "subfiles end") + " here, but " +
				(log > 0 ? "the log block starts at byte " + log + " (flogoff, byte 248)" : "the file has " +
					f.size() + " bytes") + ": " + counts + " does not match the data");
		final int date = f.i32(32, "the date");
		return build(f, subs, multi, f.u8(28, "the x type"), f.u8(29, "the y type"), f.text(88, 130,
			"the comment"), date == 0 ? null : String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d",
				date >>> 20, date >> 16 & 15, date >> 11 & 31, date >> 6 & 31, date & 63), options);
	}

	/** Old LabCalc files: 256-byte header, float counts, high-word-first 32-bit integers. */
	private static SpectralDataset old(final BinaryFile f, final ReadOptions options)
		throws SpectraFormatException
	{
		f.require(0, 256, "the old-format SPC header");
		final int flags = f.u8(0, "the flags");
		if ((flags & (TXYXYS | TXVALS)) != 0) throw f.error(0, "old-format (LabCalc) SPC files " +
			"with x arrays are not supported; save the file in the new SPC format");
		final int exp = f.i16(2, "the exponent");
		final float count = f.f32(4, "the point count");
		final double first = f.f32(8, "the first x"), last = f.f32(12, "the last x");
		final int width = (flags & TSPREC) != 0 ? 2 : 4;
		if (count != Math.rint(count) || count < 2 || count > f.size()) throw f.error(4,
			"point count " + count + " is not a whole number from 2 to the file size");
		final int n = (int) count;
		final double[] x = even(f, first, last, n);
		final boolean multi = (flags & TMULTI) != 0;
		final List<Sub> subs = new ArrayList<>();
		int header = 224;
		while (true) {
			final String what = "subfile " + (subs.size() + 1);
			final int subexp = f.i8(header + 1, what + " exponent");
			final int e = multi && subexp != 0 ? subexp : exp;
			final int size = n * (e == FLOAT ? 4 : width);
			final Sub sub = new Sub();
			sub.x = x;
			sub.z = f.f32(header + 4, what + " z");
			sub.y = y(f, header + 32, n, e, width, true, what);
			subs.add(sub);
			header += 32 + size;
			if (!multi || header == f.size()) break;
			if (header + 32 > f.size()) break; // fewer bytes than a subfile header: padding
		}
		final int stored = f.i16(18, "the year") & 0x0fff; // the top 4 bits are the z type
		final int year = stored > 0 && stored < 100 ? 1900 + stored : stored;
		final String date = year == 0 ? null : String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d",
			year, f.u8(20, "the month"), f.u8(21, "the day"), f.u8(22, "the hour"), f.u8(23,
				"the minute"));
		return build(f, subs.toArray(new Sub[0]), multi, f.u8(16, "the x type"), f.u8(17,
			"the y type"), f.text(64, 130, "the comment"), date, options);
	}

	/** A count must fit in the bytes after {@code from}, each item {@code bytesEach} long. */
	private static void checkCount(final BinaryFile f, final int at, final int count,
		final int from, final int bytesEach, final String what) throws SpectraFormatException
	{
		if (count < 2 || (long) count * bytesEach > f.size() - (long) from) throw f.error(at, what +
			" is " + count + ", but " + (f.size() - from) + " bytes follow (expected at least 2 " +
			"points that fit in the file)");
	}

	private static double[] even(final BinaryFile f, final double first, final double last,
		final int n) throws SpectraFormatException
	{
		if (!Double.isFinite(first) || !Double.isFinite(last) || first == last) throw f.error(8,
			"the x range " + first + " to " + last + " is not an axis");
		final double[] x = new double[n];
		final double step = (last - first) / (n - 1);
		for (int i = 0; i < n; i++) x[i] = first + i * step;
		x[n - 1] = last;
		return x;
	}

	private static double[] floats(final BinaryFile f, final int offset, final int n,
		final String what) throws SpectraFormatException
	{
		f.require(offset, 4L * n, what);
		final double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat(f.raw32(offset + 4 * i));
		return v;
	}

	private static float[] y(final BinaryFile f, final int offset, final int n, final int exp,
		final int width, final boolean oldWords, final String what) throws SpectraFormatException
	{
		final int w = exp == FLOAT ? 4 : width;
		f.require(offset, (long) n * w, what + " y values (" + n + " × " + w + " bytes)");
		final float[] y = new float[n];
		final double scale = Math.pow(2, exp - (w == 2 ? 16 : 32));
		for (int i = 0; i < n; i++) {
			final int at = offset + i * w;
			final double v;
			if (exp == FLOAT) v = Float.intBitsToFloat(f.raw32(at));
			else if (w == 2) v = (short) f.raw16(at) * scale;
			else v = (oldWords ? f.raw16(at) << 16 | f.raw16(at + 2) : f.raw32(at)) * scale;
			if (!Float.isFinite((float) v)) throw f.error(at, what + ": value " + (i + 1) + " is " + v +
				(Double.isFinite(v) ? " (beyond 32-bit float range)" : "") +
				"; spectra must be finite numbers");
			y[i] = (float) v;
		}
		return y;
	}

	private static SpectralDataset build(final BinaryFile f, final Sub[] subs,
		final boolean multi, final int xType, final int yType, final String comment,
		final String date, final ReadOptions options) throws SpectraFormatException
	{
		final int p = subs[0].y.length;
		for (int s = 1; s < subs.length; s++)
			if (!Arrays.equals(subs[s].x, subs[0].x)) throw new SpectraFormatException(f.file, 0, 0,
				"subfile " + (s + 1) + " has other x values than subfile 1 (" + subs[s].x.length +
					" vs " + p + " points); spectra of one dataset share one axis, so resample the " +
					"subfiles or export them separately");
		double[] x = subs[0].x;
		int[] order = null;
		if (SpectralAxis.firstViolation(x) >= 0) { // unordered XY data: sort the pairs by x
			final Integer[] o = new Integer[p];
			for (int i = 0; i < p; i++) o[i] = i;
			final double[] x0 = x;
			Arrays.sort(o, (a, b) -> Double.compare(x0[a], x0[b]));
			order = new int[p];
			x = new double[p];
			for (int i = 0; i < p; i++) x[i] = x0[order[i] = o[i]];
			final int bad = SpectralAxis.firstViolation(x);
			if (bad >= 0) throw new SpectraFormatException(f.file, 0, 0, "the x values are not " +
				"distinct (" + x[bad] + " appears twice); an axis needs distinct values");
		}
		final SpectralAxis axis = axis(f, x, xType, options);
		final String stem = Datasets.stem(f.file);
		final String[] ids = new String[subs.length];
		final float[] spectra = new float[subs.length * p];
		final double[] z = new double[subs.length];
		for (int s = 0; s < subs.length; s++) {
			ids[s] = multi ? stem + "_" + (s + 1) : stem;
			z[s] = subs[s].z;
			for (int i = 0; i < p; i++)
				spectra[s * p + i] = subs[s].y[order == null ? i : order[i]];
		}
		final SpectralDataset.Builder b = SpectralDataset.builder(f.file.getFileName().toString(),
			axis, ids, spectra);
		if (multi) b.numeric("z", z);
		final String y = yType < Y_TYPES.length ? Y_TYPES[yType] : yType >= 128 && yType - 128 <
			Y_TYPES_128.length ? Y_TYPES_128[yType - 128] : null;
		fill(b, "y_type", y, subs.length);
		fill(b, "comment", comment.isEmpty() ? null : comment, subs.length);
		fill(b, "date_time", date, subs.length);
		return b.build();
	}

	private static void fill(final SpectralDataset.Builder b, final String column,
		final String value, final int n)
	{
		if (value == null) return;
		final String[] v = new String[n];
		Arrays.fill(v, value);
		b.text(column, v);
	}

	private static SpectralAxis axis(final BinaryFile f, final double[] x, final int xType,
		final ReadOptions options) throws SpectraFormatException
	{
		if (options.unit() == SpectralUnit.CHANNEL) return SpectralAxis.channels(x.length);
		final SpectralUnit unit;
		double divisor = 1;
		switch (xType) {
			case 1:
			case 13:
				unit = SpectralUnit.WAVENUMBER;
				break;
			case 2:
				unit = SpectralUnit.NM;
				divisor = 1e-3;
				break;
			case 3:
				unit = SpectralUnit.NM;
				break;
			case 14:
				unit = SpectralUnit.KEV;
				divisor = 1000;
				break;
			case 16:
			case 17:
			case 22:
				unit = SpectralUnit.CHANNEL;
				break;
			case 0:
				unit = options.unit() != null ? options.unit() : AxisUnits.infer(x);
				break;
			default:
				throw f.error(28, "x type " + xType + " (" + (xType < X_TYPES.length ? X_TYPES[xType]
					: "unknown") + ") is not a spectral axis this program uses (nm, cm-1, keV, " +
					"channel); read it with unit=channel to index the points");
		}
		AxisUnits.requireUnit(f.file, options, unit, "SPC x type " + xType);
		final double[] v = new double[x.length];
		for (int i = 0; i < x.length; i++) v[i] = x[i] / divisor;
		return f.axis(v, unit, 8, "the x axis");
	}
}
