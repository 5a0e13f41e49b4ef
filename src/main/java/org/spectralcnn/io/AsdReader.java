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
 * ASD FieldSpec binary spectra ({@code .asd}; file versions {@code ASD}/{@code asd} (1) and
 * {@code as2} … {@code as8}), laid out as asdreader and SpecDAL read them: a 484-byte header
 * (spectrum type at 186, first wavelength and step as float32 at 191/195, data format at 199:
 * 0 float32, 1 int32, 2 float64; channels int16 at 204; integration time int32 at 390 (ms);
 * SWIR1/SWIR2 gains int16 at 436/438; splice wavelengths float32 at 444/448), the spectrum, and
 * from version 2 on a reference header (flag, two times, a description with its int16 length)
 * followed by the white reference in the same format.
 * <p>
 * What is read ({@link ReadOptions#withBlock}): {@code reflectance} = spectrum / white reference
 * (the default when the file holds both and the spectrum type is raw, reflectance or radiance,
 * as asdreader's {@code get_spectra(type = "reflectance")}); {@code spectrum} and
 * {@code reference} as stored (raw DN for raw files); {@code spectrum_normalised} and
 * {@code reference_normalised}: raw DN with asdreader's corrections (VNIR ÷ integration time,
 * SWIR1 × gain1/2048, SWIR2 × gain2/2048, split at the splice wavelengths). Without a
 * reference the default is the spectrum as stored, and the {@code spectrum_type} column says
 * what it is.
 */
final class AsdReader implements SpectraReader {

	private static final int HEADER = 484;
	private static final String[] TYPES = { "raw", "reflectance", "radiance", "no_units",
		"irradiance", "qi", "transmittance", "unknown", "absorbance" };
	private static final String[] INSTRUMENTS = { "unknown", "PSII", "LSVNIR", "FieldSpec VNIR",
		"FieldSpec FR", "FieldSpec NIR", "CHEM", "FieldSpec FullRange Unattended" };
	private static final int[] FORMAT_BYTES = { 4, 4, 8 };
	private static final List<String> BLOCKS = Arrays.asList("reflectance", "spectrum",
		"reference", "spectrum_normalised", "reference_normalised");

	@Override
	public String name() {
		return "ASD FieldSpec";
	}

	@Override
	public List<String> extensions() {
		return Collections.singletonList("asd");
	}

	/** Version 1 files start {@code ASD} (or {@code asd}), later ones {@code as2} … {@code as9}. */
	private static int version(final byte[] b) {
		if (b.length < 3) return 0;
		if ((b[0] == 'A' && b[1] == 'S' && b[2] == 'D') || (b[0] == 'a' && b[1] == 's' &&
			b[2] == 'd')) return 1;
		if (b[0] == 'a' && b[1] == 's' && b[2] >= '2' && b[2] <= '9') return b[2] - '0';
		return 0;
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		// the version letters alone could start a text file: the type and format bytes must fit;
		// a file too short to show them is taken by its extension, to be reported as truncated
		if (version(head) == 0) return false;
		if (head.length <= 205) return extension.equals("asd");
		return (head[186] & 0xff) < TYPES.length && (head[199] & 0xff) < 3;
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		final BinaryFile f = new BinaryFile(file, bytes, ByteOrder.LITTLE_ENDIAN);
		f.require(0, HEADER, "the ASD header");
		final int version = version(bytes);
		if (version == 0) throw f.error(0, "not an ASD file: it starts '" + f.text(0, 3,
			"version") + "', expected ASD or as2 … as8");
		if (version > 8) throw f.error(0, "ASD file version as" + version + " is not supported " +
			"(this reader knows ASD and as2 … as8)");
		final int type = f.u8(186, "the spectrum type");
		if (type >= TYPES.length) throw f.error(186, "spectrum type " + type + " is unknown " +
			"(expected 0 raw … 8 absorbance)");
		final int format = f.u8(199, "the data format");
		if (format > 2) throw f.error(199, "data format " + format + " is unknown (expected 0 " +
			"float, 1 integer or 2 double)");
		final int n = f.i16(204, "the channel count");
		final double start = f.f32(191, "the first wavelength"), step = f.f32(195,
			"the wavelength step");
		if (n < 2) throw f.error(204, "the channel count is " + n + " (expected at least 2)");
		if (!(step > 0) || !Double.isFinite(start)) throw f.error(191, "the wavelength axis " +
			"(first " + start + " nm, step " + step + " nm) is not an increasing axis");
		final int width = FORMAT_BYTES[format];
		final double[] spectrum = values(f, HEADER, n, format, "the spectrum");
		double[] reference = null;
		final int afterSpectrum = HEADER + n * width;
		if (version >= 2 && bytes.length > afterSpectrum) {
			final int length = f.u16(afterSpectrum + 18, "the reference description length");
			reference = values(f, afterSpectrum + 20 + length, n, format, "the white reference");
		}

		final String asked = options.block() == null ? null : options.block().toLowerCase(
			Locale.ROOT);
		final String block = asked != null ? asked : reference != null && type <= 2
			? "reflectance" : "spectrum";
		final double it = f.i32(390, "the integration time");
		final double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = start + i * step;
		final float[] y = quantity(f, block, type, spectrum, reference, x, it);

		final SpectralAxis axis = options.unit() == SpectralUnit.CHANNEL ? SpectralAxis.channels(n)
			: f.axis(x, SpectralUnit.NM, 191, "the wavelength axis");
		AxisUnits.requireUnit(file, options, axis.unit(), "ASD files are in nm");
		final SpectralDataset.Builder b = Datasets.single(file, axis, y);
		Datasets.text(b, "block", block);
		Datasets.text(b, "spectrum_type", TYPES[type]);
		final int instrument = f.u8(431, "the instrument type");
		Datasets.text(b, "instrument", instrument < INSTRUMENTS.length ? INSTRUMENTS[instrument]
			: "type " + instrument);
		Datasets.text(b, "instrument_number", String.valueOf(f.u16(400, "the instrument number")));
		Datasets.text(b, "date_time", when(f));
		Datasets.numeric(b, "integration_time_ms", it);
		final String comment = f.text(3, 157, "the comment");
		Datasets.text(b, "comment", comment.isEmpty() ? null : comment);
		return b.build();
	}

	private static double[] values(final BinaryFile f, final int offset, final int n,
		final int format, final String what) throws SpectraFormatException
	{
		final int width = FORMAT_BYTES[format];
		f.require(offset, (long) n * width, what + " (" + n + " values)");
		final double[] v = new double[n];
		for (int i = 0; i < n; i++) {
			final int at = offset + i * width;
			v[i] = format == 0 ? Float.intBitsToFloat(f.raw32(at)) : format == 1 ? f.raw32(at)
				: Double.longBitsToDouble(f.raw64(at));
		}
		return v;
	}

	private static float[] quantity(final BinaryFile f, final String block, final int type,
		final double[] spectrum, final double[] reference, final double[] x, final double it)
		throws SpectraFormatException
	{
		if (!BLOCKS.contains(block)) throw new SpectraFormatException(f.file, 0, 0, "block=" + block +
			" is not an ASD quantity; expected " + String.join(", ", available(type, reference)));
		final boolean normalised = block.endsWith("_normalised");
		final boolean wantsReference = block.startsWith("reference") || block.equals(
			"reflectance");
		if (wantsReference && reference == null || block.equals("reflectance") && type > 2 ||
			normalised && type != 0) throw new SpectraFormatException(f.file, 0, 0, "block=" + block +
				" is not available in this " + TYPES[type] + " file" + (reference == null
					? " without a white reference" : "") + "; it has " + String.join(", ", available(
						type, reference)));
		final float[] y = new float[x.length];
		for (int i = 0; i < x.length; i++) {
			final double v;
			if (block.equals("reflectance")) {
				if (reference[i] == 0) throw new SpectraFormatException(f.file, 0, 0, "the white " +
					"reference is 0 at " + x[i] + " nm, so reflectance is undefined there; read " +
					"block=spectrum for the stored values");
				v = spectrum[i] / reference[i];
			}
			else v = block.startsWith("spectrum") ? spectrum[i] : reference[i];
			final double out = normalised ? normalise(f, v, x[i], it) : v;
			if (!Float.isFinite((float) out)) throw new SpectraFormatException(f.file, 0, 0, block +
				" is " + out + (Double.isFinite(out) ? " (beyond 32-bit float range)" : "") + " at " +
				x[i] + " nm; spectra must be finite numbers");
			y[i] = (float) out;
		}
		return y;
	}

	/** asdreader's correction of raw DN: VNIR ÷ integration time, SWIR × gain / 2048. */
	private static double normalise(final BinaryFile f, final double dn, final double nm,
		final double it) throws SpectraFormatException
	{
		final double splice1 = f.f32(444, "splice 1"), splice2 = f.f32(448, "splice 2");
		if (nm <= splice1) {
			if (it <= 0) throw f.error(390, "the integration time is " + it + " ms, so the VNIR " +
				"values cannot be normalised");
			return dn / it;
		}
		return dn * f.u16(nm <= splice2 ? 436 : 438, "the SWIR gain") / 2048.0;
	}

	private static List<String> available(final int type, final double[] reference) {
		final List<String> out = new ArrayList<>();
		if (reference != null && type <= 2) out.add("reflectance");
		out.add("spectrum");
		if (reference != null) out.add("reference");
		if (type == 0) out.add("spectrum_normalised");
		if (type == 0 && reference != null) out.add("reference_normalised");
		return out;
	}

	/** The acquisition time (a C {@code tm}: seconds … years since 1900), ISO, or null. */
	private static String when(final BinaryFile f) throws SpectraFormatException {
		final int[] t = new int[6];
		for (int i = 0; i < 6; i++) t[i] = f.i16(160 + 2 * i, "the acquisition time");
		if (t[5] <= 0 || t[4] < 0 || t[4] > 11 || t[3] < 1 || t[3] > 31) return null;
		return String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", t[5] + 1900, t[4] + 1,
			t[3], t[2], t[1], t[0]);
	}
}
