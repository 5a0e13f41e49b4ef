package org.spectralcnn.launcher;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.ContrastEnhancer;
import ij.plugin.LutLoader;
import ij.plugin.MontageMaker;
import ij.process.LUT;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectralcnn.bridge.ImageFiles;
import org.spectralcnn.commands.CommandFailure;

/**
 * The preprocessing and spectrogram step of {@code spectral-cnn demo}, run through the commands
 * exactly as a user would: the bundled synthetic soil reflectance spectra preprocessed to a CSV,
 * turned into a spectrogram stack (TIFF), and a PNG montage of the first samples'
 * spectrograms.
 */
public final class SpectrogramDemo {

	/** The bundled test spectra (in the test-data folder). */
	public static final String DATA = "soil_visnir.csv";
	/** Samples shown in the montage (3 × 2). */
	private static final int MONTAGE = 6;

	private SpectrogramDemo() {}

	/**
	 * @param testData the {@code test-data} folder
	 * @param out folder for the results (created if missing)
	 * @return the files written: preprocessed CSV, spectrogram TIFF, montage PNG
	 */
	public static List<Path> run(final Path testData, final Path out,
		final SpectralCnnRuntime runtime) throws IOException
	{
		final Path input = testData.resolve(DATA);
		final Path csv = out.resolve("soil_visnir_preprocessed.csv");
		final Path tif = out.resolve("soil_visnir_spectrograms.tif");
		final Path png = out.resolve("soil_visnir_spectrograms_montage.png");
		final Map<String, String> preprocess = new LinkedHashMap<>();
		preprocess.put("input", input.toString());
		preprocess.put("steps", "absorbance, sg(11,2,1), snv");
		preprocess.put("output", csv.toString());
		runtime.invoker().run(runtime.catalog().find("Preprocess Spectra"), preprocess);

		final Map<String, String> spectrograms = new LinkedHashMap<>();
		spectrograms.put("input", input.toString());
		spectrograms.put("steps", "absorbance");
		spectrograms.put("window_size", "64");
		spectrograms.put("hop", "16");
		spectrograms.put("output", tif.toString());
		runtime.invoker().run(runtime.catalog().find("Spectra to Spectrograms"), spectrograms);

		ImageFiles.writePng(montage(tif), png);
		return Arrays.asList(csv, tif, png);
	}

	/** The first samples' spectrograms side by side, 4× enlarged, auto contrast, Fire LUT. */
	private static ImagePlus montage(final Path tif) {
		final ImagePlus stack = IJ.openImage(tif.toString());
		if (stack == null) throw new CommandFailure("cannot read back " + tif);
		final int n = Math.min(MONTAGE, stack.getStackSize());
		final ImagePlus montage = new MontageMaker().makeMontage2(stack, 3, (n + 2) / 3, 4, 1, n, 1,
			1, true);
		new ContrastEnhancer().stretchHistogram(montage, 0.35); // as Image › Adjust › Auto
		montage.setLut(new LUT(LutLoader.getLut("fire"), montage.getDisplayRangeMin(), montage
			.getDisplayRangeMax()));
		return montage;
	}
}
