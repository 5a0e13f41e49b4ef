package org.spectralcnn.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.preprocess.Preprocessing;

/**
 * Spectral augmentation during training, the kinds used for soil spectra (Bjerrum, Glahder &
 * Skov 2017, "Data augmentation of spectral data for convolutional neural network (CNN) based
 * deep chemometrics"; mixup after Zhang et al. 2018). Every mini-batch gets fresh copies of its
 * preprocessed spectra, each changed by its own random draw, so the network never sees the same
 * spectrum twice; the validation samples and predictions are never augmented. 0 turns a kind off;
 * all off (the default) trains exactly as without augmentation.
 * <p>
 * Sizes are relative to the preprocessed training spectra's own variation, {@code scale} = the
 * mean over points of the SD between spectra (so the same setting means the same for absorbance,
 * SNV or derivatives):
 * <ul>
 * <li>{@code offset} a: adds one constant per spectrum, uniform in ±a·scale (additive scatter);</li>
 * <li>{@code slope} b: multiplies a spectrum by a factor uniform in 1 ± b (multiplicative
 * scatter);</li>
 * <li>{@code shift} s: moves the spectrum along the axis by a uniform ±s points (fractional, linear
 * interpolation, the end values held at the edges): wavelength calibration differences;</li>
 * <li>{@code noise} e: adds Gaussian noise of SD e·scale to every point (instrument noise);</li>
 * <li>{@code mixup} m: mixes each spectrum with another of the batch, partner weight w uniform in
 * [0, m], and the targets with the same weights; a target missing in either stays missing.</li>
 * </ul>
 * Deterministic for a seed: one {@link SplittableRandom} per training run draws everything.
 */
