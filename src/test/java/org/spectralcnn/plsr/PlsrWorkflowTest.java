package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.bridge.PlsrReport;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.models.Models;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.model.SpectralModel;

class PlsrWorkflowTest {

	static final Preprocessing NONE = Preprocessing.parse("");

	static SpectralDataset data;

	@TempDir
	Path dir;

	@BeforeAll
	static void load() throws Exception {
		data = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
	}

	static PlsrTraining.Settings settings(final int k, final int folds, final Selection s) {
		return new PlsrTraining.Settings(k, folds, s, 0, false, 2);
	}

	@Test
	void missingTargetsLeaveOnlyThatTargetsRows() {
		final List<String> targets = Arrays.asList("clay", "soc");
		final boolean[] cal = SplitColumn.calibration(data, "train");
		final PlsrWorkflow.Result r = PlsrWorkflow.train(data, NONE, targets, cal, settings(8, 5,
			Selection.MIN), null);
		final double[] clay = data.column("clay"), soc = data.column("soc");
		int nClay = 0, nSoc = 0, missing = 0;
		for (int i = 0; i < data.size(); i++) {
			if (!cal[i]) continue;
			if (!Double.isNaN(clay[i])) nClay++;
			if (!Double.isNaN(soc[i])) nSoc++;
			if (Double.isNaN(clay[i]) != Double.isNaN(soc[i])) missing++;
		}
		assertTrue(missing > 0, "the test data should have rows with one target missing");
		assertEquals(nClay, r.fits().get(0).rows().length);
		assertEquals(nSoc, r.fits().get(1).rows().length);
		// a target's model equals the model fitted on that target alone
		final PlsrWorkflow.Result soloSoc = PlsrWorkflow.train(data, NONE, List.of("soc"), cal,
			settings(8, 5, Selection.MIN), null);
		assertArrayEquals(soloSoc.fits().get(0).cv().rmsecv(), r.fits().get(1).cv().rmsecv(), 0);
		// every row gets a prediction of every target, also where the lab value is missing
		for (final double[] row : r.predictions())
			for (final double v : row) assertTrue(Double.isFinite(v));
		assertTrue(r.metrics().get(0).test().n() > 0);
	}

	@Test
	void selectionRules() {
		final int[][] rows = Pls1Test.rows(data, "clay");
		final double[] y = Pls1Test.pick(data.column("clay"), rows[0]);
		final CrossValidation.Result cv = CrossValidation.run(data.data(), data.points(), rows[0], y,
			15, Folds.kFold(rows[0].length, 5, 0), 5, false, 2).cv();
		final int min = Selection.MIN.choose(cv), oneSe = Selection.ONE_SE.choose(cv);
		for (int k = 0; k < 15; k++) assertTrue(cv.rmsecv()[min - 1] <= cv.rmsecv()[k]);
		assertTrue(oneSe <= min);
		assertTrue(cv.rmsecv()[oneSe - 1] <= cv.rmsecv()[min - 1] + cv.standardError()[min - 1]);
		for (int k = 1; k < oneSe; k++) assertTrue(cv.rmsecv()[k - 1] > cv.rmsecv()[min - 1] + cv
			.standardError()[min - 1]);
		// a hand-made curve: minimum at 5, 3 within one SE of it
		final double[] curve = { 5, 3, 1.15, 1.05, 1.0, 1.02, 1.1 };
		final double[] se = { .1, .1, .1, .1, .1, .1, .1 };
		final CrossValidation.Result made = new CrossValidation.Result(5, new int[0], curve, se,
			new double[0][], new double[0][]);
		assertEquals(5, Selection.MIN.choose(made));
		assertEquals(4, Selection.ONE_SE.choose(made));
		assertEquals(Selection.ONE_SE, Selection.parse(" 1SE"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Selection.parse("best"))
			.getMessage().startsWith("selection="));
	}

