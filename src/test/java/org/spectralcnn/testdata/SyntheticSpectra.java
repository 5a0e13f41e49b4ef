package org.spectralcnn.testdata;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded, physically plausible synthetic spectra for tests, the demo and benchmarks.
 * <p>
 * Soil vis-NIR reflectance: a continuum whose albedo falls with organic carbon, multiplied by
 * Gaussian absorption bands whose depths follow the soil properties (Fe oxides near 480 and
 * 900 nm; water/OH at 1414 and 1914 nm, deeper with clay; Al-OH of clay minerals at 2206 nm;
 * C-H of organic matter at 1730 and 2310 nm), a multiplicative scatter term and white noise. XRF
 * and gamma spectra: Gaussian peaks at real line energies over a smooth continuum, with Poisson
 * counting noise.
 */
public final class SyntheticSpectra {

	/** Soil samples: spectra (reflectance, n × p row-major) and their properties. */
	public static final class Soil {

		public final double[] wavelengths;
		public final float[] reflectance;
		public final double[] clay;
		public final double[] organicCarbon;

		Soil(final double[] wavelengths, final float[] reflectance, final double[] clay,
			final double[] organicCarbon)
		{
			this.wavelengths = wavelengths;
			this.reflectance = reflectance;
			this.clay = clay;
			this.organicCarbon = organicCarbon;
		}

		public int size() {
			return clay.length;
		}
	}

	private SyntheticSpectra() {}

	/** The grid {@code from, from + step, … ≤ to}. */
	public static double[] grid(final double from, final double to, final double step) {
		final int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
		final double[] g = new double[n];
		for (int i = 0; i < n; i++) g[i] = from + i * step;
		return g;
	}

	/**
	 * @param n number of samples
	 * @param wavelengths grid in nm (anything within 350–2500)
	 * @param seed random seed: the same seed gives the same samples
	 * @param bandShift nm added to every band centre (an instrument or domain shift, 0 = none)
	 */
	public static Soil soil(final int n, final double[] wavelengths, final long seed,
		final double bandShift)
	{
		final SplittableRandom rnd = new SplittableRandom(seed);
		final int p = wavelengths.length;
		final float[] r = new float[n * p];
		final double[] clay = new double[n];
		final double[] oc = new double[n];
		for (int i = 0; i < n; i++) {
			clay[i] = 5 + 60 * Math.pow(rnd.nextDouble(), 1.3); // %
			oc[i] = Math.exp(Math.log(1.2) + 0.6 * gaussian(rnd)); // %
			final double iron = rnd.nextDouble();
			final double moisture = 0.2 + 0.8 * rnd.nextDouble();
			final double carbonate = rnd.nextDouble() < 0.3 ? 0.15 * rnd.nextDouble() : 0;
			final double kaolinite = rnd.nextDouble(); // share of 1:1 clay (2165 nm shoulder)
			final double mineralogy = 0.7 + 0.6 * rnd.nextDouble(); // band strength per % clay
			// organic matter darkens soils non-linearly; texture and moisture add their own share
			final double albedo = 0.62 - 0.22 * (1 - Math.exp(-oc[i] / 2.5)) - 0.0012 * clay[i] -
				0.08 * moisture + 0.05 * gaussian(rnd);
			final double slope = 0.08 * gaussian(rnd);
			final double scatter = 1 + 0.10 * gaussian(rnd);
			final double offset = 0.02 * gaussian(rnd);
			for (int j = 0; j < p; j++) {
				final double w = wavelengths[j];
				final double x = (w - 1400) / 1100;
				double v = albedo * (1 - 0.55 * Math.exp(-(w - 350) / 260)) * (1 + slope * x);
				v *= 1 - 0.12 * iron * band(w, 480 + bandShift, 60) - 0.08 * iron * band(w, 900 +
					bandShift, 110);
				v *= 1 - (0.04 + 0.0015 * clay[i]) * moisture * band(w, 1414 + bandShift, 22);
				v *= 1 - (0.10 + 0.0025 * clay[i]) * moisture * band(w, 1914 + bandShift, 32);
				v *= 1 - 0.003 * mineralogy * clay[i] * (band(w, 2206 + bandShift, 16) + 0.6 * kaolinite * band(w,
					2165 + bandShift, 12));
				v *= 1 - 0.02 * oc[i] / (1 + 0.15 * oc[i]) * (band(w, 1730 + bandShift, 30) + 1.2 *
					band(w, 2310 + bandShift, 28));
				v *= 1 - carbonate * band(w, 2340 + bandShift, 25);
				v = v * scatter + offset + 0.0015 * gaussian(rnd);
				r[i * p + j] = (float) Math.min(0.99, Math.max(0.005, v));
			}
		}
		return new Soil(wavelengths, r, clay, oc);
	}

