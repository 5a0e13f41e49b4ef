package org.spectralcnn.data;

import java.util.Locale;

/**
 * Sizes refused before the allocation that would end in {@code Java heap space} or in a negative
 * array size from an {@code int} overflow. Each refusal says what was too large and the limit,
 * and the limit follows the Java heap, so that a larger heap reads larger files.
 */
public final class MemoryLimits {

	/**
	 * Most points in one spectrum: far above any instrument here (vis-NIR 2151 points, XRF and
	 * gamma 1024–16384 channels) and far below what fills a heap with a few spectra.
	 */
	public static final int MAX_POINTS = 1 << 20;

	/** Java's largest array. */
	public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

	private MemoryLimits() {}

	/** The Java heap limit in bytes. */
	public static long heap() {
		return Runtime.getRuntime().maxMemory();
	}

	/**
	 * Why {@code count} values of {@code bytesEach} bytes cannot be held, or null when they can:
	 * more than Java's largest array, or more than a quarter of the heap (data is copied while it
	 * is read and prepared).
	 *
	 * @param what what the values are, e.g. "825 rows × 700 points"
	 */
	public static String tooLarge(final long count, final int bytesEach, final String what) {
		final long limit = Math.min(MAX_ARRAY, heap() / 4 / bytesEach);
		if (count <= limit) return null;
		return String.format(Locale.ROOT,
			"too large: %s = %,d values (%s); the limit is %,d values (%s, a quarter of the %s Java heap%s)",
			what, count, size(count * bytesEach), limit, size(limit * bytesEach), size(heap()), limit == MAX_ARRAY
				? ", and Java's largest array" : "; a larger heap: SPECTRAL_CNN_HEAP or Fiji's Edit > Options > Memory & Threads");
	}

	/** Bytes in words: 1.2 GiB, 350 MiB. */
	public static String size(final long bytes) {
		if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
		if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
		return String.format(Locale.ROOT, "%.0f KiB", Math.ceil(bytes / 1024.0));
	}
}
