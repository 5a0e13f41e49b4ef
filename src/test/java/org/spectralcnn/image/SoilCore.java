package org.spectralcnn.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.io.SpectraIO;

/**
 * The soil-core cube of {@code ../shared/data/instruments/envi} (64 × 48 pixels, 106 bands
 * 400–2500 nm every 20 nm, mixtures of 20 real large_visnir spectra) and what a model needs to
 * map it: large_visnir on the cube's bands without the 20 spectra the cube was built from (the
 * truth CSV names them), and the clay truth per pixel.
 */
public final class SoilCore {

	public static final String CUBE = "instruments/envi/soilcore_bil_float32.hdr";
	public static final String TRUTH = "instruments/envi/soilcore_bil_float32_truth.csv";

	private SoilCore() {}

	public static Path cube() {
		return SharedData.require(CUBE);
	}

	/** Clay % per pixel, row-major, from the truth CSV ({@code line,sample,clay,components}). */
	public static double[] truth(final int width, final int height) throws IOException {
		final double[] clay = new double[width * height];
		Arrays.fill(clay, Double.NaN);
		final List<String> rows = Files.readAllLines(SharedData.require(TRUTH));
		for (final String row : rows.subList(1, rows.size())) {
			final String[] f = row.split(",");
			clay[Integer.parseInt(f[0]) * width + Integer.parseInt(f[1])] = Double.parseDouble(f[2]);
		}
		return clay;
	}

	/** The large_visnir ids mixed into the cube's pixels. */
	public static Set<String> sourceIds() throws IOException {
		final Set<String> ids = new HashSet<>();
		final List<String> rows = Files.readAllLines(SharedData.require(TRUTH));
		for (final String row : rows.subList(1, rows.size()))
			for (final String part : row.split(",")[3].split(";"))
				ids.add(part.substring(0, part.indexOf(':')));
		return ids;
	}

	/**
	 * large_visnir (clay) on the cube's wavelengths (the 2 nm columns at the cube's bands, no
	 * interpolation), without the cube's source spectra.
	 */
	public static SpectralDataset library(final SpectralImage cube) throws Exception {
		final SpectralDataset all = SpectraIO.open(SharedData.require(
			"large_visnir/large_visnir.csv.gz"));
		final int[] columns = new int[cube.axis().size()];
		for (int b = 0; b < columns.length; b++) {
			columns[b] = -1;
			for (int j = 0; j < all.points(); j++)
				if (Math.abs(all.axis().value(j) - cube.axis().value(b)) < 1e-6) columns[b] = j;
			if (columns[b] < 0) throw new IllegalStateException("no large_visnir column at " + cube
				.axis().value(b));
		}
		final Set<String> exclude = sourceIds();
		final boolean[] keep = new boolean[all.size()];
		for (int i = 0; i < keep.length; i++) keep[i] = !exclude.contains(all.id(i));
		final SpectralDataset kept = all.select(keep);
		final float[] v = new float[kept.size() * columns.length];
		for (int i = 0; i < kept.size(); i++)
			for (int b = 0; b < columns.length; b++) v[i * columns.length + b] = kept.value(i,
				columns[b]);
		return kept.withSpectra(cube.axis(), v);
	}

	/** RMSE and R² of a clay plane against the truth (pixels with a prediction). */
	public static Metrics score(final float[] predicted, final double[] truth) {
		final double[] p = new double[predicted.length];
		for (int i = 0; i < p.length; i++) p[i] = predicted[i];
		return Metrics.of(truth, p);
	}
}
