package org.spectralcnn.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.LUT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.featuremaps.FeatureMapModels;
import org.spectralcnn.featuremaps.FeatureMapSet;
import org.spectralcnn.featuremaps.FeatureMaps;
import org.spectralcnn.featuremaps.LayerMaps;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.Representation;

/** Feature maps as ImageJ stacks: shared planes, hyperstack layout, calibration, LUTs, files. */
class FeatureMapImagesTest {

	private static CnnModel oneD, twoD;
	private static SpectralDataset spectra;

	@TempDir
	Path tmp;

	@BeforeAll
	static void models() {
		oneD = FeatureMapModels.model(Representation.SPECTRUM, "tiny", "snv", 5);
		twoD = FeatureMapModels.model(Representation.SPECTROGRAM, "tiny", "", 6);
		spectra = FeatureMapModels.spectra(4, 7);
	}

	@Test
	void spectrogramLayersAreHyperstacksOverThePlanes() {
		final FeatureMapSet set = FeatureMaps.extract(twoD, spectra, new int[] { 2, 0 }, null);
		final LayerMaps conv = set.layer("conv1"), pool = set.layer("pool1");
		final ImagePlus imp = FeatureMapImages.toImagePlus(conv, "m");
		assertEquals("m conv1", imp.getTitle());
		assertTrue(imp.isComposite());
		assertEquals(CompositeImage.COLOR, ((CompositeImage) imp).getMode());
		assertEquals(8, imp.getNChannels());
		assertEquals(2, imp.getNSlices());
		assertEquals(1, imp.getNFrames());
		assertEquals(13, imp.getWidth());
		assertEquals(51, imp.getHeight());
		for (int k = 0; k < conv.planeCount(); k++)
			assertSame(conv.plane(k), imp.getStack().getPixels(k + 1), "slice " + (k + 1) +
				" is the plane itself");
		assertEquals("conv1 · filter 1 · S3", imp.getStack().getSliceLabel(1));
		assertEquals("conv1 · filter 2 · S3", imp.getStack().getSliceLabel(2));
		assertEquals("conv1 · filter 1 · S1", imp.getStack().getSliceLabel(9));
		assertEquals("conv1", imp.getProp(FeatureMapImages.LAYER_PROPERTY));
		assertEquals("S3\nS1", imp.getProp(SpectraImages.IDS_PROPERTY));
		assertTrue(imp.getInfoProperty().contains("channels = filters, slices = samples"), imp
			.getInfoProperty());
		// one LUT and display range for every filter of the layer: signed maps centred on 0
		final LUT[] luts = ((CompositeImage) imp).getLuts();
		assertEquals(8, luts.length);
		for (final LUT l : luts) {
			assertEquals(conv.displayRange().min(), l.min, 0);
			assertEquals(conv.displayRange().max(), l.max, 0);
			assertEquals(-l.max, l.min, 0);
		}
		final ImagePlus pooled = FeatureMapImages.toImagePlus(pool, "m");
		final LUT fire = ((CompositeImage) pooled).getChannelLut(3);
		assertEquals(0, fire.min, 0, "after the ReLU the range starts at 0");
		assertEquals(0, fire.getRed(0) + fire.getGreen(0) + fire.getBlue(0), "Fire: black at 0");
	}

	@Test
	void spectrogramCalibrationFollowsTheLayerAxes() {
		final FeatureMapSet set = FeatureMaps.extract(twoD, spectra, new int[] { 1 }, Set.of(
			"pool2"));
		for (final LayerMaps m : set.layers()) {
			final Calibration cal = FeatureMapImages.toImagePlus(m, null).getCalibration();
			assertEquals("nm", cal.getXUnit());
			assertEquals("cycles/nm", cal.getYUnit());
			for (int i = 0; i < m.width(); i++)
				assertEquals(m.x().value(i), cal.getX(i), 1e-9, m.name() + " x " + i);
			for (int j = 0; j < m.height(); j++)
				assertEquals(m.y().value(j), cal.getY(j, m.height()), 1e-12, m.name() + " y " + j);
		}
		final Calibration input = FeatureMapImages.toImagePlus(set.input(), null).getCalibration();
		assertEquals(550, input.getX(0), 1e-9, "window centre of the first frame");
		assertEquals(150, input.pixelWidth, 1e-9);
		final Calibration pool2 = FeatureMapImages.toImagePlus(set.layer("pool2"), null)
			.getCalibration();
		assertEquals(550 + 1.5 * 150, pool2.getX(0), 1e-9, "stride 4: frames 0–3, centre 1.5");
		assertEquals(600, pool2.pixelWidth, 1e-9);
		assertEquals(4 / 300.0, pool2.pixelHeight, 1e-12);
	}

