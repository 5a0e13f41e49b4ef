package org.spectralcnn.spectrogram;

import org.jtransforms.fft.DoubleFFT_1D;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.parallel.Workers;

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
 * How: segments are short (about 100 points) and many. Each windowed segment is split into its
 * even and odd samples when its length is a multiple of 4 (one radix-2 step), and each part's
 * real DFT is a direct sum folded twice by the symmetries of real input (pairs {@code u_i},
 * {@code u_{M-i}}, and bins {@code k}, {@code M/2-k} from the same sums): for 100 points about
 * a sixth of the multiply-adds of a plain DFT. 64 segments are transformed together, so that
 * every inner loop runs over segments and the JIT vectorises it. For 100-point segments that is
 * faster than JTransforms' real FFT of each segment in double precision ({@code StftBenchmark}
 * times both). Windows longer than {@link #DIRECT_MAX_WINDOW} points (XRF and gamma spectra of
 * thousands of channels) go through JTransforms' real FFT instead, whose n log n wins there
 * (3.5× faster at 512 points, 8× at 1024).
 * Thread-safe: the tables are read-only and each worker has its own workspace.
 */
public final class Stft {

	/** The longest window transformed by the direct sums; longer ones go through an FFT. */
	static final int DIRECT_MAX_WINDOW = 256;
	/** Segments transformed together; their folded inputs stay within the L2 cache. */
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
	/** 2 (even and odd samples) when the window size is a multiple of 4, else 1 (all samples). */
	private final int parts;
	/** Length M of each part, whose DFT is summed directly. */
	private final int partSize;
	private final int partHalf;
	/** Whether part bin {@code k} also gives {@code M/2 - k} (M even). */
	private final boolean mirrored;
	/** Part bins summed directly: {@code 0 … M/4} when mirrored, else all {@code 0 … M/2}. */
	private final int baseBins;
	/** Padded number of folded inputs of each parity (a multiple of 4). */
	private final int foldedLength;
	/** Part DFT tables [base bin][m]: cos/sin of 2π i k / M for even (i = 2m) and odd (i = 2m+1) i. */
	private final double[][] cosEven, cosOdd, sinEven, sinOdd;
	/** cos/sin(2πk/size), joining the two parts' bins k (radix-2 step). */
	private final double[] twiddleCos, twiddleSin;
	/** Per-bin factor from |X|² to psd: 1/Σw², doubled for one-sided bins. */
	private final double[] psdFactor;
	private final double magnitudeFactor;
	/** Whether segments go through JTransforms' FFT rather than the direct sums. */
	private final boolean fft;

	public Stft(final StftParameters parameters) {
		this(parameters, parameters.windowSize() > DIRECT_MAX_WINDOW);
	}

	/** With the transform chosen (tests compare the two). */
	Stft(final StftParameters parameters, final boolean fft) {
		this.parameters = parameters;
		this.fft = fft;
		size = parameters.windowSize();
		half = size / 2;
		frequencies = parameters.frequencies();
		window = parameters.window().values(size);
		rampNorm = size * ((double) size * size - 1) / 12;
		parts = size % 4 == 0 ? 2 : 1;
		partSize = size / parts;
		partHalf = partSize / 2;
		mirrored = partSize % 2 == 0;
		baseBins = mirrored ? partHalf / 2 + 1 : partHalf + 1;
		foldedLength = fft ? 0 : (partHalf / 2 + 1 + 3) / 4 * 4; // no tables for the FFT
		cosEven = new double[baseBins][foldedLength];
		cosOdd = new double[baseBins][foldedLength];
		sinEven = new double[baseBins][foldedLength];
		sinOdd = new double[baseBins][foldedLength];
		for (int k = 0; k < baseBins; k++) {
			for (int m = 0; m < foldedLength; m++) {
				cosEven[k][m] = Math.cos(angle(2 * m, k, partSize));
				cosOdd[k][m] = Math.cos(angle(2 * m + 1, k, partSize));
				sinEven[k][m] = Math.sin(angle(2 * m, k, partSize));
				sinOdd[k][m] = Math.sin(angle(2 * m + 1, k, partSize));
			}
		}
		twiddleCos = new double[partHalf + 1];
		twiddleSin = new double[partHalf + 1];
		for (int k = 0; k <= partHalf; k++) {
			twiddleCos[k] = Math.cos(angle(1, k, size));
			twiddleSin[k] = Math.sin(angle(1, k, size));
		}
		double sumSquares = 0;
		for (final double w : window) sumSquares += w * w;
		magnitudeFactor = 1 / sumSquares;
		psdFactor = new double[frequencies];
		for (int k = 0; k < frequencies; k++)
			psdFactor[k] = (k == 0 || size % 2 == 0 && k == half ? 1 : 2) / sumSquares;
	}

