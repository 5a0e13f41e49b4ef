package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.models.Models;
import org.spectralcnn.train.CnnFixtures;
import org.spectralcnn.train.CnnTrainer;
import org.spectralcnn.train.TrainingListener;
import org.spectralcnn.train.TrainingResult;

/** The model file: bit-identical predictions after reload, and clear errors for bad files. */
class CnnModelTest {

	private static CnnModel spectrum;
	private static CnnModel spectrogram;
	private static SpectralDataset test;

	@TempDir
	Path tmp;

	@BeforeAll
	static void train() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		spectrum = new CnnTrainer(CnnFixtures.tinySpectrum(2, 4)).train(s[0], s[1],
			TrainingListener.NONE, () -> false).model();
		final TrainingResult r = new CnnTrainer(CnnFixtures.tinySpectrogram(1, 4)).train(s[0], s[1],
			TrainingListener.NONE, () -> false);
		spectrogram = r.model();
		final int[] rows = new int[40];
		for (int i = 0; i < 40; i++) rows[i] = 150 + i;
		test = CnnFixtures.soil().subset(rows);
	}

	private static void assertSamePredictions(final double[][] a, final double[][] b) {
		assertEquals(a.length, b.length);
		for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0, "sample " + i);
	}

	@Test
	void roundTripGivesBitIdenticalPredictions() throws Exception {
		for (final CnnModel m : new CnnModel[] { spectrum, spectrogram }) {
			final Path file = tmp.resolve(m.representation() + ".zip");
			m.save(file);
			final SpectralModel back = Models.load(file);
			assertTrue(back instanceof CnnModel);
			assertEquals(m.targets(), back.targets());
			assertTrue(back.inputAxis().sameGrid(m.inputAxis()));
			assertSamePredictions(m.predict(test), back.predict(test));
			assertEquals(((CnnModel) back).representation(), m.representation());
			// saving the reloaded model gives the same manifest
			assertEquals(m.manifest(), back.manifest());
		}
	}

	@Test
	void manifestHoldsEverythingPredictionNeeds() throws Exception {
		final Path file = tmp.resolve("m.zip");
		spectrogram.save(file);
		final ModelArchive a = ModelArchive.read(file);
		assertTrue(a.entryNames().containsAll(Arrays.asList("manifest.json", "configuration.json",
			"coefficients.bin")), a.entryNames().toString());
		final JsonObject m = a.manifest();
		for (final String key : new String[] { "format", "format_version", "kind", "representation",
			"architecture", "input_axis", "preprocessing", "stft", "spectrogram_scaler",
			"input_shape", "targets", "training", "seed", "metrics", "versions", "created",
			"network" })
			assertTrue(m.has(key), "manifest has " + key);
		assertEquals("spectrogram", m.get("representation").getAsString());
		assertEquals("[1,33,12]", m.get("input_shape").toString());
		assertEquals("clay", m.getAsJsonArray("targets").get(0).getAsJsonObject().get("name")
			.getAsString());
		assertTrue(m.getAsJsonObject("metrics").getAsJsonObject("validation").has("soc"));
		final JsonObject s = ModelArchive.read(saved(spectrum)).manifest();
		assertTrue(s.has("input_scaler"));
		assertEquals("snv", s.getAsJsonObject("preprocessing").get("text").getAsString());
	}

	private Path saved(final CnnModel m) throws IOException {
		final Path file = Files.createTempFile(tmp, "model", ".zip");
		m.save(file);
		return file;
	}

	@Test
	void predictionResamplesOtherGridsAndRefusesShortOnes() throws Exception {
		final SpectralAxis coarse = SpectralAxis.regular(400, 10, 211, test.axis().unit());
		final SpectralDataset other = org.spectralcnn.data.Resampling.onto(test, coarse);
		final StringBuilder notes = new StringBuilder();
		final SpectralDataset back = InputGrid.conform(other, spectrum.inputAxis(), notes::append);
		assertTrue(notes.toString().contains("resampled linearly"), notes.toString());
		assertEquals(test.size(), spectrum.predict(back).length);
		final SpectralAxis narrow = SpectralAxis.regular(500, 5, 300, test.axis().unit());
		final SpectralDataset cut = org.spectralcnn.data.Resampling.onto(test, narrow);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> InputGrid.conform(cut, spectrum.inputAxis(), x -> {}));
		assertTrue(e.getMessage().contains("500–1995 nm") && e.getMessage().contains("400–2500 nm"),
			e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> spectrum.predict(cut));
	}

	@Test
	void truncatedOrCorruptFilesAreReportedClearly() throws Exception {
		final Path good = saved(spectrum);
		final byte[] bytes = Files.readAllBytes(good);
		final Path truncated = tmp.resolve("truncated.zip");
		Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
		final ModelFileException t = assertThrows(ModelFileException.class, () -> Models.load(
			truncated));
		assertTrue(t.getMessage().contains("truncated.zip"), t.getMessage());

		final Path garbage = tmp.resolve("garbage.zip");
		Files.write(garbage, "not a zip at all".getBytes(StandardCharsets.UTF_8));
		final ModelFileException g = assertThrows(ModelFileException.class, () -> Models.load(
			garbage));
		assertTrue(g.getMessage().contains("not a zip"), g.getMessage());

		final Path noCoefficients = rewrite(good, "no-coefficients.zip", (name, data) -> name
			.equals(Networks.COEFFICIENTS_ENTRY) ? null : data);
		final ModelFileException c = assertThrows(ModelFileException.class, () -> Models.load(
			noCoefficients));
		assertTrue(c.getMessage().contains("coefficients.bin' is missing"), c.getMessage());

		final Path badCoefficients = rewrite(good, "bad-coefficients.zip", (name, data) -> name
			.equals(Networks.COEFFICIENTS_ENTRY) ? Arrays.copyOf(data, 40) : data);
		final ModelFileException b = assertThrows(ModelFileException.class, () -> Models.load(
			badCoefficients));
		assertTrue(b.getMessage().contains("network inside cannot be read"), b.getMessage());

		// NaN in the last weights (the bytes of float NaN in either byte order): every
		// prediction would be NaN, written as empty cells
		final Path nan = rewrite(good, "nan.zip", (name, data) -> {
			if (!name.equals(Networks.COEFFICIENTS_ENTRY)) return data;
			final byte[] d = data.clone();
			for (int i = d.length - 400; i < d.length; i += 4) {
				d[i] = 0x7f;
				d[i + 1] = (byte) 0xc0;
				d[i + 2] = (byte) 0xc0;
				d[i + 3] = 0x7f;
			}
			return d;
		});
		final ModelFileException n = assertThrows(ModelFileException.class, () -> Models.load(nan));
		assertTrue(n.getMessage().contains("nan.zip") && n.getMessage().contains(
			"non-finite weight"), n.getMessage());

		final Path newer = rewrite(good, "newer.zip", (name, data) -> name.equals("manifest.json")
			? edit(data, m -> m.addProperty("format_version", 99)) : data);
		final ModelFileException v = assertThrows(ModelFileException.class, () -> Models.load(
			newer));
		assertTrue(v.getMessage().contains("newer Spectral CNN"), v.getMessage());

		final Path evil = rewrite(good, "evil.zip", (name, data) -> data);
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(evil))) {
			zip.putNextEntry(new ZipEntry("../../evil.sh"));
			zip.write(1);
			zip.closeEntry();
		}
		final ModelFileException u = assertThrows(ModelFileException.class, () -> Models.load(
			evil));
		assertTrue(u.getMessage().contains("unsafe zip entry"), u.getMessage());
	}

	/** A spectrum model whose manifest claims another representation is refused. */
	@Test
	void wrongRepresentationIsRefused() throws Exception {
		final Path good = saved(spectrum);
		final Path wrong = rewrite(good, "wrong.zip", (name, data) -> name.equals("manifest.json")
			? edit(data, m -> m.addProperty("representation", "spectrogram")) : data);
		final ModelFileException e = assertThrows(ModelFileException.class, () -> Models.load(
			wrong));
		assertTrue(e.getMessage().contains("wrong.zip") && e.getMessage().contains("spectrogram"), e
			.getMessage());
		final Path shape = rewrite(good, "shape.zip", (name, data) -> name.equals("manifest.json")
			? edit(data, m -> m.add("input_shape", JsonParser.parseString("[1,1,100]"))) : data);
		final ModelFileException s = assertThrows(ModelFileException.class, () -> Models.load(
			shape));
		assertTrue(s.getMessage().contains("input_shape"), s.getMessage());
	}

	@Test
	void saveReplacesAnExistingFileOnlyWhenComplete() throws Exception {
		final Path file = tmp.resolve("model.zip");
		Files.write(file, "old".getBytes(StandardCharsets.UTF_8));
		spectrum.save(file);
		assertEquals(spectrum.targets(), Models.load(file).targets());
		try (var files = Files.list(tmp)) {
			assertEquals(1, files.count(), "no temporary file left");
		}
	}

	interface EntryEdit {

		byte[] apply(String name, byte[] data) throws IOException;
	}

	private static byte[] edit(final byte[] manifest,
		final java.util.function.Consumer<JsonObject> change)
	{
		final JsonObject m = JsonParser.parseString(new String(manifest, StandardCharsets.UTF_8))
			.getAsJsonObject();
		change.accept(m);
		return m.toString().getBytes(StandardCharsets.UTF_8);
	}

	private Path rewrite(final Path source, final String name, final EntryEdit edit)
		throws IOException
	{
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(source); ZipInputStream zip = new ZipInputStream(
			in))
		{
			for (ZipEntry e; (e = zip.getNextEntry()) != null;)
				entries.put(e.getName(), zip.readAllBytes());
		}
		final Path target = tmp.resolve(name);
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				final byte[] data = edit.apply(e.getKey(), e.getValue());
				if (data == null) continue;
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(data);
				zip.closeEntry();
			}
		}
		Files.write(target, bytes.toByteArray());
		return target;
	}
}