	@Test
	void spectrumLayersAreFilterByPositionImages() {
		final FeatureMapSet set = FeatureMaps.extract(oneD, spectra, new int[] { 1, 3 }, null);
		final LayerMaps conv = set.layer("conv1");
		final ImagePlus imp = FeatureMapImages.toImagePlus(conv, "soil");
		assertFalse(imp.isComposite());
		assertEquals(700, imp.getWidth());
		assertEquals(8, imp.getHeight(), "a row per filter");
		assertEquals(2, imp.getStackSize(), "a slice per sample");
		assertEquals(1, imp.getNChannels());
		assertEquals(2, imp.getNSlices());
		assertSame(conv.plane(1), imp.getStack().getPixels(2));
		assertEquals("conv1 · S2", imp.getStack().getSliceLabel(1));
		assertEquals("conv1 · S4", imp.getStack().getSliceLabel(2));
		final Calibration cal = imp.getCalibration();
		assertEquals("nm", cal.getXUnit());
		assertEquals(400, cal.getX(0), 1e-9);
		assertEquals(3, cal.pixelWidth, 1e-9);
		assertEquals("filter", cal.getYUnit());
		assertEquals(1, cal.getY(0), 1e-9, "row 0 is filter 1");
		final ImagePlus pool = FeatureMapImages.toImagePlus(set.layer("pool1"), "soil");
		assertEquals(175, pool.getWidth());
		assertEquals(400 + 3 * 1.5, pool.getCalibration().getX(0), 1e-9, "pool 4: centre of points 0–3");
		assertEquals(12, pool.getCalibration().pixelWidth, 1e-9);
		assertEquals(0, pool.getDisplayRangeMin(), 0);
		assertEquals(set.layer("pool1").displayRange().max(), pool.getDisplayRangeMax(), 1e-6);
	}

	@Test
	void tiffsKeepLayoutLabelsCalibrationAndValues() throws Exception {
		final FeatureMapSet set = FeatureMaps.extract(twoD, spectra, new int[] { 0, 1, 2 }, Set.of(
			"conv2"));
		final LayerMaps m = set.layer("conv2");
		final Path file = tmp.resolve("conv2.tif");
		ImageFiles.saveTiff(FeatureMapImages.toImagePlus(m, "m"), file);
		final ImagePlus back = IJ.openImage(file.toString());
		assertTrue(back.isComposite());
		assertEquals(CompositeImage.COLOR, back.getCompositeMode());
		assertEquals(16, back.getNChannels());
		assertEquals(3, back.getNSlices());
		assertEquals("conv2 · filter 16 · S3", back.getStack().getSliceLabel(48));
		// TIFF stores the pixel size as a resolution (1/size as integer millionths): ~4 digits
		// survive; the exact axes are image properties
		assertEquals(m.x().origin(), back.getCalibration().getX(0), 2e-4 * m.x().origin());
		assertEquals(m.y().step(), back.getCalibration().pixelHeight, 2e-4 * m.y().step());
		assertEquals(m.x().value(2), Double.parseDouble(back.getProp(FeatureMapImages.X_PROPERTY)
			.split(",")[2]), 1e-9);
		assertEquals(m.y().value(3), Double.parseDouble(back.getProp(FeatureMapImages.Y_PROPERTY)
			.split(",")[3]), 1e-12);
		assertEquals("cycles/nm", back.getCalibration().getYUnit());
		assertArrayEquals(m.plane(47), (float[]) back.getStack().getPixels(48), 0);
		assertEquals(m.displayRange().max(), ((CompositeImage) back).getChannelLut(5).max, 1e-4);
		assertEquals("conv2", back.getProp(FeatureMapImages.LAYER_PROPERTY));
	}

