package org.spectralcnn.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.spectralcnn.data.SpectralDataset;

/**
 * A transfer case built from one shared library (TransferRobustness {@code -Dsplit=}): the
 * samples with a lab value are clustered by their spectra (SNV, the first 3 principal
 * components, k-means with k-means++ starts, the best of 20), the smallest cluster with at least
 * {@code localSize} samples becomes the "local" site ({@code localSize} of its samples, drawn at
 * random; the rest of it is left out so that the library holds nothing of that site) and the
 * other clusters the "global" library. Fixed seeds: the same split on every run.
 */
final class ClusterSplit {

	final SpectralDataset global, local;
	final String description;

	private ClusterSplit(final SpectralDataset global, final SpectralDataset local,
		final String description)
	{
		this.global = global;
		this.local = local;
		this.description = description;
	}

	static ClusterSplit of(final SpectralDataset all, final String target, final int k,
		final int localSize)
	{
		final double[] y = all.column(target);
		final List<Integer> known = new ArrayList<>();
		for (int i = 0; i < y.length; i++)
			if (!Double.isNaN(y[i])) known.add(i);
		final SpectralDataset data = all.subset(known.stream().mapToInt(Integer::intValue).toArray());
		final double[][] scores = scores(snv(data), 3);
		final int[] cluster = kMeans(scores, k, 20, new Random(0));
		final int[] size = new int[k];
		for (final int c : cluster) size[c]++;
		int chosen = -1;
		for (int c = 0; c < k; c++)
			if (size[c] >= localSize && (chosen < 0 || size[c] < size[chosen])) chosen = c;
		if (chosen < 0) throw new IllegalArgumentException("no cluster of " + localSize +
			" samples; sizes " + Arrays.toString(size));
		final List<Integer> site = new ArrayList<>(), rest = new ArrayList<>();
		for (int i = 0; i < cluster.length; i++) (cluster[i] == chosen ? site : rest).add(i);
		java.util.Collections.shuffle(site, new Random(0));
		final int[] localRows = site.subList(0, localSize).stream().mapToInt(Integer::intValue)
			.sorted().toArray();
		final SpectralDataset local = data.subset(localRows), global = data.subset(rest.stream()
			.mapToInt(Integer::intValue).toArray());
		final double[] yl = local.column(target), yg = global.column(target);
		final String d = String.format(Locale.ROOT, "%d samples with %s; k-means clusters %s; " +
			"local: %d of cluster %d (%s mean %.2f ± %.2f), global: the other %d (mean %.2f ± %.2f)",
			data.size(), target, Arrays.toString(size), localSize, chosen, target, NirsoilRecipe.mean(
				yl), NirsoilRecipe.sd(yl), global.size(), NirsoilRecipe.mean(yg), NirsoilRecipe.sd(yg));
		return new ClusterSplit(global, local, d);
	}

	/** Writes both parts as wide CSV tables, {@code prefix_global.csv} and {@code prefix_local.csv}. */
	Path[] write(final Path prefix) throws java.io.IOException {
		final Path g = Path.of(prefix + "_global.csv"), l = Path.of(prefix + "_local.csv");
		org.spectralcnn.io.SpectraWriter.write(global, g);
		org.spectralcnn.io.SpectraWriter.write(local, l);
		return new Path[] { g, l };
	}

	private static double[][] snv(final SpectralDataset d) {
		final double[][] x = new double[d.size()][];
		for (int i = 0; i < x.length; i++) {
			final float[] s = d.spectrum(i);
			double m = 0, v = 0;
			for (final float f : s) m += f;
			m /= s.length;
			for (final float f : s) v += (f - m) * (f - m);
			final double sd = Math.sqrt(v / (s.length - 1));
			x[i] = new double[s.length];
			for (int j = 0; j < s.length; j++) x[i][j] = (s[j] - m) / sd;
		}
		return x;
	}

