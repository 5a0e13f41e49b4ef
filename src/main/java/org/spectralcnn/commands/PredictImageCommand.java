package org.spectralcnn.commands;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.HyperspectralStacks;
import org.spectralcnn.bridge.ImageFiles;
import org.spectralcnn.bridge.PredictionMaps;
import org.spectralcnn.image.EnviImage;
import org.spectralcnn.image.ImagePrediction;
import org.spectralcnn.image.PredictionPlanes;
import org.spectralcnn.image.SpectralImage;
import org.spectralcnn.io.EnviCube;
import org.spectralcnn.io.FileProblems;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;

/**
 * Predicts every pixel of a hyperspectral cube with a saved model (CNN, PLSR or MBL) into a
 * calibrated 32-bit TIFF stack: one map per target, with the interval ends and out-of-domain
 * slices when the model file has a calibration; a folder of cubes gives a folder of maps.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Predict Image", weight = 5.5) },
	headless = true,
	description = "Predict soil-property maps from a hyperspectral image (ENVI cube) with a saved model (CNN, PLSR or MBL)")
public class PredictImageCommand extends SpectralCommand {

	private static final String LABEL = "Predict Image";

	@Parameter(label = "Model file (.zip)", style = FileWidget.OPEN_STYLE,
		description = "A model saved by Train CNN, Fine-tune CNN, Train PLSR or Train MBL")
	private File model;

	@Parameter(label = "Image (ENVI .hdr) or folder", style = FileWidget.OPEN_STYLE,
		required = false,
		description = "An ENVI header (.hdr) of a cube, or a folder: every .hdr cube in it; empty in the GUI = the cube shown by Open Hyperspectral Image")
	private File input;

	@Parameter(label = "Maps (TIFF) or folder", style = FileWidget.SAVE_STYLE,
		description = "The 32-bit TIFF stack to write (one slice per target, then <target>_lower, <target>_upper, t2, q, out_of_domain); a folder when input is a folder (<cube>.tif each)")
	private File output;

	@Parameter(label = "Mask (optional)", style = FileWidget.OPEN_STYLE, required = false,
		description = "An image (TIFF, label image) of the cube's size: nonzero pixels are predicted, the rest are NaN; empty = every pixel")
	private File mask;

	@Parameter(label = "Interval confidence", min = "0.5", max = "0.999", stepSize = "0.05",
		description = "Share of new samples whose true value the interval should hold (split conformal / MC-CP)")
	private double confidence = 0.9;

	@Parameter(label = "Monte Carlo dropout passes", min = "0",
		description = "CNN with dropout: passes for MC conformal intervals (each pass costs about one prediction of the image; 0 = split conformal, else at least 2)")
	private int mc_passes = 0;

	@Parameter(label = "Random seed", description = "Dropout masks of the passes: same seed, same intervals")
	private int seed = 0;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("model", path(model)).reads("input", path(input)).reads("mask", path(mask));
		if (input != null && input.isDirectory()) files.writesInto("output", path(output), List.of(
			"*.tif"));
		else files.writes("output", path(output));
	}

	@Override
	protected void execute() throws Exception {
		McDropout.checkPasses(mc_passes);
		final Path in = input(), out = output.toPath();
		final List<Path> cubes = new ArrayList<>();
		final boolean folder = Files.isDirectory(in);
		if (folder) {
			final List<Path> headers = new ArrayList<>();
			try (Stream<Path> s = Files.list(in)) {
				s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".hdr")).sorted()
					.forEach(headers::add);
			}
			for (final Path h : headers)
				if (EnviCube.isCube(h)) cubes.add(h);
				else log.info(LABEL + ": " + h.getFileName() + " is a spectral library, not a cube: left out");
			if (cubes.isEmpty()) throw new CommandFailure("input: no .hdr file of a cube in the folder " +
				in);
			Files.createDirectories(out);
		}
		else {
			if (!ImageFiles.isTiff(out)) throw new CommandFailure("output: " + out +
				" should be a TIFF file (.tif or .tiff)");
			cubes.add(in);
		}
		status.showStatus(LABEL + ": loading " + model.getName());
		final SpectralModel m = Models.load(model.toPath());
		log.info(LABEL + ": " + m.kind() + " model of " + String.join(", ", m.targets()) + " on " + m
			.inputAxis().describe());
		describeIntervals(m);
		// a folder: a cube that fails is named at the end, after the others are predicted
		final List<String> failed = new ArrayList<>();
		for (int i = 0; i < cubes.size(); i++) {
			final Path cube = cubes.get(i);
			final Path target = folder ? out.resolve(cube.getFileName().toString().replaceFirst(
				"(?i)\\.hdr$", "") + ".tif") : out;
			try {
				if (!predict(m, cube, target, (folder ? "cube " + (i + 1) + "/" + cubes.size() + " " : ""),
					!folder && Display.canShow())) break;
			}
			catch (final Exception e) {
				if (!folder) throw e;
				final String why = cube.getFileName() + ": " + FileProblems.message(e);
				log.warn(LABEL + ": " + why);
				failed.add(why);
			}
		}
		status.clearStatus();
		if (!failed.isEmpty()) throw new CommandFailure("input: " + failed.size() + " of " + cubes
			.size() + " cubes failed (the others were written to " + out + "): " + String.join("; ",
				failed));
	}

	/** The input key, or in the GUI the cube of the current image (Open Hyperspectral Image). */
	private Path input() {
		if (path(input) != null) return input.toPath();
		final ImagePlus current = Display.interactive() ? WindowManager.getCurrentImage() : null;
		final Object source = current == null ? null : current.getProperty(
			HyperspectralStacks.SOURCE_PROPERTY);
		if (source == null) throw new CommandFailure(
			"input: give an ENVI header (.hdr) or a folder of cubes (or, in the GUI, open a cube with Open Hyperspectral Image first)");
		log.info(LABEL + ": the cube of the current image, " + source);
		return Path.of(source.toString());
	}

	/** Predicts one cube; false when cancelled (the command is then cancelled, nothing written). */
	private boolean predict(final SpectralModel m, final Path cube, final Path target,
		final String prefix, final boolean show) throws Exception
	{
		try (SpectralImage image = EnviImage.open(cube)) {
			final boolean[] selected = mask == null ? null : PredictionMaps.mask(mask.toPath(), image
				.width(), image.height(), image.name());
			final ImagePrediction.Options options = ImagePrediction.Options.defaults().withIntervals(
				confidence, mc_passes, seed);
			final String title = target.getFileName().toString().replaceFirst("(?i)\\.tiff?$", "");
			final boolean gui = Display.interactive();
			final ImagePrediction.Progress progress = new ImagePrediction.Progress() {

				@Override
				public void lines(final int done, final int total) {
					status.showProgress(done, total);
					status.showStatus(LABEL + ": " + prefix + image.name() + " line " + done + "/" + total);
				}

				@Override
				public boolean canceled() {
					return isCanceled() || gui && IJ.escapePressed();
				}
			};
			final ImagePrediction.Summary[] summary = new ImagePrediction.Summary[1];
			final PredictionPlanes planes;
			try {
				planes = ImagePrediction.run(m, image, selected, options, progress, note -> log.info(
					LABEL + ": " + note), s -> summary[0] = s);
			}
			catch (final CancellationException e) {
				if (!isCanceled()) cancel(image.name() + ": " + e.getMessage() + "; " + target
					.getFileName() + " was not written");
				return false;
			}
			try {
				PredictionMaps.save(planes, title, target);
				final ImagePrediction.Summary s = summary[0];
				log.info(String.format(Locale.ROOT,
					"%s: %s%s (%d × %d): %d pixels predicted, %d masked, %d invalid (NaN)%s; %s written to %s",
					LABEL, prefix, image.name(), image.width(), image.height(), s.predicted(), s.masked(), s
						.invalid(), planes.slice("out_of_domain") >= 0 ? ", " + s.outOfDomain() +
							" out of the calibration domain" : "", String.join(", ", planes.labels()), target));
				if (show) PredictionMaps.show(planes.onDisk() ? IJ.openVirtual(target.toString())
					: PredictionMaps.image(planes, title));
			}
			finally {
				planes.close();
			}
		}
		return true;
	}

	private void describeIntervals(final SpectralModel m) {
		final Calibration cal = m.calibration();
		if (cal == null) log.warn(LABEL + ": " + PredictCommand.noCalibration(m) +
			": no interval or out-of-domain slices");
		else log.info(String.format(Locale.ROOT, "%s: %.0f %% intervals by %s", LABEL, confidence *
			100, mc_passes >= 2 && cal.hasMonteCarlo() ? "Monte Carlo conformal prediction, " +
				mc_passes + " dropout passes, seed " + seed + " (the masks of every pixel)" : Intervals.SPLIT +
					" conformal prediction"));
	}
}
