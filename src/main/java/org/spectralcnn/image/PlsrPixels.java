package org.spectralcnn.image;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.model.Calibration;
import org.spectralcnn.model.ConformalScores;
import org.spectralcnn.model.DomainModel;
import org.spectralcnn.model.InputGrid;
import org.spectralcnn.model.Intervals;
import org.spectralcnn.plsr.Pls1;
import org.spectralcnn.plsr.PlsrModel;

/**
 * PLSR over an image block on primitive arrays: what {@link Intervals#predict} computes for a
 * PLSR model, without the spectra-table path's per-block objects and per-latent-variable work.
 * Per target one coefficient vector and intercept of the model at its chosen number of latent
 * variables (ŷ = b₀ + x·β, {@link Pls1#coefficients}; equal to Predict with Model's sum over
 * the latent variables to double rounding), the interval ŷ ± q̂ with q̂ the stored split
 * conformal quantile at the run's confidence (as {@link Intervals#predict}), and T² and Q by
 * {@link DomainModel.Lanes} (the same doubles as for a table).
 * <p>
 * The block is held band by band ({@code x[band * stride + pixel]}), as a BIL line is stored,
 * so the loops run over pixels with one coefficient at a time. A model with preprocessing, or a
 * cube whose good bands are not the model's grid, takes the block's valid pixels through the
 * table path's resampling ({@link InputGrid#conform}) and the model's own preprocessing first;
 * a raw-reflectance model on the cube's own bands reads straight from the block.
 */
final class PlsrPixels {

	/**
	 * Values per block (rounded to whole lines, at least one): a block is read and then predicted
	 * by the same worker while it is still in its core's cache.
	 */
	static final int BLOCK_VALUES = 1 << 16;

	private final PlsrModel model;
	private final int targets;
	private final double[][] beta;
	private final double[] intercept;
	/** Half-width of each target's interval, or null without a calibration. */
	private final double[] halfWidth;
	private final DomainModel domain;
	/** No resampling or preprocessing: model point j is the block's row {@code rows[j]}. */
	private final boolean raw;
	private final int[] rows;
	private final int slices;

	PlsrPixels(final PlsrModel model, final ImagePrediction.Bands bands, final double confidence,
		final int slices)
	{
		ConformalScores.requireConfidence(confidence);
		this.model = model;
		this.slices = slices;
		final List<PlsrModel.TargetModel> models = model.models();
		targets = models.size();
		beta = new double[targets][];
		intercept = new double[targets];
		for (int t = 0; t < targets; t++) {
			final PlsrModel.TargetModel tm = models.get(t);
			beta[t] = tm.model().coefficients(tm.components());
			intercept[t] = tm.model().intercept(tm.components());
		}
		final Calibration cal = model.calibration();
		halfWidth = cal == null ? null : new double[targets];
		if (cal != null) for (int t = 0; t < targets; t++)
			halfWidth[t] = cal.target(model.targets().get(t)).split().quantile(confidence);
		domain = cal == null ? null : cal.domain();
		raw = model.preprocessing().isEmpty() && bands.axis().sameGrid(model.inputAxis());
		final int p = model.modelAxis().size();
		rows = raw ? bands.good() : new int[p];
		if (!raw) for (int j = 0; j < p; j++) rows[j] = j;
		if (rows.length != p) throw new IllegalStateException(rows.length + " bands for " + p +
			" coefficients");
	}

	/** How the intervals were made, as {@link Intervals#predict} names it. */
	String method() {
		return halfWidth == null ? null : Intervals.SPLIT;
	}

	/** One worker's arrays, reused from block to block. */
	final class Work {

		final float[] block;
		final int[] index;
		final float[] finite;
		final double[][] y;
		final double[] t2, q;
		final DomainModel.Lanes lanes = domain == null ? null : domain.lanes();
		final float[][] out;
		float[] prepared = new float[0];

		Work(final int pixels, final int bands) {
			block = new float[bands * pixels];
			index = new int[pixels];
			finite = new float[pixels];
			y = new double[targets][pixels];
			t2 = new double[pixels];
			q = new double[pixels];
			out = new float[slices][pixels];
		}
	}

	Work work(final int pixels, final int bands) {
		return new Work(pixels, bands);
	}

