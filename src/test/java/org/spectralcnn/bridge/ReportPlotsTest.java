package org.spectralcnn.bridge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.gui.Plot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectralcnn.data.SpectralAxis;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.data.SpectralUnit;
import org.spectralcnn.evaluate.Evaluation;

/** The observed-vs-predicted plot shows its intervals whole. */
class ReportPlotsTest {

	@Test
	void theYRangeTakesInTheIntervalEnds() {
		final double[] clay = { 10, 20, 30, 40 };
		final SpectralDataset data = SpectralDataset.builder("s", SpectralAxis.regular(1, 1, 2,
			SpectralUnit.NM), new String[] { "a", "b", "c", "d" }, new float[8]).numeric("clay", clay)
			.build();
		final double[][] predicted = { { 11 }, { 19 }, { 31 }, { 39 } };
		final double[][] lower = { { -5 }, { 5 }, { 15 }, { 25 } }, upper = { { 27 }, { 33 }, { 47 }, {
			70 } };
		final Plot plot = ReportPlots.scatter(Evaluation.of(data, List.of("clay"), predicted, lower,
			upper, null), 0);
		final double[] limits = plot.getLimits();
		assertTrue(limits[2] <= -5 && limits[3] >= 70, java.util.Arrays.toString(limits));
		assertTrue(limits[0] > 5 && limits[1] < 45, "x: the observed range " + java.util.Arrays
			.toString(limits));
	}
}
