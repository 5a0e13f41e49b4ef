package org.spectralcnn.bridge;

import ij.ImagePlus;
import ij.gui.Plot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.evaluate.Metrics;
import org.spectralcnn.io.AtomicFiles;
import org.spectralcnn.io.SpectraWriter;
import org.spectralcnn.plsr.PlsrTraining;
import org.spectralcnn.plsr.PlsrWorkflow;

/**
 * The report folder of Train PLSR:
 * <ul>
 * <li>{@code metrics.csv}: per target, the calibration, cross-validation (chosen k) and test
 * (split column 0) metrics: n, RMSE, R², RPD, RPIQ, bias, CCC; with spiked local samples also
 * theirs, each predicted by a model spiked without its fold, and by the model without spiking;</li>
 * <li>{@code rmsecv.csv}: per target and k, RMSECV, its standard error and the chosen k;
 * {@code rmsecv_<target>.png} its plot;</li>
 * <li>{@code vip_coefficients.csv}: per spectral point, VIP and coefficient of each target;
 * {@code vip_<target>.png} and {@code coefficients_<target>.png} their plots;</li>
 * <li>{@code scatter_<target>.png}: observed vs predicted of the test samples (of the
 * cross-validation without a test set);</li>
 * <li>{@code predictions.csv}: id, calibration (1) or test (0), then observed (empty when
 * missing) and predicted value of each target for every sample.</li>
 * </ul>
 */
public final class PlsrReport {

	/** Every name {@link #write} may write into its folder (globs for the per-target plots). */
	public static final List<String> FILES = List.of("metrics.csv", "rmsecv.csv",
		"vip_coefficients.csv", "predictions.csv", "rmsecv_*.png", "vip_*.png", "coefficients_*.png",
		"scatter_*.png");

	private PlsrReport() {}

	/** Writes the report; returns the files written, which go in place together. */
	public static List<Path> write(final Path dir, final PlsrWorkflow.Result r) throws IOException {
		return AtomicFiles.together(() -> writeFiles(dir, r));
	}