	/** Predicts lines y0..y1; returns predicted, masked, invalid and out-of-domain counts. */
	long[] block(final SpectralImage image, final ImagePrediction.Bands bands, final boolean[] mask,
		final Work ws, final String[] idPool, final int y0, final int y1,
		final PredictionPlanes planes, final Consumer<String> notes) throws IOException
	{
		final int w = image.width(), pixels = (y1 - y0) * w;
		final float[] x = ws.block;
		for (int k = y0; k < y1; k++) // the workers read at once
			image.readLineBands(k, x, (k - y0) * w, pixels);
		int valid = 0;
		long masked = 0, invalid = 0;
		if (raw) {
			// every pixel of the block where it lies: a non-finite value in a good band makes ŷ
			// NaN or infinite, so only those pixels need a look at their values
			predict(x, pixels, pixels, ws);
			final double[] y = ws.y[0];
			for (int i = 0; i < pixels; i++) {
				if (mask != null && !mask[y0 * w + i]) masked++;
				else if (Double.isFinite(y[i]) || finite(x, bands.good(), pixels, i)) ws.index[valid++] = i;
				else invalid++;
			}
		}
		else {
			// v − v is 0 for a finite value and NaN otherwise: one pass over the block
			final float[] finite = ws.finite;
			Arrays.fill(finite, 0, pixels, 0);
			for (final int b : bands.good()) {
				final int o = b * pixels;
				for (int i = 0; i < pixels; i++) finite[i] += x[o + i] - x[o + i];
			}
			for (int i = 0; i < pixels; i++) {
				if (mask != null && !mask[y0 * w + i]) masked++;
				else if (finite[i] != 0) invalid++;
				else ws.index[valid++] = i;
			}
			if (valid > 0) predict(prepared(image, bands, ws, idPool, valid, pixels, notes), valid,
				valid, ws);
		}
		for (int s = 0; s < slices; s++)
			Arrays.fill(ws.out[s], 0, pixels, Float.NaN);
		long flagged = 0;
		for (int v = 0; v < valid; v++) {
			final int at = ws.index[v], i = raw ? at : v;
			int s = 0;
			for (int t = 0; t < targets; t++) {
				final double yt = ws.y[t][i];
				ws.out[s++][at] = (float) yt;
				if (halfWidth != null) {
					ws.out[s++][at] = (float) (yt - halfWidth[t]);
					ws.out[s++][at] = (float) (yt + halfWidth[t]);
				}
			}
			if (domain != null) {
				ws.out[s++][at] = (float) ws.t2[i];
				ws.out[s++][at] = (float) ws.q[i];
				final boolean out = domain.outOfDomain(ws.t2[i], ws.q[i]);
				ws.out[s][at] = out ? 1 : 0;
				if (out) flagged++;
			}
		}
		for (int s = 0; s < slices; s++)
			for (int k = y0; k < y1; k++)
				planes.writeLine(s, k, ws.out[s], (k - y0) * w);
		return new long[] { valid, masked, invalid, flagged };
	}

	/** Whether pixel i has a finite value in every good band. */
	private static boolean finite(final float[] x, final int[] good, final int stride, final int i) {
		for (final int b : good)
			if (!Float.isFinite(x[b * stride + i])) return false;
		return true;
	}

	/** ŷ per target, and T² and Q, of the n spectra {@code in[rows[j] * stride + i]}. */
	private void predict(final float[] in, final int stride, final int n, final Work ws) {
		for (int t = 0; t < targets; t++) {
			final double[] y = ws.y[t], b = beta[t];
			Arrays.fill(y, 0, n, intercept[t]);
			for (int j = 0; j < b.length; j++) {
				final double bj = b[j];
				final int o = rows[j] * stride;
				for (int i = 0; i < n; i++) y[i] += bj * in[o + i];
			}
		}
		if (ws.lanes != null) ws.lanes.statistics(in, rows, stride, n, ws.t2, ws.q);
	}

	/**
	 * The valid pixels resampled and preprocessed as Predict with Model does a table, returned
	 * band by band ({@code valid} per row).
	 */
	private float[] prepared(final SpectralImage image, final ImagePrediction.Bands bands,
		final Work ws, final String[] idPool, final int valid, final int pixels,
		final Consumer<String> notes)
	{
		final int[] good = bands.good();
		final int p = good.length;
		final float[] spectra = new float[valid * p];
		for (int v = 0; v < valid; v++) {
			final int at = ws.index[v];
			for (int j = 0; j < p; j++)
				spectra[v * p + j] = ws.block[good[j] * pixels + at];
		}
		final SpectralDataset table = SpectralDataset.builder(image.name(), bands.axis(), Arrays
			.copyOf(idPool, valid), spectra).build();
		final SpectralDataset prepared = model.preprocess(InputGrid.conform(table, model
			.inputAxis(), notes));
		final int m = rows.length;
		if (prepared.points() != m) throw new IllegalArgumentException("preprocessing '" + model
			.preprocessing() + "' gave " + prepared.points() + " points, the model has " + m);
		final float[] d = prepared.data();
		if (ws.prepared.length < m * valid) ws.prepared = new float[m * valid];
		final float[] out = ws.prepared;
		for (int v = 0; v < valid; v++)
			for (int j = 0; j < m; j++)
				out[j * valid + v] = d[v * m + j];
		return out;
	}
}