public record Augmentation(double offset, double slope, double shift, double noise,
	double mixup)
{

	/** No augmentation. */
	public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, 0);

	/**
	 * @throws IllegalArgumentException naming the key that is out of range
	 */
	public Augmentation {
		require("augment_offset", offset, 10);
		require("augment_slope", slope, 0.9);
		require("augment_shift", shift, 100);
		require("augment_noise", noise, 10);
		require("augment_mixup", mixup, 0.5);
	}

	private static void require(final String key, final double v, final double max) {
		if (!(v >= 0 && v <= max)) throw new IllegalArgumentException(key + " must be between 0 (off) and " +
			max + ", got " + v);
	}

	/** Whether any kind is on. */
	public boolean active() {
		return offset > 0 || slope > 0 || shift > 0 || noise > 0 || mixup > 0;
	}

	@Override
	public String toString() {
		return active() ? String.format(Locale.ROOT,
			"augmentation offset %.3g, slope %.3g, shift %.3g points, noise %.3g, mixup %.3g", offset,
			slope, shift, noise, mixup) : "no augmentation";
	}

	/**
	 * The between-spectra variation that offset and noise are relative to: the mean over points
	 * of the SD of {@code rows} of the row-major {@code spectra} (n × points).
	 */
	public static double scale(final float[] spectra, final int points, final int[] rows) {
		if (rows.length < 2) return 1;
		double total = 0;
		for (int j = 0; j < points; j++) {
			double s = 0, s2 = 0;
			for (final int r : rows) {
				final double v = spectra[r * points + j];
				s += v;
				s2 += v * v;
			}
			final double mean = s / rows.length;
			total += Math.sqrt(Math.max(0, (s2 - rows.length * mean * mean) / (rows.length - 1)));
		}
		return total / points;
	}

	/**
	 * Augments a batch in place.
	 *
	 * @param x the batch's spectra, {@code n × points} row-major
	 * @param z the batch's standardised targets, {@code n × targets}, NaN = missing (mixup changes
	 *          them)
	 * @param scale what offset and noise are relative to ({@link #scale})
	 */
	public void apply(final float[] x, final int n, final int points, final float[][] z,
		final double scale, final SplittableRandom random)
	{
		if (mixup > 0 && n > 1) mix(x, n, points, z, random);
		final float[] row = new float[points];
		for (int i = 0; i < n; i++) {
			final int o = i * points;
			if (slope > 0) {
				final float f = (float) (1 + slope * (2 * random.nextDouble() - 1));
				for (int j = 0; j < points; j++) x[o + j] *= f;
			}
			if (offset > 0) {
				final float a = (float) (offset * scale * (2 * random.nextDouble() - 1));
				for (int j = 0; j < points; j++) x[o + j] += a;
			}
			if (shift > 0) {
				final double s = shift * (2 * random.nextDouble() - 1);
				System.arraycopy(x, o, row, 0, points);
				for (int j = 0; j < points; j++) {
					// the value that sat s points before j
					final double p = Math.min(points - 1, Math.max(0, j - s));
					final int lo = (int) Math.floor(p);
					final int hi = Math.min(points - 1, lo + 1);
					final double w = p - lo;
					x[o + j] = (float) ((1 - w) * row[lo] + w * row[hi]);
				}
			}
			if (noise > 0) {
				final double sd = noise * scale;
				for (int j = 0; j < points; j++) x[o + j] += (float) (sd * gaussian(random));
			}
		}
	}

	/** Each spectrum with a partner of the batch (a random permutation), targets alike. */
	private void mix(final float[] x, final int n, final int points, final float[][] z,
		final SplittableRandom random)
	{
		final int[] partner = ValidationSplit.permutation(n, random);
		final float[] original = x.clone();
		final float[][] zOriginal = new float[n][];
		for (int i = 0; i < n; i++) zOriginal[i] = z[i].clone();
		for (int i = 0; i < n; i++) {
			final int p = partner[i];
			final float w = (float) (mixup * random.nextDouble());
			for (int j = 0; j < points; j++) x[i * points + j] = (1 - w) * original[i * points + j] +
				w * original[p * points + j];
			for (int t = 0; t < z[i].length; t++) z[i][t] = (1 - w) * zOriginal[i][t] + w *
				zOriginal[p][t]; // NaN in either stays NaN: missing
		}
	}

	/**
	 * The spectra's own noise in {@code noise} units, i.e. what {@code augment_noise} at the
	 * instrument's level is: per raw spectrum the SD of white noise that its second differences
	 * show (median |Δ²x| / (0.6745 √6): smooth absorption bands hardly change a second difference,
	 * noise does), the median over spectra added as noise to the raw spectra, carried through
	 * {@code preprocessing}, and the SD of the change divided by {@link #scale} of the
	 * preprocessed spectra. Same value for the same data (fixed draw). NaN for fewer than 2
	 * spectra or 3 points, or spectra that do not vary.
	 *
	 * @param raw the training spectra as read
	 * @param preprocessing fitted on {@code raw}
	 * @param preprocessed {@code raw} through {@code preprocessing} (the caller has it already)
	 */
	public static double instrumentNoise(final SpectralDataset raw, final Preprocessing preprocessing,
		final SpectralDataset preprocessed)
	{
		final int n = raw.size(), p = raw.points();
		if (n < 2 || p < 3) return Double.NaN;
		final float[] x = raw.data();
		final double[] sigma = new double[n];
		final double[] d2 = new double[p - 2];
		for (int i = 0; i < n; i++) {
			final int o = i * p;
			for (int j = 0; j < p - 2; j++) d2[j] = Math.abs(x[o + j] - 2.0 * x[o + j + 1] + x[o + j + 2]);
			sigma[i] = Intervals.median(d2) / (0.6745 * Math.sqrt(6));
		}
		final double sd = Intervals.median(sigma);
		final float[] noisy = x.clone();
		final SplittableRandom random = new SplittableRandom(0x5EED);
		for (int k = 0; k < noisy.length; k++) noisy[k] += (float) (sd * gaussian(random));
		final float[] a = preprocessed.data(), b = preprocessing.apply(raw.withSpectra(raw.axis(),
			noisy)).data();
		double sum = 0;
		for (int k = 0; k < a.length; k++) sum += (b[k] - a[k]) * (double) (b[k] - a[k]);
		final int[] all = new int[n];
		Arrays.setAll(all, i -> i);
		final double s = scale(a, preprocessed.points(), all);
		return s > 0 ? Math.sqrt(sum / a.length) / s : Double.NaN;
	}

	/** A standard normal draw (Box–Muller; SplittableRandom has no nextGaussian). */
	private static double gaussian(final SplittableRandom random) {
		final double u = 1 - random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
	}
}