	@Test
	void badSettingsNameTheKey() throws Exception {
		final boolean[] cal = SplitColumn.calibration(data, "train");
		final List<String> clay = List.of("clay");
		assertMessage("max_components", () -> settings(0, 5, Selection.MIN));
		assertMessage("folds", () -> settings(5, 1, Selection.MIN));
		assertMessage("seed", () -> new PlsrTraining.Settings(5, 5, Selection.MIN, -1, false, 1));
		assertMessage("max_components=200", () -> PlsrWorkflow.train(data, NONE, clay, cal, settings(
			200, 5, Selection.MIN), null));
		assertMessage("folds=1000", () -> PlsrWorkflow.train(data, NONE, clay, cal, settings(5, 1000,
			Selection.MIN), null));
		assertMessage("targets: no numeric column 'sand'", () -> PlsrWorkflow.parseTargets(
			"clay, sand", data, "train"));
		// a lab value typed with its unit makes the column text: the cell is named
		final SpectralDataset percent = SpectralDataset.builder("pct.csv", data.axis(), data.ids()
			.toArray(new String[0]), data.data()).text("clay", percentColumn(data.size())).build();
		assertMessage("targets: no numeric column 'clay' in pct.csv ('clay' holds text: sample '" +
			data.ids().get(1) + "' has '26.7%';", () -> PlsrWorkflow.parseTargets("clay", percent,
				""));
		// an infinite lab value (a spreadsheet's division by zero) is not a number either
		final SpectralDataset inf = SpectraIO.open(Files.writeString(dir.resolve("inf.csv"),
			"id,clay,1100,1102\ns1,12,0.1,0.2\ns2,Inf,0.1,0.2\n"));
		assertMessage("no numeric column 'clay' in inf.csv ('clay' holds text: sample 's2' has 'Inf'",
			() -> PlsrWorkflow.parseTargets("clay", inf, ""));
		assertMessage("targets: 'train' is the split column", () -> PlsrWorkflow.parseTargets(
			"train", data, "train"));
		assertMessage("targets: name at least one", () -> PlsrWorkflow.parseTargets(" , ", data,
			"train"));
		assertMessage("split_column: no numeric column 'cal'", () -> SplitColumn.calibration(
			data, "cal"));
		assertMessage("split_column: split column 'clay' must hold 1", () -> SplitColumn
			.calibration(data, "clay"));
	}

	private static String[] percentColumn(final int n) {
		final String[] cells = new String[n];
		for (int i = 0; i < n; i++) cells[i] = i == 1 ? "26.7%" : i == 0 ? "NA" : i == 2 ? "12,5"
			: Integer.toString(10 + i); // missing and decimal-comma cells are not the culprit
		return cells;
	}

	static void assertMessage(final String start, final org.junit.jupiter.api.function.Executable e) {
		final IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
		assertTrue(x.getMessage().contains(start), "message '" + x.getMessage() + "' should contain '" +
			start + "'");
	}

	@Test
	void modelFileRoundTripAndReport() throws Exception {
		final List<String> targets = Arrays.asList("clay", "soc");
		final boolean[] cal = SplitColumn.calibration(data, "train");
		final PlsrWorkflow.Result r = PlsrWorkflow.train(data, NONE, targets, cal, settings(8, 5,
			Selection.ONE_SE), null);
		final Path file = dir.resolve("plsr.zip");
		r.model().save(file);
		final SpectralModel loaded = Models.load(file);
		assertEquals("plsr", loaded.kind());
		assertEquals(targets, loaded.targets());
		assertTrue(loaded.inputAxis().sameGrid(data.axis()));
		final double[][] before = r.model().predict(data), after = loaded.predict(data);
		for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], 0);
		assertArrayEquals(r.predictions()[3], after[3], 1e-12);
		assertEquals("1se", loaded.manifest().getAsJsonObject("training").get("selection")
			.getAsString());

		final List<Path> files = PlsrReport.write(dir.resolve("report"), r);
		for (final String name : new String[] { "metrics.csv", "rmsecv.csv", "vip_coefficients.csv",
			"predictions.csv", "rmsecv_clay.png", "vip_soc.png", "coefficients_clay.png" })
		{
			final Path f = dir.resolve("report").resolve(name);
			assertTrue(files.contains(f) && Files.size(f) > 0, name);
		}
		final List<String> metrics = Files.readAllLines(dir.resolve("report/metrics.csv"));
		assertEquals("target,set,components,n,RMSE,R2,RPD,RPIQ,bias,CCC", metrics.get(0));
		assertTrue(metrics.get(3).startsWith("clay,test,"), metrics.get(3));
		assertEquals(1 + 2 * 8, Files.readAllLines(dir.resolve("report/rmsecv.csv")).size());
		assertEquals(1 + data.size(), Files.readAllLines(dir.resolve("report/predictions.csv"))
			.size());
		assertFalse(Files.readAllLines(dir.resolve("report/predictions.csv")).get(1).contains(
			"NaN"));
	}
}
