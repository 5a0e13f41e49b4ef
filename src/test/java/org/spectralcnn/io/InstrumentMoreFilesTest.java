package org.spectralcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spectralcnn.io.InstrumentReferenceTest.read;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;

/**
 * The OPUS and SPC files without reference values ({@code opus/more}, {@code spc/more}), judged
 * by what the instruments measure; block choice, metadata columns and detection.
 */
class InstrumentMoreFilesTest {

	private static Path shared(final String relative) {
		return SharedData.require("instruments/" + relative);
	}

	private static float[] range(final SpectralDataset d) {
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (final float v : d.data()) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		return new float[] { min, max };
	}

	/** opusreader2 issue 81: two dots in the name, only an uncompensated AB (and a compact AB without status). */
	@Test
	void opusWithOnlyUncompensatedAbReadsIt() throws Exception {
		final SpectralDataset d = read(new OpusReader(), shared("opus/more/issue81_A1.1.0"),
			ReadOptions.defaults());
		assertEquals("issue81_A1.1", d.id(0));
		assertEquals("AB_no_atm_comp", d.textColumn("block")[0]);
		assertEquals(1866, d.points());
		assertEquals(SpectralUnit.WAVENUMBER, d.axis().unit());
		assertEquals(3996.58, d.axis().first(), 0.01); // MIR, high to low as the file stores it
		assertEquals(399.27, d.axis().last(), 0.01);
		final float[] r = range(d);
		assertTrue(r[0] > -0.1 && r[1] < 2, "absorbance range " + r[0] + " … " + r[1]);
		assertEquals("Tensor 27", d.textColumn("instrument")[0]);
		assertEquals(4.0, d.column("resolution_cm1")[0]);
	}

	/** opusreader2 issue 94: Alpha II whose ScRf has another grid than AB and ScSm. */
	@Test
	void opusAlphaIiBlocksKeepTheirOwnGrids() throws Exception {
		final Path file = shared("opus/more/issue94_RT_01_1_23-02-21_13-23-54.0");
		final SpectralDataset ab = read(new OpusReader(), file, ReadOptions.defaults());
		assertEquals(6930, ab.points());
		assertEquals(7498.66, ab.axis().first(), 0.01);
		assertEquals(399.57, ab.axis().last(), 0.01);
		assertEquals("Alpha II", ab.textColumn("instrument")[0]);
		assertEquals("RT_01_1", ab.textColumn("sample_name")[0]);
		assertEquals("2023-02-21 13:23:57.530 GMT+1", ab.textColumn("date_time")[0]);
		final SpectralDataset rf = read(new OpusReader(), file, ReadOptions.defaults().withBlock(
			"ScRf"));
		assertEquals(6936, rf.points());
		assertEquals(7502.75, rf.axis().first(), 0.01);
		final float[] r = range(rf);
		assertTrue(r[0] > 0 && r[1] < 1, "single channel " + r[0] + " … " + r[1]);
	}

