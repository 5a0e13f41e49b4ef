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
	void spectrumLayersAreHyperstacksOfOnePixelHighPlanes() {
		final FeatureMapSet set = FeatureMaps.extract(oneD, spectra, new int[] { 1, 3 }, null);
		final LayerMaps conv = set.layer("conv1");
		final ImagePlus imp = FeatureMapImages.toImagePlus(conv, "soil");
		assertEquals("soil conv1", imp.getTitle());
		assertTrue(imp.isComposite());
		assertEquals(CompositeImage.COLOR, ((CompositeImage) imp).getMode());
		assertEquals(700, imp.getWidth());
		assertEquals(1, imp.getHeight(), "a line per filter");
		assertEquals(8, imp.getNChannels(), "a channel per filter");
		assertEquals(2, imp.getNSlices(), "a slice per sample");
		assertEquals(1, imp.getNFrames());
		assertEquals(16, imp.getStackSize());
		for (int k = 0; k < conv.planeCount(); k++)
			assertSame(conv.plane(k), imp.getStack().getPixels(k + 1), "slice " + (k + 1) +
				" is the plane itself");
		assertEquals(conv.value(1, 2, 0, 100), ((float[]) imp.getStack().getPixels(8 + 3))[100], 0,
			"channel 3, slice 2: filter 3 of the second sample");
		assertEquals("conv1 · filter 1 · S2", imp.getStack().getSliceLabel(1));
		assertEquals("conv1 · filter 8 · S2", imp.getStack().getSliceLabel(8));
		assertEquals("conv1 · filter 1 · S4", imp.getStack().getSliceLabel(9));
		assertEquals("conv1", imp.getProp(FeatureMapImages.LAYER_PROPERTY));
		assertEquals("S2\nS4", imp.getProp(SpectraImages.IDS_PROPERTY));
		assertTrue(imp.getInfoProperty().contains("1 pixel high, channels = filters, slices = samples"),
			imp.getInfoProperty());
		final Calibration cal = imp.getCalibration();
		assertEquals("nm", cal.getXUnit());
		assertEquals(400, cal.getX(0), 1e-9);
		assertEquals(3, cal.pixelWidth, 1e-9);
		assertEquals("pixel", cal.getYUnit());
		assertEquals(1, cal.pixelHeight, 0);
		assertEquals(conv.x().value(5), Double.parseDouble(imp.getProp(FeatureMapImages.X_PROPERTY)
			.split(",")[5]), 1e-9);
		for (final LUT l : ((CompositeImage) imp).getLuts()) {
			assertEquals(conv.displayRange().max(), l.max, 0);
			assertEquals(-l.max, l.min, 0, "signed: centred on 0");
		}
		final LayerMaps pool1 = set.layer("pool1");
		final ImagePlus pool = FeatureMapImages.toImagePlus(pool1, "soil");
		assertEquals(175, pool.getWidth());
		assertEquals(8, pool.getNChannels());
		assertEquals(400 + 3 * 1.5, pool.getCalibration().getX(0), 1e-9, "pool 4: centre of points 0–3");
		assertEquals(12, pool.getCalibration().pixelWidth, 1e-9);
		final LUT fire = ((CompositeImage) pool).getChannelLut(5);
		assertEquals(0, fire.min, 0, "after the ReLU the range starts at 0");
		assertEquals(pool1.displayRange().max(), fire.max, 1e-6);
		assertEquals(0, fire.getRed(0) + fire.getGreen(0) + fire.getBlue(0), "Fire: black at 0");
		// the input: one filter, a slice per sample
		final ImagePlus input = FeatureMapImages.toImagePlus(set.input(), "soil");
		assertFalse(input.isComposite());
		assertEquals(1, input.getNChannels());
		assertEquals(2, input.getNSlices());
		assertEquals("input · S4", input.getStack().getSliceLabel(2));
		assertSame(set.input().plane(1), input.getStack().getPixels(2));
		// kernels: a k × 1 slice per filter
		final ImagePlus kernels = FeatureMapImages.toImagePlus(set.kernels(), "soil");
		assertEquals("soil conv1 kernels", kernels.getTitle());
		assertEquals(8, kernels.getStackSize());
		assertEquals(8, kernels.getNChannels());
		assertEquals(5, kernels.getWidth());
		assertEquals(1, kernels.getHeight());
		assertEquals("conv1 weights · filter 8", kernels.getStack().getSliceLabel(8));
		assertEquals(-6, kernels.getCalibration().getX(0), 1e-9, "offsets from the centre in nm");
	}

	/** The 1-D overview is the filter × position image: row band k shows filter k. */
	@Test
	void spectrumOverviewIsTheFilterByPositionImage() {
		final FeatureMapSet set = FeatureMaps.extract(oneD, spectra, new int[] { 0, 2 }, Set.of(
			"conv1"));
		final LayerMaps conv = set.layer("conv1");
		final ImagePlus overview = FeatureMapPictures.montage(conv, 1, "soil");
		assertEquals("soil conv1 · S3 filters × positions", overview.getTitle());
		// 700 positions × 1, 8 filters × 25 pixels, under a 34-pixel header, centred, above the
		// x ticks and axis name (30), the colour bar with its meaning (40) and a margin
		final int width = overview.getWidth();
		assertEquals(700 + 16, width);
		assertEquals(34 + 8 * 25 + 30 + 40 + 8, overview.getHeight());
		final LUT lut = FeatureMapImages.lut(conv);
		final LayerMaps.Range r = conv.displayRange();
		final int x0 = (width - 700) / 2;
		for (final int f : new int[] { 0, 3, 7 })
			for (final int c : new int[] { 0, 250, 699 }) {
				final int i = (int) Math.max(0, Math.min(255, Math.round((conv.value(1, f, 0, c) - r
					.min()) * (255 / (r.max() - r.min())))));
				final int expected = lut.getRGB(i) & 0xffffff;
				assertEquals(expected, overview.getProcessor().getPixel(x0 + c, 34 + f * 25 + 12) &
					0xffffff, "filter " + (f + 1) + ", position " + c);
			}
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
	void spectrumTiffsKeepLayoutLabelsCalibrationAndValues() throws Exception {
		final FeatureMapSet set = FeatureMaps.extract(oneD, spectra, new int[] { 0, 1, 2 }, Set.of(
			"pool2"));
		final LayerMaps m = set.layer("pool2");
		final Path file = tmp.resolve("pool2.tif");
		ImageFiles.saveTiff(FeatureMapImages.toImagePlus(m, "soil"), file);
		final ImagePlus back = IJ.openImage(file.toString());
		assertTrue(back.isComposite());
		assertEquals(16, back.getNChannels());
		assertEquals(3, back.getNSlices());
		assertEquals(48, back.getStackSize());
		assertEquals(43, back.getWidth());
		assertEquals(1, back.getHeight());
		assertEquals("pool2 · filter 16 · S3", back.getStack().getSliceLabel(48));
		assertEquals("pool2 · filter 2 · S2", back.getStack().getSliceLabel(18));
		for (int p = 0; p < 48; p++)
			assertArrayEquals(m.plane(p), (float[]) back.getStack().getPixels(p + 1), 0);
		assertEquals("nm", back.getCalibration().getXUnit());
		assertEquals(m.x().origin(), back.getCalibration().getX(0), 2e-4 * m.x().origin());
		assertEquals(m.x().step(), back.getCalibration().pixelWidth, 2e-4 * m.x().step());
		assertEquals(m.x().value(7), Double.parseDouble(back.getProp(FeatureMapImages.X_PROPERTY)
			.split(",")[7]), 1e-9);
		assertEquals("S1\nS2\nS3", back.getProp(SpectraImages.IDS_PROPERTY));
		assertEquals(0, ((CompositeImage) back).getChannelLut(5).min, 0);
		assertEquals(m.displayRange().max(), ((CompositeImage) back).getChannelLut(5).max, 1e-4);
		assertEquals("pool2", back.getProp(FeatureMapImages.LAYER_PROPERTY));
	}

	/**
	 * Every TIFF that {@code save} wrote has a slice per filter and sample (channels = filters,
	 * slices = samples), as {@code layers.csv} says.
	 */
	private static void assertTiffsMatchTheTable(final Path folder, final int samples)
		throws Exception
	{
		final List<String> table = Files.readAllLines(folder.resolve(FeatureMapFiles.TABLE));
		assertTrue(table.get(0).startsWith("index,layer,kind,filters,height,width,slices,"), table
			.get(0));
		for (final String line : table.subList(1, table.size())) {
			final String[] c = line.split(",");
			final int filters = Integer.parseInt(c[3]), height = Integer.parseInt(c[4]), width = Integer
				.parseInt(c[5]), slices = Integer.parseInt(c[6]);
			final int n = c[2].equals("kernels") ? 1 : samples;
			assertEquals(filters * n, slices, line);
			final ImagePlus imp = IJ.openImage(folder.resolve(c[17]).toString());
			assertEquals(slices, imp.getStackSize(), line);
			assertEquals(filters, imp.getNChannels(), line);
			assertEquals(n, imp.getNSlices(), line);
			assertEquals(height, imp.getHeight(), line);
			assertEquals(width, imp.getWidth(), line);
		}
	}

	@Test
	void saveWritesEveryLayerInOrder() throws Exception {
		final FeatureMapSet one = FeatureMaps.extract(oneD, spectra, new int[] { 0 }, null);
		final Path a = tmp.resolve("a");
		final List<Path> files = FeatureMapFiles.save(one, "soil", a);
		for (final String f : new String[] { "00_input.tif", "00_input.png", "01_conv1.tif",
			"01_conv1.png", "01_conv1_profile.png", "02_pool1.tif", "04_pool2_profile.png",
			"kernels_conv1.tif", "kernels_conv1.png", "layers.csv" })
		{
			assertTrue(files.contains(a.resolve(f)), f);
			assertTrue(Files.size(a.resolve(f)) > 0, f);
		}
		final List<String> table = Files.readAllLines(a.resolve("layers.csv"));
		assertEquals(7, table.size(), "header, input, 4 layers, kernels");
		assertTrue(table.get(1).startsWith("0,input,input,1,1,700,1,1,1,400.000,3.00000,nm,0.00000,1.00000,pixel,"),
			table.get(1));
		assertTrue(table.get(2).startsWith("1,conv1,convolution,8,1,700,8,1,1,400.000,3.00000,nm,"),
			table.get(2));
		assertTrue(table.get(6).startsWith("1,conv1,kernels,8,1,5,8,"), table.get(6));
		final ImagePlus pool2 = IJ.openImage(a.resolve("04_pool2.tif").toString());
		assertEquals(16, pool2.getStackSize(), "a slice per filter");
		assertEquals(16, pool2.getNChannels());
		assertEquals(1, pool2.getHeight());
		assertEquals(43, pool2.getWidth());
		assertEquals("pool2 · filter 16", pool2.getStack().getSliceLabel(16));
		assertArrayEquals(one.layer("pool2").plane(15), (float[]) pool2.getStack().getPixels(16), 0);
		final ImagePlus input = IJ.openImage(a.resolve("00_input.tif").toString());
		assertEquals(1, input.getStackSize());
		assertEquals("input · S1", input.getProp("Slice_Label"));
		assertTiffsMatchTheTable(a, 1);
		final ImagePlus oneDKernels = IJ.openImage(a.resolve("kernels_conv1.tif").toString());
		assertEquals(8, oneDKernels.getStackSize());
		assertEquals(5, oneDKernels.getWidth());
		assertEquals(1, oneDKernels.getHeight());

		// 1-D, several samples: channels = filters, slices = samples
		final FeatureMapSet three = FeatureMaps.extract(oneD, spectra, new int[] { 0, 1, 3 }, Set.of(
			"conv2"));
		final Path c = tmp.resolve("c");
		FeatureMapFiles.save(three, "soil", c);
		for (final String f : new String[] { "00_input.png", "03_conv2_S1.png", "03_conv2_S4.png",
			"03_conv2_profile_S2.png" })
			assertTrue(Files.size(c.resolve(f)) > 0, f);
		assertTiffsMatchTheTable(c, 3);
		final ImagePlus conv2 = IJ.openImage(c.resolve("03_conv2.tif").toString());
		assertEquals(16, conv2.getNChannels());
		assertEquals(3, conv2.getNSlices());
		assertEquals("conv2 · filter 1 · S4", conv2.getStack().getSliceLabel(33));

		final FeatureMapSet two = FeatureMaps.extract(twoD, spectra, new int[] { 0, 3 }, Set.of(
			"pool1"));
		final Path b = tmp.resolve("b");
		FeatureMapFiles.save(two, "m", b);
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
		assertTiffsMatchTheTable(b, 2);
		final FeatureMapSet single = FeatureMaps.extract(twoD, spectra, new int[] { 1 }, null);
		final Path d = tmp.resolve("d");
		FeatureMapFiles.save(single, "m", d);
		assertTiffsMatchTheTable(d, 1);
		assertEquals(8, IJ.openImage(d.resolve("01_conv1.tif").toString()).getStackSize());
	}

	@Test
	void profilePlotOverlaysTheMeanActivationOnTheSpectrum() {
		final FeatureMapSet set = FeatureMaps.extract(oneD, spectra, new int[] { 2 }, null);
		final LayerMaps pool2 = set.layer("pool2");
		final ij.gui.Plot plot = FeatureMapPictures.profile(pool2, set.prepared(), 0);
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

	/**
	 * The GUI opens one window per request (the spectra plot beside it for 1-D models), not one
	 * per layer: a stack of every layer's overview picture, t = layer, z = sample.
	 */
	@Test
	void aRequestOpensOneBrowserNotAWindowPerLayer() {
		final FeatureMapSet set2d = FeatureMaps.extract(twoD, spectra, new int[] { 2, 0 }, null);
		final FeatureMapPictures.Browser b2 = FeatureMapPictures.browser(set2d, "m");
		assertEquals(1, b2.windowCount());
		assertEquals(null, b2.inputPlot());
		final ImagePlus stack = b2.browser();
		final int layers = set2d.layers().size() + (set2d.kernels() != null ? 1 : 0);
		assertTrue(layers > 3, "layers: " + layers);
		assertEquals("m feature maps", stack.getTitle());
		assertEquals(ImagePlus.COLOR_RGB, stack.getType());
		assertEquals(2, stack.getNSlices());
		assertEquals(layers, stack.getNFrames());
		assertEquals(2 * layers, stack.getStackSize());
		// z fastest: the second plane is the first layer's second sample
		assertEquals(set2d.layers().get(0).name() + " · S1", stack.getStack().getSliceLabel(2));
		assertEquals("conv1 · S3", stack.getStack().getSliceLabel(2 * set2d.layers().indexOf(set2d
			.layer("conv1")) + 1));
		// each plane is the layer's PNG picture, padded with white to the largest
		final LayerMaps conv = set2d.layer("conv1");
		final ImagePlus picture = FeatureMapPictures.montage(conv, 1, "m");
		final int plane = 2 * set2d.layers().indexOf(conv) + 2;
		final ij.process.ImageProcessor ip = stack.getStack().getProcessor(plane);
		for (final int[] xy : new int[][] { { 0, 0 }, { picture.getWidth() / 2, picture
			.getHeight() / 2 }, { picture.getWidth() - 1, picture.getHeight() - 1 } })
			assertEquals(picture.getProcessor().getPixel(xy[0], xy[1]), ip.getPixel(xy[0], xy[1]));
		if (picture.getHeight() < stack.getHeight()) assertEquals(0xffffff, ip.getPixel(0, stack
			.getHeight() - 1) & 0xffffff);

		final FeatureMapSet set1d = FeatureMaps.extract(oneD, spectra, new int[] { 1 }, null);
		final FeatureMapPictures.Browser b1 = FeatureMapPictures.browser(set1d, "s");
		assertEquals(2, b1.windowCount());
		assertTrue(b1.inputPlot() != null);
		// the 1-pixel-high input is the plot, not a plane; every other layer and the kernels are
		final int planes = set1d.layers().size() - 1 + (set1d.kernels() != null ? 1 : 0);
		assertEquals(planes, b1.browser().getStackSize());
		assertEquals(planes, b1.browser().getNFrames());
		// a 1-D plane has the layer's profile plot under its filter × position picture
		final LayerMaps c1 = set1d.layer("conv1");
		assertTrue(b1.browser().getHeight() > FeatureMapPictures.montage(c1, 0, "s").getHeight() +
			100, "profile under the picture");
	}
}
