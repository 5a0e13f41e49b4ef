package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import ij.IJ;
import ij.ImagePlus;
import ij.plugin.LutLoader;
import ij.process.LUT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.SharedData;
import org.spectralcnn.bridge.Charts;
import org.spectralcnn.bridge.SpectrogramImages;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.Spectrograms;
import org.spectralcnn.spectrogram.StftParameters;
import org.spectralcnn.testdata.ProcessingFixtures;

class SpectraToSpectrogramsCommandTest extends HeadlessCommandTest {

	static final Path SOIL = Paths.get("test-data/soil_visnir.csv");

	@TempDir
	Path dir;

	private Map<String, Object> keys(final Object... pairs) {
		final Map<String, Object> keys = new HashMap<>();
		keys.put("input", SOIL.toFile());
		keys.put("window_size", 100);
		keys.put("hop", 50);
		keys.put("window", "hann");
		keys.put("detrend", "constant");
		keys.put("scaling", "log_psd");
		keys.put("steps", "");
		keys.put("resample_to", 0);
		keys.put("output", dir.resolve("sg.tif").toFile());
		keys.put("montage", null);
		for (int k = 0; k < pairs.length; k += 2) keys.put((String) pairs[k], pairs[k + 1]);
		return keys;
	}

	@Test
	void writesCalibratedStackOfPreprocessedSpectra() throws Exception {
		run(SpectraToSpectrogramsCommand.class, keys("steps", "absorbance", "window_size", 64, "hop",
			16, "scaling", "psd", "montage", dir.resolve("montage.png").toFile()));
		final ImagePlus imp = IJ.openImage(dir.resolve("sg.tif").toString());
		// 421 points (400–2500 nm, 5 nm): 1 + (421 - 64) / 16 = 23 frames, 33 frequencies
		assertEquals(23, imp.getWidth());
		assertEquals(33, imp.getHeight());
		assertEquals(200, imp.getStackSize());
		assertEquals(ImagePlus.GRAY32, imp.getBitDepth() == 32 ? ImagePlus.GRAY32 : -1);
		assertEquals("S001", imp.getStack().getSliceLabel(1));
		assertEquals(400 + 32 * 5, imp.getCalibration().getX(0), 1e-9);
		assertEquals(400 + (32 + 16) * 5, imp.getCalibration().getX(1), 1e-9);
		assertEquals(1 / (64 * 5.0), imp.getCalibration().getY(1), 1e-12);
		assertEquals("cycles/nm", imp.getCalibration().getYUnit());
		assertEquals("absorbance", imp.getProp("spectral_cnn.preprocessing"));
		final StftParameters p = StftParameters.fromJson(JsonParser.parseString(imp.getProp(
			SpectrogramImages.STFT_PROPERTY)).getAsJsonObject());
		assertEquals(64, p.windowSize());
		final ImagePlus montage = IJ.openImage(dir.resolve("montage.png").toString());
		// 3 × 2 samples of 23 frames × 33 frequencies at 4× (with borders), at least 480 wide,
		// under a 50-pixel header that names the axes, above a colour bar and a margin
		assertEquals(480, montage.getWidth());
		final int grid = montage.getHeight() - 50 - 40 - 8;
		assertEquals(2 * 4 * 33, grid, 4);
		final int[] fire = Charts.rgb(new LUT(LutLoader.getLut("fire"), 0, 255));
		final int barTop = 50 + grid + 8, barLeft = (480 - 256) / 2;
		assertEquals(fire[0], montage.getProcessor().getPixel(barLeft, barTop + 5) & 0xffffff);
		assertEquals(fire[128], montage.getProcessor().getPixel(barLeft + 128, barTop + 5) &
			0xffffff);
		assertEquals(fire[255], montage.getProcessor().getPixel(barLeft + 255, barTop + 5) &
			0xffffff);

		final SpectralDataset absorbance = Preprocessing.parse("absorbance").apply(SpectraIO.open(
			SOIL));
		final PlanarImg<FloatType, FloatArray> expected = Spectrograms.compute(absorbance, p);
		for (final int z : new int[] { 0, 99, 199 })
			assertArrayEquals(expected.getPlane(z).getCurrentStorageArray(), (float[]) imp.getStack()
				.getPixels(z + 1));
	}

	@Test
	void resamplesToFixedPointsBeforeTheTransform() throws Exception {
		run(SpectraToSpectrogramsCommand.class, keys("resample_to", 1050));
		final ImagePlus imp = IJ.openImage(dir.resolve("sg.tif").toString());
		assertEquals(20, imp.getWidth()); // 1 + (1050 - 100) / 50
		assertEquals(51, imp.getHeight());
	}

	/** Done-when check: NIRsoil with scipy's parameters gives 13 × 51 × 825, equal to scipy. */
	@Test
	void nirsoilStackEqualsScipy() throws Exception {
		final Path nirsoil = SharedData.nirsoil();
		run(SpectraToSpectrogramsCommand.class, keys("input", nirsoil.toFile(), "scaling", "psd"));
		final ImagePlus imp = IJ.openImage(dir.resolve("sg.tif").toString());
		assertEquals(13, imp.getWidth());
		assertEquals(51, imp.getHeight());
		assertEquals(825, imp.getStackSize());
		final float[] expected = ProcessingFixtures.values("stft_nirsoil_psd");
		final String[] ids = ProcessingFixtures.nirsoilIds();
		final int plane = 13 * 51;
		double worst = 0;
		for (int r = 0; r < ids.length; r++) {
			final int slice = Integer.parseInt(ids[r]); // NIRsoil ids are the row numbers 1–825
			assertEquals(ids[r], imp.getStack().getSliceLabel(slice));
			final float[] pixels = (float[]) imp.getStack().getPixels(slice);
			for (int i = 0; i < plane; i++) {
				final double e = expected[r * plane + i];
				worst = Math.max(worst, Math.abs(pixels[i] - e) / Math.abs(e));
			}
		}
		assertTrue(worst < 1e-5, "max relative error " + worst);
	}

	@Test
	void badKeysAreNamedWithTheirAllowedValues() {
		final Class<SpectraToSpectrogramsCommand> command = SpectraToSpectrogramsCommand.class;
		assertFailure(command, keys("window_size", 500),
			"window_size (500) is longer than the spectra (421 points); use at most 421");
		assertFailure(command, keys("hop", 0), "hop must be between 1 and window_size (100), got 0");
		assertFailure(command, keys("hop", 101),
			"hop must be between 1 and window_size (100), got 101");
		assertFailure(command, keys("window", "gauss"),
			"window: unknown value 'gauss'; allowed: hann, hamming, blackman, rectangular");
		assertFailure(command, keys("scaling", "power"),
			"scaling: unknown value 'power'; allowed: psd, log_psd, magnitude, db");
		assertFailure(command, keys("detrend", "cubic"),
			"detrend: unknown value 'cubic'; allowed: constant, linear, none");
		assertFailure(command, keys("steps", "absorbance, smooth"),
			"steps: unknown step 'smooth'; allowed: " + Preprocessing.STEPS);
		assertFailure(command, keys("resample_to", 1),
			"resample_to: give at least 2 points, or 0 to keep the points, not 1");
		assertFailure(command, keys("output", dir.resolve("sg.png").toFile()),
			"output: sg.png must end in .tif or .tiff");
		assertFailure(command, keys("output", null),
			"output: give a .tif file to write the spectrograms to");
		assertFalse(Files.exists(dir.resolve("sg.tif")));
	}
}
