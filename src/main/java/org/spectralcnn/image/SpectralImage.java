package org.spectralcnn.image;

import java.io.Closeable;
import java.io.IOException;

import org.spectralcnn.data.SpectralAxis;

/**
 * A hyperspectral image (x × y × λ) read line by line, so that a cube larger than the heap is
 * never held whole: one line of pixels at a time is what prediction, ROI spectra and display
 * need. Values are physical (scale factor applied); a pixel whose value is the data-ignore value
 * reads as NaN in every band. Implementations keep the file open until {@link #close()}.
 */
public interface SpectralImage extends Closeable {

	/** Pixels per line (ENVI {@code samples}, x). */
	int width();

	/** Lines (ENVI {@code lines}, y). */
	int height();

	/** The bands' wavelengths (or channels), in file order, bad bands included. */
	SpectralAxis axis();

	/** Which bands are good (ENVI {@code bbl}); all true when the file says nothing. */
	boolean[] goodBands();

	/** Size of one pixel and its unit (ENVI {@code map info} / {@code pixel size}); 1 and "pixel" when unknown. */
	double pixelWidth();

	double pixelHeight();

	String pixelUnit();

	/** The file (or name) for messages. */
	String name();

	/**
	 * Reads line {@code y}: {@code out[x][b]} = value of pixel x in band b, for every band (bad
	 * bands included). {@code out} is width × bands.
	 */
	void readLine(int y, float[][] out) throws IOException;

	/**
	 * Reads line {@code y} band by band: pixel x in band b goes to
	 * {@code out[at + b * stride + x]}, the same values as {@link #readLine}. Unlike that, safe
	 * to call from several threads at once. Files override this to read lines concurrently and
	 * fill the bands without transposing (ENVI BIL and BSQ lines are stored so).
	 */
	default void readLineBands(final int y, final float[] out, final int at, final int stride)
		throws IOException
	{
		final float[][] line = new float[width()][axis().size()];
		synchronized (this) {
			readLine(y, line);
		}
		for (int x = 0; x < line.length; x++)
			for (int b = 0; b < line[x].length; b++) out[at + b * stride + x] = line[x][b];
	}
}
