package org.spectralcnn.testdata;

import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.io.SpectraIO;

/** The NIRsoil rows the processing fixtures were computed from, read from {@code ../shared/data}. */
public final class NirsoilRows {

	private static SpectralDataset rows;

	private NirsoilRows() {}

	/** The fixture rows in fixture order (skips the test where the data is missing, fails in CI). */
	public static synchronized SpectralDataset fixtureRows() throws Exception {
		if (rows == null) {
			final SpectralDataset all = SpectraIO.open(SharedData.nirsoil());
			final String[] ids = ProcessingFixtures.nirsoilIds();
			final int[] index = new int[ids.length];
			for (int r = 0; r < ids.length; r++) {
				index[r] = all.indexOf(ids[r]);
				if (index[r] < 0) throw new IllegalStateException("NIRsoil has no sample " + ids[r]);
			}
			rows = all.subset(index);
		}
		return rows;
	}

	/** The first {@code n} fixture rows. */
	public static SpectralDataset first(final int n) throws Exception {
		final int[] index = new int[n];
		for (int r = 0; r < n; r++) index[r] = r;
		return fixtureRows().subset(index);
	}
}