	/** NIPALS principal component scores of the column-centred rows. */
	private static double[][] scores(final double[][] x0, final int a) {
		final int n = x0.length, p = x0[0].length;
		final double[][] x = new double[n][];
		for (int i = 0; i < n; i++) x[i] = x0[i].clone();
		for (int j = 0; j < p; j++) {
			double m = 0;
			for (final double[] r : x) m += r[j];
			m /= n;
			for (final double[] r : x) r[j] -= m;
		}
		final double[][] t = new double[n][a];
		for (int c = 0; c < a; c++) {
			double[] score = new double[n];
			for (int i = 0; i < n; i++) score[i] = x[i][0];
			final double[] w = new double[p];
			for (int it = 0; it < 500; it++) {
				Arrays.fill(w, 0);
				double tt = 0;
				for (int i = 0; i < n; i++) {
					tt += score[i] * score[i];
					for (int j = 0; j < p; j++) w[j] += x[i][j] * score[i];
				}
				double norm = 0;
				for (int j = 0; j < p; j++) norm += (w[j] /= tt) * w[j];
				norm = Math.sqrt(norm);
				for (int j = 0; j < p; j++) w[j] /= norm;
				final double[] next = new double[n];
				double change = 0, size = 0;
				for (int i = 0; i < n; i++) {
					for (int j = 0; j < p; j++) next[i] += x[i][j] * w[j];
					change += (next[i] - score[i]) * (next[i] - score[i]);
					size += next[i] * next[i];
				}
				score = next;
				if (change < 1e-20 * size) break;
			}
			for (int i = 0; i < n; i++) {
				t[i][c] = score[i];
				for (int j = 0; j < p; j++) x[i][j] -= score[i] * w[j];
			}
		}
		return t;
	}

	/** Lloyd's k-means from k-means++ starts; the lowest within-cluster sum of squares of the starts. */
	private static int[] kMeans(final double[][] x, final int k, final int starts, final Random rnd) {
		int[] best = null;
		double bestCost = Double.POSITIVE_INFINITY;
		for (int s = 0; s < starts; s++) {
			final double[][] c = new double[k][];
			c[0] = x[rnd.nextInt(x.length)].clone();
			for (int m = 1; m < k; m++) {
				final double[] d = new double[x.length];
				double sum = 0;
				for (int i = 0; i < x.length; i++) {
					d[i] = Double.POSITIVE_INFINITY;
					for (int q = 0; q < m; q++) d[i] = Math.min(d[i], dist(x[i], c[q]));
					sum += d[i];
				}
				double r = rnd.nextDouble() * sum;
				int pick = 0;
				while (pick < x.length - 1 && (r -= d[pick]) > 0) pick++;
				c[m] = x[pick].clone();
			}
			final int[] label = new int[x.length];
			double cost = 0;
			for (int it = 0; it < 100; it++) {
				boolean moved = it == 0;
				cost = 0;
				for (int i = 0; i < x.length; i++) {
					int arg = 0;
					for (int q = 1; q < k; q++)
						if (dist(x[i], c[q]) < dist(x[i], c[arg])) arg = q;
					if (arg != label[i]) moved = true;
					label[i] = arg;
					cost += dist(x[i], c[arg]);
				}
				if (!moved) break;
				for (int q = 0; q < k; q++) {
					final double[] sum = new double[x[0].length];
					int count = 0;
					for (int i = 0; i < x.length; i++)
						if (label[i] == q) {
							count++;
							for (int j = 0; j < sum.length; j++) sum[j] += x[i][j];
						}
					if (count == 0) continue;
					for (int j = 0; j < sum.length; j++) sum[j] /= count;
					c[q] = sum;
				}
			}
			if (cost < bestCost) {
				bestCost = cost;
				best = label.clone();
			}
		}
		return best;
	}

	private static double dist(final double[] a, final double[] b) {
		double s = 0;
		for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
		return s;
	}
}
