package org.spectralcnn.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.EnviCube;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.McDropout;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.parallel.Workers;
import org.spectralcnn.plsr.PlsrModel;

/**
 * Predicts every pixel of a {@link SpectralImage} with a saved model (CNN, 1-D or spectrogram, or
 * PLSR) into one map per target, plus the interval ends and the out-of-domain statistics when the
 * model file has a calibration.
 * <p>
 * A block of lines at a time, on the project's worker pool: the valid pixels of the block (inside
 * the mask, finite in every good band) become one spectra table on the cube's good bands, which
 * goes through exactly what Predict with Model does with a table ({@link InputGrid#conform}, then
 * {@link Intervals#predict}); so a pixel's prediction is the prediction of the same spectrum as a
 * table row. A PLSR model takes a shortcut to the same numbers ({@link PlsrPixels}: one
 * coefficient vector per target over the block's bands, no table). Memory stays flat: each
 * worker holds one block of lines, and only the output planes are kept (in a temporary file
 * when they are large, see {@link PredictionPlanes}).
 */
public final class ImagePrediction {

	/** Pixels per block (rounded to whole lines): enough for the network's batches. */
	static final int BLOCK_PIXELS = 4096;

	/**
	 * How to predict.
	 *
	 * @param confidence interval confidence (as Predict's {@code confidence})
	 * @param mcPasses Monte Carlo dropout passes (CNN with dropout), 0 for split conformal
	 * @param seed seed of the dropout masks (as Predict's {@code seed}): a pixel's interval is
	 *          that of its spectrum as a table row, whatever the block or the number of threads
	 * @param threads workers (at most the pool's size)
	 * @param heapLimit output planes up to this many bytes stay in the heap, larger ones go to a
	 *          temporary file
	 */
	public record Options(double confidence, int mcPasses, long seed, int threads, long heapLimit) {

		public static Options defaults() {
			return new Options(0.9, McDropout.DEFAULT_PASSES, 0, Workers.threads(), Runtime
				.getRuntime().maxMemory() / 8);
		}

		public Options withThreads(final int n) {
			return new Options(confidence, mcPasses, seed, n, heapLimit);
		}

		public Options withHeapLimit(final long bytes) {
			return new Options(confidence, mcPasses, seed, threads, bytes);
		}

		public Options withIntervals(final double level, final int passes, final long s) {
			return new Options(level, passes, s, threads, heapLimit);
		}
	}

	/** Progress and cancel; called from the workers. */
	public interface Progress {

		/** {@code done} of {@code total} lines predicted. */
		void lines(int done, int total);

		/** Polled before each block: true stops the run with a {@link CancellationException}. */
		default boolean canceled() {
			return false;
		}
	}

	/** What a run did, for the log. */
	public record Summary(long predicted, long masked, long invalid, long outOfDomain,
		String method)
	{}

	private ImagePrediction() {}

	/** The slice labels for a model: as Predict's CSV columns. */
	public static List<String> labels(final SpectralModel model) {
		final Calibration cal = model.calibration();
		final List<String> labels = new ArrayList<>();
		for (final String t : model.targets()) {
			labels.add(t);
			if (cal != null) {
				labels.add(t + "_lower");
				labels.add(t + "_upper");
			}
		}
		if (cal != null && cal.domain() != null) labels.addAll(List.of("t2", "q", "out_of_domain"));
		return labels;
	}

