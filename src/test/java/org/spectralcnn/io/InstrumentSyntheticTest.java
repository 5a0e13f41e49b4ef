package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * Variants the real files here do not cover, written byte by byte from the format descriptions
 * (Galactic SPC spec, ASD header layout, OPUS directory/parameter layout): big-endian SPC,
 * 16-bit and negative-exponent integers, XYXY multifiles, unordered XY, ASD version 1 and float
 * and integer data, OPUS int32 data with a y scale factor.
 */
class InstrumentSyntheticTest {

	private static final Path SPC = Paths.get("synthetic.spc");
	private static final Path ASD = Paths.get("synthetic.asd");
	private static final Path OPUS = Paths.get("synthetic.0");

	/** A new-format SPC header: flags, exponent, points, first/last x, subfiles, x type. */
	private static ByteBuffer spcHeader(final int size, final ByteOrder order, final int flags,
		final int exp, final int npts, final double first, final double last, final int nsub,
		final int xType)
	{
		final ByteBuffer b = ByteBuffer.allocate(size).order(order);
		b.put(0, (byte) flags).put(1, (byte) (order == ByteOrder.BIG_ENDIAN ? 0x4C : 0x4B));
		b.put(3, (byte) exp).putInt(4, npts).putDouble(8, first).putDouble(16, last);
		b.putInt(24, nsub).put(28, (byte) xType).put(29, (byte) 2);
		return b;
	}

	private static SpectralDataset read(final SpectraReader r, final Path name, final byte[] b)
		throws Exception
	{
		assertTrue(r.recognises(b, Datasets.extension(name)), r.name() + " does not recognise it");
		return r.read(name, b, ReadOptions.defaults());
	}

	@Test
	void spcBigEndianInt32() throws Exception {
		final int[] raw = { 1 << 22, -(3 << 20), 5 << 21 };
		final ByteBuffer b = spcHeader(512 + 32 + 12, ByteOrder.BIG_ENDIAN, 0, 10, 3, 1100, 1104,
			1, 3);
		for (int i = 0; i < 3; i++) b.putInt(544 + 4 * i, raw[i]);
		final SpectralDataset d = read(new SpcReader(), SPC, b.array());
		assertEquals(SpectralUnit.NM, d.axis().unit());
		assertArrayEquals(new double[] { 1100, 1102, 1104 }, d.axis().values(), 1e-12);
		for (int i = 0; i < 3; i++) assertEquals(raw[i] * Math.pow(2, 10 - 32), d.value(0, i), 0);
		assertEquals("synthetic", d.id(0));
	}

	@Test
	void spc16BitAndNegativeSubfileExponents() throws Exception {
		// multifile of 16-bit integers (TSPREC | TMULTI), subfile exponents -2 and 3
		final int n = 4;
		final ByteBuffer b = spcHeader(512 + 2 * (32 + 2 * n), ByteOrder.LITTLE_ENDIAN, 0x05, 0, n,
			4000, 400, 2, 1);
		final short[] raw = { 1000, -2000, 3000, 32000 };
		final int[] exps = { -2, 3 };
		for (int s = 0; s < 2; s++) {
			final int at = 512 + s * (32 + 2 * n);
			b.put(at + 1, (byte) exps[s]).putFloat(at + 4, 10 * s);
			for (int i = 0; i < n; i++) b.putShort(at + 32 + 2 * i, raw[i]);
		}
		final SpectralDataset d = read(new SpcReader(), SPC, b.array());
		assertEquals(2, d.size());
		assertEquals(SpectralUnit.WAVENUMBER, d.axis().unit());
		assertEquals(4000, d.axis().first());
		for (int s = 0; s < 2; s++)
			for (int i = 0; i < n; i++)
				assertEquals(raw[i] * Math.pow(2, exps[s] - 16), d.value(s, i), 0, "subfile " + s);
		assertArrayEquals(new double[] { 0, 10 }, d.column("z"));
		assertEquals("synthetic_2", d.id(1));
	}