	@Test
	void saveWritesEveryLayerInOrder() throws Exception {
		final FeatureMapSet one = FeatureMaps.extract(oneD, spectra, new int[] { 0 }, null);
		final Path a = tmp.resolve("a");
		final List<Path> files = FeatureMapImages.save(one, "soil", a);
		for (final String f : new String[] { "00_input.tif", "00_input.png", "01_conv1.tif",
			"01_conv1.png", "01_conv1_profile.png", "02_pool1.tif", "04_pool2_profile.png",
			"kernels_conv1.tif", "kernels_conv1.png", "layers.csv" })
		{
			assertTrue(files.contains(a.resolve(f)), f);
			assertTrue(Files.size(a.resolve(f)) > 0, f);
		}
		final List<String> table = Files.readAllLines(a.resolve("layers.csv"));
		assertEquals(7, table.size(), "header, input, 4 layers, kernels");
		assertTrue(table.get(2).startsWith("1,conv1,convolution,8,1,700,1,1,1,400.000,3.00000,nm,"),
			table.get(2));
		final ImagePlus pool2 = IJ.openImage(a.resolve("04_pool2.tif").toString());
		assertEquals(16, pool2.getHeight(), "16 filters");
		assertEquals(43, pool2.getWidth());

		final FeatureMapSet two = FeatureMaps.extract(twoD, spectra, new int[] { 0, 3 }, Set.of(
			"pool1"));
		final Path b = tmp.resolve("b");
		FeatureMapImages.save(two, "m", b);
		for (final String f : new String[] { "00_input.tif", "00_input_S1.png", "00_input_S4.png",
			"02_pool1.tif", "02_pool1_S1.png", "02_pool1_S4.png", "kernels_conv1.tif" })
			assertTrue(Files.size(b.resolve(f)) > 0, f);
		assertFalse(Files.exists(b.resolve("01_conv1.tif")));
		final ImagePlus pool1 = IJ.openImage(b.resolve("02_pool1.tif").toString());
		assertEquals(8 * 2, pool1.getStackSize());
		assertEquals(8, pool1.getNChannels());
		final ImagePlus montage = IJ.openImage(b.resolve("02_pool1_S4.png").toString());
		assertTrue(montage.getWidth() >= 360 && montage.getHeight() > 100, montage.toString());
		final ImagePlus kernels = IJ.openImage(b.resolve("kernels_conv1.tif").toString());
		assertEquals(8, kernels.getStackSize());
		assertEquals(3, kernels.getWidth());
		assertEquals("conv1 weights · filter 8", kernels.getStack().getSliceLabel(8));
	}

	@Test
	void profilePlotOverlaysTheMeanActivationOnTheSpectrum() {
		final FeatureMapSet set = FeatureMaps.extract(oneD, spectra, new int[] { 2 }, null);
		final LayerMaps pool2 = set.layer("pool2");
		final ij.gui.Plot plot = FeatureMapImages.profile(pool2, set.prepared(), 0);
		assertEquals("pool2 mean activation · S3", plot.getTitle());
		final float[] x = plot.getXValues(), y = plot.getYValues(); // the first series: the spectrum
		assertEquals(700, x.length);
		assertTrue(plot.getImagePlus().getWidth() > 0);
		final double[] mean = pool2.meanOverFilters(0);
		assertEquals(43, mean.length);
		double m = 0;
		for (int f = 0; f < 16; f++) m += pool2.value(0, f, 0, 10);
		assertEquals(m / 16, mean[10], 1e-6);
		assertEquals(y.length, x.length);
	}
}
