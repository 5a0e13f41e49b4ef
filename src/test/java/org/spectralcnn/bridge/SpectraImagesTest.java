package org.spectralcnn.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.preprocess.Preprocessing;

class SpectraImagesTest {

	private static SpectralDataset threeSamples() {
		final float[] data = new float[3 * 5];
		for (int k = 0; k < data.length; k++) data[k] = k * 0.5f;
		return SpectralDataset.builder("soils.csv.gz", SpectralAxis.regular(1100, 2, 5,
			SpectralUnit.NM), new String[] { "a", "b", "c" }, data).numeric("clay", new double[] { 1,
				Double.NaN, 3 }).build();
	}

	@Test
	void imagePlusSharesSpectraAndIsCalibrated() {
		final SpectralDataset d = threeSamples();
		final ImagePlus imp = SpectraImages.toImagePlus(d);
		assertEquals(5, imp.getWidth());
		assertEquals(3, imp.getHeight());
		assertEquals(ImagePlus.GRAY32, imp.getType());
		assertSame(d.data(), imp.getProcessor().getPixels());
		assertEquals("soils", imp.getTitle());
		final Calibration cal = imp.getCalibration();
		assertEquals("nm", cal.getXUnit());
		assertEquals(1100, cal.getX(0), 1e-9);
		assertEquals(1108, cal.getX(4), 1e-9);
		assertArrayEquals(new String[] { "a", "b", "c" }, SpectraImages.sampleIds(imp));
		assertArrayEquals(d.axis().values(), SpectraImages.axisValues(imp), 1e-3);
	}

	@Test
	void decreasingAxisCalibratesWithNegativeStep() {
		final SpectralDataset d = SpectralDataset.builder("mir", SpectralAxis.regular(4000, -4, 3,
			SpectralUnit.WAVENUMBER), new String[] { "x" }, new float[3]).build();
		final Calibration cal = SpectraImages.toImagePlus(d).getCalibration();
		assertEquals(4000, cal.getX(0), 1e-9);
		assertEquals(3992, cal.getX(2), 1e-9);
		assertEquals("cm^-1", cal.getXUnit());
	}

	@Test
	void imgSharesSpectraWithXAsPointAndYAsSample() {
		final SpectralDataset d = threeSamples();
		final ArrayImg<FloatType, FloatArray> img = SpectraImages.toImg(d);
		assertSame(d.data(), img.update(null).getCurrentStorageArray());
		assertEquals(5, img.dimension(0));
		assertEquals(3, img.dimension(1));
		final RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(new long[] { 4, 2 });
		assertEquals(d.value(2, 4), ra.get().get());
	}

	@Test
	void plotRowsFromIdsRowNumbersOrDefault() {
		final SpectralDataset d = threeSamples();
		assertArrayEquals(new int[] { 2, 0 }, SpectraPlots.selectRows(d, "c, 1"));
		assertArrayEquals(new int[] { 0, 1, 2 }, SpectraPlots.selectRows(d, ""));
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
			IllegalArgumentException.class, () -> SpectraPlots.selectRows(d, "zz"));
		org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'zz'"));
	}

	private static SpectralDataset spectra(final SpectralUnit unit, final float... values) {
		return SpectralDataset.builder("s", SpectralAxis.regular(1, 1, values.length, unit),
			new String[] { "a" }, values).build();
	}

	/** The spectra plot's y-axis says what the values are. */
	@Test
	void yAxisNamesReflectanceAbsorbanceOrCounts() {
		final SpectralDataset reflectance = spectra(SpectralUnit.NM, 0.05f, 0.4f, 1.02f);
		assertEquals("Reflectance", SpectraPlots.yLabel(reflectance, null));
		assertEquals("Reflectance", SpectraPlots.yLabel(spectra(SpectralUnit.WAVENUMBER, 0.2f,
			0.9f), Preprocessing.parse("")));
		assertEquals("Value", SpectraPlots.yLabel(spectra(SpectralUnit.NM, 0.2f, 2.5f), null),
			"above 2: not a reflectance fraction");
		assertEquals("Value", SpectraPlots.yLabel(spectra(SpectralUnit.NM, -0.1f, 0.5f), null));
		assertEquals("Counts", SpectraPlots.yLabel(spectra(SpectralUnit.KEV, 0, 1500), null));
		assertEquals("Counts", SpectraPlots.yLabel(spectra(SpectralUnit.CHANNEL, 0.5f, 3), null));
		final Preprocessing absorbance = Preprocessing.parse("absorbance");
		assertEquals("Absorbance (log10 1/R)", SpectraPlots.yLabel(absorbance.apply(reflectance),
			absorbance));
		final Preprocessing chain = Preprocessing.parse("absorbance, snv");
		assertEquals("Preprocessed value (absorbance, snv)", SpectraPlots.yLabel(chain.apply(
			reflectance), chain));
		assertEquals("Reflectance", SpectraPlots.plot(reflectance, new int[] { 0 }, SpectraPlots
			.yLabel(reflectance, null)).getLabel('y'));
		// what the file says wins over the range: MIR absorbance lies within 0–2 too
		assertEquals("Absorbance", SpectraPlots.yLabel(declaring("block", "AB", "AB"), null));
		assertEquals("Absorbance", SpectraPlots.yLabel(declaring("y_type", "Log(1/R)", "log(1/r)"), null));
		assertEquals("Transmittance", SpectraPlots.yLabel(declaring("yunits", "TRANSMITTANCE",
			"TRANSMITTANCE"), null));
		assertEquals("Value (block ScSm)", SpectraPlots.yLabel(declaring("block", "ScSm", "ScSm"), null));
		assertEquals("Reflectance", SpectraPlots.yLabel(declaring("block", "AB", "ScSm"), null),
			"files that disagree: the range decides");
	}

	private static SpectralDataset declaring(final String column, final String... values) {
		return SpectralDataset.builder("s", SpectralAxis.regular(1, 1, 2, SpectralUnit.WAVENUMBER),
			new String[] { "a", "b" }, new float[] { 0.3f, 0.5f, 0.4f, 0.6f }).text(column, values)
			.build();
	}
}
