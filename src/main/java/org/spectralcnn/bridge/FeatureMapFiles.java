package org.spectralcnn.bridge;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spectralcnn.featuremaps.FeatureMapSet;
import org.spectralcnn.featuremaps.LayerKind;
import org.spectralcnn.featuremaps.LayerMaps;
import org.spectralcnn.io.AtomicFiles;

/** Feature maps written to a folder: the stacks as TIFFs, the pictures as PNGs, a table of layers. */
public final class FeatureMapFiles {

	/** The overview of every layer, written with the images. */
	public static final String TABLE = "layers.csv";
	/** Every name {@link #save} may write into its folder (layer and sample names vary). */
	public static final List<String> FILES = List.of("*.tif", "*.png", TABLE);

	private FeatureMapFiles() {}

	/**
	 * Writes everything into {@code folder} (created if needed), each file atomically:
	 * {@code NN_layer.tif} per layer ({@code 00_input.tif} first) and {@code kernels_conv1.tif};
	 * per layer and sample a PNG montage ({@code NN_layer.png}; the spectra plot for a 1-D
	 * model's input) and, for 1-D models, {@code NN_layer_profile.png}; with several samples the
	 * PNG names end in {@code _<sample id>}; and {@value #TABLE}, one row per layer.
	 *
	 * @return the files written, in order
	 */
	public static List<Path> save(final FeatureMapSet set, final String model, final Path folder)
		throws IOException
	{
		Files.createDirectories(folder);
		final List<Path> files = new ArrayList<>();
		final List<String[]> rows = new ArrayList<>();
		final int n = set.prepared().size();
		for (final LayerMaps m : set.layers()) {
			final String base = String.format(Locale.ROOT, "%02d_%s", m.index(), ReportPlots.fileSafe(m
				.name()));
			files.add(write(FeatureMapImages.toImagePlus(m, model), folder.resolve(base + ".tif")));
			rows.add(row(m, base + ".tif"));
			if (!m.isTwoD() && m.kind() == LayerKind.INPUT) {
				final Path f = folder.resolve(base + ".png");
				ImageFiles.savePng(FeatureMapPictures.inputPlot(set), f);
				files.add(f);
				continue;
			}
			for (int s = 0; s < n; s++) {
				final String suffix = n > 1 ? "_" + ReportPlots.fileSafe(set.prepared().id(s)) : "";
				files.add(writePng(FeatureMapPictures.montage(m, s, model), folder.resolve(base + suffix + ".png")));
				if (!m.isTwoD()) {
					final Path f = folder.resolve(base + "_profile" + suffix + ".png");
					ImageFiles.savePng(FeatureMapPictures.profile(m, set.prepared(), s), f);
					files.add(f);
				}
			}
		}
		final LayerMaps k = set.kernels();
		if (k != null) {
			final String base = "kernels_" + ReportPlots.fileSafe(k.name());
			files.add(write(FeatureMapImages.toImagePlus(k, model), folder.resolve(base + ".tif")));
			files.add(writePng(FeatureMapPictures.montage(k, 0, model), folder.resolve(base + ".png")));
			rows.add(row(k, base + ".tif"));
		}
		final Path table = folder.resolve(TABLE);
		final StringBuilder csv = new StringBuilder(
			"index,layer,kind,filters,height,width,slices,stride_x,stride_y,x_first,x_step,x_unit,y_first,y_step,y_unit,display_min,display_max,file,description\n");
		for (final String[] r : rows) csv.append(String.join(",", r)).append('\n');
		AtomicFiles.write(table, out -> out.write(csv.toString().getBytes(
			java.nio.charset.StandardCharsets.UTF_8)));
		files.add(table);
		return files;
	}

	private static Path write(final ImagePlus imp, final Path file) throws IOException {
		ImageFiles.saveTiff(imp, file);
		return file;
	}

	private static Path writePng(final ImagePlus imp, final Path file) throws IOException {
		ImageFiles.savePng(imp, file);
		return file;
	}

	private static String[] row(final LayerMaps m, final String file) {
		final LayerMaps.Range r = m.displayRange();
		return new String[] { Integer.toString(m.index()), m.name(), m.kind().label(), Integer
			.toString(m.filters()), Integer.toString(m.height()), Integer.toString(m.width()), Integer
				.toString(m.planeCount()), Integer.toString(m.strideX()), Integer.toString(m
					.strideY()), num(m.x().origin()), num(m.x().step()), m.x().unit(), num(m.y()
						.origin()), num(m.y().step()), m.y().unit(), num(r.min()), num(r.max()), file,
			'"' + m.description().replace("\"", "\"\"") + '"' };
	}

	private static String num(final double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}
}
