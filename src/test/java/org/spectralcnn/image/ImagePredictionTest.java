package org.spectralcnn.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.featuremaps.FeatureMapModels;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.Representation;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;
import org.spectralcnn.plsr.Selection;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.data.SplitColumn;

/**
 * A pixel's prediction is the prediction of the same spectrum as a table row (Predict with
 * Model's path: {@link InputGrid#conform}, then {@link Intervals#predict}); masked and invalid
 * pixels are NaN; intervals and out-of-domain statistics become slices.
 */
class ImagePredictionTest {

	private static SpectralDataset soils;
	private static SpectralModel plsr, plsrRaw;

	@BeforeAll
	static void train() throws Exception {
		soils = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
		plsr = PlsrWorkflow.train(soils, Preprocessing.parse("snv"), List.of("clay", "soc"),
			SplitColumn.calibration(soils, "train"), new PlsrTraining.Settings(8, 5, Selection.MIN, 0,
				false, 2), null).model();
		plsrRaw = PlsrWorkflow.train(soils, Preprocessing.parse(""), List.of("clay", "soc"),
			SplitColumn.calibration(soils, "train"), new PlsrTraining.Settings(8, 5, Selection.MIN, 0,
				false, 2), null).model();
	}

	private static ImagePrediction.Options options(final int threads) {
		return ImagePrediction.Options.defaults().withThreads(threads);
	}

	/** The table of a cube's pixels in row-major order, ids y<line>_x<sample>, on the given bands. */
	private static SpectralDataset table(final ArrayImage image, final int[] bands,
		final SpectralAxis axis)
	{
		final int w = image.width(), h = image.height(), p = bands.length;
		final float[] v = new float[w * h * p];
		final String[] ids = new String[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				ids[y * w + x] = "y" + y + "_x" + x;
				for (int j = 0; j < p; j++) v[(y * w + x) * p + j] = image.pixel(x, y)[bands[j]];
			}
		return SpectralDataset.builder("table.csv", axis, ids, v).build();
	}

	private static int[] all(final int n) {
		final int[] b = new int[n];
		for (int i = 0; i < n; i++) b[i] = i;
		return b;
	}

	private static void assertPixelsEqualTable(final PredictionPlanes planes,
		final TrustedPredictions tp, final double relative) throws Exception
	{
		assertPixelsEqualTable(planes, tp, null, relative);
	}

	/**
	 * Every slice of every pixel of the table ({@code table} null: row i is pixel i, row-major;
	 * otherwise its ids {@code y<line>_x<sample>} say where) equals the table's prediction.
	 */
	static void assertPixelsEqualTable(final PredictionPlanes planes, final TrustedPredictions tp,
		final SpectralDataset table, final double relative) throws Exception
	{
		final int w = planes.width();
		final List<String> targets = tp.targets();
		for (int i = 0; i < tp.prediction().length; i++) {
			int x = i % w, y = i / w;
			if (table != null) {
				final String[] yx = table.id(i).substring(1).split("_x");
				y = Integer.parseInt(yx[0]);
				x = Integer.parseInt(yx[1]);
			}
			for (int t = 0; t < targets.size(); t++) {
				assertClose(tp.prediction()[i][t], planes.value(planes.slice(targets.get(t)), x, y),
					relative, "pixel " + x + "," + y + " " + targets.get(t));
				if (tp.hasIntervals()) {
					assertClose(tp.lower()[i][t], planes.value(planes.slice(targets.get(t) + "_lower"), x,
						y), relative, "lower");
					assertClose(tp.upper()[i][t], planes.value(planes.slice(targets.get(t) + "_upper"), x,
						y), relative, "upper");
				}
			}
			if (tp.hasDomain()) {
				assertClose(tp.t2()[i], planes.value(planes.slice("t2"), x, y), relative, "t2");
				assertClose(tp.q()[i], planes.value(planes.slice("q"), x, y), relative, "q");
				assertEquals(tp.outOfDomain()[i] ? 1f : 0f, planes.value(planes.slice("out_of_domain"),
					x, y));
			}
		}
	}

