package org.spectralcnn.model;

import java.lang.ref.Reference;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float arrays as packed C-order values, for the layers that work on them in Java or through
 * BLAS. ND4J's own test ({@code Shape.hasDefaultStridesForShape}) rejects every array with a
 * dimension of size 1 (its strides must fall strictly), that is every 1-D activation
 * {@code [n, c, 1, w]}: a copy per call that cost as much as the max pooling itself.
 */
public final class PackedArrays {

	private PackedArrays() {}

	/** Whether the values of {@code a} lie in C order without gaps (size-1 dimensions aside). */
	public static boolean isPacked(final INDArray a) {
		final long[] shape = a.shape(), stride = a.stride();
		long expected = 1;
		for (int d = shape.length - 1; d >= 0; d--) {
			if (shape[d] == 1) continue;
			if (stride[d] != expected) return false;
			expected *= shape[d];
		}
		return true;
	}

	/** {@code a} when it is float and packed, else a packed float copy. */
	public static INDArray packed(final INDArray a) {
		final INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
		return isPacked(f) ? f : f.dup('c');
	}

	/**
	 * The first value of a packed float array ({@code addressPointer} includes a view's offset).
	 * The pointer does not keep the array alive: the caller keeps a reference while it is used.
	 */
	public static FloatPointer pointer(final INDArray packed) {
		if (packed.dataType() != DataType.FLOAT || !isPacked(packed))
			throw new IllegalArgumentException("not a packed float array: " + packed.dataType() + " " +
				java.util.Arrays.toString(packed.shape()) + " strides " + java.util.Arrays.toString(
					packed.stride()));
		return new FloatPointer(packed.data().addressPointer());
	}

	/** The C-order values of {@code a}, into {@code into} when it is big enough (else a new array). */
	public static float[] values(final INDArray a, final float[] into) {
		final INDArray p = packed(a);
		final int n = Math.toIntExact(p.length());
		final float[] v = into != null && into.length >= n ? into : new float[n];
		pointer(p).get(v, 0, n);
		Reference.reachabilityFence(p);
		return v;
	}

	/** Sets {@code out} to the first values of {@code v}, in C order. */
	public static void put(final INDArray out, final float[] v) {
		final int n = Math.toIntExact(out.length());
		if (out.dataType() == DataType.FLOAT && isPacked(out)) pointer(out).put(v, 0, n);
		else out.assign(Nd4j.create(java.util.Arrays.copyOf(v, n), out.shape(), 'c'));
	}
}
