package org.spectralcnn.featuremaps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputPipeline;
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.Representation;
import org.spectralcnn.spectrogram.Spectrograms;
import org.spectralcnn.spectrogram.StftParameters;

/**
 * Feature maps of the presets: the values are Deeplearning4j's own {@code feedForward}
 * activations, the sizes follow the architecture, and the axes are calibrated through the
 * layers' strides.
 */
class FeatureMapsTest {

	private static CnnModel fast1d, fast2d, ng2019, padarian2019;
	private static SpectralDataset spectra;

	@BeforeAll
	static void models() {
		fast1d = FeatureMapModels.model(Representation.SPECTRUM, "fast", "snv", 1);
		fast2d = FeatureMapModels.model(Representation.SPECTROGRAM, "fast", "", 2);
		ng2019 = FeatureMapModels.model(Representation.SPECTRUM, "ng2019", "sg(11,2,1), snv", 3);
		padarian2019 = FeatureMapModels.model(Representation.SPECTROGRAM, "padarian2019", "snv", 4);
		spectra = FeatureMapModels.spectra(8, 99);
	}

	/** DL4J's activations of every vertex for some rows, computed here independently. */
	private static Map<String, INDArray> feedForward(final CnnModel model, final int[] rows) {
		final InputPipeline p = model.inputPipeline();
		final SpectralDataset prepared = p.preprocess(spectra.subset(rows));
		final int[] local = new int[rows.length];
		for (int i = 0; i < local.length; i++) local[i] = i;
		final float[] buffer = new float[rows.length * p.sampleSize()];
		p.fill(prepared, local, buffer);
		final ComputationGraph net = model.network();
		return net.feedForward(Networks.input(net, buffer, rows.length, p.shape()), false);
	}

	/**
	 * Every value of every layer's maps equals DL4J's activation of that layer, and every layer
	 * (1-D or 2-D) has a plane per filter and sample, in hyperstack order.
	 */
	private static void assertEqualsFeedForward(final CnnModel model, final int[] rows) {
		final FeatureMapSet set = FeatureMaps.extract(model, spectra, rows, null);
		final Map<String, INDArray> expected = feedForward(model, rows);
		assertEquals(FeatureMaps.layerNames(model).size() + 1, set.layers().size());
		for (final LayerMaps m : set.layers()) {
			final INDArray a = expected.get(m.name());
			assertNotNull(a, m.name());
			assertArrayEquals(new long[] { rows.length, m.filters(), m.height(), m.width() }, a
				.shape(), m.name());
			assertEquals(rows.length * m.filters(), m.planeCount(), m.name() +
				": a plane per filter and sample");
			assertArrayEquals(new long[] { m.width(), m.height(), m.filters(), rows.length }, m.img()
				.dimensionsAsLongArray(), m.name());
			if (model.representation() == Representation.SPECTRUM) assertEquals(1, m.planeHeight());
			for (int s = 0; s < rows.length; s++)
				for (int f = 0; f < m.filters(); f++)
					assertSame(m.plane(s * m.filters() + f), m.img().getPlane(m.planeIndex(s, f))
						.getCurrentStorageArray(), m.name());
			int negative = 0;
			for (int s = 0; s < rows.length; s++)
				for (int f = 0; f < m.filters(); f++)
					for (int y = 0; y < m.height(); y++)
						for (int x = 0; x < m.width(); x++) {
							final float v = m.value(s, f, y, x);
							if (Float.compare(a.getFloat(s, f, y, x), v) != 0) fail(m.name() + " sample " + s +
								" filter " + f + " (" + x + ", " + y + "): " + v + " instead of " + a.getFloat(s,
									f, y, x));
							if (v < 0) negative++;
						}
			if (m.isNonNegative()) assertEquals(0, negative, m.name());
		}
	}

	@Test
	void valuesAreFeedForwardActivations1d() {
		assertEqualsFeedForward(fast1d, new int[] { 0, 3, 7 });
		assertEqualsFeedForward(ng2019, new int[] { 5 });
	}

	@Test
	void valuesAreFeedForwardActivations2d() {
		assertEqualsFeedForward(fast2d, new int[] { 2, 1 });
		assertEqualsFeedForward(padarian2019, new int[] { 4, 0, 6 });
	}

