package org.spectralcnn.spectrogram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.testdata.NirsoilRows;
import org.spectralcnn.testdata.ProcessingFixtures;

/**
 * Spectrograms of real NIRsoil spectra equal {@code scipy.signal.spectrogram} (fixtures from
 * {@code src/test/python/make_fixtures.py}): to 1e-5 relative in every pixel for the PSD and
 * magnitude, to 1e-5 absolute for the logarithmic scalings (1e-4 for dB, ten times a log10).
 */
class StftScipyFixtureTest {

	@Test
	void nirsoilPsdEqualsScipyInEveryPixel() throws Exception {
		final JsonObject e = ProcessingFixtures.entry("spectrograms", "stft_nirsoil_psd");
		final SpectralDataset data = NirsoilRows.fixtureRows();
		final StftParameters p = StftTest.parameters(e);
		final PlanarImg<FloatType, FloatArray> img = Spectrograms.compute(data, p);
		assertArrayEquals(new long[] { 13, 51, 20 }, img.dimensionsAsLongArray());
		final float[] all = new float[20 * 51 * 13];
		for (int z = 0; z < 20; z++)
			System.arraycopy(img.getPlane(z).getCurrentStorageArray(), 0, all, z * 51 * 13, 51 * 13);
		final double err = StftTest.maxRelativeError(all, ProcessingFixtures.values(
			"stft_nirsoil_psd"));
		System.out.printf("stft_nirsoil_psd: max relative error %.2e%n", err);
		assertTrue(err < 1e-5, "max relative error " + err);
	}

	@Test
	void everyWindowDetrendAndScalingEqualsScipy() throws Exception {
		for (final JsonElement element : ProcessingFixtures.index().getAsJsonArray("spectrograms")) {
			final JsonObject e = element.getAsJsonObject();
			if (!e.get("input").getAsString().equals("nirsoil")) continue;
			final StftParameters p = StftTest.parameters(e);
			final SpectralDataset data = NirsoilRows.first(e.get("rows").getAsInt());
			final Stft stft = new Stft(p);
			final int[] rows = new int[data.size()];
			for (int r = 0; r < rows.length; r++) rows[r] = r;
			final float[] out = new float[rows.length * stft.planeSize(data.points())];
			stft.transformBatch(data, rows, out);
			final float[] expected = ProcessingFixtures.values(e.get("name").getAsString());
			final boolean log = p.scaling() == Scaling.LOG_PSD || p.scaling() == Scaling.DB;
			final double err = log ? StftTest.maxAbsoluteError(out, expected) : StftTest
				.maxRelativeError(out, expected);
			System.out.printf("%s: max %s error %.2e%n", e.get("name").getAsString(), log ? "absolute"
				: "relative", err);
			assertTrue(err < (p.scaling() == Scaling.DB ? 1e-4 : 1e-5), e.get("name") + ": " + err);
		}
	}
}
