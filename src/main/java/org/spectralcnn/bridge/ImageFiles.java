package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.spectralcnn.io.AtomicFiles;

/**
 * Saves images and plots atomically (temporary file, then rename), so a failed or cancelled
 * run never leaves a half-written TIFF or PNG where a good one was.
 */
public final class ImageFiles {

	private ImageFiles() {}

	/** True for names ending in {@code .tif} or {@code .tiff} (any case). */
	public static boolean isTiff(final Path file) {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return name.endsWith(".tif") || name.endsWith(".tiff");
	}

	/**
	 * An ImageJ TIFF with calibration, slice labels, Info and image properties (what
	 * {@code File › Save As › Tiff} writes), readable by ImageJ, Fiji and tifffile.
	 */
	public static void saveTiff(final ImagePlus imp, final Path target) throws IOException {
		final FileSaver saver = new FileSaver(imp);
		final FileInfo fi = imp.getFileInfo();
		fi.info = imp.getInfoProperty();
		fi.description = saver.getDescriptionString();
		fi.sliceLabels = imp.getStack().getSliceLabels();
		fi.properties = imp.getPropertiesAsArray();
		// as FileSaver does: slices of a virtual stack are read one at a time while writing
		if (imp.getStack().isVirtual()) fi.virtualStack = (ij.VirtualStack) imp.getStack();
		if (imp.isComposite()) saver.saveDisplayRangesAndLuts(imp, fi);
		AtomicFiles.write(target, out -> new TiffEncoder(fi).write(out));
	}

	/** The image as shown (LUT and display range applied) as PNG. */
	public static void savePng(final ImagePlus imp, final Path target) throws IOException {
		// our own memory-cached stream: ImageIO's default caches in a temporary file and closes it
		// from a shutdown thread, which fails with a stack trace after a full disk
		AtomicFiles.write(target, out -> {
			try (ImageOutputStream image = new MemoryCacheImageOutputStream(out)) {
				if (!ImageIO.write(imp.getBufferedImage(), "png", image)) throw new IOException(
					"no PNG writer available");
			}
		});
	}

	/**
	 * An image file as ImageJ opens it, or null: silently, because ImageJ's own error message
	 * ("Unsupported format…") would end a macro even after the command reported the problem.
	 */
	public static ImagePlus openQuietly(final Path file) {
		final boolean redirecting = ij.IJ.redirectingErrorMessages();
		ij.IJ.redirectErrorMessages(true);
		try {
			final ij.io.Opener opener = new ij.io.Opener();
			opener.setSilentMode(true);
			return opener.openImage(file.toString());
		}
		finally {
			ij.IJ.redirectErrorMessages(redirecting);
		}
	}

	/** A plot rendered at its default size as PNG. */
	public static void savePng(final Plot plot, final Path target) throws IOException {
		savePng(plot.getImagePlus(), target);
	}
}
