package org.spectralcnn.commands;

import ij.IJ;
import ij.ImagePlus;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.bridge.HyperspectralStacks;
import org.spectralcnn.bridge.ImageFiles;
import org.spectralcnn.image.EnviImage;
import org.spectralcnn.io.OutputPlan;

/**
 * Opens an ENVI hyperspectral cube as a calibrated hyperstack (one 32-bit slice per band, labels
 * = wavelengths) whose bands are read from the file as they are shown, so that a cube of any
 * size opens at once; {@code output} saves it as a TIFF stack (every band read once, with
 * progress and cancel).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Open Hyperspectral Image", weight = 1.2) },
	headless = true,
	description = "Open an ENVI hyperspectral cube (.hdr + data file) as a calibrated hyperstack, one slice per band")
public class OpenHyperspectralImageCommand extends SpectralCommand {

	private static final String LABEL = "Open Hyperspectral Image";

	@Parameter(label = "ENVI header (.hdr)", style = FileWidget.OPEN_STYLE,
		description = "The .hdr of an ENVI image cube (BSQ, BIL or BIP; data types 1, 2, 3, 4, 5, 12); the data file lies beside it")
	private File input;

	@Parameter(label = "Save as TIFF stack", style = FileWidget.SAVE_STYLE, required = false,
		description = "Where to save the cube as a 32-bit TIFF stack (one calibrated slice per band, labels = wavelengths); required headless, optional in the GUI")
	private File output;

	@Override
	protected void plan(final OutputPlan files) {
		files.reads("input", path(input)).writes("output", path(output));
	}

	@Override
	protected void execute() throws Exception {
		if (output == null && !Display.canShow()) throw new CommandFailure(
			"output: give a .tif file to save the cube to; headless, nothing opens");
		final EnviImage image = EnviImage.open(input.toPath());
		boolean keepOpen = false;
		try {
			log.info(LABEL + ": " + describe(image));
			final ImagePlus imp = HyperspectralStacks.hyperstack(image, input.toPath().toAbsolutePath()
				.toString());
			if (output != null && !save(imp, output.toPath())) return;
			if (Display.canShow()) {
				// the window reads its bands from the file: the file stays open until it closes
				HyperspectralStacks.closeWithWindow(imp, image);
				keepOpen = true;
				Display.show(imp);
			}
		}
		finally {
			if (!keepOpen) image.close();
			status.clearStatus();
		}
	}

	/** Saves every band with progress; false when cancelled (nothing is left at the target). */
	private boolean save(final ImagePlus imp, final Path target) throws Exception {
		final HyperspectralStacks.BandStack stack = (HyperspectralStacks.BandStack) imp.getStack();
		final int bands = stack.getSize();
		if (Display.interactive()) IJ.resetEscape();
		stack.onRead(n -> {
			if (isCanceled() || Display.interactive() && IJ.escapePressed())
				throw new CancellationException("saving stopped at band " + n + " of " + bands);
			status.showProgress(n, bands);
		});
		status.showStatus(LABEL + ": saving " + target.getFileName());
		try {
			ImageFiles.saveTiff(imp, target);
		}
		catch (final CancellationException e) {
			if (!isCanceled()) cancel(e.getMessage() + "; " + target.getFileName() +
				" was not written");
			return false;
		}
		finally {
			stack.onRead(null);
		}
		log.info(LABEL + ": saved " + bands + " bands to " + target);
		return true;
	}

	static String describe(final EnviImage image) {
		final var cube = image.cube();
		final var axis = image.axis();
		int bad = 0;
		for (final boolean g : image.goodBands())
			if (!g) bad++;
		return String.format(Locale.ROOT, "%s: %d × %d pixels, bands %s%s, %s, data type %d, " +
			"pixel %s × %s %s", image.name(), image.width(), image.height(), axis.describe(), bad > 0 ? ", " + bad + " bad" : "", cube.interleave().name().toLowerCase(
					Locale.ROOT), cube.dataType(), number(image.pixelWidth()), number(image
						.pixelHeight()), image.pixelUnit());
	}

	private static String number(final double v) {
		return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
	}
}