	/** XYXY: each subfile carries its x array; equal arrays read, different ones are refused. */
	@Test
	void spcXyxyMultifile() throws Exception {
		final int n = 3;
		final float[][] xs = { { 500, 510, 520 }, { 500, 510, 520 } };
		final ByteBuffer b = spcHeader(512 + 2 * (32 + 8 * n), ByteOrder.LITTLE_ENDIAN, 0x44 | 0x80,
			-128, 0, 0, 0, 2, 3);
		for (int s = 0; s < 2; s++) {
			final int at = 512 + s * (32 + 8 * n);
			b.put(at + 1, (byte) -128).putInt(at + 16, n);
			for (int i = 0; i < n; i++) {
				b.putFloat(at + 32 + 4 * i, xs[s][i]);
				b.putFloat(at + 32 + 4 * n + 4 * i, 0.5f * s + i);
			}
		}
		final SpectralDataset d = read(new SpcReader(), SPC, b.array());
		assertArrayEquals(new double[] { 500, 510, 520 }, d.axis().values(), 0);
		assertEquals(2.5f, d.value(1, 2), 0);
		b.putFloat(512 + 32 + 8 * n + 32 + 4, 511); // subfile 2, second x
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> read(
			new SpcReader(), SPC, b.array()));
		assertTrue(e.getMessage().contains("subfile 2 has other x values"), e.getMessage());