	/**
	 * The fused ReLU: a convolution before max pooling is linear (negative values), and the
	 * pooling layer gives max(0, max(window)) of it, as the network computes.
	 */
	@Test
	void poolingAppliesTheReluOfTheLinearConvolutionBefore() {
		for (final CnnModel model : new CnnModel[] { fast1d, fast2d }) {
			final FeatureMapSet set = FeatureMaps.extract(model, spectra, new int[] { 1, 2 }, null);
			final LayerMaps conv = set.layer("conv1"), pool = set.layer("pool1");
			assertFalse(conv.isNonNegative());
			assertTrue(pool.isNonNegative());
			assertTrue(conv.description().contains("before the ReLU, which pool1 applies"), conv
				.description());
			final int kh = model.representation() == Representation.SPECTROGRAM ? 2 : 1;
			boolean sawNegative = false;
			for (int s = 0; s < 2; s++)
				for (int f = 0; f < pool.filters(); f++)
					for (int y = 0; y < pool.height(); y++)
						for (int x = 0; x < pool.width(); x++) {
							float max = Float.NEGATIVE_INFINITY;
							for (int i = 0; i < kh; i++)
								for (int j = 0; j < 2; j++) {
									final float v = conv.value(s, f, y * kh + i, x * 2 + j);
									sawNegative |= v < 0;
									max = Math.max(max, v);
								}
							assertEquals(Math.max(0, max), pool.value(s, f, y, x), 0);
						}
			assertTrue(sawNegative, "conv1 holds values before the ReLU");
		}
	}

	@Test
	void sizesFollowTheArchitecture() {
		final FeatureMapSet one = FeatureMaps.extract(fast1d, spectra, new int[] { 0 }, null);
		assertEquals(List.of("input", "conv1", "pool1", "conv2", "pool2", "conv3", "pool3"), names(
			one));
		assertEquals(List.of("1 × 700", "32 × 700", "32 × 350", "64 × 350", "64 × 175", "64 × 175",
			"64 × 87"), shapes(one));
		final FeatureMapSet two = FeatureMaps.extract(fast2d, spectra, new int[] { 0 }, null);
		assertEquals(List.of("1 × 51 × 13", "32 × 51 × 13", "32 × 25 × 6", "64 × 25 × 6",
			"64 × 12 × 3", "64 × 12 × 3", "64 × 6 × 1"), shapes(two));
		assertEquals(List.of(1, 1, 2, 2, 4, 4, 8), two.layers().stream().map(LayerMaps::strideX)
			.toList());
		assertEquals(List.of(1, 1, 2, 2, 4, 4, 8), two.layers().stream().map(LayerMaps::strideY)
			.toList());
		// the layer table of the architecture lists the same shapes for the conv and pool layers
		for (final CnnModel m : new CnnModel[] { fast1d, fast2d, ng2019, padarian2019 }) {
			final List<String> table = new ArrayList<>();
			for (final String[] row : m.architecture().layerTable(m.inputPipeline().shape(), m
				.targets()))
				if (row[0].equals("input") || row[0].startsWith("conv") || row[0].startsWith("max-pool"))
					table.add(row[1]);
			final List<String> maps = new ArrayList<>();
			for (final LayerMaps l : FeatureMaps.extract(m, spectra, new int[] { 0 }, null).layers())
				if (l.kind() == LayerKind.INPUT || l.kind() == LayerKind.CONVOLUTION || l
					.kind() == LayerKind.POOLING) maps.add(l.shape());
			assertEquals(table, maps, m.toString());
		}
		final FeatureMapSet bn = FeatureMaps.extract(padarian2019, spectra, new int[] { 0 }, null);
		assertEquals(List.of("input", "conv1", "bn1", "pool1", "conv2", "bn2", "relu2", "conv3",
			"bn3", "pool2", "conv4", "bn4", "relu4", "conv5", "bn5", "pool3"), names(bn));
		assertEquals(List.of(LayerKind.INPUT, LayerKind.CONVOLUTION, LayerKind.BATCH_NORM,
			LayerKind.POOLING, LayerKind.CONVOLUTION, LayerKind.BATCH_NORM, LayerKind.ACTIVATION),
			bn.layers().subList(0, 7).stream().map(LayerMaps::kind).toList());
		assertTrue(bn.layer("conv1").description().contains("batch norm follows"));
		assertTrue(bn.layer("bn1").description().contains("which pool1 applies"));
		assertTrue(bn.layer("relu2").isNonNegative());
		assertFalse(bn.layer("bn2").isNonNegative());
	}

	private static List<String> names(final FeatureMapSet set) {
		return set.layers().stream().map(LayerMaps::name).toList();
	}

	private static List<String> shapes(final FeatureMapSet set) {
		return set.layers().stream().map(LayerMaps::shape).toList();
	}

