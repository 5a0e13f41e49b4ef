package org.spectralcnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.preprocess.Preprocessing;

/** Each kind of augmentation does what it says, seeded, and off changes nothing. */
class AugmentationTest {

	private static final int N = 40, P = 60;

	/** Smooth spectra that differ from one another: a bump at a different place each. */
	private static float[] spectra() {
		final float[] x = new float[N * P];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < P; j++) x[i * P + j] = (float) (0.3 + 0.01 * i + Math.exp(-Math.pow(j -
				10 - i, 2) / 20.0));
		return x;
	}

	private static float[][] targets() {
		final float[][] z = new float[N][2];
		for (int i = 0; i < N; i++) {
			z[i][0] = i * 0.1f - 2;
			z[i][1] = i % 4 == 0 ? Float.NaN : 1 - i * 0.05f;
		}
		return z;
	}

	private static float[] apply(final Augmentation a, final float[][] z, final long seed) {
		final float[] x = spectra();
		a.apply(x, N, P, z, 0.5, new SplittableRandom(seed));
		return x;
	}

	@Test
	void offDefaultAndRanges() {
		assertFalse(Augmentation.NONE.active());
		assertEquals(Augmentation.NONE, TrainingSettings.defaults(0).augmentation());
		assertEquals(Augmentation.NONE, new TrainingSettings(5, 8, 1e-3, 0, 3, 0, 0.5, 0, null)
			.augmentation());
		final float[][] z = targets();
		assertArrayEquals(spectra(), apply(Augmentation.NONE, z, 1), 0f);
		assertArrayEquals(targets()[1], z[1], 0f);
		for (final String key : new String[] { "augment_offset", "augment_slope", "augment_shift",
			"augment_noise", "augment_mixup" })
		{
			final double[] v = new double[5];
			v[Arrays.asList("augment_offset", "augment_slope", "augment_shift", "augment_noise",
				"augment_mixup").indexOf(key)] = -0.1;
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new Augmentation(v[0], v[1], v[2], v[3], v[4]));
			assertTrue(e.getMessage().startsWith(key + " must be between 0 (off) and"), e.getMessage());
		}
		assertThrows(IllegalArgumentException.class, () -> new Augmentation(0, 0, 0, 0, 0.6));
	}

	@Test
	void offsetAddsOneConstantPerSpectrumWithinTheRange() {
		final float[] x = apply(new Augmentation(0.2, 0, 0, 0, 0), targets(), 3), x0 = spectra();
		final double limit = 0.2 * 0.5;
		double largest = 0;
		for (int i = 0; i < N; i++) {
			final double c = x[i * P] - x0[i * P];
			for (int j = 0; j < P; j++) assertEquals(c, x[i * P + j] - x0[i * P + j], 1e-5);
			assertTrue(Math.abs(c) <= limit + 1e-6, "offset " + c);
			largest = Math.max(largest, Math.abs(c));
		}
		assertTrue(largest > limit / 2, "draws spread over the range: " + largest);
	}

	@Test
	void slopeMultipliesEachSpectrumWithinTheRange() {
		final float[] x = apply(new Augmentation(0, 0.1, 0, 0, 0), targets(), 3), x0 = spectra();
		for (int i = 0; i < N; i++) {
			final double f = x[i * P] / x0[i * P];
			assertTrue(f >= 0.9 - 1e-6 && f <= 1.1 + 1e-6, "factor " + f);
			for (int j = 0; j < P; j++) assertEquals(f, x[i * P + j] / x0[i * P + j], 1e-5);
		}
	}

	@Test
	void shiftMovesFeaturesAlongTheAxis() {
		// a ramp x_j = j moved by s points reads j − s inside, and keeps its end values
		final Augmentation a = new Augmentation(0, 0, 3, 0, 0);
		final float[] x = new float[N * P];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < P; j++) x[i * P + j] = j;
		a.apply(x, N, P, targets(), 1, new SplittableRandom(5));
		boolean moved = false;
		for (int i = 0; i < N; i++) {
			final double s = 30 - x[i * P + 30];
			assertTrue(Math.abs(s) <= 3 + 1e-5, "shift " + s);
			moved |= Math.abs(s) > 0.5;
			for (int j = 3; j < P - 3; j++) assertEquals(j - s, x[i * P + j], 1e-4);
			// beyond the ends, the end values are held
			assertEquals(Math.max(0, -s), x[i * P], 1e-4);
			assertEquals(Math.min(P - 1, P - 1 - s), x[i * P + P - 1], 1e-4);
		}
		assertTrue(moved);
		// and a bump's peak moves with it
		final float[] bumps = apply(a, targets(), 5), x0 = spectra();
		int changed = 0;
		for (int i = 0; i < N; i++)
			if (argmax(bumps, i) != argmax(x0, i)) changed++;
		assertTrue(changed > 0);
	}

	private static int argmax(final float[] x, final int row) {
		int best = 0;
		for (int j = 1; j < P; j++)
			if (x[row * P + j] > x[row * P + best]) best = j;
		return best;
	}

	@Test
	void noiseHasTheAskedSd() {
		final float[] x = apply(new Augmentation(0, 0, 0, 0.1, 0), targets(), 9), x0 = spectra();
		double s2 = 0, s = 0;
		for (int k = 0; k < x.length; k++) {
			final double d = x[k] - x0[k];
			s += d;
			s2 += d * d;
		}
		final double mean = s / x.length;
		final double sd = Math.sqrt(s2 / x.length - mean * mean);
		assertEquals(0.1 * 0.5, sd, 0.005, "noise SD = noise × scale");
		assertEquals(0, mean, 0.005);
	}

	@Test
	void mixupMixesTargetsWithTheSpectraWeightsAndKeepsMissingMissing() {
		// spectrum i = unit vector e_i: a mixed spectrum shows its partner and weight directly
		final int n = 12;
		final float[] x = new float[n * n];
		for (int i = 0; i < n; i++) x[i * n + i] = 1;
		final float[][] z = new float[n][2], z0 = new float[n][2];
		for (int i = 0; i < n; i++) {
			z0[i][0] = z[i][0] = i;
			z0[i][1] = z[i][1] = i % 3 == 0 ? Float.NaN : 10 - i;
		}
		new Augmentation(0, 0, 0, 0, 0.4).apply(x, n, n, z, 1, new SplittableRandom(2));
		int mixed = 0;
		for (int i = 0; i < n; i++) {
			int partner = i;
			for (int j = 0; j < n; j++)
				if (j != i && x[i * n + j] != 0) partner = j;
			final float w = partner == i ? 0 : x[i * n + partner];
			assertTrue(w >= 0 && w <= 0.4f, "partner weight " + w);
			assertEquals(1 - w, partner == i ? 1 : x[i * n + i], 1e-6);
			if (w > 0) mixed++;
			assertEquals((1 - w) * z0[i][0] + w * z0[partner][0], z[i][0], 1e-5, "target 0 of " + i);
			if (Float.isNaN(z0[i][1]) || Float.isNaN(z0[partner][1]) && partner != i)
				assertTrue(Float.isNaN(z[i][1]), "a missing value stays missing");
			else assertEquals((1 - w) * z0[i][1] + w * z0[partner][1], z[i][1], 1e-5);
		}
		assertTrue(mixed > n / 2);
	}

	@Test
	void seededAndScaled() {
		final Augmentation all = new Augmentation(0.1, 0.05, 2, 0.02, 0.2);
		final float[][] z1 = targets(), z2 = targets(), z3 = targets();
		assertArrayEquals(apply(all, z1, 7), apply(all, z2, 7), 0f);
		assertArrayEquals(z1[3], z2[3], 0f);
		assertFalse(Arrays.equals(apply(all, z1, 7), apply(all, z3, 8)));
		// the scale: the mean over points of the SD between spectra
		final float[] x = { 0, 10, 2, 10, 4, 10 };
		assertEquals((2 + 0) / 2.0, Augmentation.scale(x, 2, new int[] { 0, 1, 2 }), 1e-9);
	}

	@Test
	void trainingWithAugmentationIsSeededAndDiffersFromWithout() throws Exception {
		final SpectralDataset[] s = CnnFixtures.split();
		final TrainingRequest plain = CnnFixtures.tinySpectrum(2, 4);
		final TrainingRequest aug = plain.withSettings(plain.settings().withAugmentation(
			new Augmentation(0.1, 0.05, 1, 0.01, 0.2)));
		final float[] a = train(aug, s), b = train(aug, s), c = train(plain, s);
		assertArrayEquals(a, b, 0f, "same seed, same augmented model");
		assertFalse(Arrays.equals(a, c), "augmentation changed the training");
		assertTrue(new CnnTrainer(aug).train(s[0], s[1], TrainingListener.NONE, () -> false).model()
			.manifest().getAsJsonObject("training").has("augmentation"));
	}

	private static float[] train(final TrainingRequest r, final SpectralDataset[] s) {
		return new CnnTrainer(r).train(s[0], s[1], TrainingListener.NONE, () -> false).model()
			.network().params().toFloatVector();
	}

	/** Broad smooth bands (their second differences are ~1e-4) plus white noise of SD sigma. */
	private static SpectralDataset noisy(final double sigma) {
		final int n = 30, p = 300;
		final float[] x = new float[n * p];
		final SplittableRandom r = new SplittableRandom(3);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < p; j++) x[i * p + j] = (float) (0.2 + 0.3 * Math.exp(-Math.pow(j - 100 -
				3 * i, 2) / 4000.0) + sigma * Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(
					2 * Math.PI * r.nextDouble()));
		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) ids[i] = "s" + i;
		return SpectralDataset.builder("noisy", SpectralAxis.regular(400, 2, p, SpectralUnit.NM), ids,
			x).build();
	}

	@Test
	void instrumentNoiseFindsTheNoiseOfTheSpectra() {
		final Preprocessing none = Preprocessing.parse("");
		for (final double sigma : new double[] { 0.005, 0.02 }) {
			final SpectralDataset d = noisy(sigma);
			final int[] all = new int[d.size()];
			Arrays.setAll(all, i -> i);
			final double expected = sigma / Augmentation.scale(d.data(), d.points(), all);
			final double found = Augmentation.instrumentNoise(d, none, d);
			assertEquals(expected, found, 0.1 * expected, "noise SD " + sigma);
			assertEquals(found, Augmentation.instrumentNoise(d, none, d), 0.0, "the same for the same data");
		}
		// too few spectra or points to tell
		final SpectralDataset one = noisy(0.01).subset(new int[] { 0 });
		assertTrue(Double.isNaN(Augmentation.instrumentNoise(one, none, one)));
	}

	/** On NIRsoil with the recipe's SG(11,2,1) + SNV: 0.013 by an independent numpy estimate. */
	@Test
	void instrumentNoiseOfNirsoil() throws Exception {
		final SpectralDataset all = SpectraIO.open(SharedData.nirsoil());
		final SpectralDataset train = all.select(all.splitMask("train"));
		final Preprocessing steps = Preprocessing.parse("sg(11,2,1), snv").fit(train);
		final double e = Augmentation.instrumentNoise(train, steps, steps.apply(train));
		assertTrue(e > 0.008 && e < 0.02, "NIRsoil instrument noise " + e);
	}
}