	/**
	 * Predicts the image.
	 *
	 * @param mask width × height, row-major, true = predict; null = every pixel
	 * @param notes once-per-run remarks (resampling onto the model's grid)
	 * @param summary receives the counts, may be null
	 * @return the planes; the caller closes them
	 * @throws IllegalArgumentException when the cube's bands cannot be put on the model's grid,
	 *           or the mask has the wrong size
	 * @throws CancellationException when {@code progress} asked to stop
	 */
	public static PredictionPlanes run(final SpectralModel model, final SpectralImage image,
		final boolean[] mask, final Options options, final Progress progress,
		final Consumer<String> notes, final Consumer<Summary> summary) throws IOException
	{
		final int w = image.width(), h = image.height();
		if (mask != null && mask.length != (long) w * h) throw new IllegalArgumentException(
			"mask has " + mask.length + " pixels, the image " + image.name() + " " + w + " × " + h);
		final Bands bands = Bands.of(image);
		// fail before any work when the bands cannot be put on the model's grid
		InputGrid.conform(SpectralDataset.builder(image.name(), bands.axis, new String[] { "0" },
			new float[bands.good.length]).build(), model.inputAxis(), s -> {});
		final List<String> labels = labels(model);
		final int nt = model.targets().size();
		// PLSR: the same numbers on primitive arrays, without the table path's objects
		final PlsrPixels plsr = model instanceof PlsrModel m ? new PlsrPixels(m, bands, options
			.confidence(), labels.size()) : null;
		final String[] method = { plsr != null ? plsr.method() : null };
		final int linesPerBlock = Math.max(1, Math.min(h, plsr != null ? PlsrPixels.BLOCK_VALUES /
			Math.max(1, w * image.axis().size()) : BLOCK_PIXELS / Math.max(1, w)));
		final PredictionPlanes planes = PredictionPlanes.create(w, h, labels, image.pixelWidth(),
			image.pixelHeight(), image.pixelUnit(), options.heapLimit());
		final int blocks = (h + linesPerBlock - 1) / linesPerBlock;
		final AtomicInteger done = new AtomicInteger();
		final AtomicBoolean noted = new AtomicBoolean(), stopped = new AtomicBoolean();
		final long[] counts = new long[4];
		final int bandCount = image.axis().size();
		// the rows of a block's table need unique ids; made once, shared by the blocks
		final String[] ids = new String[linesPerBlock * w];
		for (int i = 0; i < ids.length; i++)
			ids[i] = Integer.toString(i);
		try {
			Workers.run(blocks, 1, Math.max(1, options.threads()), () -> plsr != null ? plsr.work(
				linesPerBlock * w, bandCount) : new float[linesPerBlock][w][bandCount],
				(workspace, from, to) -> {
					for (int b = from; b < to; b++) {
						// once one worker failed or was cancelled, the others stop too
						if (stopped.get()) return;
						if (progress != null && progress.canceled()) {
							stopped.set(true);
							throw new CancellationException("canceled after " + done.get() + " of " + h +
								" lines");
						}
						final int y0 = b * linesPerBlock, y1 = Math.min(h, y0 + linesPerBlock);
						try {
							final Consumer<String> once = note -> {
								if (notes != null && noted.compareAndSet(false, true)) notes.accept(note);
							};
							final long[] c = plsr != null ? plsr.block(image, bands, mask,
								(PlsrPixels.Work) workspace, ids, y0, y1, planes, once) : block(model, image, bands,
									mask, options, (float[][][]) workspace, ids, y0, y1, planes, nt, labels.size(),
									once, method);
							synchronized (counts) {
								for (int k = 0; k < 4; k++) counts[k] += c[k];
							}
						}
						catch (final IOException e) {
							stopped.set(true);
							throw new UncheckedIOException(e);
						}
						catch (final RuntimeException e) {
							stopped.set(true);
							throw e;
						}
						final int d = done.addAndGet(y1 - y0);
						if (progress != null) progress.lines(d, h);
					}
				}, ws -> {});
		}
		catch (final UncheckedIOException e) {
			planes.close();
			throw e.getCause();
		}
		catch (final RuntimeException e) {
			planes.close();
			throw e;
		}
		if (summary != null) summary.accept(new Summary(counts[0], counts[1], counts[2], counts[3],
			method[0]));
		return planes;
	}