	private static void assertClose(final double expected, final float actual,
		final double relative, final String what)
	{
		assertEquals((float) expected, actual, relative * (1 + Math.abs(expected)), what);
	}

	/** With SNV (the block goes through the model's preprocessing) and raw (read as it lies). */
	@Test
	void plsrPixelsEqualTableRowsWithIntervalsAndDomainSlices() throws Exception {
		for (final SpectralModel m : List.of(plsr, plsrRaw))
			plsrPixelsEqualTableRows(m);
	}

	private static void plsrPixelsEqualTableRows(final SpectralModel plsr) throws Exception {
		final ArrayImage image = ArrayImage.of(soils, 12, 9);
		final SpectralDataset table = table(image, all(soils.points()), soils.axis());
		final TrustedPredictions tp = Intervals.predict(plsr, InputGrid.conform(table, plsr
			.inputAxis(), s -> {}), 0.9, 0, 0);
		assertTrue(tp.hasIntervals() && tp.hasDomain());
		final List<ImagePrediction.Summary> summary = new ArrayList<>();
		try (PredictionPlanes planes = ImagePrediction.run(plsr, image, null, options(2), null,
			null, summary::add))
		{
			assertEquals(List.of("clay", "clay_lower", "clay_upper", "soc", "soc_lower", "soc_upper",
				"t2", "q", "out_of_domain"), planes.labels());
			assertEquals(0.5, planes.pixelWidth());
			assertEquals("mm", planes.pixelUnit());
			assertPixelsEqualTable(planes, tp, 1e-6);
			assertEquals(108, summary.get(0).predicted());
			assertEquals(tp.flagged(), summary.get(0).outOfDomain());
			// the same map from a temporary file and one thread
			try (PredictionPlanes disk = ImagePrediction.run(plsr, image, null, options(1)
				.withHeapLimit(0), null, null, null))
			{
				assertTrue(disk.onDisk());
				for (int s = 0; s < planes.slices(); s++)
					assertTrue(Arrays.equals(planes.plane(s), disk.plane(s)), planes.labels().get(s));
			}
		}
	}