	/** Unit-depth Gaussian band. */
	private static double band(final double w, final double centre, final double sigma) {
		final double z = (w - centre) / sigma;
		return Math.exp(-0.5 * z * z);
	}

	private static double gaussian(final SplittableRandom rnd) {
		double u;
		do
			u = rnd.nextDouble();
		while (u == 0);
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
	}

	/** Poisson-distributed count with mean {@code lambda} (normal approximation above 50). */
	static long poisson(final SplittableRandom rnd, final double lambda) {
		if (lambda <= 0) return 0;
		if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rnd)));
		final double l = Math.exp(-lambda);
		long k = 0;
		double prod = rnd.nextDouble();
		while (prod > l) {
			k++;
			prod *= rnd.nextDouble();
		}
		return k;
	}

	/**
	 * XRF counts per channel for a rock/soil with the given element intensities.
	 *
	 * @param energiesKeV channel energies
	 * @param lines pairs of (line energy keV, peak area in counts)
	 */
	public static long[] xrf(final double[] energiesKeV, final double[][] lines, final long seed) {
		final SplittableRandom rnd = new SplittableRandom(seed);
		final long[] counts = new long[energiesKeV.length];
		for (int c = 0; c < counts.length; c++) {
			final double e = energiesKeV[c];
			// bremsstrahlung-like continuum scattered from a 28 kV tube, cut by the detector window
			double mean = e <= 0.5 ? 0 : 40 * (28 - Math.min(e, 28)) / 28 * (1 - Math.exp(-(e - 0.5) /
				1.5));
			for (final double[] line : lines) {
				final double sigma = 0.06 + 0.004 * line[0]; // detector resolution grows with energy
				mean += line[1] * band(e, line[0], sigma) * (energiesKeV[1] - energiesKeV[0]) / (sigma *
					Math.sqrt(2 * Math.PI));
			}
			counts[c] = poisson(rnd, mean);
		}
		return counts;
	}

	/** Gamma counts per channel: photopeaks over a falling Compton continuum. */
	public static long[] gamma(final double[] energiesKeV, final double[][] lines, final long seed) {
		final SplittableRandom rnd = new SplittableRandom(seed);
		final long[] counts = new long[energiesKeV.length];
		for (int c = 0; c < counts.length; c++) {
			final double e = energiesKeV[c];
			double mean = e < 20 ? 0 : 400 * Math.exp(-e / 350) + 5;
			for (final double[] line : lines) {
				final double sigma = 0.035 * line[0] / 2.355 * Math.sqrt(662 / line[0]); // NaI-like
				mean += line[1] * band(e, line[0], sigma) * (energiesKeV[1] - energiesKeV[0]) / (sigma *
					Math.sqrt(2 * Math.PI));
			}
			counts[c] = poisson(rnd, mean);
		}
		return counts;
	}

	/** Shortest decimal that reads back as the same float, without exponent for usual sizes. */
	public static String format(final float v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e7) return Long.toString((long) v);
		final String s = Float.toString(v);
		return s.contains("E") ? new java.math.BigDecimal(s).toPlainString() : s;
	}

	/** Fixed number of significant digits, for compact test files. */
	public static String format(final double v, final int significant) {
		return new java.math.BigDecimal(String.format(Locale.ROOT, "%." + (significant - 1) + "e", v))
			.stripTrailingZeros().toPlainString();
	}
}