	/** {@code 2π j k / n}, reduced exactly so that large products keep their precision. */
	private static double angle(final int j, final int k, final int n) {
		return 2 * Math.PI * ((long) j * k % n) / n;
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
		if (fft) {
			runFft(spectra, points, rows, dest, offsets);
			return;
		}
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
	 * One segment detrended and windowed, {@code y_j = w_j (x_j - a - b j)}: {@code a} its mean
	 * (constant detrend) or {@code a + b j} its least-squares line (linear), as scipy detrends.
	 */
	private void windowed(final float[] x, final int from, final double[] y) {
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
		for (int j = 0; j < size; j++) y[j] = window[j] * (x[from + j] - a - slope * j);
	}

	/**
	 * {@link #run} with JTransforms' real FFT of each segment, a spectrum at a time: each
	 * worker has its own FFT plan and buffers. (JTransforms uses threads of its own only for
	 * transforms of 8192 points and more.)
	 */
	private void runFft(final float[] spectra, final int points, final int[] rows,
		final float[][] dest, final int[] offsets)
	{
		final int frames = frames(points);
		Workers.run(rows.length, CHUNK, () -> new FftWorkspace(frames), (ws, from, to) -> {
			for (int r = from; r < to; r++) {
				for (int f = 0; f < frames; f++) {
					windowed(spectra, rows[r] * points + f * parameters.hop(), ws.segment);
					ws.fft.realForward(ws.segment);
					for (int k = 0; k < frequencies; k++) ws.power[k][f] = power(ws.segment, k);
				}
				for (int k = 0; k < frequencies; k++) parameters.scaling().store(ws.power[k], 0,
					frames, psdFactor[k], magnitudeFactor, dest[r], offsets[r] + k * frames);
			}
		}, ws -> {});
	}

	/**
	 * {@code |X_k|²} from JTransforms' packed real FFT: {@code a[2k], a[2k+1]} = Re, Im of bin
	 * k; {@code a[0]} = Re of bin 0; {@code a[1]} = Re of bin n/2 (n even) or Im of the last bin
	 * (n odd), whose Re is then {@code a[n-1]}.
	 */
	private double power(final double[] a, final int k) {
		if (k == 0) return a[0] * a[0];
		if (size % 2 == 0 && k == half) return a[1] * a[1];
		if (size % 2 == 1 && k == half) return a[size - 1] * a[size - 1] + a[1] * a[1];
		return a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
	}

	/** One FFT worker's plan and buffers: a segment, and |X|² [frequency][frame] of a spectrum. */
	private final class FftWorkspace {

		final DoubleFFT_1D fft = new DoubleFFT_1D(size);
		final double[] segment = new double[size];
		final double[][] power;

		FftWorkspace(final int frames) {
			power = new double[frequencies][frames];
		}
	}

	/**
	 * One worker's buffers: the folded parts of up to {@link #LANES} segments, and where their
	 * pixels go as runs of consecutive frames of one spectrum (contiguous in the output row).
	 */
	private final class Workspace {

		final double[] segment = new double[size];
		/** Folded inputs [part][m][lane]: cos and sin sums of even and odd indices. */
		final double[][][] cEven = new double[parts][foldedLength][LANES], cOdd =
			new double[parts][foldedLength][LANES], sEven = new double[parts][foldedLength][LANES],
				sOdd = new double[parts][foldedLength][LANES];
		/** The four sums of the current base bin, per part and lane. */
		final double[][] e = new double[parts][LANES], o = new double[parts][LANES], es =
			new double[parts][LANES], os = new double[parts][LANES];
		/** The current part bin of each part (real, imaginary), and the pixels' |X|². */
		final double[][] re = new double[parts][LANES], im = new double[parts][LANES];
		final double[] power = new double[LANES], mirrorPower = new double[LANES];
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
	 * Detrends and windows one segment, {@code y_j = w_j (x_j - a - b j)}, and folds each part
	 * {@code u_i = y_{parts·i + p}} into the next lane: the part's DFT is
	 * {@code Re U_k = Σ_{i ≤ M/2} c_i cos(2πik/M)}, {@code Im U_k = -Σ s_i sin(2πik/M)} with
	 * {@code c_i = u_i + u_{M-i}}, {@code s_i = u_i - u_{M-i}}. Even and odd {@code i} are kept
	 * apart because {@code cos(2πi(M/2-k)/M) = (-1)^i cos(2πik/M)}: bin {@code M/2-k} comes from
	 * the same sums.
	 */
	private void fold(final float[] x, final int from, final Workspace ws) {
		final double[] y = ws.segment;
		windowed(x, from, y);
		final int l = ws.lanes, n = partSize, step = parts;
		for (int p = 0; p < parts; p++) {
			final double[][] ce = ws.cEven[p], co = ws.cOdd[p], se = ws.sEven[p], so = ws.sOdd[p];
			ce[0][l] = y[p];
			for (int m = 1; 4 * m < n; m++) { // i = 2m, paired with n - i
				final double u = y[step * 2 * m + p], v = y[step * (n - 2 * m) + p];
				ce[m][l] = u + v;
				se[m][l] = u - v;
			}
			for (int m = 0; 4 * m + 2 < n; m++) { // i = 2m + 1
				final double u = y[step * (2 * m + 1) + p], v = y[step * (n - 2 * m - 1) + p];
				co[m][l] = u + v;
				so[m][l] = u - v;
			}
			if (mirrored) (partHalf % 2 == 0 ? ce : co)[partHalf >> 1][l] = y[step * partHalf + p];
		}
	}

	/** Transforms the buffered lanes and writes their pixels. */
	private void flush(final Workspace ws, final int frames) {
		final int lanes = ws.lanes;
		if (lanes == 0) return;
		ws.runLane[ws.runs] = lanes;
		for (int k = 0; k < baseBins; k++) {
			for (int p = 0; p < parts; p++) {
				dot(cosEven[k], ws.cEven[p], ws.e[p], lanes);
				dot(cosOdd[k], ws.cOdd[p], ws.o[p], lanes);
				dot(sinEven[k], ws.sEven[p], ws.es[p], lanes);
				dot(sinOdd[k], ws.sOdd[p], ws.os[p], lanes);
			}
			final int mirror = partHalf - k;
			output(ws, k, false, frames);
			if (mirrored && mirror != k) output(ws, mirror, true, frames);
		}
		ws.lanes = 0;
		ws.runs = 0; // a spectrum cut by the flush goes on in a new run at its next frame
	}

	/**
	 * Writes the pixels that part bin {@code k} gives: with one part, bin {@code k} itself; with
	 * two, {@code X_k = A_k + W^k B_k} and {@code X_{size/2-k} = conj(A_k - W^k B_k)} from the even
	 * (A) and odd (B) samples' bins, {@code W = e^{-2πi/size}}.
	 *
	 * @param mirror whether {@code k} is the mirror bin {@code M/2 - k} of the current sums
	 */
	private void output(final Workspace ws, final int k, final boolean mirror, final int frames) {
		final int lanes = ws.lanes;
		final double sign = mirror ? -1 : 1;
		final double[] ar = ws.re[0], ai = ws.im[0], power = ws.power;
		partBin(ws, 0, sign);
		if (parts == 1) {
			for (int l = 0; l < lanes; l++) power[l] = ar[l] * ar[l] + ai[l] * ai[l];
			store(ws, power, k, frames);
			return;
		}
		partBin(ws, 1, sign);
		final double[] br = ws.re[1], bi = ws.im[1], other = ws.mirrorPower;
		final double c = twiddleCos[k], s = twiddleSin[k];
		for (int l = 0; l < lanes; l++) {
			final double wr = c * br[l] + s * bi[l], wi = c * bi[l] - s * br[l];
			power[l] = (ar[l] + wr) * (ar[l] + wr) + (ai[l] + wi) * (ai[l] + wi);
			other[l] = (ar[l] - wr) * (ar[l] - wr) + (ai[l] - wi) * (ai[l] - wi);
		}
		store(ws, power, k, frames);
		if (half - k != k) store(ws, other, half - k, frames);
	}

	/**
	 * Bin {@code k} of one part from its four sums, {@code U_k = (e + o) - i (es + os)}, or with
	 * {@code sign} -1 its mirror {@code U_{M/2-k} = (e - o) + i (es - os)}.
	 */
	private static void partBin(final Workspace ws, final int part, final double sign) {
		final double[] e = ws.e[part], o = ws.o[part], es = ws.es[part], os = ws.os[part],
				re = ws.re[part], im = ws.im[part];
		for (int l = 0; l < ws.lanes; l++) {
			re[l] = e[l] + sign * o[l];
			im[l] = -sign * es[l] - os[l];
		}
	}

	/** Scales {@code |X|²} of bin {@code k} and writes it into each run's row {@code k}. */
	private void store(final Workspace ws, final double[] power, final int k, final int frames) {
		for (int r = 0; r < ws.runs; r++) {
			final int from = ws.runLane[r];
			parameters.scaling().store(power, from, ws.runLane[r + 1] - from, psdFactor[k],
				magnitudeFactor, ws.runDest[r], ws.runOffset[r] + k * frames);
		}
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