	@Test
	void opusBlockKeyChoosesAndListsBlocks() throws Exception {
		final Path two = shared("opus/629266_1TP_A-1_C1.0");
		final SpectralDataset compensated = read(new OpusReader(), two, ReadOptions.defaults());
		final SpectralDataset raw = read(new OpusReader(), two, ReadOptions.defaults().withBlock(
			"ab_no_atm_comp"));
		assertEquals("AB", compensated.textColumn("block")[0]);
		assertEquals("AB_no_atm_comp", raw.textColumn("block")[0]);
		float maxDiff = 0;
		for (int i = 0; i < raw.points(); i++)
			maxDiff = Math.max(maxDiff, Math.abs(raw.value(0, i) - compensated.value(0, i)));
		assertTrue(maxDiff > 0.01 && maxDiff < 0.05, "README: the two AB differ by up to 0.033, got " +
			maxDiff);

		final SpectralDataset sm = read(new OpusReader(), two, ReadOptions.defaults().withBlock(
			"ScSm"));
		assertEquals(3578, sm.points());
		final SpectralDataset ig = read(new OpusReader(), two, ReadOptions.defaults().withBlock(
			"IgSm"));
		assertEquals(SpectralUnit.CHANNEL, ig.axis().unit()); // interferogram: DXU=PNT

		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> read(
			new OpusReader(), shared("opus/test_spectra.0"), ReadOptions.defaults().withBlock("AB")));
		assertTrue(e.getMessage().contains("test_spectra.0") && e.getMessage().contains(
			"block=AB") && e.getMessage().contains("R_no_atm_comp") && e.getMessage().contains(
				"ScSm"), e.getMessage());
	}

	/** A Galactic old-LabCalc multifile: 10 subfiles of 857 points, each with its own exponent. */
	@Test
	void spcOldLabCalcMultifileReadsEverySubfile() throws Exception {
		final SpectralDataset d = read(new SpcReader(), shared("spc/more/m_ordz.spc"),
			ReadOptions.defaults());
		assertEquals(10, d.size());
		assertEquals(857, d.points());
		assertEquals("m_ordz_1", d.id(0));
		assertEquals("m_ordz_10", d.id(9));
		assertEquals(SpectralUnit.WAVENUMBER, d.axis().unit());
		assertEquals(698.23, d.axis().first(), 0.01);
		assertEquals(4000.35, d.axis().last(), 0.01);
		final double[] z = d.column("z");
		for (int s = 1; s < z.length; s++) assertTrue(z[s] > z[s - 1], "ordered z");
		assertEquals("Absorbance", d.textColumn("y_type")[0]);
		// spectra are smooth: point-to-point jumps are small against the values. Misread words
		// (low word first) give a ratio above 1.08 in every subfile; read right, 9 subfiles are
		// below 0.21 and one noisy one at 0.75.
		int smooth = 0;
		for (int s = 0; s < d.size(); s++) {
			double jumps = 0, size = 0;
			for (int i = 1; i < d.points(); i++) {
				jumps += Math.abs(d.value(s, i) - d.value(s, i - 1));
				size += Math.abs(d.value(s, i));
			}
			assertTrue(jumps < size, "subfile " + (s + 1) + " looks like byte noise");
			if (jumps < 0.3 * size) smooth++;
		}
		assertTrue(smooth >= 9, smooth + " smooth subfiles");
	}

	@Test
	void detectionByContent() throws Exception {
		final byte[] ortec = Files.readAllBytes(SharedData.require(
			"gamma_becquerel_samples/raw/Alcatraz14.Spc"));
		assertFalse(new SpcReader().recognises(ortec, "spc"), "ORTEC .spc stays with the refusal");
		final StringBuilder table = new StringBuilder("AMOUNT,1100,1102\n");
		for (int i = 0; i < 40; i++) table.append("soil").append(i).append(",0.1,0.2\n");
		final StringBuilder asdLike = new StringBuilder("ASD,sample,1100\n").append(table);
		for (final String text : new String[] { table.toString(), asdLike.toString() })
			for (final SpectraReader r : new SpectraReader[] { new OpusReader(), new AsdReader(),
				new SpcReader() })
				assertFalse(r.recognises(text.getBytes(StandardCharsets.UTF_8), "csv"), r.name() +
					" claims a CSV table");
		final byte[] opus = Files.readAllBytes(shared("opus/BF_lo_01_soil_cal.1"));
		assertTrue(new OpusReader().recognises(opus, "bin"), "OPUS by magic, whatever the name");
		assertFalse(new SpcReader().recognises(opus, "1"));
		assertFalse(new AsdReader().recognises(opus, "1"));
		assertTrue(OpusReader.isOpusExtension("001") && !OpusReader.isOpusExtension("csv"));
	}

	@Test
	void channelUnitIndexesPointsAndOtherUnitsAreRefused() throws Exception {
		final Path asd = shared("asd/soil.asd");
		final SpectralDataset ch = read(new AsdReader(), asd, ReadOptions.defaults().withUnit(
			SpectralUnit.CHANNEL));
		assertEquals(0, ch.axis().first());
		final SpectraFormatException e = assertThrows(SpectraFormatException.class, () -> read(
			new AsdReader(), asd, ReadOptions.defaults().withUnit(SpectralUnit.WAVENUMBER)));
		assertTrue(e.getMessage().contains("unit=cm^-1"), e.getMessage());
		final SpectraFormatException spc = assertThrows(SpectraFormatException.class, () -> read(
			new SpcReader(), shared("spc/nir.spc"), ReadOptions.defaults().withBlock("AB")));
		assertTrue(spc.getMessage().contains("does not apply to SPC"), spc.getMessage());
	}
}