	/** Predicts lines y0..y1; returns predicted, masked, invalid and out-of-domain counts. */
	private static long[] block(final SpectralModel model, final SpectralImage image,
		final Bands bands, final boolean[] mask, final Options options, final float[][][] lines,
		final String[] idPool, final int y0, final int y1, final PredictionPlanes planes,
		final int nt, final int slices, final Consumer<String> notes, final String[] method)
		throws IOException
	{
		final int w = image.width(), n = y1 - y0;
		final int p = bands.good.length;
		// reading one line is cheap next to predicting it; the reader need not be thread-safe
		synchronized (image) {
			for (int k = 0; k < n; k++)
				image.readLine(y0 + k, lines[k]);
		}
		final int[] index = new int[n * w];
		int valid = 0;
		long masked = 0, invalid = 0;
		for (int k = 0; k < n; k++)
			for (int x = 0; x < w; x++) {
				final int pixel = (y0 + k) * w + x;
				if (mask != null && !mask[pixel]) {
					masked++;
					continue;
				}
				if (!finite(lines[k][x], bands.good)) {
					invalid++;
					continue;
				}
				index[valid++] = k * w + x;
			}
		final float[][] out = new float[slices][n * w];
		for (final float[] o : out)
			Arrays.fill(o, Float.NaN);
		long flagged = 0;
		if (valid > 0) {
			final float[] spectra = new float[valid * p];
			final String[] ids = Arrays.copyOf(idPool, valid);
			for (int i = 0; i < valid; i++) {
				final float[] px = lines[index[i] / w][index[i] % w];
				for (int j = 0; j < p; j++)
					spectra[i * p + j] = px[bands.good[j]];
			}
			final SpectralDataset raw = SpectralDataset.builder(image.name(), bands.axis, ids, spectra)
				.build();
			final SpectralDataset data = InputGrid.conform(raw, model.inputAxis(), notes);
			final TrustedPredictions tp = Intervals.predict(model, data, options.confidence(), options
				.mcPasses(), options.seed());
			method[0] = tp.method();
			for (int i = 0; i < valid; i++) {
				int s = 0;
				for (int t = 0; t < nt; t++) {
					out[s++][index[i]] = (float) tp.prediction()[i][t];
					if (tp.hasIntervals()) {
						out[s++][index[i]] = (float) tp.lower()[i][t];
						out[s++][index[i]] = (float) tp.upper()[i][t];
					}
				}
				if (tp.hasDomain()) {
					out[s++][index[i]] = (float) tp.t2()[i];
					out[s++][index[i]] = (float) tp.q()[i];
					out[s][index[i]] = tp.outOfDomain()[i] ? 1 : 0;
					if (tp.outOfDomain()[i]) flagged++;
				}
			}
		}
		for (int s = 0; s < slices; s++)
			for (int k = 0; k < n; k++)
				planes.writeLine(s, y0 + k, out[s], k * w);
		return new long[] { valid, masked, invalid, flagged };
	}

	/**
	 * One pixel's spectrum on the good bands as a one-row table (id {@code y<line>_x<sample>}, as
	 * the pixels of a cube read as a table), for feature maps of a point.
	 *
	 * @throws IllegalArgumentException naming x or y outside the image, or a pixel without a valid
	 *           spectrum
	 */
	public static SpectralDataset pixel(final SpectralImage image, final int x, final int y)
		throws IOException
	{
		if (x < 0 || x >= image.width()) throw new IllegalArgumentException("x: " + x +
			" is outside the image " + image.name() + " (0 to " + (image.width() - 1) + ")");
		if (y < 0 || y >= image.height()) throw new IllegalArgumentException("y: " + y +
			" is outside the image " + image.name() + " (0 to " + (image.height() - 1) + ")");
		final Bands bands = Bands.of(image);
		final float[][] line = new float[image.width()][image.axis().size()];
		image.readLine(y, line);
		if (!finite(line[x], bands.good)) throw new IllegalArgumentException(image.name() +
			": pixel x=" + x + ", y=" + y + " has no valid spectrum (NaN or the data ignore value)");
		final float[] v = new float[bands.good.length];
		for (int j = 0; j < v.length; j++)
			v[j] = line[x][bands.good[j]];
		return SpectralDataset.builder(image.name(), bands.axis, new String[] { EnviCube.pixelId(y, x) },
			v).build();
	}

	private static boolean finite(final float[] px, final int[] good) {
		for (final int b : good)
			if (!Float.isFinite(px[b])) return false;
		return true;
	}

	/**
	 * The good bands (ENVI {@code bbl}) and their axis: bad bands are left out, as a table
	 * without those columns, and the model's grid is then reached by the same resampling as for
	 * a table.
	 */
	record Bands(int[] good, SpectralAxis axis) {

		static Bands of(final SpectralImage image) {
			final SpectralAxis all = image.axis();
			final boolean[] g = image.goodBands();
			int count = 0;
			for (final boolean b : g)
				if (b) count++;
			if (count == 0) throw new IllegalArgumentException(image.name() +
				": every band is marked bad (bbl); nothing to predict from");
			final int[] good = new int[count];
			final double[] values = new double[count];
			for (int i = 0, k = 0; i < g.length; i++)
				if (g[i]) {
					good[k] = i;
					values[k++] = all.value(i);
				}
			return new Bands(good, count == g.length ? all : SpectralAxis.of(values, all.unit()));
		}
	}
}
