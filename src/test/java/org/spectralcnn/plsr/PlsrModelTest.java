package org.spectralcnn.plsr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SplitColumn;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.models.Models;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.model.ModelArchive;
import org.spectralcnn.model.ModelFileException;

class PlsrModelTest {

	static final Preprocessing NONE = Preprocessing.parse("");

	static SpectralDataset data;
	static PlsrModel model;
	static byte[] bytes;

	@TempDir
	Path dir;

	@BeforeAll
	static void train() throws Exception {
		data = SpectraIO.open(Paths.get("test-data/soil_visnir.csv"));
		model = PlsrWorkflow.train(data, NONE, List.of("clay", "soc"), SplitColumn.calibration(
			data, "train"), new PlsrTraining.Settings(6, 5, Selection.MIN, 0, true, 2), null).model();
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		model.write(out);
		bytes = out.toByteArray();
	}

	/** The model file's entries with one changed (null bytes: removed). */
	private Path rewrite(final String name, final byte[] replacement, final JsonObject manifest)
		throws Exception
	{
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
			for (ZipEntry e; (e = zip.getNextEntry()) != null;)
				if (!e.getName().equals(ModelArchive.MANIFEST)) entries.put(e.getName(), zip
					.readAllBytes());
		}
		if (replacement == null) entries.remove(name);
		else entries.put(name, replacement);
		final Path file = dir.resolve("edited.zip");
		try (OutputStream out = Files.newOutputStream(file)) {
			ModelArchive.write(out, manifest != null ? manifest : model.manifest(), entries, null);
		}
		return file;
	}

	@Test
	void scaledModelRoundTripAndCoefficients() throws Exception {
		final Path file = dir.resolve("m.zip");
		model.save(file);
		final PlsrModel loaded = (PlsrModel) Models.load(file);
		final double[][] a = model.predict(data), b = loaded.predict(data);
		for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0);
		// the stored coefficients give the same predictions: ŷ = intercept + x·β
		final PlsrModel.TargetModel clay = loaded.model("clay");
		final double[] beta = clay.model().coefficients(clay.components());
		final double intercept = clay.model().intercept(clay.components());
		double yhat = intercept;
		for (int j = 0; j < data.points(); j++) yhat += beta[j] * data.value(7, j);
		assertEquals(a[7][0], yhat, 1e-9 * Math.abs(yhat));
		assertTrue(loaded.manifest().getAsJsonObject("training").get("scale").getAsBoolean());
	}

	@Test
	void preprocessingTravelsWithTheModel() throws Exception {
		final PlsrWorkflow.Result r = PlsrWorkflow.train(data, Preprocessing.parse(
			"sg(11,2,1), snv"), List.of("clay"), SplitColumn.calibration(data, "train"),
			new PlsrTraining.Settings(6, 5, Selection.MIN, 0, false, 2), null);
		final Path file = dir.resolve("sg.zip");
		r.model().save(file);
		final PlsrModel loaded = (PlsrModel) Models.load(file);
		assertEquals("sg(11,2,1), snv", loaded.preprocessing().toString());
		// raw spectra in, the model preprocesses them as in training
		final double[][] p = loaded.predict(data);
		for (int i = 0; i < p.length; i++) assertEquals(r.predictions()[i][0], p[i][0], 1e-9 * Math
			.abs(p[i][0]));
		assertEquals("sg(11,2,1), snv", loaded.manifest().getAsJsonObject("preprocessing").get(
			"text").getAsString());
		// what Predict's Log line says about the model
		assertEquals("PLSR: " + data.axis().describe() + ", sg(11,2,1), snv → clay (" + loaded.model(
			"clay").components() + " LV)", loaded.toString());
	}

	@Test
	void brokenFilesAreRefusedNamingTheProblem() throws Exception {
		ModelFileException e = assertThrows(ModelFileException.class, () -> Models.load(rewrite(
			"plsr/0/weights.f64", new byte[12], null)));
		assertTrue(e.getMessage().contains("plsr/0/weights.f64"), e.getMessage());
		e = assertThrows(ModelFileException.class, () -> Models.load(rewrite("plsr/1/x_mean.f64",
			null, null)));
		assertTrue(e.getMessage().contains("'plsr/1/x_mean.f64' is missing"), e.getMessage());
		final JsonObject noModels = model.manifest();
		noModels.remove("models");
		e = assertThrows(ModelFileException.class, () -> Models.load(rewrite("x", new byte[0],
			noModels)));
		assertTrue(e.getMessage().contains("incomplete or inconsistent"), e.getMessage());
		final double[] nan = new double[data.points()];
		nan[3] = Double.NaN;
		e = assertThrows(ModelFileException.class, () -> Models.load(rewrite("plsr/0/x_scale.f64",
			PlsrModel.bytes(nan), null)));
		assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
	}

	@Test
	void spectraOnAnotherGridAreRefused() {
		final SpectralDataset cropped = data.withSpectra(org.spectralcnn.data.SpectralAxis.regular(
			401, 5, data.points(), data.axis().unit()), data.data());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model
			.predict(cropped));
		assertTrue(e.getMessage().contains("InputGrid.conform"), e.getMessage());
	}
}
