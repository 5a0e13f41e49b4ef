package org.spectralcnn.commands;

import ij.ImagePlus;
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
import org.spectralcnn.bridge.ResultsTables;
import org.spectralcnn.bridge.SpectraImages;
import org.spectralcnn.bridge.SpectraPlots;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.ReadOptions;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.io.SpectraWriter;

/**
 * Opens spectra (a table, an instrument file, or a folder of them) as a calibrated 32-bit image,
 * x = spectral point and y = sample, with the lab values as a table; {@code output} may also be
 * a {@code .csv} table, which converts instrument files for use anywhere.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Import Spectra", weight = 1) }, headless = true,
	description = "Open spectra as a calibrated image (x = spectral point, y = sample) with their lab values")
public class ImportSpectraCommand extends SpectralCommand {

	@Parameter(label = "Spectra file or folder", style = FileWidget.FILE_AND_DIRECTORY_STYLE,
		description = "Wide CSV/TSV table (.gz too), Bruker OPUS (.0, .1, …), ASD FieldSpec .asd, Thermo/Galactic .spc, JCAMP-DX .jdx/.dx, ENVI spectral library .sli/.hdr or image cube .hdr, EMSA .msa, ORTEC .spe, RadiaCode .xml, x,y text, or a folder of such files")
	private File input;

	@Parameter(label = "Spectra image (TIFF) or table (CSV)", style = FileWidget.SAVE_STYLE,
		required = false,
		description = "Where to save the spectra: a 32-bit TIFF image, or a .csv table (one row per spectrum, the axis values as headers, lab values and metadata columns first); required headless (unless targets_output or plot is given), optional in the GUI")
	private File output;

	@Parameter(label = "Lab values table (CSV)", style = FileWidget.SAVE_STYLE, required = false,
		description = "Where to save id + targets/metadata columns (missing values stay empty)")
	private File targets_output;

	@Parameter(label = "Spectra plot (PNG)", style = FileWidget.SAVE_STYLE, required = false,
		description = "Where to save a plot of some spectra")
	private File plot;

	@Parameter(label = "Samples to plot", required = false,
		description = "Comma list of sample ids or 1-based rows; empty = 10 samples spread over the file")
	private String plot_samples = "";

	@Parameter(label = "Spectral unit", choices = { "auto", "nm", "cm-1", "keV", "channel" },
		required = false, description = "Unit of the spectral axis; auto infers it from the axis values")
	private String unit = "auto";

	@Parameter(label = "Text encoding", choices = { "UTF-8", "windows-1250", "windows-1252",
		"ISO-8859-1" }, required = false, description = "Character set of text files")
	private String encoding = "UTF-8";

	@Parameter(label = "Resample a folder onto the first file's grid", required = false,
		description = "For a folder whose files lie on different grids: interpolate every file onto the first file's axis instead of stopping with the list of files that differ")
	private boolean resample = false;

	@Parameter(label = "Block (OPUS, ASD)", required = false,
		description = "Which stored spectrum of an instrument file: auto (OPUS: AB, else R; ASD: reflectance), or e.g. ScSm, ScRf, R, AB_no_atm_comp (OPUS), spectrum, reference (ASD)")
	private String block = "auto";

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input)).writes("output", path(output)).writes("targets_output",
			path(targets_output)).writes("plot", path(plot));
	}

	@Override
	protected void execute() throws Exception {
		if (output == null && targets_output == null && plot == null && !Display.canShow())
			throw new CommandFailure(
				"output: give a .tif or .csv file (or targets_output, plot) to write the spectra to; headless, nothing opens");
		final Path in = input.toPath();
		ReadOptions options = ReadOptions.defaults().withEncoding(encoding);
		if (!"auto".equals(unit)) options = options.withUnit(SpectralUnit.parse(unit));
		options = options.withFolderResampling(resample);
		options = options.withBlock(block);
		status.showStatus("Spectral CNN: reading " + in.getFileName());
		final SpectralDataset data = SpectraIO.open(in, options);
		log.info("Import Spectra: " + data);

		final ImagePlus image = SpectraImages.toImagePlus(data);
		if (output != null) {
			if (output.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) SpectraWriter.write(data,
				output.toPath());
			else ImageFiles.saveTiff(image, output.toPath());
		}
		if (targets_output != null) {
			SpectraWriter.writeTable(data, targets_output.toPath());
		}
		final ij.gui.Plot spectraPlot = SpectraPlots.plot(data, SpectraPlots.selectRows(data,
			plot_samples), SpectraPlots.yLabel(data, null));
		if (plot != null) {
			ImageFiles.savePng(spectraPlot, plot.toPath());
		}
		Display.show(image);
		if (!data.columnNames().isEmpty()) Display.show(ResultsTables.columns(data), image
			.getTitle() + " lab values");
		Display.show(spectraPlot);
		status.clearStatus();
	}
}
