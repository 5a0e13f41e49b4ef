package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Packed arrays are used in place (1-D activations included), views are read from their offset. */
class PackedArraysTest {

	@BeforeAll
	static void start() {
		Backend.ensureStarted();
	}

	@Test
	void oneDimensionalActivationsArePackedAndUsedInPlace() {
		// [n, c, 1, w]: the size-1 height makes ND4J's own check fail
		final INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4, 1, 5);
		assertFalse(org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a));
		assertTrue(PackedArrays.isPacked(a));
		assertSame(a, PackedArrays.packed(a));
		assertArrayEquals(a.ravel().toFloatVector(), PackedArrays.values(a, null), 0f);
	}

	@Test
	void viewsAreReadFromTheirOffsetAndStridedOnesCopied() {
		final INDArray all = Nd4j.linspace(0, 99, 100, DataType.FLOAT);
		final INDArray view = all.get(NDArrayIndex.interval(10, 30)).reshape('c', 4, 5);
		assertTrue(PackedArrays.isPacked(view));
		final float[] into = new float[50];
		assertSame(into, PackedArrays.values(view, into));
		assertArrayEquals(view.ravel().toFloatVector(), java.util.Arrays.copyOf(into, 20), 0f);
		final INDArray strided = all.reshape('c', 10, 10).get(NDArrayIndex.all(), NDArrayIndex
			.interval(0, 2, 10));
		assertFalse(PackedArrays.isPacked(strided));
		assertArrayEquals(strided.dup('c').ravel().toFloatVector(), PackedArrays.values(strided,
			null), 0f);
		final INDArray transposed = all.reshape('c', 10, 10).transpose();
		assertFalse(PackedArrays.isPacked(transposed));
		assertArrayEquals(transposed.dup('c').ravel().toFloatVector(), PackedArrays.values(
			transposed, null), 0f);
	}

	@Test
	void putWritesViewsInPlaceAndLeavesTheRest() {
		final INDArray all = Nd4j.zeros(DataType.FLOAT, 20);
		final INDArray view = all.get(NDArrayIndex.interval(5, 10));
		PackedArrays.put(view, new float[] { 1, 2, 3, 4, 5, 6 });
		assertArrayEquals(new float[] { 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0 }, all.toFloatVector(), 0f);
		final INDArray strided = Nd4j.zeros(DataType.FLOAT, 4, 4).get(NDArrayIndex.all(),
			NDArrayIndex.point(1));
		PackedArrays.put(strided, new float[] { 7, 8, 9, 10 });
		assertArrayEquals(new float[] { 7, 8, 9, 10 }, strided.toFloatVector(), 0f);
	}
}
