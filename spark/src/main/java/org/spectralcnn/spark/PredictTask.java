package org.spectralcnn.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.CnnModel;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.model.SpectralModel;
import org.spectralcnn.model.TrustedPredictions;
import org.spectralcnn.models.Models;

/**
 * One partition of {@link PredictJob}: loads the model once from the broadcast bytes, then
 * predicts each file of each unit as Predict with Model does (read, put on the model's grid,
 * {@link Intervals#predict}) and writes each unit's files ({@link UnitFiles}). A file that fails
 * gives one row with its error; the others go on.
 */
final class PredictTask implements FlatMapFunction<Iterator<WorkUnit>, UnitFiles.Summary> {

	private static final long serialVersionUID = 1L;

	/** {@code EnviCube.pixelId}'s form. */
	private static final Pattern PIXEL = Pattern.compile("y(\\d+)_x(\\d+)");

	private final Broadcast<byte[]> model;
	private final PredictJob.PredictSettings settings;
	private final PredictJob.PredictColumns columns;
	private final UnitFiles files;

	PredictTask(final Broadcast<byte[]> model, final PredictJob.PredictSettings settings,
		final PredictJob.PredictColumns columns, final UnitFiles files)
	{
		this.model = model;
		this.settings = settings;
		this.columns = columns;
		this.files = files;
	}

	@Override
	public Iterator<UnitFiles.Summary> call(final Iterator<WorkUnit> units) throws Exception {
		final List<UnitFiles.Summary> done = new ArrayList<>();
		SpectralModel m = null;
		String loadError = null;
		try {
			m = load(model.value());
			if (m instanceof CnnModel) Executors.oneBlasThread();
		}
		catch (final Exception e) {
			loadError = "model: " + e.getMessage();
		}
		while (units.hasNext()) {
			final WorkUnit u = units.next();
			final long t0 = System.nanoTime();
			final List<Object[]> rows = new ArrayList<>();
			for (final String file : u.files()) {
				if (m == null) {
					rows.add(error(file, u.describe(file) + ": " + loadError));
					continue;
				}
				try {
					predict(m, file, u, rows);
				}
				catch (final Exception | OutOfMemoryError e) {
					rows.add(error(file, u.failure(file, e)));
				}
			}
			done.add(files.write(u.key(), rows, System.nanoTime() - t0));
		}
		return done.iterator();
	}

	/** The model file's bytes as a model: Models reads files, so through a temporary one. */
	static SpectralModel load(final byte[] bytes) throws Exception {
		final Path tmp = Files.createTempFile("spectral-cnn-model", ".zip");
		try {
			Files.write(tmp, bytes);
			return Models.load(tmp);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	private void predict(final SpectralModel m, final String file, final WorkUnit u,
		final List<Object[]> rows) throws Exception
	{
		final SpectralDataset raw = u.read(file);
		final SpectralDataset data = InputGrid.conform(raw, m.inputAxis(), note -> {});
		final TrustedPredictions tp = Intervals.predict(m, data, settings.confidence(), settings
			.mcPasses(), settings.seed());
		final int nt = columns.targets().size();
		final int width = 5 + columns.numbers().size() + (columns.domain() ? 1 : 0) + 1;
		final List<Object[]> out = new ArrayList<>(raw.size());
		for (int i = 0; i < raw.size(); i++) {
			final Object[] v = new Object[width];
			int k = 0;
			v[k++] = file;
			v[k++] = u.firstRow() + i;
			final String id = raw.id(i);
			v[k++] = id;
			final Matcher px = PIXEL.matcher(id);
			final boolean pixel = file.toLowerCase(java.util.Locale.ROOT).endsWith(".hdr") && px
				.matches();
			v[k++] = pixel ? Integer.valueOf(px.group(2)) : null;
			v[k++] = pixel ? Integer.valueOf(px.group(1)) : null;
			for (int t = 0; t < nt; t++) {
				v[k++] = tp.prediction()[i][t];
				if (columns.intervals()) {
					v[k++] = tp.lower()[i][t];
					v[k++] = tp.upper()[i][t];
				}
				if (columns.memberSd()) v[k++] = tp.memberSd()[i][t];
			}
			if (columns.domain()) {
				v[k++] = tp.t2()[i];
				v[k++] = tp.q()[i];
				v[k++] = tp.outOfDomain()[i];
			}
			v[k] = null;
			out.add(v);
		}
		rows.addAll(out);
	}

	private Object[] error(final String file, final String text) {
		final Object[] v = new Object[5 + columns.numbers().size() + (columns.domain() ? 1 : 0) + 1];
		v[0] = file;
		v[v.length - 1] = text;
		return v;
	}
}
