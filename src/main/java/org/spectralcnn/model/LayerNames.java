package org.spectralcnn.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a preset network's layers (graph vertices), made and read back in this one place:
 * {@code input}; per convolution block n (1-based) {@code conv<n>}, {@code bn<n>},
 * {@code relu<n>}; {@code pool<n>}; shared dense layers {@code dense<k>}; the output layer
 * {@code output} (one unit per target), or per target t (0-based) {@code head<t>_dense<k>} and
 * {@code output<t>}. They are stored in model files, so they never change.
 */
public final class LayerNames {

	public static final String INPUT = "input";

	public static final String OUTPUT = "output";

	/** What part of the network a name belongs to. */
	public enum Part {
		/** conv, bn or relu of a convolution block */
		CONV_BLOCK,
		POOL,
		/** a shared dense layer */
		DENSE,
		/** a head's dense layer or an output layer */
		HEAD
	}

	/**
	 * A name read back.
	 *
	 * @param block the convolution block (conv, bn, relu) or pooling number, the dense layer's
	 *          number; 0 for heads
	 * @param target the head's target (0-based), or -1 for the shared {@code output} and the
	 *          trunk
	 * @param headDense the dense layer within a head (1-based), 0 for an output layer
	 */
	public record Parsed(Part part, int block, int target, int headDense) {}

	private static final Pattern CONV_BLOCK = Pattern.compile("(conv|bn|relu)(\\d+)");
	private static final Pattern POOL = Pattern.compile("pool(\\d+)");
	private static final Pattern DENSE = Pattern.compile("dense(\\d+)");
	private static final Pattern HEAD = Pattern.compile("head(\\d+)_dense(\\d+)|output(\\d*)");

	private LayerNames() {}

	public static String conv(final int block) {
		return "conv" + block;
	}

	public static String batchNorm(final int block) {
		return "bn" + block;
	}

	public static String relu(final int block) {
		return "relu" + block;
	}

	public static String pool(final int n) {
		return "pool" + n;
	}

	public static String dense(final int k) {
		return "dense" + k;
	}

	public static String headDense(final int target, final int k) {
		return "head" + target + "_dense" + k;
	}

	public static String output(final int target) {
		return OUTPUT + target;
	}

	/** The name, or null when no preset makes a layer of that name. */
	public static Parsed parse(final String name) {
		Matcher m;
		if ((m = CONV_BLOCK.matcher(name)).matches()) return new Parsed(Part.CONV_BLOCK, Integer
			.parseInt(m.group(2)), -1, 0);
		if ((m = POOL.matcher(name)).matches()) return new Parsed(Part.POOL, Integer.parseInt(m
			.group(1)), -1, 0);
		if ((m = DENSE.matcher(name)).matches()) return new Parsed(Part.DENSE, Integer.parseInt(m
			.group(1)), -1, 0);
		if ((m = HEAD.matcher(name)).matches()) {
			if (m.group(1) != null) return new Parsed(Part.HEAD, 0, Integer.parseInt(m.group(1)),
				Integer.parseInt(m.group(2)));
			return new Parsed(Part.HEAD, 0, m.group(3).isEmpty() ? -1 : Integer.parseInt(m.group(3)),
				0);
		}
		return null;
	}

	/** The same layer of another head: {@code head<t>_dense<k>} or {@code output<t>}. */
	public static String forTarget(final Parsed head, final int target) {
		return head.headDense() > 0 ? headDense(target, head.headDense()) : output(target);
	}
}
