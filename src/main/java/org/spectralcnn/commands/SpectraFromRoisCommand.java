package org.spectralcnn.commands;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.RoiRegions;
import org.spectralcnn.bridge.SpectraPlots;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.image.EnviImage;
import org.spectralcnn.image.Region;
import org.spectralcnn.image.RegionSpectra;
import org.spectralcnn.io.OutputPlan;
import org.spectralcnn.io.SpectraWriter;

/**
 * The mean spectrum of each ROI of a hyperspectral cube (and optionally every pixel's) as a
 * spectra table that Import Spectra, Train, Predict and Evaluate read: ROI name as sample id,
 * columns {@code roi}, {@code pixels} and {@code masked_pixels}. The ROIs come from
 * {@code rois} (a ROI set .zip or one .roi), {@code labels} (a label image) or, without either,
 * the ROI Manager (or the current image's selection).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Spectra from ROIs", weight = 1.4) },
	headless = true,
	description = "Mean spectrum of each ROI (or label) of a hyperspectral cube as a spectra table")
public class SpectraFromRoisCommand extends SpectralCommand {

	private static final String LABEL = "Spectra from ROIs";

	@Parameter(label = "ENVI header (.hdr)", style = FileWidget.OPEN_STYLE,
		description = "The .hdr of the ENVI image cube the ROIs were drawn on")
	private File input;

	@Parameter(label = "ROI set (.zip or .roi)", style = FileWidget.OPEN_STYLE, required = false,
		description = "ROIs saved by the ROI Manager (More > Save); empty = the ROI Manager's ROIs")
	private File rois;

	@Parameter(label = "Label image (TIFF)", style = FileWidget.OPEN_STYLE, required = false,
		description = "Instead of ROIs: an image of the cube's size whose whole numbers above 0 are regions (0 = background), named label_<n>")
	private File labels;

	@Parameter(label = "Also every pixel's spectrum", required = false,
		description = "Add one row per valid pixel after each ROI's mean (id <roi>_y<line>_x<sample>)")
	private boolean every_pixel = false;

	@Parameter(label = "Spectra table (CSV)", style = FileWidget.SAVE_STYLE,
		description = "Where to write the table: id, roi, pixels, masked_pixels, then one column per good band")
	private File output;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input)).reads("rois", path(rois)).reads("labels", path(labels))
			.writes("output", path(output));
	}

	@Override
	protected void execute() throws Exception {
		if (path(rois) != null && path(labels) != null) throw new CommandFailure(
			"give rois= or labels=, not both");
		try (EnviImage image = EnviImage.open(input.toPath())) {
			final int w = image.width(), h = image.height();
			final List<Region> regions = path(rois) != null ? RoiRegions.fromRoiFile(rois.toPath(), w,
				h) : path(labels) != null ? RoiRegions.fromLabelImage(labels.toPath(), w, h)
					: managerRegions(w, h);
			status.showStatus(LABEL + ": " + regions.size() + " regions of " + image.name());
			if (Display.interactive()) IJ.resetEscape();
			final RegionSpectra.Result result;
			try {
				result = RegionSpectra.compute(image, regions, every_pixel, (done, total) -> {
					status.showProgress(done, total);
					return !isCanceled() && !(Display.interactive() && IJ.escapePressed());
				});
			}
			catch (final CancellationException e) {
				if (!isCanceled()) cancel(e.getMessage() + "; nothing was written");
				return;
			}
			final SpectralDataset table = result.table();
			final Path out = output.toPath();
			SpectraWriter.write(table, out);
			if (!result.emptyRegions().isEmpty()) log.warn(LABEL + ": left out (no pixel with a " +
				"value in every good band): " + String.join(", ", result.emptyRegions()));
			log.info(LABEL + ": " + (regions.size() - result.emptyRegions().size()) + " regions, " +
				table.size() + " spectra of " + table.points() + " bands, " + result.maskedPixels() +
				" masked pixels left out; written to " + out);
			if (Display.interactive()) Display.show(SpectraPlots.plot(table, meanRows(table),
				SpectraPlots.yLabel(table, null)));
		}
		finally {
			status.clearStatus();
		}
	}

	/** The rows of the regions' means (not their pixels), at most 20 for a legible plot. */
	private static int[] meanRows(final SpectralDataset table) {
		final String[] roi = table.textColumn("roi");
		return IntStream.range(0, table.size()).filter(i -> roi[i].equals(table.id(i))).limit(20)
			.toArray();
	}

	/** The ROI Manager's ROIs, else the current image's selection. */
	private static List<Region> managerRegions(final int w, final int h) {
		RoiManager manager;
		try {
			manager = RoiManager.getInstance();
		}
		catch (final java.awt.HeadlessException e) { // a headless macro: there is no ROI Manager
			manager = null;
		}
		if (manager != null && manager.getCount() > 0) return RoiRegions.regions(manager
			.getRoisAsArray(), w, h);
		final ImagePlus current = WindowManager.getCurrentImage();
		final Roi selection = current == null ? null : current.getRoi();
		if (selection != null) return RoiRegions.regions(new Roi[] { selection }, w, h);
		throw new CommandFailure("no ROIs: add ROIs to the ROI Manager (draw, then T), " +
			"or give rois= (a ROI set .zip) or labels= (a label image TIFF)");
	}
}
