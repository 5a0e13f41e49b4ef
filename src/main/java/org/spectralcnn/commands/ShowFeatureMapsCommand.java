package org.spectralcnn.commands;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.gui.Roi;
import java.awt.Point;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.FeatureMapFiles;
import org.spectralcnn.bridge.FeatureMapImages;
import org.spectralcnn.bridge.FeatureMapPictures;
import org.spectralcnn.bridge.SpectraImages;
import org.spectralcnn.bridge.SpectraPlots;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.featuremaps.FeatureMapSet;
import org.spectralcnn.featuremaps.FeatureMaps;
import org.spectralcnn.featuremaps.LayerMaps;
import org.spectralcnn.image.EnviImage;
import org.spectralcnn.image.ImagePrediction;
import org.spectralcnn.image.SpectralImage;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.models.Models;

/**
 * Shows what a trained CNN sees: for some samples, the network input and the activations of
 * every convolution, batch-norm, activation and pooling layer, as calibrated hyperstacks
 * (channels = filters, slices = samples; a 1-D model's maps are 1 pixel high), the first
 * convolution's kernels, overviews (2-D: montages of the filters; 1-D: the filter × position
 * image) and, for 1-D models, the spectrum with each layer's mean activation. In the GUI a 1-D
 * model's filter × position overviews and plots open too, for the first sample.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Show Feature Maps", weight = 9) },
	headless = true,
	description = "Feature maps of a CNN for some samples: every convolution and pooling layer as a calibrated stack")
public class ShowFeatureMapsCommand extends SpectralCommand {

	@Parameter(label = "Model file (.zip)", style = FileWidget.OPEN_STYLE,
		description = "A CNN model saved by Train CNN (1-D or 2-D)")
	private File model;

	@Parameter(label = "Spectra", style = FileWidget.OPEN_STYLE,
		description = "Spectra to look at (any format Import Spectra reads); put on the model's grid like Predict with Model")
	private File input;

	@Parameter(label = "Samples", required = false,
		description = "Sample ids or 1-based rows, comma-separated, e.g. 1 or [S001,S017] (brackets around a list in --run and macros; at most 100); empty = the first")
	private String sample = "1";

	@Parameter(label = "Pixel x (cube)", required = false,
		description = "With an ENVI image as input: the pixel's column, 0-based (-1: none; in the GUI a point selection on the open image gives it)")
	private int x = -1;

	@Parameter(label = "Pixel y (cube)", required = false,
		description = "With an ENVI image as input: the pixel's line, 0-based (-1: none)")
	private int y = -1;

	@Parameter(label = "Layers", required = false,
		description = "all, or layer names comma-separated (conv1, bn1, relu2, pool1, …; the log lists a model's layers); the input always comes first")
	private String layers = FeatureMaps.ALL;

	@Parameter(label = "Ensemble member", min = "1",
		description = "Which member of an ensemble model to show, 1 = the first; a single model has only member 1")
	private int member = 1;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Where to write NN_<layer>.tif per layer, kernels_conv1.tif, PNG montages and plots, and layers.csv; required headless, optional in the GUI (the stacks open in the viewer)")
	private File output;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("model", path(model)).reads("input", path(input)).writesInto("output", path(
			output), FeatureMapFiles.FILES);
	}

	/**
	 * The pixel (x, y) of a cube: the keys, or in the GUI a point selection on the current image;
	 * null for spectra.
	 */
	private int[] point() {
		final boolean cube = input.getName().toLowerCase(Locale.ROOT).endsWith(".hdr");
		if (x >= 0 || y >= 0) {
			if (!cube) throw new CommandFailure("x, y: a pixel needs an ENVI image (.hdr) as input, not " +
				input.getName());
			if (x < 0 || y < 0) throw new CommandFailure("x, y: give both (0-based), got x=" + x + ", y=" +
				y);
			return new int[] { x, y };
		}
		if (!cube || !Display.interactive()) return null;
		final ImagePlus current = WindowManager.getCurrentImage();
		final Roi roi = current == null ? null : current.getRoi();
		if (!(roi instanceof PointRoi)) return null;
		final Point p = roi.getContainedPoints()[0];
		log.info("Show Feature Maps: pixel x=" + p.x + ", y=" + p.y + " from the point selection on " +
			current.getTitle());
		return new int[] { p.x, p.y };
	}

	@Override
	protected void execute() throws Exception {
		if (output == null && !Display.canShow()) throw new CommandFailure(
			"output: give a folder to write the feature maps to (required when nothing can be shown)");
		final Path folder = output == null ? null : output.toPath();
		status.showStatus("Show Feature Maps: loading " + model.getName());
		final SpectralModel loaded = Models.load(model.toPath());
		if (!(loaded instanceof CnnModel whole)) throw new CommandFailure(model.getName() + " is a " +
			loaded.kind() + " model; feature maps need a CNN model saved by Train CNN");
		if (member < 1 || member > whole.memberCount()) throw new CommandFailure("member: " +
			model.getName() + " has " + whole.memberCount() + (whole.memberCount() == 1
				? " member (a single model): use member=1" : " members: use 1 to " + whole
					.memberCount()) + ", not " + member);
		final CnnModel cnn = whole.member(member - 1);
		if (whole.memberCount() > 1) log.info("Show Feature Maps: member " + member + " of " + whole
			.memberCount());
		final List<String> names = FeatureMaps.layerNames(cnn);
		log.info("Show Feature Maps: " + cnn + "; layers: " + String.join(", ", names));
		final Set<String> chosen = FeatureMaps.parseLayers(layers);
		if (chosen != null) for (final String l : chosen)
			if (!l.equalsIgnoreCase(FeatureMaps.INPUT) && names.stream().noneMatch(n -> n
				.equalsIgnoreCase(l))) throw new CommandFailure("layers: no layer '" + l +
					"' in this model; its layers are " + String.join(", ", names) + " (or all)");

		status.showStatus("Show Feature Maps: reading " + input.getName());
		final int[] point = point();
		final SpectralDataset raw;
		if (point == null) raw = SpectraIO.open(input.toPath());
		else try (SpectralImage image = EnviImage.open(input.toPath())) {
			raw = ImagePrediction.pixel(image, point[0], point[1]);
		}
		final SpectralDataset data = InputGrid.conform(raw, cnn.inputAxis(), note -> log.info(
			"Show Feature Maps: " + note));
		final int[] rows = point != null ? new int[] { 0 } : SpectraPlots.selectRows(data,
			sample == null || sample.isBlank() ? "1" : sample);
		status.showStatus("Show Feature Maps: " + rows.length + " sample" + (rows.length == 1 ? ""
			: "s"));
		final FeatureMapSet set = FeatureMaps.extract(cnn, data, rows, chosen);
		for (final LayerMaps m : set.layers())
			log.info(String.format(Locale.ROOT, "Show Feature Maps: %s (%s) %s, stride %d%s, x %s",
				m.name(), m.kind().label(), m.shape(), m.strideX(), m.isTwoD() ? " × " + m.strideY()
					: "", m.x()));

		final String title = SpectraImages.title(model.getName().replaceFirst("(?i)\\.zip$", ""));
		if (folder != null) {
			final List<Path> files = FeatureMapFiles.save(set, title, folder);
			log.info("Show Feature Maps: " + files.size() + " files for " + set.samples().size() +
				" sample(s) written to " + folder);
		}
		if (Display.interactive()) {
			// one window per request (two for 1-D models), not one per layer
			final FeatureMapPictures.Browser browser = FeatureMapPictures.browser(set, title);
			Display.show(browser.browser());
			if (browser.inputPlot() != null) Display.beside(browser.inputPlot(), browser.browser());
		}
		else if (Display.canShow()) {
			// a batch-mode macro: each layer's stack, with its values, for the macro to use
			for (final ImagePlus imp : FeatureMapImages.stacks(set, title))
				Display.show(imp);
		}
		status.clearStatus();
	}
}
