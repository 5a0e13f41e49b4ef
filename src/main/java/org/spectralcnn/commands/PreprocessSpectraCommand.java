package org.spectralcnn.commands;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.ImageFiles;
import org.spectralcnn.bridge.SpectraImages;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.io.SpectraWriter;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Applies a preprocessing chain to a spectra file. Learned steps are fitted on the calibration
 * samples: those with {@code train} = 1 when the table has a {@code train} column, else all.
 * Headless the result is written (CSV or TIFF); in the GUI or a macro it is also shown.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Preprocess Spectra", weight = 2) },
	headless = true,
	description = "Preprocessing chain (absorbance, snv, msc, sg, detrend, trim, resample, binning, minmax) applied to spectra")
public class PreprocessSpectraCommand extends SpectralCommand {

	@Parameter(label = "Spectra file or folder", style = FileWidget.FILE_AND_DIRECTORY_STYLE,
		description = "spectra file or folder, any format Import Spectra reads (tables, OPUS, ASD, SPC, JCAMP-DX, ENVI, MSA, SPE, RadiaCode XML)")
	private File input;

	@Parameter(label = "Steps", description = "comma-separated, applied in order: " +
		Preprocessing.STEPS + "; e.g. absorbance, sg(11,2,1), snv. msc and minmax are fitted on " +
		"the samples with train = 1 (all samples when there is no train column)")
	private String steps;

	@Parameter(label = "Output (CSV or TIFF)", style = FileWidget.SAVE_STYLE, required = false,
		description = "where to write the result: .csv, .csv.gz (a table like the input) or .tif " +
			"(32-bit image, x = spectral point, y = sample); required headless, optional in the GUI")
	private File output;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input)).writes("output", path(output));
	}

	@Override
	protected void execute() throws Exception {
		if (output == null && !Display.canShow()) throw new CommandFailure(
			"output: give a .csv, .csv.gz or .tif file to write the preprocessed spectra to");
		final Path target = output == null ? null : output.toPath();
		if (target != null) {
			requireKnownExtension(target);
		}
		final Preprocessing chain = Preprocessing.parse(steps);
		status.showStatus("Spectral CNN: reading " + input.getName());
		final SpectralDataset data = SpectraIO.open(input.toPath());
		final SpectralDataset result = chain.fitAndApply(data, log::info);
		if (target != null) {
			if (ImageFiles.isTiff(target)) ImageFiles.saveTiff(image(result, chain), target);
			else SpectraWriter.write(result, target);
			log.info("Preprocess Spectra: " + result.size() + " spectra (" + result.axis().describe() +
				") written to " + target);
		}
		Display.show(image(result, chain));
		status.clearStatus();
	}

	private static ij.ImagePlus image(final SpectralDataset result, final Preprocessing chain) {
		final ij.ImagePlus imp = SpectraImages.toImagePlus(result);
		imp.setTitle(imp.getTitle() + " preprocessed");
		imp.setProp("spectral_cnn.preprocessing", chain.toString());
		return imp;
	}

	private static void requireKnownExtension(final Path target) {
		final String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!(name.endsWith(".csv") || name.endsWith(".csv.gz") || ImageFiles.isTiff(target)))
			throw new CommandFailure("output: " + target.getFileName() +
				" must end in .csv, .csv.gz, .tif or .tiff");
	}
}
