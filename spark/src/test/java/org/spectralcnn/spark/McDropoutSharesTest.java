package org.spectralcnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.launcher.SpectralCnnRuntime;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.models.Models;

/**
 * A Spark task predicts its share of a table as a table of its own: with a CNN with dropout and
 * {@code mc_passes=5}, the share's intervals must be the whole table's rows, since each Monte
 * Carlo pass is one thinned network for every spectrum. Guards SparkJobTest's CNN check.
 */
class McDropoutSharesTest {

	@TempDir
	Path tmp;

	@Test
	void aShareGetsTheWholeTablesIntervals() throws Exception {
		final Path table = Paths.get(System.getProperty("spectralcnn.root", "..")).toAbsolutePath()
			.normalize().resolve("test-data/soil_visnir.csv");
		final Path cnn = tmp.resolve("cnn.zip");
		final Map<String, String> a = new LinkedHashMap<>();
		for (final String[] kv : new String[][] { { "input", table.toString() }, { "targets",
			"clay,soc" }, { "representation", "spectrum" }, { "architecture", "fast" }, { "steps",
				"snv" }, { "split_column", "train" }, { "epochs", "1" }, { "batch_size", "16" }, {
					"model", cnn.toString() } })
			a.put(kv[0], kv[1]);
		final SpectralCnnRuntime rt = SpectralCnnRuntime.get();
		rt.invoker().run(rt.catalog().find("Train CNN"), a);
		final SpectralModel m = Models.load(cnn);
		final SpectralDataset all = InputGrid.conform(SpectraIO.open(table), m.inputAxis(), note -> {});

		final int offset = 37, size = 50;
		final int[] rows = new int[size];
		for (int i = 0; i < size; i++) rows[i] = offset + i;
		final TrustedPredictions whole = Intervals.predict(m, all, 0.9, 5, 0);
		final TrustedPredictions share = Intervals.predict(m, all.subset(rows), 0.9, 5, 0);
		final TrustedPredictions otherSeed = Intervals.predict(m, all.subset(rows), 0.9, 5, 1);
		double moved = 0;
		for (int i = 0; i < size; i++)
			for (int t = 0; t < whole.targets().size(); t++) {
				final double lo = whole.lower()[offset + i][t], hi = whole.upper()[offset + i][t];
				assertEquals(lo, share.lower()[i][t], 1e-5 * Math.max(1, Math.abs(lo)));
				assertEquals(hi, share.upper()[i][t], 1e-5 * Math.max(1, Math.abs(hi)));
				moved = Math.max(moved, Math.abs(otherSeed.upper()[i][t] - hi) / Math.max(1, Math.abs(
					hi)));
			}
		// the fast preset has dropout 0.3 (the tiny one none: split conformal, no masks)
		assertEquals(Intervals.MC_CP, whole.method());
		assertTrue(moved > 1e-5, "another seed should draw other masks; largest change " + moved);
	}
}
