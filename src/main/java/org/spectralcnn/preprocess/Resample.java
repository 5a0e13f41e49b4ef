package org.spectralcnn.preprocess;

import java.util.Locale;
import org.spectralcnn.data.MemoryLimits;
import org.spectralcnn.data.Resampling;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;

/**
 * {@code resample(from, to, step)}: linear interpolation onto the regular axis
 * {@code from, from ± step, …} up to {@code to} (decreasing when {@code from > to}), in the
 * spectra's unit: how XRF, gamma and vis-NIR spectra from different instruments are put on one
 * fixed grid. No extrapolation: the new axis must lie within the data's range.
 */
final class Resample implements SpectralStep {

	private final double from, to, step;

	/** @throws IllegalArgumentException unless step > 0 and the axis has at least 2 points */
	Resample(final double from, final double to, final double step) {
		this.from = from;
		this.to = to;
		this.step = step;
		if (!(step > 0)) throw new IllegalArgumentException(this + ": step must be positive");
		final double points = Math.floor(Math.abs(to - from) / step + 1e-9) + 1;
		if (points > MemoryLimits.MAX_POINTS) throw new IllegalArgumentException(String.format(
			Locale.ROOT, "%s: too many points: %.0f; at most %,d points per spectrum: use a larger step",
			this, points, MemoryLimits.MAX_POINTS));
		if (points() < 2) throw new IllegalArgumentException(this +
			": from and to must be at least one step apart");
	}

	private int points() {
		return (int) Math.floor(Math.abs(to - from) / step + 1e-9) + 1;
	}

	@Override
	public SpectralDataset apply(final SpectralDataset data) {
		final SpectralAxis target = SpectralAxis.regular(from, to >= from ? step : -step, points(),
			data.axis().unit());
		try {
			return Resampling.onto(data, target);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
		}
	}

	@Override
	public String toString() {
		return "resample(" + RowStep.number(from) + "," + RowStep.number(to) + "," + RowStep.number(
			step) + ")";
	}
}
