package org.spectralcnn.benchmarks;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.io.SpectraIO;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.plsr.Folds;
import org.spectralcnn.plsr.Mbl;
import org.spectralcnn.transfer.LibraryMethods;

/**
 * MBL and Spiking as {@code ../shared/peers/local_methods_large_visnir.py} runs them: the library
 * resampled onto the local 10 nm grid, log(1/R), SG(11,2,1), SNV, 5-fold × 3 (seeds 0, 1, 2) over
 * the 30 local samples, library plus the training locals as memory, correlation neighbours
 * (and the PLS-score neighbours of the default), k = 100 and 200, 3..15 latent variables. Prints
 * mean ± SD (population SD, as numpy's) over the 15 folds, to set beside the peer's table.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.spectralcnn.benchmarks.MblPeerCheck \
 *   ../shared/data/large_visnir/large_visnir.csv.gz ../shared/data/large_visnir/local_visnir.csv
 * </pre>
 */
public final class MblPeerCheck {

	public static void main(final String[] args) throws Exception {
		final SpectralDataset local = SpectraIO.open(Paths.get(args[1]));
		final SpectralDataset library = InputGrid.conform(SpectraIO.open(Paths.get(args[0])), local
			.axis(), s -> {});
		final double[] y = local.column("clay");
		for (final Mbl.Dissimilarity d : Mbl.Dissimilarity.values())
			for (final int k : new int[] { 100, 200 }) {
				final LibraryMethods m = LibraryMethods.prepare(new LibraryMethods.Options(library,
					"absorbance, sg(11,2,1), snv", 5, new Mbl.Settings(k, 3, 15, 20, d)), List.of("clay"),
					s -> {});
				final List<Double> mbl = new ArrayList<>(), spiking = new ArrayList<>();
				for (int r = 0; r < 3; r++) {
					final int[] fold = Folds.kFold(local.size(), 5, r);
					for (int f = 0; f < 5; f++) {
						final List<Integer> cal = new ArrayList<>(), test = new ArrayList<>();
						for (int i = 0; i < fold.length; i++) (fold[i] == f ? test : cal).add(i);
						final SpectralDataset c = local.subset(cal.stream().mapToInt(Integer::intValue).toArray());
						final SpectralDataset t = local.subset(test.stream().mapToInt(Integer::intValue)
							.toArray());
						final double[] obs = new double[t.size()];
						for (int i = 0; i < obs.length; i++) obs[i] = y[test.get(i)];
						mbl.add(rmse(obs, m.mbl(c, t)));
						if (k == 100 && d == Mbl.Dissimilarity.PLS) spiking.add(rmse(obs, m.spiking(c, t)));
					}
				}
				System.out.println(String.format(Locale.ROOT, "MBL %s k=%d: %s", d.key(), k, text(mbl)));
				if (!spiking.isEmpty()) System.out.println("Spiking ×5 (LVs by library CV): " + text(
					spiking));
			}
	}

	private static double rmse(final double[] obs, final double[][] p) {
		final double[] q = new double[p.length];
		for (int i = 0; i < q.length; i++) q[i] = p[i][0];
		return Metrics.of(obs, q).rmse();
	}

	private static String text(final List<Double> v) {
		double s = 0, ss = 0;
		for (final double x : v) s += x;
		final double m = s / v.size();
		for (final double x : v) ss += (x - m) * (x - m);
		return String.format(Locale.ROOT, "%.2f ± %.2f", m, Math.sqrt(ss / v.size()));
	}
}
