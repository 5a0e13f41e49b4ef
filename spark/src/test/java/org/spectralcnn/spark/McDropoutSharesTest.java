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
import org.spectralcnn.model.Networks;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.models.Models;

/**
 * Why a share passes its first row: a CNN with dropout and {@code mc_passes=5} gives a share
 * the whole table's intervals only with the share's offset; read as if it were a table of its
 * own (offset 0) the masks differ, and so do the intervals. Guards SparkJobTest's CNN check
 * against passing by accident.
 */
class McDropoutSharesTest {

	@TempDir
	Path tmp;

	@Test
	void aShareDrawsTheWholeTablesMasksOnlyAtItsOffset() throws Exception {
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

		final int batch = Networks.PREDICT_BATCH;
		final int[] rows = new int[batch];
		for (int i = 0; i < batch; i++) rows[i] = batch + i;
		final SpectralDataset share = all.subset(rows);
		final TrustedPredictions whole = Intervals.predict(m, all, 0.9, 5, 0, 0);
		final TrustedPredictions atOffset = Intervals.predict(m, share, 0.9, 5, 0, batch);
		final TrustedPredictions alone = Intervals.predict(m, share, 0.9, 5, 0, 0);
		double moved = 0;
		for (int i = 0; i < batch; i++)
			for (int t = 0; t < whole.targets().size(); t++) {
				final double lo = whole.lower()[batch + i][t], hi = whole.upper()[batch + i][t];
				assertEquals(lo, atOffset.lower()[i][t], 1e-5 * Math.max(1, Math.abs(lo)));
				assertEquals(hi, atOffset.upper()[i][t], 1e-5 * Math.max(1, Math.abs(hi)));
				moved = Math.max(moved, Math.abs(alone.upper()[i][t] - hi) / Math.max(1, Math.abs(hi)));
			}
		// the fast preset has dropout 0.3 (the tiny one none: split conformal, no masks)
		assertEquals(Intervals.MC_CP, whole.method());
		assertTrue(moved > 1e-5, "without the offset the intervals should differ; largest change " +
			moved);
	}
}
