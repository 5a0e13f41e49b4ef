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

class CrossConformalTest {

	@TempDir
	Path dir;

	@Test
	void oneMemberIsSplitConformal() {
		final ConformalScores s = ConformalScores.of(new Random(1).doubles(57).map(Math::abs)
			.toArray());
		for (final double c : new double[] { 0.5, 0.8, 0.9, 0.95 }) {
			final double[] b = CrossConformal.interval(List.of(s), new double[] { 3 }, new double[] {
				2 }, c);
			assertEquals(3 - 2 * s.quantile(c), b[0], 1e-12);
			assertEquals(3 + 2 * s.quantile(c), b[1], 1e-12);
		}
		final double[] few = CrossConformal.interval(List.of(ConformalScores.of(new double[] { 1, 2,
			3 })), new double[] { 0 }, new double[] { 1 }, 0.9);
		assertEquals(Double.NEGATIVE_INFINITY, few[0]);
		assertEquals(Double.POSITIVE_INFINITY, few[1]);
	}

	/** The bounds are the order statistics of all members' candidates, found by sorting them all. */
	@Test
	void severalMembersMatchSortingEveryCandidate() {
		final Random r = new Random(7);
		for (int trial = 0; trial < 200; trial++) {
			final int members = 1 + r.nextInt(6);
			final List<ConformalScores> scores = new ArrayList<>();
			final double[] centre = new double[members], scale = new double[members];
			final List<Double> up = new ArrayList<>(), low = new ArrayList<>();
			for (int k = 0; k < members; k++) {
				final double[] s = r.doubles(3 + r.nextInt(40)).map(v -> v * 5).toArray();
				scores.add(ConformalScores.of(s));
				centre[k] = r.nextGaussian();
				scale[k] = r.nextInt(4) == 0 ? 0 : r.nextDouble() * 2;
				for (final double v : s) {
					up.add(centre[k] + v * scale[k]);
					low.add(centre[k] - v * scale[k]);
				}
			}
			final double c = 0.5 + 0.49 * r.nextDouble();
			final int n = up.size(), rank = (int) Math.ceil((n + 1) * c - 1e-9);
			final double[] b = CrossConformal.interval(scores, centre, scale, c);
			if (rank > n) {
				assertEquals(Double.POSITIVE_INFINITY, b[1]);
				continue;
			}
			final double[] u = up.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			final double[] l = low.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			assertEquals(u[rank - 1], b[1], 1e-12, "upper, trial " + trial);
			assertEquals(l[n - rank], b[0], 1e-12, "lower, trial " + trial);
		}
	}

	/** CV+ with K fold models of a mean predictor covers about c of new exchangeable values. */
	@Test
	void crossValidatedMeanModelsCoverTheLevel() {
		final Random r = new Random(11);
		final int trials = 3000, n = 50, folds = 5;
		int covered = 0;
		for (int trial = 0; trial < trials; trial++) {
			final double[] y = r.doubles(n).map(v -> Math.exp(2 * v)).toArray(); // skewed
			final List<ConformalScores> scores = new ArrayList<>();
			final double[] centre = new double[folds], scale = new double[folds];
			for (int k = 0; k < folds; k++) {
				double sum = 0;
				int m = 0;
				for (int i = 0; i < n; i++)
					if (i % folds != k) {
						sum += y[i];
						m++;
					}
				centre[k] = sum / m;
				scale[k] = 1;
				final double[] res = new double[n / folds];
				for (int i = k, j = 0; i < n; i += folds) res[j++] = Math.abs(y[i] - centre[k]);
				scores.add(ConformalScores.of(res));
			}
			final double next = Math.exp(2 * r.nextDouble());
			final double[] b = CrossConformal.interval(scores, centre, scale, 0.9);
			if (next >= b[0] && next <= b[1]) covered++;
		}
		final double coverage = covered / (double) trials;
		assertTrue(coverage > 0.88 && coverage < 0.95, "coverage " + coverage);
	}

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