	/** 1-D: x in nm at the receptive-field centres; y = filter number. */
	@Test
	void spectrumAxesFollowTheStrides() {
		final FeatureMapSet set = FeatureMaps.extract(fast1d, spectra, new int[] { 0 }, null);
		final LayerMaps input = set.input(), conv1 = set.layer("conv1"), pool1 = set.layer("pool1"),
				pool3 = set.layer("pool3");
		assertEquals("nm", input.x().unit());
		assertEquals(400, input.x().origin(), 1e-9);
		assertEquals(3, input.x().step(), 1e-9);
		assertEquals(input.x(), conv1.x(), "same padding keeps the positions");
		// pool1 pixel i covers points 2i and 2i+1: centre 2i + 0.5
		assertEquals(1, pool1.offsetX() * 2, 1e-12);
		assertEquals(400 + 3 * 0.5, pool1.x().origin(), 1e-9);
		assertEquals(6, pool1.x().step(), 1e-9);
		for (int i = 0; i < pool1.width(); i++)
			assertEquals(400 + 3 * (2 * i + 0.5), pool1.x().value(i), 1e-9);
		// three poolings by 2: stride 8, pixel 0 centred on points 0..7
		assertEquals(8, pool3.strideX());
		assertEquals(3.5, pool3.offsetX(), 1e-12);
		assertEquals(400 + 3 * 3.5, pool3.x().origin(), 1e-9);
		assertEquals(24, pool3.x().step(), 1e-9);
		// a plane per filter, 1 pixel high
		assertEquals("pixel", conv1.y().unit());
		assertEquals(1, conv1.y().size());
		assertEquals(64, pool3.planeCount());
		assertEquals(87, pool3.planeWidth());
		assertEquals(1, pool3.planeHeight());
	}

	/** 2-D: x = window centre in nm, y = frequency in cycles/nm, both through the strides. */
	@Test
	void spectrogramAxesFollowTheStrides() {
		final FeatureMapSet set = FeatureMaps.extract(fast2d, spectra, new int[] { 0 }, null);
		final LayerMaps input = set.input(), pool1 = set.layer("pool1"), pool3 = set.layer("pool3");
		final StftParameters stft = fast2d.inputPipeline().stftParameters();
		final double[] centres = Spectrograms.frameCentres(set.prepared().axis(), stft);
		assertArrayEquals(centres, input.x().values(), 1e-9, "as Spectra to Spectrograms calibrates");
		assertEquals(550, input.x().origin(), 1e-9); // point 50 of 400, 403, …
		assertEquals(150, input.x().step(), 1e-9); // hop 50 × 3 nm
		final double df = 1 / (100 * 3.0);
		assertEquals("cycles/nm", input.y().unit());
		assertArrayEquals(Spectrograms.frequencies(set.prepared().axis(), stft), input.y()
			.values(), 1e-12);
		assertEquals(df, input.y().step(), 1e-12);
		// pool1 pixel (i, j) covers frames 2i, 2i+1 and bins 2j, 2j+1
		assertEquals(550 + 0.5 * 150, pool1.x().origin(), 1e-9);
		assertEquals(300, pool1.x().step(), 1e-9);
		assertEquals(0.5 * df, pool1.y().origin(), 1e-12);
		assertEquals(2 * df, pool1.y().step(), 1e-12);
		assertEquals(550 + 3.5 * 150, pool3.x().origin(), 1e-9);
		assertEquals(3.5 * df, pool3.y().origin(), 1e-12);
		assertEquals(8 * df, pool3.y().step(), 1e-12);
		assertEquals(64, pool3.planeCount());
	}

