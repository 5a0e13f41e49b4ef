package org.spectralcnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Architecture;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.model.ModelArchive;
import org.spectralcnn.model.ModelFileException;
import org.spectralcnn.model.Representation;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.models.Models;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Seed ensembles: members on different validation folds, the mean as prediction, the file round
 * trip with its checks, calibration from every member's held-out samples.
 */
class EnsembleTest {

	@TempDir
	static Path tmp;

	private static SpectralDataset calibration;
	private static Ensembles.Trained trained;
	private static CnnModel ensemble;
	private static Path file;

	@BeforeAll
	static void train() throws Exception {
		calibration = CnnFixtures.first(120);
		trained = new CnnTrainer(CnnFixtures.tinySpectrum(2, 3)).trainEnsemble(calibration, 3, 0.2,
			TrainingListener.NONE, () -> false);
		ensemble = trained.result().model();
		file = tmp.resolve("ensemble.zip");
		ensemble.save(file);
	}

	@Test
	void foldsAreDisjointAndMemberZeroIsTheSingleSplit() {
		assertArrayEquals(ValidationSplit.split(120, 0.2, 3)[1], ValidationSplit.fold(120, 0.2, 3,
			0)[1]);
		final boolean[] seen = new boolean[120];
		for (int k = 0; k < 5; k++) {
			final int[][] f = ValidationSplit.fold(120, 0.2, 3, k);
			assertEquals(24, f[1].length);
			assertEquals(96, f[0].length);
			for (final int r : f[1]) {
				assertFalse(seen[r], "row " + r + " held out twice");
				seen[r] = true;
			}
			for (final int r : f[0]) assertTrue(Arrays.binarySearch(f[1], r) < 0);
		}
		// a sixth member starts again at fold 0
		assertArrayEquals(ValidationSplit.fold(120, 0.2, 3, 0)[1], ValidationSplit.fold(120, 0.2, 3,
			5)[1]);
		assertEquals(3, trained.validationRows().size());
		for (final int[] rows : trained.validationRows()) assertEquals(24, rows.length);
	}

	@Test
	void membersDifferAndTheEnsemblePredictsTheirMean() throws Exception {
		assertEquals(3, ensemble.memberCount());
		final SpectralDataset data = CnnFixtures.soil();
		final double[][] mean = ensemble.predict(data);
		final double[][] a = ensemble.member(0).predict(data), b = ensemble.member(1).predict(data), c =
			ensemble.member(2).predict(data);
		assertFalse(Arrays.equals(a[0], b[0]), "members trained with other seeds");
		for (int i = 0; i < mean.length; i++)
			for (int t = 0; t < 2; t++) assertEquals((a[i][t] + b[i][t] + c[i][t]) / 3, mean[i][t],
				1e-9);
		// members' seeds and their own (single) training records
		final JsonObject e = ensemble.manifest().getAsJsonObject(CnnModel.ENSEMBLE);
		assertEquals("[3,4,5]", e.get("seeds").toString());
		assertEquals(3, trained.members().size());
		assertEquals(4, ensemble.member(1).manifest().get("seed").getAsInt());
		assertThrows(IllegalArgumentException.class, () -> ensemble.member(3));
	}

	@Test
	void roundTripKeepsEveryMemberBitForBit() throws Exception {
		final CnnModel back = (CnnModel) Models.load(file);
		assertEquals(3, back.memberCount());
		final SpectralDataset data = CnnFixtures.first(30);
		for (int k = 0; k < 3; k++) {
			final double[][] x = ensemble.member(k).predict(data), y = back.member(k).predict(data);
			for (int i = 0; i < x.length; i++) assertArrayEquals(x[i], y[i], 0);
		}
		final Calibration cal = back.calibration();
		for (final Calibration.Target t : cal.targets()) {
			assertEquals(3, t.members(), "per-member scores kept");
			assertEquals(ensemble.calibration().target(t.name()).split().size(), t.split().size());
		}
		// a single model's file has no members and loads as before
		final Path single = tmp.resolve("single.zip");
		ensemble.member(1).save(single);
		final CnnModel one = (CnnModel) Models.load(single);
		assertEquals(1, one.memberCount());
		assertFalse(one.manifest().has(CnnModel.ENSEMBLE));
		assertTrue(names(single).stream().noneMatch(n -> n.startsWith("members/")));
		assertNull(one.calibration(), "a member alone carries no calibration");
	}

	@Test
	void brokenEnsembleFilesAreRefusedNamingTheMember() throws Exception {
		final ModelFileException missing = assertThrows(ModelFileException.class, () -> Models.load(
			rewrite("no-member-2.zip", (name, data) -> name.startsWith("members/2/") ? null : data)));
		assertTrue(missing.getMessage().contains("members/2/manifest.json' is missing"), missing
			.getMessage());
		final ModelFileException coefficients = assertThrows(ModelFileException.class,
			() -> Models.load(rewrite("no-coefficients.zip", (name, data) -> name.equals(
				"members/1/coefficients.bin") ? null : data)));
		assertTrue(coefficients.getMessage().contains("ensemble member 1 (members/1/)") &&
			coefficients.getMessage().contains("coefficients.bin' is missing"), coefficients
				.getMessage());
		final ModelFileException folder = assertThrows(ModelFileException.class, () -> Models.load(
			rewrite("folder.zip", (name, data) -> name.equals(ModelArchive.MANIFEST) ? edit(data,
				m -> m.getAsJsonObject(CnnModel.ENSEMBLE).getAsJsonArray("member_folders").set(0,
					new com.google.gson.JsonPrimitive("../x/"))) : data)));
		assertTrue(folder.getMessage().contains("member 1 must lie in 'members/1/'"), folder
			.getMessage());
		final ModelFileException count = assertThrows(ModelFileException.class, () -> Models.load(
			rewrite("count.zip", (name, data) -> name.equals(ModelArchive.MANIFEST) ? edit(data,
				m -> m.getAsJsonObject(CnnModel.ENSEMBLE).addProperty("members", 4)) : data)));
		assertTrue(count.getMessage().contains("says 4 members and lists 2 member folders"), count
			.getMessage());
		final ModelFileException targets = assertThrows(ModelFileException.class, () -> Models.load(
			rewrite("targets.zip", (name, data) -> name.equals("members/2/manifest.json") ? edit(data,
				m -> m.getAsJsonArray("targets").get(0).getAsJsonObject().addProperty("name", "sand"))
				: data)));
		assertTrue(targets.getMessage().contains("ensemble member 2 (members/2/) predicts [sand, soc]"),
			targets.getMessage());
	}

