package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.bridge.ComparisonReport;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.model.SpectralModel;

class ModelComparisonTest {

	static final Preprocessing NONE = Preprocessing.parse("");

	@TempDir
	Path dir;

	/** A stand-in for a CNN: the observed clay plus a fixed error, NaN for one sample. */
	static final class FakeCnn implements SpectralModel {

		private final SpectralAxis axis;

		FakeCnn(final SpectralAxis axis) {
			this.axis = axis;
		}

		@Override
		public String kind() {
			return "cnn";
		}

		@Override
		public List<String> targets() {
			return List.of("clay");
		}

		@Override
		public SpectralAxis inputAxis() {
			return axis;
		}

		@Override
		public double[][] predict(final SpectralDataset spectra) {
			final double[] clay = spectra.column("clay");
			final double[][] out = new double[spectra.size()][1];
			for (int i = 0; i < out.length; i++) out[i][0] = Double.isNaN(clay[i]) ? 20 : clay[i] +
				(i % 2 == 0 ? 1 : -1);
			out[out.length - 1][0] = Double.NaN;
			return out;
		}

		@Override
		public JsonObject manifest() {
			return new JsonObject();
		}

		@Override
		public SpectralModel withManifestEntries(final JsonObject extra) {
			return this;
		}
	}

	@Test
	void pairedComparisonAgainstPlsr() throws Exception {
		final SpectralDataset data = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
		final boolean[] cal = SplitColumn.calibration(data, "train");
		final PlsrModel plsr = PlsrWorkflow.train(data, NONE, List.of("clay", "soc"), cal,
			new PlsrTraining.Settings(8, 5, Selection.MIN, 0, false, 2), null).model();
		final boolean[] test = new boolean[cal.length];
		for (int i = 0; i < test.length; i++) test[i] = !cal[i];
		final List<String> notes = new ArrayList<>();
		final ModelComparison.Result r = ModelComparison.compare(List.of(new FakeCnn(data.axis()),
			plsr), List.of("cnn.zip", "plsr.zip"), data, test, notes::add);
		assertEquals(List.of("clay", "soc"), r.targets());
		assertEquals(3, r.rows().size()); // clay: both, soc: PLSR only
		final ModelComparison.Row cnn = r.rows().get(0), ref = r.rows().get(1);
		assertEquals("cnn.zip", cnn.model());
		assertTrue(ref.reference() && !cnn.reference(), "PLSR is the reference even when listed second");
		// same samples: the NaN prediction of the fake CNN removes its row from both
		assertEquals(cnn.metrics().n(), ref.metrics().n());
		assertEquals(1.0, cnn.metrics().rmse(), 1e-12);
		assertEquals(100 * (1.0 - ref.metrics().rmse()) / ref.metrics().rmse(), cnn.change(), 1e-9);
		assertEquals(0, ref.change());

		final List<Path> files = ComparisonReport.write(dir, r, data);
		assertEquals(3, files.size());
		final List<String> lines = Files.readAllLines(dir.resolve("comparison.csv"));
		assertEquals("target,model,kind,reference," + String.join(",", Metrics.NAMES) +
			",RMSE_change_percent", lines.get(0));
		assertTrue(lines.get(1).startsWith("clay,cnn.zip,cnn,0,"));
		assertTrue(Files.size(dir.resolve("comparison.png")) > 1000);
		final List<String> pred = Files.readAllLines(dir.resolve("comparison_predictions.csv"));
		assertEquals("id,clay,clay cnn.zip,clay plsr.zip,soc,soc plsr.zip", pred.get(0));
	}
}
