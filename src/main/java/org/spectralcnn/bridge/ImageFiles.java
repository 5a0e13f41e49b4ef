package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.spectralcnn.io.AtomicFiles;

/**
 * Writes ImageJ images all-or-nothing through {@link AtomicFiles}: TIFF as ImageJ's own
 * {@code File › Save As › Tiff} writes it (calibration, slice labels, Info and the string
 * properties set with {@link ImagePlus#setProp}), and PNG of what the image shows.
 */
public final class ImageFiles {

	private ImageFiles() {}

	/** True for names ending in {@code .tif} or {@code .tiff} (any case). */
	public static boolean isTiff(final Path file) {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return name.endsWith(".tif") || name.endsWith(".tiff");
	}

	/** Writes an image or stack as TIFF, as {@link FileSaver#saveAsTiff} would, atomically. */
	public static void writeTiff(final ImagePlus imp, final Path target) throws IOException {
		final FileInfo fi = imp.getFileInfo();
		fi.info = imp.getInfoProperty();
		fi.description = new FileSaver(imp).getDescriptionString();
		fi.sliceLabels = imp.getStackSize() > 1 ? imp.getStack().getSliceLabels() : new String[] {
			imp.getStack().getSliceLabel(1) };
		fi.properties = imp.getPropertiesAsArray();
		AtomicFiles.write(target, out -> new TiffEncoder(fi).write(out));
	}

	/** Writes the image as displayed (display range and LUT applied) as PNG, atomically. */
	public static void writePng(final ImagePlus imp, final Path target) throws IOException {
		AtomicFiles.write(target, out -> {
			if (!ImageIO.write(imp.getBufferedImage(), "png", out)) throw new IOException(
				"no PNG writer in this Java");
		});
	}
}
