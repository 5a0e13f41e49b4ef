package org.spectralcnn.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImageStack;
import java.util.Arrays;
import net.imglib2.RandomAccess;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

class StacksTest {

	@Test
	void planesAndSlicesAreTheSameArrays() {
		final PlanarImg<FloatType, FloatArray> img = PlanarImgs.floats(4, 3, 5);
		final ImageStack stack = Stacks.toStack(img, Arrays.asList("a", "b"));
		assertEquals(5, stack.getSize());
		assertEquals(4, stack.getWidth());
		assertEquals(3, stack.getHeight());
		assertEquals("b", stack.getSliceLabel(2));
		for (int z = 0; z < 5; z++)
			assertSame(img.getPlane(z).getCurrentStorageArray(), stack.getPixels(z + 1));

		// a write through ImgLib2 is seen by ImageJ, and the other way round
		final RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(new long[] { 2, 1, 3 });
		ra.get().set(7.5f);
		assertEquals(7.5f, stack.getProcessor(4).getf(2, 1));
		stack.getProcessor(1).setf(0, 2, -1f);
		ra.setPosition(new long[] { 0, 2, 0 });
		assertEquals(-1f, ra.get().get());
	}

	@Test
	void stackWrapsBackWithoutCopy() {
		final ImageStack stack = new ImageStack(6, 2);
		for (int s = 0; s < 3; s++) stack.addSlice("s" + s, new float[12]);
		final PlanarImg<FloatType, FloatArray> img = Stacks.wrap(stack);
		assertEquals(3, img.dimension(2));
		for (int z = 0; z < 3; z++)
			assertSame(stack.getPixels(z + 1), img.getPlane(z).getCurrentStorageArray());
	}

	@Test
	void rejectsNonFloatSlicesAndWrongPlaneSizes() {
		final ImageStack bytes = new ImageStack(2, 2);
		bytes.addSlice("b", new byte[4]);
		assertThrows(IllegalArgumentException.class, () -> Stacks.wrap(bytes));
		assertThrows(IllegalArgumentException.class, () -> Stacks.wrap(Arrays.asList(new FloatArray(
			new float[5])), 2, 2));
	}
}
