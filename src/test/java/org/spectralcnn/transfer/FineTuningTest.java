package org.spectralcnn.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.Representation;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.train.CnnFixtures;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.StopReason;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingRequest;
import org.spectralcnn.train.TrainingResult;
import org.spectralcnn.train.TrainingSettings;

/**
 * Fine-tuning keeps frozen layers bit for bit, trains the others, adds heads for new targets and
 * records its parent; bad settings fail before training.
 */
class FineTuningTest {

	@TempDir
	static Path tmp;

	/** A tiny 1-D CNN for clay and soc, trained on the first 100 synthetic soils, saved. */
	private static CnnModel parent;
	private static Path parentFile;
	/** Local samples: rows 100–159 (training) and 160–179 (validation). */
	private static SpectralDataset localTrain, localVal;

	@BeforeAll
	static void trainParent() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		parent = new CnnTrainer(CnnFixtures.tinySpectrum(3, 1)).train(s[0], s[1],
			TrainingListener.NONE, () -> false).model();
		parentFile = tmp.resolve("parent.zip");
		parent.save(parentFile);
		parent = CnnModel.load(parentFile);
		localTrain = CnnFixtures.soil().subset(range(100, 160));
		localVal = CnnFixtures.soil().subset(range(160, 180));
	}

	private static int[] range(final int from, final int to) {
		final int[] r = new int[to - from];
		for (int i = 0; i < r.length; i++) r[i] = from + i;
		return r;
	}

	private static FineTuning.Options options(final String freeze, final int epochs) {
		return new FineTuning.Options(freeze, false, TrainingSettings.defaults(3).withEpochs(epochs)
			.withBatchSize(8).withLearningRate(0.01));
	}

	private static TrainingResult tune(final CnnModel from, final Path file,
		final List<String> targets, final FineTuning.Options o) throws Exception
	{
		return FineTuning.fineTune(from, ParentLink.of(file, from), targets, o, localTrain,
			localVal, TrainingListener.NONE, () -> false);
	}

	private static Map<String, INDArray> params(final ComputationGraph net, final String layer) {
		final Layer l = net.getLayer(layer);
		return l.paramTable();
	}

	@Test
	void frozenLayersStayBitIdenticalAndTheOthersChange() throws Exception {
		final TrainingResult r = tune(parent, parentFile, CnnFixtures.TARGETS, options("conv", 3));
		final ComputationGraph before = parent.network(), after = r.model().network();
		final List<FineTuning.NetworkLayer> layers = FineTuning.freezableLayers(before);
		assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "dense1"), layers.stream().map(
			FineTuning.NetworkLayer::name).toList());
		for (final String frozen : List.of("conv1", "conv2")) {
			for (final Map.Entry<String, INDArray> e : params(before, frozen).entrySet()) {
				final float[] a = e.getValue().dup().data().asFloat();
				final float[] b = params(after, frozen).get(e.getKey()).dup().data().asFloat();
				for (int i = 0; i < a.length; i++)
					assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), frozen +
						"_" + e.getKey() + "[" + i + "] changed");
			}
		}
		for (final String trained : List.of("dense1", "output")) {
			for (final Map.Entry<String, INDArray> e : params(before, trained).entrySet()) {
				assertFalse(Arrays.equals(e.getValue().dup().data().asFloat(), params(after, trained)
					.get(e.getKey()).dup().data().asFloat()), trained + "_" + e.getKey() + " did not train");
			}
		}
		// the saved model is a plain network again (no frozen wrappers) and predicts the same
		final Path file = tmp.resolve("tuned.zip");
		r.model().save(file);
		final CnnModel loaded = CnnModel.load(file);
		final double[][] p = r.model().predict(localVal), q = loaded.predict(localVal);
		for (int i = 0; i < p.length; i++) assertArrayEquals(p[i], q[i], 0);
		for (final Layer l : loaded.network().getLayers())
			assertFalse(l instanceof org.deeplearning4j.nn.layers.FrozenLayer, l.toString());
	}

	@Test
	void freezeByNumberCountsTheLayerTable() throws Exception {
		final TrainingResult r = tune(parent, parentFile, CnnFixtures.TARGETS, options("1", 2));
		final ComputationGraph before = parent.network(), after = r.model().network();
		assertArrayEquals(params(before, "conv1").get("W").dup().data().asFloat(), params(after,
			"conv1").get("W").dup().data().asFloat(), 0f);
		assertFalse(Arrays.equals(params(before, "conv2").get("W").dup().data().asFloat(), params(
			after, "conv2").get("W").dup().data().asFloat()));
		final JsonObject t = r.model().manifest().getAsJsonObject("transfer");
		assertEquals("[\"conv1\"]", t.get("frozen_layers").toString());
		// freeze=0: everything trains
		final TrainingResult none = tune(parent, parentFile, CnnFixtures.TARGETS, options("0", 1));
		assertFalse(Arrays.equals(params(before, "conv1").get("W").dup().data().asFloat(), params(
			none.model().network(), "conv1").get("W").dup().data().asFloat()));
		assertEquals("[]", none.model().manifest().getAsJsonObject("transfer").get("frozen_layers")
			.toString());
	}

	@Test
	void beforeAnyUpdateTheFineTunedModelIsTheParent() throws Exception {
		final TrainingResult r = FineTuning.fineTune(parent, ParentLink.of(parentFile, parent),
			List.of("soc", "clay"), options("conv", 5), localTrain, null, TrainingListener.NONE,
			() -> true);
		assertEquals(StopReason.CANCELED, r.stopReason());
		final double[][] p = parent.predict(localVal), q = r.model().predict(localVal);
		for (int i = 0; i < p.length; i++) {
			assertEquals(p[i][1], q[i][0], 0, "soc, reordered");
			assertEquals(p[i][0], q[i][1], 0, "clay, reordered");
		}
	}

	@Test
	void localInputScalingIsFittedOnTheLocalTrainingSpectra() throws Exception {
		final FineTuning.Options o = options("conv", 5);
		final FineTuning.Options local = new FineTuning.Options(o.freeze(), false, o.settings(), 1, 0,
			false, true);
		// canceled before the first update: only the input scaling differs from the parent
		final TrainingResult r = FineTuning.fineTune(parent, ParentLink.of(parentFile, parent),
			CnnFixtures.TARGETS, local, localTrain, null, TrainingListener.NONE, () -> true);
		final JsonObject m = r.model().manifest();
		assertEquals("local", m.getAsJsonObject("transfer").get("input_scaling").getAsString());
		final SpectralDataset prep = parent.inputPipeline().preprocess(localTrain);
		final com.google.gson.JsonArray mean = m.getAsJsonObject("input_scaler").getAsJsonArray(
			"mean"), sd = m.getAsJsonObject("input_scaler").getAsJsonArray("sd");
		for (final int j : new int[] { 0, prep.points() / 2, prep.points() - 1 }) {
			double s = 0, s2 = 0;
			for (int i = 0; i < prep.size(); i++) s += prep.value(i, j);
			final double mu = s / prep.size();
			for (int i = 0; i < prep.size(); i++) s2 += (prep.value(i, j) - mu) * (prep.value(i, j) - mu);
			assertEquals(mu, mean.get(j).getAsDouble(), 1e-6, "mean at point " + j);
			assertEquals(Math.sqrt(s2 / prep.size()), sd.get(j).getAsDouble(), 1e-6, "SD at point " + j);
		}
		// the same weights see other inputs, so the predictions move; the file keeps the scaling
		final double[][] p = parent.predict(localVal), q = r.model().predict(localVal);
		assertFalse(Arrays.equals(p[0], q[0]));
		final double[][] back = CnnModel.load(save(r.model(), "local_scaling.zip")).predict(localVal);
		for (int i = 0; i < q.length; i++) assertArrayEquals(q[i], back[i], 0);
		// the default keeps the parent's scaling
		final TrainingResult d = FineTuning.fineTune(parent, ParentLink.of(parentFile, parent),
			CnnFixtures.TARGETS, o, localTrain, null, TrainingListener.NONE, () -> true);
		assertEquals("parent", d.model().manifest().getAsJsonObject("transfer").get("input_scaling")
			.getAsString());
		assertEquals(parent.manifest().get("input_scaler"), d.model().manifest().get("input_scaler"));

		// a spectrogram model re-fits its per-pixel scaling, and the file keeps it
		final SpectralDataset[] s = CnnFixtures.split();
		final CnnModel sg = new CnnTrainer(CnnFixtures.tinySpectrogram(1, 1)).train(s[0], s[1],
			TrainingListener.NONE, () -> false).model();
		final Path sgFile = save(sg, "spectrogram_parent.zip");
		final CnnModel tuned = FineTuning.fineTune(sg, ParentLink.of(sgFile, sg), CnnFixtures.TARGETS,
			local, localTrain, null, TrainingListener.NONE, () -> true).model();
		assertFalse(sg.manifest().get("spectrogram_scaler").equals(tuned.manifest().get(
			"spectrogram_scaler")));
		final double[][] t = tuned.predict(localVal), t2 = CnnModel.load(save(tuned,
			"spectrogram_local.zip")).predict(localVal);
		for (int i = 0; i < t.length; i++) assertArrayEquals(t[i], t2[i], 0);
	}

	@Test
	void newTargetsGetNewHeadsAndLocalScaling() throws Exception {
		// a parent that knows clay only
		final TrainingRequest clayOnly = new TrainingRequest(List.of("clay"), null,
			Representation.SPECTRUM, Architecture.preset(Architecture.TINY, Representation.SPECTRUM),
			Preprocessing.parse("snv"), null, TrainingSettings.defaults(1).withEpochs(2)
				.withBatchSize(16));
		final SpectralDataset[] s = CnnFixtures.split();
		final CnnModel clay = new CnnTrainer(clayOnly).train(s[0], s[1], TrainingListener.NONE,
			() -> false).model();
		final Path file = tmp.resolve("clay.zip");
		clay.save(file);
		final TrainingResult r = tune(clay, file, List.of("clay", "soc"), options("conv", 2));
		final CnnModel m = r.model();
		assertEquals(List.of("clay", "soc"), m.targets());
		assertEquals(2, m.network().getOutputLayer(0).getParam("W").size(1), "one unit per target");
		assertEquals(clay.targetScalers().get(0), m.targetScalers().get(0), "clay keeps the parent's scaling");
		final double[] soc = localTrain.column("soc");
		double sum = 0;
		int n = 0;
		for (final double v : soc)
			if (!Double.isNaN(v)) {
				sum += v;
				n++;
			}
		assertEquals(sum / n, m.targetScalers().get(1).mean(), 1e-9, "soc scaled with the local samples");
		final JsonObject t = m.manifest().getAsJsonObject("transfer");
		assertEquals("parent", t.getAsJsonObject("heads").get("clay").getAsString());
		assertEquals("new", t.getAsJsonObject("heads").get("soc").getAsString());
		assertEquals(2, m.predict(localVal)[0].length);
		// reset_heads: the parent's head is not used even for clay
		final TrainingResult reset = FineTuning.fineTune(clay, ParentLink.of(file, clay), List.of(
			"clay"), new FineTuning.Options("conv", true, options("conv", 1).settings()), localTrain,
			localVal, TrainingListener.NONE, () -> true);
		assertEquals("reset", reset.model().manifest().getAsJsonObject("transfer").getAsJsonObject(
			"heads").get("clay").getAsString());
		assertFalse(Arrays.equals(clay.network().getOutputLayer(0).getParam("W").dup().data()
			.asFloat(), reset.model().network().getOutputLayer(0).getParam("W").dup().data()
				.asFloat()));
	}

	@Test
	void headPerTargetPresetsGetAHeadPerLocalTarget() throws Exception {
		// ng2019 (a head per target) on 64-point spectra, to stay fast
		final SpectralDataset shortSoils = shorten(CnnFixtures.soil(), 64);
		final TrainingRequest req = new TrainingRequest(List.of("clay"), null,
			Representation.SPECTRUM, Architecture.preset(Architecture.NG2019, Representation.SPECTRUM),
			Preprocessing.parse(""), null, TrainingSettings.defaults(1).withEpochs(1).withBatchSize(
				16));
		final CnnModel ng = new CnnTrainer(req).train(shortSoils.subset(range(0, 48)), null,
			TrainingListener.NONE, () -> false).model();
		final Path file = tmp.resolve("ng.zip");
		ng.save(file);
		final List<String> names = FineTuning.freezableLayers(ng.network()).stream().map(
			FineTuning.NetworkLayer::name).toList();
		assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "conv3", "pool3", "conv4", "pool4"),
			names);
		assertEquals(List.of("conv1", "bn1"), FineTuning.freezableLayers(ng.network()).get(0)
			.vertices());
		final TrainingResult r = FineTuning.fineTune(ng, ParentLink.of(file, ng), List.of("soc",
			"clay"), options("conv", 1), shortSoils.subset(range(48, 96)), null,
			TrainingListener.NONE, () -> false);
		final ComputationGraph net = r.model().network();
		assertEquals(2, net.getNumOutputArrays());
		// clay is the second local target: head 1 starts from the parent's head 0 and trains;
		// batch norm of the frozen trunk keeps the parent's statistics
		assertArrayEquals(ng.network().getLayer("bn2").getParam("mean").dup().data().asFloat(), net
			.getLayer("bn2").getParam("mean").dup().data().asFloat(), 0f);
		assertArrayEquals(ng.network().getLayer("conv4").getParam("W").dup().data().asFloat(), net
			.getLayer("conv4").getParam("W").dup().data().asFloat(), 0f);
		assertFalse(Arrays.equals(ng.network().getLayer("head0_dense1").getParam("W").dup().data()
			.asFloat(), net.getLayer("head1_dense1").getParam("W").dup().data().asFloat()));
		final CnnModel loaded = CnnModel.load(save(r.model(), "ng_tuned.zip"));
		assertEquals(List.of("soc", "clay"), loaded.targets());
	}

	private static Path save(final CnnModel m, final String name) throws Exception {
		final Path f = tmp.resolve(name);
		m.save(f);
		return f;
	}

	/** The first {@code points} points of every spectrum. */
	static SpectralDataset shorten(final SpectralDataset d, final int points) {
		final float[] out = new float[d.size() * points];
		for (int i = 0; i < d.size(); i++)
			System.arraycopy(d.data(), i * d.points(), out, i * points, points);
		return d.withSpectra(SpectralAxis.of(Arrays.copyOf(d.axis().values(), points), d.axis()
			.unit()), out);
	}

	@Test
	void parentLinkAndFrozenLayersAreInTheManifest() throws Exception {
		final TrainingResult r = tune(parent, parentFile, CnnFixtures.TARGETS, options("conv", 1));
		final CnnModel loaded = CnnModel.load(save(r.model(), "linked.zip"));
		final JsonObject t = loaded.manifest().getAsJsonObject("transfer");
		final JsonObject p = t.getAsJsonObject("parent");
		assertEquals("parent.zip", p.get("file").getAsString());
		assertEquals(org.spectralcnn.io.FileDigest.sha256(parentFile), p.get("sha256").getAsString());
		assertEquals(64, p.get("sha256").getAsString().length());
		assertEquals("conv", t.get("freeze").getAsString());
		assertEquals("[\"conv1\",\"pool1\",\"conv2\",\"pool2\"]", t.get("frozen_layers").toString());
		assertEquals("parent", t.getAsJsonObject("target_scaling").get("clay").getAsString());
		assertTrue(loaded.manifest().getAsJsonObject("training").has("history"));
	}

	@Test
	void badSettingsFailBeforeTraining() throws Exception {
		final IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
			() -> tune(parent, parentFile, CnnFixtures.TARGETS, options("6", 1)));
		assertTrue(range.getMessage().contains("freeze must be between 0 and 5"), range
			.getMessage());
		assertTrue(range.getMessage().contains("conv1, pool1, conv2, pool2, dense1"), range
			.getMessage());
		final IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
			() -> options("dense", 1));
		assertTrue(word.getMessage().contains("neither a number of layers nor 'conv'"), word
			.getMessage());
		assertThrows(IllegalArgumentException.class, () -> options("-1", 1));
		final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
			() -> tune(parent, parentFile, List.of("clay", "sand"), options("conv", 1)));
		assertTrue(unknown.getMessage().contains("no numeric column 'sand'"), unknown.getMessage());
		final IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
			() -> FineTuning.fineTune(parent, ParentLink.of(parentFile, parent), CnnFixtures.TARGETS,
				new FineTuning.Options("conv", false, TrainingSettings.defaults(0).withBatchSize(100)),
				localTrain, null, TrainingListener.NONE, () -> false));
		assertTrue(batch.getMessage().contains("fewer than one batch"), batch.getMessage());
		final IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
			() -> FineTuning.fineTune(parent, ParentLink.of(parentFile, parent), CnnFixtures.TARGETS,
				options("conv", 1), shorten(localTrain, 100), null, TrainingListener.NONE, () -> false));
		assertTrue(grid.getMessage().contains("LocalGrid"), grid.getMessage());
		final List<String> none = new ArrayList<>();
		assertThrows(IllegalArgumentException.class, () -> tune(parent, parentFile, none, options(
			"conv", 1)));
	}
}
