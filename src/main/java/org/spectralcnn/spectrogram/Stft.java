package org.spectralcnn.spectrogram;

import org.spectralcnn.data.SpectralDataset;

/**
 * The short-time Fourier transform of spectra along their spectral axis, equal to
 * {@code scipy.signal.spectrogram(x, fs=1, window, nperseg=window_size,
 * noverlap=window_size-hop, detrend, scaling='density', mode='psd')} (or its magnitude / log
 * forms, see {@link Scaling}) computed in double precision and stored as float.
 * <p>
 * A spectrogram is one plane of {@code frequencies × frames} floats, row-major: row = frequency
 * bin (image y), column = frame (image x). Batches are planes one after the other, which is
 * NCHW order with one channel, the input layout of a 2-D CNN.
 * <p>
 * Why not an FFT per segment: segments are short (about 100 points) and many, and for those a
 * direct DFT that uses the symmetries of the real input (each sum folded twice, a quarter of the
 * multiply-adds of a plain DFT) and works on 64 segments at a time, so that the JIT vectorises
 * the inner loops, is several times faster than JTransforms' real FFT of each segment in double
 * precision (see {@code StftBenchmark}). Thread-safe: the tables are read-only and each worker
 * has its own workspace.
 */
public final class Stft {

	/** Segments transformed together; their inputs stay within the L2 cache. */
	static final int LANES = 64;
	/** Spectra per work chunk handed to one worker. */
	private static final int CHUNK = 16;

	private final StftParameters parameters;
	private final int size;
	private final int half;
	private final int frequencies;
	private final double[] window;
	/** Least-squares line of the linear detrend: {@code Σ (j - centre)²}. */
	private final double rampNorm;
	/** Base bins: {@code 0 … size/4} for even windows (each gives its mirror {@code half - k} too), all bins for odd ones. */
	private final int baseBins;
	private final boolean mirrored;
	/** Padded length of the folded inputs (a multiple of 4). */
	private final int foldedLength;
	/** cos/sin tables [base bin][m] for even (2m) and odd (2m+1) input indices. */
	private final double[][] cosEven, cosOdd, sinEven, sinOdd;
	/** Per-bin factor from |X|² to psd: 1/Σw², doubled for one-sided bins. */
	private final double[] psdFactor;
	private final double magnitudeFactor;

	public Stft(final StftParameters parameters) {
		this.parameters = parameters;
		size = parameters.windowSize();
		half = size / 2;
		frequencies = parameters.frequencies();
		window = parameters.window().values(size);
		// periodic windows are symmetric, w_j = w_{size-j}; make it exact, the fold relies on it
		for (int j = 1; 2 * j < size; j++) window[size - j] = window[j];
		rampNorm = size * ((double) size * size - 1) / 12;
		mirrored = size % 2 == 0;
		baseBins = mirrored ? half / 2 + 1 : frequencies;
		final int m = half / 2 + 1;
		foldedLength = (m + 3) / 4 * 4;
		cosEven = new double[baseBins][foldedLength];
		cosOdd = new double[baseBins][foldedLength];
		sinEven = new double[baseBins][foldedLength];
		sinOdd = new double[baseBins][foldedLength];
		for (int k = 0; k < baseBins; k++) {
			for (int i = 0; i < foldedLength; i++) {
				cosEven[k][i] = Math.cos(angle(2 * i, k));
				cosOdd[k][i] = Math.cos(angle(2 * i + 1, k));
				sinEven[k][i] = Math.sin(angle(2 * i, k));
				sinOdd[k][i] = Math.sin(angle(2 * i + 1, k));
			}
		}
		double sumSquares = 0;
		for (final double w : window) sumSquares += w * w;
		magnitudeFactor = 1 / sumSquares;
		psdFactor = new double[frequencies];
		for (int k = 0; k < frequencies; k++)
			psdFactor[k] = (k == 0 || mirrored && k == half ? 1 : 2) / sumSquares;
	}

	/** {@code 2π j k / size}, reduced exactly so that large products keep their precision. */
	private double angle(final int j, final int k) {
		return 2 * Math.PI * ((long) j * k % size) / size;
	}

	public StftParameters parameters() {
		return parameters;
	}

	/** Image height: frequency bins. */
	public int frequencies() {
		return frequencies;
	}

	/** Image width for spectra of this length. */
	public int frames(final int points) {
		return parameters.frames(points);
	}

	/** Floats in one spectrogram of spectra of this length. */
	public int planeSize(final int points) {
		return frequencies * frames(points);
	}

