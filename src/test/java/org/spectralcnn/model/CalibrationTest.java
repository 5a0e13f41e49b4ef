package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ensemble's calibration: every member's scores through the model file. */
class CalibrationTest {

	@TempDir
	Path dir;

	@Test
	void membersRoundTripThroughTheModelFile() throws Exception {
		final Random r = new Random(3);
		final List<ConformalScores> split = new ArrayList<>(), mc = new ArrayList<>();
		for (int k = 0; k < 3; k++) {
			split.add(ConformalScores.of(r.doubles(10 + k).toArray()));
			mc.add(ConformalScores.of(r.doubles(10 + k).toArray()));
		}
		final Calibration c = new Calibration("fold residuals", List.of(new Calibration.Target("clay",
			split, mc, 0.25)), 30, 5, null);
		final JsonObject manifest = ModelArchive.newManifest("cnn");
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		c.write(manifest, entries);
		final Path file = dir.resolve("m.zip");
		try (OutputStream out = Files.newOutputStream(file)) {
			ModelArchive.write(out, manifest, entries, null);
		}
		final Calibration back = Calibration.read(ModelArchive.read(file), List.of("clay"));
		final Calibration.Target t = back.target("clay");
		assertEquals(3, t.members());
		for (int k = 0; k < 3; k++) {
			assertArrayEquals(split.get(k).sorted(), t.splitByMember().get(k).sorted());
			assertArrayEquals(mc.get(k).sorted(), t.monteCarloByMember().get(k).sorted());
		}
		final double[] pooled = split.stream().flatMapToDouble(s -> Arrays.stream(s.sorted()))
			.sorted().toArray();
		assertArrayEquals(pooled, t.split().sorted());

		// a member list that does not add up to the pooled scores is refused
		final JsonObject bad = manifest.deepCopy();
		bad.getAsJsonObject(Calibration.KEY).getAsJsonArray("targets").get(0).getAsJsonObject()
			.getAsJsonArray("members").remove(2);
		final Path badFile = dir.resolve("bad.zip");
		try (OutputStream out = Files.newOutputStream(badFile)) {
			ModelArchive.write(out, bad, entries, null);
		}
		final ModelFileException e = assertThrows(ModelFileException.class, () -> Calibration.read(
			ModelArchive.read(badFile), List.of("clay")));
		assertTrue(e.getMessage().contains("members of target 'clay'"), e.getMessage());
	}
}
