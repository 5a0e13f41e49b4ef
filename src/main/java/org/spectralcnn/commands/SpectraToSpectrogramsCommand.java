package org.spectralcnn.commands;

import ij.ImagePlus;
import java.io.File;
import java.nio.file.Path;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.ImageFiles;
import org.spectralcnn.bridge.SpectrogramImages;
import org.spectralcnn.data.Resampling;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.preprocess.Preprocessing;
import org.spectralcnn.spectrogram.Detrend;
import org.spectralcnn.spectrogram.Scaling;
import org.spectralcnn.spectrogram.Spectrograms;
import org.spectralcnn.spectrogram.StftParameters;
import org.spectralcnn.spectrogram.WindowFunction;

/**
 * Turns spectra into STFT spectrograms along the spectral axis (Padarian et al. 2019; Ng et
 * al. 2019): optional preprocessing, optional resampling to a fixed number of points, then one
 * 32-bit slice per sample (x = window position, y = frequency, slice label = sample id). Headless
 * the stack is written as TIFF (and optionally a PNG montage); in the GUI or a macro it is also
 * shown.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Spectra to Spectrograms", weight = 3) },
	headless = true,
	description = "STFT spectrograms of spectra (window_size, hop, window, detrend, scaling) as a calibrated 32-bit stack")
public class SpectraToSpectrogramsCommand extends SpectralCommand {


	@Parameter(label = "Spectra file or folder", style = FileWidget.FILE_AND_DIRECTORY_STYLE,
		description = "spectra file or folder, any format Import Spectra reads (tables, OPUS, ASD, SPC, JCAMP-DX, ENVI, MSA, SPE, RadiaCode XML)")
	private File input;

	@Parameter(label = "Window size (points)", min = "2",
		description = "points per STFT segment; frequencies = window_size / 2 + 1")
	private int window_size = StftParameters.DEFAULT_WINDOW_SIZE;

	@Parameter(label = "Hop (points)", min = "1",
		description = "points between segment starts, 1 to window_size; frames = 1 + (points - window_size) / hop")
	private int hop = StftParameters.DEFAULT_HOP;

	@Parameter(label = "Window", choices = { "hann", "hamming", "blackman", "rectangular" },
		description = "segment window, periodic as scipy.signal.get_window makes it")
	private String window = WindowFunction.HANN.key();

	@Parameter(label = "Detrend", choices = { "constant", "linear", "none" },
		description = "subtracted from each segment before windowing: its mean, its least-squares line, or nothing")
	private String detrend = Detrend.CONSTANT.key();

	@Parameter(label = "Scaling", choices = { "log_psd", "psd", "magnitude", "db" },
		description = "psd = scipy's density-scaled one-sided power; log_psd = its natural log (0 where the psd is 0); " +
			"magnitude = |STFT| scaled as scipy's mode='magnitude'; db = 10 log10 psd")
	private String scaling = Scaling.LOG_PSD.key();

	@Parameter(label = "Preprocessing steps", required = false,
		description = "optional chain applied before the STFT, e.g. absorbance, sg(11,2,1), snv (" +
			Preprocessing.STEPS + ")")
	private String steps = "";

	@Parameter(label = "Resample to (points)", required = false, min = "0",
		description = "optional: resample each spectrum linearly to this many points over its range " +
			"(after the steps); 0 keeps the points")
	private int resample_to = 0;

	@Parameter(label = "Spectrogram stack (TIFF)", style = FileWidget.SAVE_STYLE, required = false,
		description = "where to write the stack (.tif); required headless, optional in the GUI")
	private File output;

	@Parameter(label = "Montage (PNG)", style = FileWidget.SAVE_STYLE, required = false,
		description = "where to save a picture of the first samples' spectrograms side by side")
	private File montage;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input)).writes("output", path(output)).writes("montage", path(
			montage));
	}

	@Override
	protected void execute() throws Exception {
		if (output == null && !Display.canShow()) throw new CommandFailure(
			"output: give a .tif file to write the spectrograms to");
		final Path target = output == null ? null : output.toPath();
		if (target != null) {
			if (!ImageFiles.isTiff(target)) throw new CommandFailure("output: " + target
				.getFileName() + " must end in .tif or .tiff");
		}
		// check every key before the (possibly long) import
		final StftParameters parameters = StftParameters.fromKeys(window_size, hop,
			window, detrend, scaling);
		final Preprocessing chain = Preprocessing.parse(steps);
		if (resample_to != 0 && resample_to < 2) throw new CommandFailure(
			"resample_to: give at least 2 points, or 0 to keep the points, not " + resample_to);

		status.showStatus("Spectral CNN: reading " + input.getName());
		SpectralDataset data = chain.fitAndApply(SpectraIO.open(input.toPath()), log::info);
		if (resample_to > 0) data = resample(data, resample_to);
		parameters.validate(data.points());
		status.showStatus("Spectral CNN: " + data.size() + " spectrograms");
		final PlanarImg<FloatType, FloatArray> spectrograms = Spectrograms.compute(data, parameters);
		final ImagePlus imp = SpectrogramImages.toImagePlus(spectrograms, data, parameters);
		if (!chain.isEmpty()) imp.setProp("spectral_cnn.preprocessing", chain.toString());
		if (target != null) {
			ImageFiles.saveTiff(imp, target);
			log.info("Spectra to Spectrograms: " + data.size() + " spectrograms of " + parameters
				.frequencies() + " frequencies × " + parameters.frames(data.points()) +
				" frames written to " + target);
		}
		if (montage != null) ImageFiles.savePng(SpectrogramImages.overview(imp,
			parameters), montage.toPath());
		Display.show(imp);
		status.clearStatus();
	}

	/** The spectra on {@code points} evenly spaced points from their first to their last axis value. */
	private static SpectralDataset resample(final SpectralDataset data, final int points) {
		final SpectralAxis axis = data.axis();
		return Resampling.onto(data, SpectralAxis.regular(axis.first(), (axis.last() - axis
			.first()) / (points - 1), points, axis.unit()));
	}
}