	/**
	 * ENVI files read band by band (each interleave; float32 copied straight from the file, and
	 * int16 with a scale factor; bad bands; the data ignore value), several blocks on two threads,
	 * PLSR raw and with SNV: every slice equals Predict with Model on the cube read as a table,
	 * and the pixels the table leaves out are NaN.
	 */
	@Test
	void plsrMapsOfEnviCubesEqualTheCubeReadAsATable(@TempDir final Path dir) throws Exception {
		final int w = 300, h = 31, bands = 24;
		final StringBuilder bbl = new StringBuilder("bbl = {");
		for (int b = 0; b < bands; b++) bbl.append(b == 0 ? "" : ", ").append(b == 5 || b == 6 ? 0
			: 1);
		bbl.append("}\ndata ignore value = 17\n");
		final String[][] cubes = { { "bil", "4" }, { "bsq", "4" }, { "bip", "4" }, { "bil", "2" },
			{ "bsq", "2" }, { "bip", "2" } };
		for (final String[] c : cubes) {
			final int type = Integer.parseInt(c[1]);
			final Path hdr = TestCubes.write(dir, c[0] + type, w, h, bands, c[0], type, c[0].equals(
				"bsq") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, c[0].equals("bip") ? 16 : 0, bbl +
					(type == 2 ? "reflectance scale factor = 100\n" : ""));
			final SpectralDataset table = SpectraIO.open(hdr);
			assertTrue(table.size() > w * h / 4 && table.size() < w * h, c[0] + type +
				": some pixels hold the ignore value, " + table.size());
			final double[] clay = new double[table.size()];
			for (int i = 0; i < clay.length; i++) clay[i] = 0.5 * table.value(i, 3) + table.value(i,
				11) - 0.2 * table.value(i, 17) + Math.sin(i);
			final SpectralDataset train = SpectralDataset.builder("train", table.axis(), ids(table),
				table.data()).numeric("clay", clay).build();
			final boolean[] cal = new boolean[train.size()];
			for (int i = 0; i < cal.length; i += 7) cal[i] = true;
			for (final String steps : List.of("", "snv")) {
				final SpectralModel m = PlsrWorkflow.train(train, Preprocessing.parse(steps), List.of(
					"clay"), cal, new PlsrTraining.Settings(6, 3, Selection.MIN, 0, false, 2), null).model();
				final TrustedPredictions tp = Intervals.predict(m, table, 0.9, 0, 0);
				assertTrue(tp.hasIntervals() && tp.hasDomain());
				try (SpectralImage image = EnviImage.open(hdr); PredictionPlanes planes = ImagePrediction
					.run(m, image, null, options(2), null, null, null))
				{
					final boolean[] seen = new boolean[w * h];
					for (int i = 0; i < table.size(); i++) {
						final String[] yx = table.id(i).substring(1).split("_x");
						seen[Integer.parseInt(yx[0]) * w + Integer.parseInt(yx[1])] = true;
					}
					assertPixelsEqualTable(planes, tp, table, 1e-6);
					for (int s = 0; s < planes.slices(); s++) {
						final float[] plane = planes.plane(s);
						for (int i = 0; i < w * h; i++)
							if (!seen[i]) assertTrue(Float.isNaN(plane[i]), c[0] + type + " pixel " + i);
					}
				}
			}
		}
	}

	private static String[] ids(final SpectralDataset d) {
		final String[] ids = new String[d.size()];
		for (int i = 0; i < ids.length; i++) ids[i] = d.id(i);
		return ids;
	}

	@Test
	void badBandsAreLeftOutAndTheRestResampledAsForATable() throws Exception {
		final ArrayImage full = ArrayImage.of(soils, 7, 5);
		final boolean[] good = new boolean[soils.points()];
		Arrays.fill(good, true);
		good[40] = good[41] = good[200] = false;
		final float[][][] v = new float[5][7][];
		for (int y = 0; y < 5; y++)
			for (int x = 0; x < 7; x++) {
				v[y][x] = full.pixel(x, y).clone();
				v[y][x][40] = Float.NaN; // a bad band's values do not matter
				v[y][x][200] = 1e30f;
			}
		final ArrayImage image = new ArrayImage("cube", soils.axis(), good, v);
		final int[] bands = new int[soils.points() - 3];
		final double[] wl = new double[bands.length];
		for (int i = 0, k = 0; i < good.length; i++)
			if (good[i]) {
				bands[k] = i;
				wl[k++] = soils.axis().value(i);
			}
		final SpectralDataset table = table(image, bands, SpectralAxis.of(wl, soils.axis().unit()));
		final TrustedPredictions tp = Intervals.predict(plsr, InputGrid.conform(table, plsr
			.inputAxis(), s -> {}), 0.9, 0, 0);
		final List<String> notes = new ArrayList<>();
		try (PredictionPlanes planes = ImagePrediction.run(plsr, image, null, options(2), null,
			notes::add, null))
		{
			assertPixelsEqualTable(planes, tp, 1e-6);
		}
		assertEquals(1, notes.size(), "one resampling note per run");
		assertTrue(notes.get(0).contains("resampled"), notes.get(0));
	}

	@Test
	void maskedAndNaNPixelsAreNaNInEverySlice() throws Exception {
		for (final SpectralModel m : List.of(plsr, plsrRaw))
			maskedAndNaNPixelsAreNaN(m);
	}