	/**
	 * The spectrogram of one spectrum.
	 *
	 * @return {@code frequencies × frames} floats, row-major
	 * @throws IllegalArgumentException if the window is longer than the spectrum
	 */
	public float[] transform(final float[] spectrum) {
		parameters.validate(spectrum.length);
		final float[] plane = new float[planeSize(spectrum.length)];
		run(spectrum, spectrum.length, new int[] { 0 }, new float[][] { plane }, new int[1]);
		return plane;
	}

	/**
	 * Spectrograms of some rows of a dataset, one plane after the other, into {@code out} (NCHW
	 * with one channel: {@code out[r][0][frequency][frame]}), e.g. one training mini-batch at a
	 * time so that the spectrograms of a whole dataset never need to be in memory.
	 *
	 * @param rows dataset rows, in batch order
	 * @param out at least {@code rows.length × planeSize(points)} floats
	 * @param scaler per-pixel z-scoring applied to each plane, or null
	 */
	public void transformBatch(final SpectralDataset data, final int[] rows, final float[] out,
		final SpectrogramScaler scaler)
	{
		final int plane = planeSize(data.points());
		parameters.validate(data.points());
		if (out.length < (long) rows.length * plane) throw new IllegalArgumentException("out holds " +
			out.length + " floats; " + rows.length + " spectrograms of " + frequencies + " × " +
			frames(data.points()) + " need " + (long) rows.length * plane);
		if (scaler != null) scaler.checkShape(frequencies, frames(data.points()));
		final float[][] dest = new float[rows.length][];
		final int[] offsets = new int[rows.length];
		for (int r = 0; r < rows.length; r++) {
			dest[r] = out;
			offsets[r] = r * plane;
		}
		run(data.data(), data.points(), rows, dest, offsets);
		if (scaler != null) for (int r = 0; r < rows.length; r++)
			scaler.apply(out, offsets[r]);
	}

	/** {@link #transformBatch(SpectralDataset, int[], float[], SpectrogramScaler)} without scaling. */
	public void transformBatch(final SpectralDataset data, final int[] rows, final float[] out) {
		transformBatch(data, rows, out, null);
	}

	/**
	 * Transforms rows of a row-major {@code n × points} array, spectrum {@code rows[r]} into
	 * {@code dest[r]} from {@code offsets[r]}, on the worker pool.
	 */
	void run(final float[] spectra, final int points, final int[] rows, final float[][] dest,
		final int[] offsets)
	{
		final int frames = frames(points);
		Workers.run(rows.length, CHUNK, Workspace::new, (ws, from, to) -> {
			for (int r = from; r < to; r++) {
				final int base = rows[r] * points;
				for (int f = 0; f < frames; f++) {
					if (f == 0 || ws.lanes == 0) ws.startRun(dest[r], offsets[r] + f);
					fold(spectra, base + f * parameters.hop(), ws);
					if (++ws.lanes == LANES) flush(ws, frames);
				}
			}
		}, ws -> flush(ws, frames));
	}

	/**
	 * One worker's buffers: the folded segments of up to {@link #LANES} frames, and where their
	 * pixels go as runs of consecutive frames of one spectrum (contiguous in the output row).
	 */
	private final class Workspace {

		/** Folded inputs [m][lane]: cos and sin sums of even and odd indices. */
		final double[][] cEven = new double[foldedLength][LANES], cOdd =
			new double[foldedLength][LANES], sEven = new double[foldedLength][LANES], sOdd =
				new double[foldedLength][LANES];
		final double[] e = new double[LANES], o = new double[LANES], es = new double[LANES],
				os = new double[LANES], power = new double[LANES], mirrorPower = new double[LANES];
		final int[] runLane = new int[LANES + 1];
		final float[][] runDest = new float[LANES][];
		final int[] runOffset = new int[LANES];
		int lanes, runs;

		void startRun(final float[] dest, final int offset) {
			runLane[runs] = lanes;
			runDest[runs] = dest;
			runOffset[runs++] = offset;
		}
	}

