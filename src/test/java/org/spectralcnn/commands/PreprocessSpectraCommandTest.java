package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.preprocess.Preprocessing;

class PreprocessSpectraCommandTest extends HeadlessCommandTest {

	@TempDir
	Path dir;

	private static Map<String, Object> keys(final Object input, final String steps,
		final Object output)
	{
		final Map<String, Object> keys = new HashMap<>();
		keys.put("input", input);
		keys.put("steps", steps);
		keys.put("output", output);
		return keys;
	}

	@Test
	void learnedStepsAreFittedOnTheTrainSamplesOnly() throws Exception {
		final Path csv = dir.resolve("out/pre.csv");
		run(PreprocessSpectraCommand.class, keys(SpectraToSpectrogramsCommandTest.SOIL.toFile(),
			"absorbance, msc, sg(11,2,1)", csv.toFile()));
		final SpectralDataset in = SpectraIO.open(SpectraToSpectrogramsCommandTest.SOIL);
		final SpectralDataset expected = Preprocessing.parse("absorbance, msc, sg(11,2,1)").fit(in
			.select(in.splitMask("train"))).apply(in);
		final SpectralDataset out = SpectraIO.open(csv);
		assertEquals(in.ids(), out.ids());
		assertArrayEquals(in.column("clay"), out.column("clay"), 0);
		assertArrayEquals(expected.data(), out.data());
	}

	@Test
	void writesTiffWithAxisChange() throws Exception {
		final Path tif = dir.resolve("pre.tif");
		run(PreprocessSpectraCommand.class, keys(SpectraToSpectrogramsCommandTest.SOIL.toFile(),
			"trim(500, 2400), binning(2)", tif.toFile()));
		final ImagePlus imp = IJ.openImage(tif.toString());
		assertEquals(190, imp.getWidth()); // 381 points from 500 to 2400 nm, in bins of 2
		assertEquals(200, imp.getHeight());
		assertEquals(502.5, imp.getCalibration().getX(0), 1e-9);
		assertEquals("trim(500,2400), binning(2)", imp.getProp("spectral_cnn.preprocessing"));
	}

	@Test
	void refusesBadStepsOutputsAndOverwritingTheInput() throws Exception {
		final Path copy = dir.resolve("in.csv");
		Files.copy(SpectraToSpectrogramsCommandTest.SOIL, copy);
		final Class<PreprocessSpectraCommand> command = PreprocessSpectraCommand.class;
		assertFailure(command, keys(copy.toFile(), "snv", copy.toFile()),
			"output " + copy + " would overwrite the input " + copy +
				" (input); choose another file or move the input");
		assertFailure(command, keys(copy.toFile(), "sg(11,2)x", dir.resolve("o.csv").toFile()),
			"steps: cannot read 'sg(11,2)x'; expected name(arguments)");
		assertFailure(command, keys(copy.toFile(), "snv", dir.resolve("o.xlsx").toFile()),
			"output: o.xlsx must end in .csv, .csv.gz, .tif or .tiff");
		assertFailure(command, keys(copy.toFile(), "resample(300, 2500, 5)", dir.resolve("o.csv")
			.toFile()),
			"resample(300,2500,5): spectra of in.csv cover 400–2500 nm, 421 points, which does not span the required 300–2500 nm, 441 points");
	}
}