	private static void maskedAndNaNPixelsAreNaN(final SpectralModel plsr) throws Exception {
		final ArrayImage base = ArrayImage.of(soils, 6, 4);
		final float[][][] v = new float[4][6][];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 6; x++) v[y][x] = base.pixel(x, y).clone();
		v[1][2][100] = Float.NaN; // one band of pixel (2, 1)
		Arrays.fill(v[3][5], Float.NaN); // a data-ignore pixel
		final ArrayImage image = new ArrayImage("cube", soils.axis(), base.goodBands(), v);
		final boolean[] mask = new boolean[24];
		Arrays.fill(mask, true);
		mask[0] = mask[7] = false;
		final List<ImagePrediction.Summary> summary = new ArrayList<>();
		try (PredictionPlanes planes = ImagePrediction.run(plsr, image, mask, options(2), null,
			null, summary::add))
		{
			for (int s = 0; s < planes.slices(); s++)
				for (int i = 0; i < 24; i++) {
					final boolean blank = i == 0 || i == 7 || i == 8 || i == 23;
					assertEquals(blank, Float.isNaN(planes.value(s, i % 6, i / 6)), planes.labels().get(s) +
						" pixel " + i);
				}
		}
		assertEquals(new ImagePrediction.Summary(20, 2, 2, summary.get(0).outOfDomain(),
			Intervals.SPLIT), summary.get(0));
		assertThrows(IllegalArgumentException.class, () -> ImagePrediction.run(plsr, image,
			new boolean[23], options(1), null, null, null));
	}

	@Test
	void cnnPixelsEqualTableRowsOneDAndSpectrogram() throws Exception {
		final SpectralDataset spectra = FeatureMapModels.spectra(40, 9);
		for (final Representation rep : Representation.values()) {
			final SpectralModel cnn = FeatureMapModels.model(rep, "fast", rep == Representation.SPECTRUM
				? "snv" : "", 1);
			final ArrayImage image = ArrayImage.of(spectra, 9, 5);
			final SpectralDataset table = table(image, all(spectra.points()), spectra.axis());
			final TrustedPredictions tp = Intervals.predict(cnn, table, 0.9, 0, 0);
			try (PredictionPlanes planes = ImagePrediction.run(cnn, image, null, options(2), null,
				null, null))
			{
				assertEquals(cnn.targets(), planes.labels(), "no calibration, no interval slices");
				assertPixelsEqualTable(planes, tp, 1e-5);
			}
		}
	}

	@Test
	void cancelStopsTheRun() {
		final ArrayImage image = ArrayImage.of(soils, 10, 10);
		final ImagePrediction.Progress stop = new ImagePrediction.Progress() {

			@Override
			public void lines(final int done, final int total) {}

			@Override
			public boolean canceled() {
				return true;
			}
		};
		assertThrows(CancellationException.class, () -> ImagePrediction.run(plsr, image, null,
			options(1), stop, null, null));
	}

	@Test
	void aModelOnAnotherRangeIsRefusedBeforeAnyWork() {
		final SpectralDataset spectra = FeatureMapModels.spectra(4, 1);
		final double[] wl = Arrays.copyOf(spectra.axis().values(), 300);
		final float[][][] v = new float[2][2][300];
		final ArrayImage image = new ArrayImage("short.hdr", SpectralAxis.of(wl, spectra.axis()
			.unit()), new boolean[300], v);
		// every band bad
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImagePrediction.run(plsr,
			image, null, options(1), null, null, null)).getMessage().contains("bbl"));
		final boolean[] good = new boolean[300];
		Arrays.fill(good, true);
		final ArrayImage narrow = new ArrayImage("short.hdr", SpectralAxis.of(wl, spectra.axis()
			.unit()), good, v);
		final String m = assertThrows(IllegalArgumentException.class, () -> ImagePrediction.run(
			plsr, narrow, null, options(1), null, null, null)).getMessage();
		assertTrue(m.contains("short.hdr") && m.contains("cannot be resampled"), m);
	}
}