	/**
	 * Detrends, windows and folds one segment into the next lane. With {@code y} the windowed
	 * segment, {@code Re X_k = Σ_{j ≤ size/2} c_j cos(2πjk/size)} and
	 * {@code Im X_k = -Σ s_j sin(2πjk/size)} where {@code c_j = y_j + y_{size-j}} and
	 * {@code s_j = y_j - y_{size-j}}; the window is symmetric ({@code w_j = w_{size-j}}) and the
	 * trend {@code a + b j} folds to {@code 2a + b·size} and {@code b (2j - size)}. Even and odd
	 * {@code j} are kept apart because {@code cos(2πj(size/2-k)/size) = (-1)^j cos(2πjk/size)}
	 * gives bin {@code size/2-k} from the same sums.
	 */
	private void fold(final float[] x, final int from, final Workspace ws) {
		double a = 0, slope = 0;
		if (parameters.detrend() != Detrend.NONE) {
			double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
			int j = 0;
			for (; j + 3 < size; j += 4) { // four sums: a single chain would wait on each add
				s0 += x[from + j];
				s1 += x[from + j + 1];
				s2 += x[from + j + 2];
				s3 += x[from + j + 3];
			}
			for (; j < size; j++) s0 += x[from + j];
			a = (s0 + s1 + s2 + s3) / size;
			if (parameters.detrend() == Detrend.LINEAR) {
				final double centre = (size - 1) / 2.0;
				double sjx = 0;
				for (j = 0; j < size; j++) sjx += (j - centre) * x[from + j];
				slope = sjx / rampNorm;
				a -= slope * centre;
			}
		}
		final int l = ws.lanes;
		final double pairTrend = 2 * a + slope * size;
		final double[][] ce = ws.cEven, co = ws.cOdd, se = ws.sEven, so = ws.sOdd;
		ce[0][l] = window[0] * (x[from] - a);
		for (int m = 1; 4 * m < size; m++) { // j = 2m
			final double p = x[from + 2 * m], q = x[from + size - 2 * m], w = window[2 * m];
			ce[m][l] = w * (p + q - pairTrend);
			se[m][l] = w * (p - q - slope * (4 * m - size));
		}
		for (int m = 0; 4 * m + 2 < size; m++) { // j = 2m + 1
			final double p = x[from + 2 * m + 1], q = x[from + size - 2 * m - 1], w = window[2 * m + 1];
			co[m][l] = w * (p + q - pairTrend);
			so[m][l] = w * (p - q - slope * (4 * m + 2 - size));
		}
		if (mirrored) (half % 2 == 0 ? ce : co)[half >> 1][l] = window[half] * (x[from + half] - a -
			slope * half);
	}

	/** Transforms the buffered lanes and writes their pixels. */
	private void flush(final Workspace ws, final int frames) {
		final int lanes = ws.lanes;
		if (lanes == 0) return;
		ws.runLane[ws.runs] = lanes;
		final Scaling scaling = parameters.scaling();
		final double[] e = ws.e, o = ws.o, es = ws.es, os = ws.os, power = ws.power,
				mirrorPower = ws.mirrorPower;
		for (int k = 0; k < baseBins; k++) {
			dot(cosEven[k], ws.cEven, e, lanes);
			dot(cosOdd[k], ws.cOdd, o, lanes);
			dot(sinEven[k], ws.sEven, es, lanes);
			dot(sinOdd[k], ws.sOdd, os, lanes);
			final int mirror = half - k;
			final boolean both = mirrored && mirror != k;
			for (int l = 0; l < lanes; l++) {
				final double re = e[l] + o[l], im = es[l] + os[l];
				power[l] = re * re + im * im;
			}
			if (both) for (int l = 0; l < lanes; l++) {
				final double re = e[l] - o[l], im = es[l] - os[l];
				mirrorPower[l] = re * re + im * im;
			}
			for (int r = 0; r < ws.runs; r++) {
				final int from = ws.runLane[r], count = ws.runLane[r + 1] - from;
				scaling.store(power, from, count, psdFactor[k], magnitudeFactor, ws.runDest[r], ws.runOffset[r] +
					k * frames);
				if (both) scaling.store(mirrorPower, from, count, psdFactor[mirror], magnitudeFactor,
					ws.runDest[r], ws.runOffset[r] + mirror * frames);
			}
		}
		ws.lanes = 0;
		ws.runs = 0; // a spectrum cut by the flush goes on in a new run at its next frame
	}

	/**
	 * {@code acc[l] = Σ_m c[m] rows[m][l]}, four rows per pass: the loop over lanes vectorises and
	 * each pass reads and writes {@code acc} once for four multiply-adds.
	 */
	private static void dot(final double[] c, final double[][] rows, final double[] acc,
		final int lanes)
	{
		{
			final double c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
			final double[] r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3];
			for (int l = 0; l < lanes; l++)
				acc[l] = c0 * r0[l] + c1 * r1[l] + c2 * r2[l] + c3 * r3[l];
		}
		for (int m = 4; m < c.length; m += 4) {
			final double c0 = c[m], c1 = c[m + 1], c2 = c[m + 2], c3 = c[m + 3];
			final double[] r0 = rows[m], r1 = rows[m + 1], r2 = rows[m + 2], r3 = rows[m + 3];
			for (int l = 0; l < lanes; l++)
				acc[l] += c0 * r0[l] + c1 * r1[l] + c2 * r2[l] + c3 * r3[l];
		}
	}
}