	@Test
	void intervalsAreCentredOnTheMembersMeanAndTheirSpreadIsReported() throws Exception {
		final SpectralDataset data = CnnFixtures.first(40);
		final TrustedPredictions tp = Intervals.predict(ensemble, data, 0.9, 0, 0);
		assertEquals(Intervals.SPLIT, tp.method());
		assertTrue(tp.hasMemberSd());
		final double[][] a = ensemble.member(0).predict(data), b = ensemble.member(1).predict(data), c =
			ensemble.member(2).predict(data);
		for (int t = 0; t < 2; t++) {
			// the quantile of all members' held-out residuals pooled
			final Calibration.Target ct = ensemble.calibration().targets().get(t);
			final double q = ct.split().quantile(0.9);
			for (int i = 0; i < 40; i++) {
				final double m = (a[i][t] + b[i][t] + c[i][t]) / 3;
				assertEquals(m, tp.prediction()[i][t], 1e-9);
				final double sd = Math.sqrt((Math.pow(a[i][t] - m, 2) + Math.pow(b[i][t] - m, 2) + Math
					.pow(c[i][t] - m, 2)) / 2);
				assertEquals(sd, tp.memberSd()[i][t], 1e-9);
				assertEquals(m - q, tp.lower()[i][t], 1e-9);
				assertEquals(m + q, tp.upper()[i][t], 1e-9);
			}
		}
		// a single model has no member spread
		assertFalse(Intervals.predict(ensemble.member(0).withCalibration(ensemble.calibration()), data,
			0.9, 0, 0).hasMemberSd());
	}

	@Test
	void dropoutEnsembleGetsMonteCarloScoresPerMember() throws Exception {
		final TrainingRequest fast = new TrainingRequest(CnnFixtures.TARGETS, null,
			Representation.SPECTRUM, Architecture.preset(Architecture.FAST, Representation.SPECTRUM),
			Preprocessing.parse("snv"), null, TrainingSettings.defaults(1).withEpochs(1).withBatchSize(
				32));
		final CnnModel m = new CnnTrainer(fast).trainEnsemble(calibration, 2, 0.2,
			TrainingListener.NONE, () -> false).result().model();
		assertTrue(m.calibration().hasMonteCarlo());
		for (final Calibration.Target t : m.calibration().targets())
			assertEquals(2, t.monteCarloByMember().size());
		final SpectralDataset data = CnnFixtures.first(10);
		final TrustedPredictions a = Intervals.predict(m, data, 0.9, 10, 5), b = Intervals.predict(m,
			data, 0.9, 10, 5);
		assertEquals(Intervals.MC_CP, a.method());
		for (int i = 0; i < 10; i++) assertArrayEquals(a.upper()[i], b.upper()[i], 0,
			"deterministic for a seed");
		// centred on the mean of the members' Monte Carlo means (member k's masks from seed 5 + k)
		final double[][] mu0 = McDropout.run(m.member(0), m.member(0).preprocess(data), 10, 5).mean(),
			mu1 = McDropout.run(m.member(1), m.member(1).preprocess(data), 10, 6).mean();
		for (int i = 0; i < 10; i++)
			for (int t = 0; t < 2; t++) assertEquals((mu0[i][t] + mu1[i][t]) / 2, (a.lower()[i][t] + a
				.upper()[i][t]) / 2, 1e-9);
	}

	@Test
	void ensembleSizeIsChecked() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CnnWorkflow.run(calibration, CnnFixtures.tinySpectrum(1, 0), "", 0.2, 21,
				TrainingListener.NONE, () -> false));
		assertTrue(e.getMessage().startsWith("ensemble must be between 1 and 20"), e.getMessage());
	}

	private static List<String> names(final Path zip) throws Exception {
		return readEntries(zip).keySet().stream().toList();
	}

	private static Map<String, byte[]> readEntries(final Path zip) throws Exception {
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) entries.put(e.getName(), z.readAllBytes());
		}
		return entries;
	}

	/** A copy of the ensemble's file with entries changed (null drops one). */
	private static Path rewrite(final String name, final BiFunction<String, byte[], byte[]> edit)
		throws Exception
	{
		final Path target = tmp.resolve(name);
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
			for (final Map.Entry<String, byte[]> e : readEntries(file).entrySet()) {
				final byte[] data = edit.apply(e.getKey(), e.getValue());
				if (data == null) continue;
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(data);
				zip.closeEntry();
			}
		}
		return target;
	}

	private static byte[] edit(final byte[] manifest,
		final java.util.function.Consumer<JsonObject> change)
	{
		final JsonObject m = JsonParser.parseString(new String(manifest, StandardCharsets.UTF_8))
			.getAsJsonObject();
		change.accept(m);
		return m.toString().getBytes(StandardCharsets.UTF_8);
	}
}