	private static List<Path> writeFiles(final Path dir, final PlsrWorkflow.Result r)
		throws IOException
	{
		Files.createDirectories(dir);
		final List<Path> files = new ArrayList<>();
		final String selection = r.model().manifest().getAsJsonObject("training").get("selection")
			.getAsString();

		final StringBuilder metrics = new StringBuilder("target,set,components");
		for (final String name : Metrics.NAMES) metrics.append(',').append(name);
		metrics.append('\n');
		for (final PlsrWorkflow.TargetMetrics m : r.metrics()) {
			row(metrics, m.target(), "calibration", m.components(), m.calibration());
			row(metrics, m.target(), "cross-validation", m.components(), m.crossValidation());
			if (m.test().n() > 0) row(metrics, m.target(), "test", m.components(), m.test());
			if (m.spikedLocal().n() > 0) {
				row(metrics, m.target(), "local cross-validation", m.components(), m
					.spikedLocal());
				row(metrics, m.target(), "local without spiking", m.components(), m.libraryLocal());
			}
		}
		files.add(text(dir.resolve("metrics.csv"), metrics.toString()));

		final StringBuilder curve = new StringBuilder("target,components,RMSECV,RMSECV_SE,chosen\n");
		for (final PlsrTraining.TargetFit f : r.fits())
			for (int k = 1; k <= f.cv().maxComponents(); k++)
				curve.append(csv(f.target())).append(',').append(k).append(',').append(f.cv().rmsecv()[k -
					1]).append(',').append(f.cv().standardError()[k - 1]).append(',').append(k == f
						.components() ? 1 : 0).append('\n');
		files.add(text(dir.resolve("rmsecv.csv"), curve.toString()));

		final SpectralAxis axis = r.input().axis();
		final List<double[]> vips = new ArrayList<>(), betas = new ArrayList<>();
		for (final PlsrTraining.TargetFit f : r.fits()) {
			vips.add(f.model().vip(f.components()));
			betas.add(f.model().coefficients(f.components()));
		}
		final StringBuilder vc = new StringBuilder(axisHeader(axis));
		for (final PlsrTraining.TargetFit f : r.fits()) vc.append(',').append(csv("VIP " + f
			.target())).append(',').append(csv("coefficient " + f.target()));
		vc.append('\n');
		for (int j = 0; j < axis.size(); j++) {
			vc.append(axis.value(j));
			for (int t = 0; t < r.fits().size(); t++) vc.append(',').append(vips.get(t)[j]).append(',')
				.append(betas.get(t)[j]);
			vc.append('\n');
		}
		files.add(text(dir.resolve("vip_coefficients.csv"), vc.toString()));

		final Map<String, double[]> columns = new LinkedHashMap<>();
		final double[] set = new double[r.input().size()];
		for (int i = 0; i < set.length; i++) set[i] = r.calibration()[i] ? 1 : 0;
		columns.put("calibration", set);
		final double[][] y = r.input().targets(r.model().targets());
		for (int t = 0; t < r.fits().size(); t++) {
			final double[] obs = new double[set.length], pr = new double[set.length];
			for (int i = 0; i < set.length; i++) {
				obs[i] = y[i][t];
				pr[i] = r.predictions()[i][t];
			}
			columns.put(r.fits().get(t).target(), obs);
			columns.put(r.fits().get(t).target() + "_predicted", pr);
		}
		final Path predictions = dir.resolve("predictions.csv");
		SpectraWriter.writeColumns(predictions, r.input().idColumn(), r.input().ids(), columns);
		files.add(predictions);

		for (int t = 0; t < r.fits().size(); t++) {
			final PlsrTraining.TargetFit f = r.fits().get(t);
			final String safe = fileName(f.target());
			files.add(png(dir.resolve("rmsecv_" + safe + ".png"), PlsrPlots.rmsecv(f.target(), f.cv(),
				f.components(), selection)));
			files.add(png(dir.resolve("vip_" + safe + ".png"), PlsrPlots.vip(f.target(), axis, vips
				.get(t), f.components())));
			files.add(png(dir.resolve("coefficients_" + safe + ".png"), PlsrPlots.coefficients(f
				.target(), axis, betas.get(t), f.components())));
			// observed vs predicted: the test samples, or the cross-validated ones without a test set
			final PlsrWorkflow.TargetMetrics m = r.metrics().get(t);
			final double[] obs, pr;
			final String what;
			if (m.test().n() > 0) {
				obs = new double[r.input().size()];
				pr = new double[obs.length];
				for (int i = 0; i < obs.length; i++) {
					obs[i] = r.test()[i] ? y[i][t] : Double.NaN;
					pr[i] = r.predictions()[i][t];
				}
				what = " (test)";
			}
			else {
				obs = f.y();
				pr = new double[obs.length];
				for (int i = 0; i < obs.length; i++) pr[i] = f.cv().predictions()[i][f.components() - 1];
				what = " (cross-validation)";
			}
			files.add(png(dir.resolve("scatter_" + safe + ".png"), ReportPlots.scatter(f.target() +
				what, obs, pr, m.test().n() > 0 ? m.test() : m.crossValidation())));
		}
		return files;
	}

	private static void row(final StringBuilder sb, final String target, final String set,
		final int k, final Metrics m)
	{
		sb.append(csv(target)).append(',').append(set).append(',').append(k);
		final double[] v = m.values();
		sb.append(',').append(m.n());
		for (int i = 1; i < v.length; i++) sb.append(',').append(v[i]);
		sb.append('\n');
	}

	static String axisHeader(final SpectralAxis axis) {
		switch (axis.unit().symbol()) {
			case "nm":
				return "wavelength_nm";
			case "cm^-1":
				return "wavenumber_cm-1";
			case "keV":
				return "energy_keV";
			default:
				return "channel";
		}
	}

	/** A target name made safe for a file name. */
	static String fileName(final String name) {
		final String s = ReportPlots.fileSafe(name);
		return s.isEmpty() ? "target" : s;
	}

	static String csv(final String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	static Path text(final Path file, final String content) throws IOException {
		AtomicFiles.writeText(file, w -> w.write(content));
		return file;
	}

	static Path png(final Path file, final Plot plot) throws IOException {
		ImageFiles.savePng(plot, file);
		return file;
	}

	static Path png(final Path file, final ImagePlus imp) throws IOException {
		ImageFiles.savePng(imp, file);
		return file;
	}
}
