package org.spectralcnn.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The zoom small images open at, so that a few-pixel spectrogram or feature map is seen. */
class DisplayTest {

	@Test
	void smallImagesOpenAtAnIntegerZoomOfAtLeastMinWindow() {
		// a 23 × 33 spectrogram: 33 · 8 = 264 is too small, 33 · 12 = 396
		assertEquals(12, Display.magnification(23, 33));
		assertEquals(2, Display.magnification(200, 1)); // a 1-D layer of 200 positions
		assertEquals(3, Display.magnification(100, 100));
		assertEquals(1, Display.magnification(300, 10));
		assertEquals(1, Display.magnification(2000, 1500));
		for (int size = 1; size < 400; size++) {
			final int zoom = Display.magnification(size, 1);
			assertEquals(true, zoom == 32 || size * zoom >= Display.MIN_WINDOW, size + " × " + zoom);
		}
	}

	@Test
	void aOnePixelImageStopsAt32x() {
		assertEquals(32, Display.magnification(1, 1));
		assertEquals(32, Display.magnification(5, 3));
	}
}