		// with the subfile directory the format allows after the subfiles (offset in byte 4)
		final int data = 512 + 2 * (32 + 8 * n);
		final ByteBuffer withDirectory = ByteBuffer.allocate(data + 2 * 12).order(
			ByteOrder.LITTLE_ENDIAN).put(b.array(), 0, data);
		withDirectory.putFloat(512 + 32 + 8 * n + 32 + 4, 510).putInt(4, data);
		assertEquals(2, read(new SpcReader(), SPC, withDirectory.array()).size());
		withDirectory.putInt(4, data + 4); // a directory offset that does not follow the subfiles
		final SpectraFormatException d2 = assertThrows(SpectraFormatException.class, () -> read(
			new SpcReader(), SPC, withDirectory.array()));
		assertTrue(d2.getMessage().contains("subfile directory starts at byte " + (data + 4)), d2
			.getMessage());
	}

	/** XY with an x array out of order: the pairs are sorted by x, as spc-parser does. */
	@Test
	void spcUnorderedXySortsPairs() throws Exception {
		final float[] x = { 700, 500, 600 };
		final float[] y = { 7, 5, 6 };
		final ByteBuffer b = spcHeader(512 + 12 + 32 + 12, ByteOrder.LITTLE_ENDIAN, 0x80, -128, 3, 0,
			0, 1, 3);
		for (int i = 0; i < 3; i++) b.putFloat(512 + 4 * i, x[i]).putFloat(512 + 12 + 32 + 4 * i, y[i]);
		final SpectralDataset d = read(new SpcReader(), SPC, b.array());
		assertArrayEquals(new double[] { 500, 600, 700 }, d.axis().values(), 0);
		assertArrayEquals(new float[] { 5, 6, 7 }, d.spectrum(0), 0);
	}

	/** An ASD header: version, spectrum type, 350 nm + 1 nm steps, data format, channels. */
	private static ByteBuffer asd(final String version, final int type, final int format,
		final int n, final int extra)
	{
		final int width = format == 2 ? 8 : 4;
		final ByteBuffer b = ByteBuffer.allocate(484 + n * width + extra).order(
			ByteOrder.LITTLE_ENDIAN);
		b.put(version.getBytes(StandardCharsets.US_ASCII));
		b.put(186, (byte) type).putFloat(191, 350).putFloat(195, 1).put(199, (byte) format);
		b.putShort(204, (short) n).putInt(390, 17);
		return b;
	}

	@Test
	void asdVersion1FloatHasNoReference() throws Exception {
		final ByteBuffer b = asd("ASD", 1, 0, 3, 0);
		for (int i = 0; i < 3; i++) b.putFloat(484 + 4 * i, 0.25f * (i + 1));
		final SpectralDataset d = read(new AsdReader(), ASD, b.array());
		assertEquals("spectrum", d.textColumn("block")[0]); // no white reference in version 1
		assertEquals("reflectance", d.textColumn("spectrum_type")[0]);
		assertArrayEquals(new float[] { 0.25f, 0.5f, 0.75f }, d.spectrum(0), 0);
		assertArrayEquals(new double[] { 350, 351, 352 }, d.axis().values(), 0);
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () ->
			new AsdReader().read(ASD, b.array(), ReadOptions.defaults().withBlock("reflectance")));
		assertTrue(e.getMessage().contains("without a white reference") && e.getMessage().contains(
			"it has spectrum"), e.getMessage());
	}

	@Test
	void asdIntegerRawWithReference() throws Exception {
		final int n = 3, description = 5;
		final ByteBuffer b = asd("as7", 0, 1, n, 20 + description + 4 * n);
		final int[] dn = { 100, 200, 300 }, ref = { 400, 400, 600 };
		for (int i = 0; i < n; i++) b.putInt(484 + 4 * i, dn[i]);
		final int refHeader = 484 + 4 * n;
		b.putShort(refHeader + 18, (short) description);
		for (int i = 0; i < n; i++) b.putInt(refHeader + 20 + description + 4 * i, ref[i]);
		final SpectralDataset d = read(new AsdReader(), ASD, b.array());
		assertEquals("reflectance", d.textColumn("block")[0]);
		assertArrayEquals(new float[] { 0.25f, 0.5f, 0.5f }, d.spectrum(0), 0);
		final SpectralDataset r = new AsdReader().read(ASD, b.array(), ReadOptions.defaults()
			.withBlock("Reference"));
		assertArrayEquals(new float[] { 400, 400, 600 }, r.spectrum(0), 0);
		assertEquals(17, r.column("integration_time_ms")[0]);

		b.putInt(refHeader + 20 + description + 4, 0);
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () ->
			new AsdReader().read(ASD, b.array(), ReadOptions.defaults()));
		assertTrue(e.getMessage().contains("white reference is 0 at 351.0 nm"), e.getMessage());
	}

	/**
	 * A minimal OPUS file: header, directory of two blocks (an AB data block of int32 values, its
	 * data-status block with NPT, FXV, LXV, CSF, DPF=2, DXU) and nothing else.
	 */
	@Test
	void opusInt32DataWithScaleFactor() throws Exception {
		final int n = 4, dir = 24, data = dir + 2 * 12, status = data + 4 * n;
		final ByteBuffer b = ByteBuffer.allocate(status + 6 * 16 + 8).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { 0x0a, 0x0a, (byte) 0xfe, (byte) 0xfe }).putDouble(4, 920622);
		b.putInt(12, dir).putInt(16, 2).putInt(20, 2);
		final int ab = 15 | 16 << 8; // amplitude, ratio channel, data type 4 (absorbance)
		b.putInt(dir, ab).putInt(dir + 4, n).putInt(dir + 8, data);
		b.putInt(dir + 12, ab | 1 << 4).putInt(dir + 16, (6 * 16 + 8) / 4).putInt(dir + 20, status);
		final int[] raw = { 10, -20, 30, 40 };
		for (int i = 0; i < n; i++) b.putInt(data + 4 * i, raw[i]);
		int at = status;
		at = param(b, at, "NPT", 0, n);
		at = param(b, at, "FXV", 1, 4000);
		at = param(b, at, "LXV", 1, 1000);
		at = param(b, at, "CSF", 1, 0.5);
		at = param(b, at, "DPF", 0, 2);
		b.position(at);
		b.put("DXU".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putShort((short) 3)
			.putShort((short) 4).put("WN\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
		b.put("END".getBytes(StandardCharsets.US_ASCII));
		final SpectralDataset d = read(new OpusReader(), OPUS, b.array());
		assertArrayEquals(new double[] { 4000, 3000, 2000, 1000 }, d.axis().values(), 1e-9);
		assertEquals(SpectralUnit.WAVENUMBER, d.axis().unit());
		assertArrayEquals(new float[] { 5, -10, 15, 20 }, d.spectrum(0), 0);
		assertEquals("AB", d.textColumn("block")[0]);
		assertEquals(Arrays.asList("block"), d.columnNames()); // no parameter blocks: no metadata
	}

	/** One OPUS parameter: key, type (0 int32, 1 float64), size in 16-bit words, value. */
	private static int param(final ByteBuffer b, final int at, final String key, final int type,
		final double value)
	{
		b.position(at);
		b.put(key.getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putShort((short) type);
		if (type == 0) b.putShort((short) 2).putInt((int) value);
		else b.putShort((short) 4).putDouble(value);
		return b.position();
	}
}