	@Test
	void labelsAndSampleLayout() {
		final FeatureMapSet one = FeatureMaps.extract(fast2d, spectra, new int[] { 4 }, null);
		assertEquals(List.of("S5"), one.samples());
		assertEquals("conv1 · filter 1", one.layer("conv1").sliceLabels().get(0));
		assertEquals("input · S5", one.input().sliceLabels().get(0));
		final FeatureMapSet three = FeatureMaps.extract(fast2d, spectra, new int[] { 4, 0, 2 },
			Set.of("pool2"));
		assertEquals(List.of("input", "pool2"), names(three));
		final LayerMaps pool2 = three.layer("pool2");
		assertEquals(3 * 64, pool2.planeCount());
		assertEquals("pool2 · filter 1 · S5", pool2.sliceLabels().get(0));
		assertEquals("pool2 · filter 64 · S5", pool2.sliceLabels().get(63));
		assertEquals("pool2 · filter 2 · S1", pool2.sliceLabels().get(65));
		assertArrayEquals(new long[] { 3, 12, 64, 3 }, pool2.img().dimensionsAsLongArray());
		// plane of sample 1, filter 1 is the image's plane (x, y, 1, 1)
		assertSame(pool2.plane(pool2.planeIndex(1, 1)), pool2.img().getPlane(64 + 1)
			.getCurrentStorageArray());
		final FeatureMapSet spectrum = FeatureMaps.extract(fast1d, spectra, new int[] { 1, 6 }, Set
			.of("conv2", "pool1"));
		assertEquals(List.of("input", "pool1", "conv2"), names(spectrum), "network order");
		// 1-D: the same hyperstack layout, planes 1 pixel high
		final LayerMaps conv2 = spectrum.layer("conv2");
		assertEquals(2 * 64, conv2.planeCount());
		assertEquals("conv2 · filter 1 · S2", conv2.sliceLabels().get(0));
		assertEquals("conv2 · filter 64 · S2", conv2.sliceLabels().get(63));
		assertEquals("conv2 · filter 6 · S7", conv2.sliceLabels().get(64 + 5));
		assertArrayEquals(new long[] { 350, 1, 64, 2 }, conv2.img().dimensionsAsLongArray());
		assertEquals(64 + 5, conv2.planeIndex(1, 5));
		assertEquals(conv2.value(1, 5, 0, 17), conv2.plane(64 + 5)[17], 0);
		assertSame(conv2.plane(64 + 5), conv2.img().getPlane(64 + 5).getCurrentStorageArray());
		assertEquals(List.of("input · S2", "input · S7"), spectrum.input().sliceLabels());
		final FeatureMapSet single = FeatureMaps.extract(fast1d, spectra, new int[] { 3 }, Set.of(
			"pool1"));
		assertEquals(List.of("input · S4"), single.input().sliceLabels());
		assertEquals("pool1 · filter 32", single.layer("pool1").sliceLabels().get(31));
		assertEquals(32, single.layer("pool1").sliceLabels().size());
	}

	@Test
	void kernelsAreTheFirstConvolutionsWeights() {
		for (final CnnModel m : new CnnModel[] { fast1d, fast2d }) {
			final LayerMaps k = FeatureMaps.extract(m, spectra, new int[] { 0 }, null).kernels();
			assertEquals(LayerKind.KERNELS, k.kind());
			assertEquals("conv1", k.name());
			final INDArray w = m.network().getLayer("conv1").getParam("W");
			final boolean twoD = m.representation() == Representation.SPECTROGRAM;
			assertEquals(twoD ? 3 : 7, k.width());
			assertEquals(twoD ? 3 : 1, k.height());
			assertEquals(32, k.planeCount(), "a plane per filter");
			assertEquals(1, k.sampleCount());
			for (int f = 0; f < 32; f++)
				for (int y = 0; y < k.height(); y++)
					for (int x = 0; x < k.width(); x++)
						assertEquals(w.getFloat(f, 0, y, x), k.value(0, f, y, x), 0);
			assertEquals("conv1 weights · filter 1", k.sliceLabels().get(0));
			assertEquals("conv1 weights · filter 32", k.sliceLabels().get(31));
			assertEquals(twoD ? -150 : -9, k.x().origin(), 1e-9, "offsets from the kernel centre");
		}
	}

	@Test
	void displayRangesPerLayer() {
		final FeatureMapSet set = FeatureMaps.extract(fast1d, spectra, new int[] { 0, 1 }, null);
		final LayerMaps.Range conv = set.layer("conv1").displayRange(), pool = set.layer("pool1")
			.displayRange();
		assertEquals(-conv.max(), conv.min(), 0, "signed maps: symmetric");
		assertTrue(conv.max() > 0);
		assertEquals(0, pool.min(), 0, "after the ReLU: from 0");
		assertTrue(pool.max() > 0);
	}

	@Test
	void badRequestsAreNamed() {
		final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
			() -> FeatureMaps.extract(fast1d, spectra, new int[] { 0 }, Set.of("conv9")));
		assertTrue(unknown.getMessage().contains("no layer 'conv9'") && unknown.getMessage().contains(
			"conv1, pool1, conv2"), unknown.getMessage());
		assertThrows(IllegalArgumentException.class, () -> FeatureMaps.extract(fast1d, spectra,
			new int[] { 8 }, null));
		assertThrows(IllegalArgumentException.class, () -> FeatureMaps.extract(fast1d, spectra
			.withSpectra(org.spectralcnn.data.SpectralAxis.regular(401, 3, 700, FeatureMapModels.AXIS.unit()),
				spectra.data()), new int[] { 0 }, null));
		assertEquals(null, FeatureMaps.parseLayers(" all "));
		assertEquals(Set.of("conv1", "pool2"), FeatureMaps.parseLayers("conv1, pool2"));
		assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "conv3", "pool3"), FeatureMaps
			.layerNames(fast1d));
	}
}
