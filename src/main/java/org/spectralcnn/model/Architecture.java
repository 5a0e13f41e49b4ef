package org.spectralcnn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * The CNN architecture presets: a stack of convolution blocks (convolution, optional batch
 * normalisation, ReLU) and max-pooling layers, then dense layers and either one linear output per
 * target (a head per target) or one linear output layer with a unit per target.
 * <p>
 * A 1-D network ({@link Representation#SPECTRUM}) sees a spectrum as a 1-pixel-high image and
 * uses {@code 1 × k} kernels and {@code 1 × 2} pooling (Deeplearning4j's 2-D layers, which run on
 * oneDNN, faster than its 1-D layers); a 2-D network ({@link Representation#SPECTROGRAM}) uses
 * {@code k × k} kernels and {@code 2 × 2} pooling over the frequency × frame image. Convolutions
 * keep the size ("same" padding); pooling floors odd sizes, as PyTorch's {@code MaxPool} does.
 * Weights start uniform in ±1/√fan-in (PyTorch's default), biases at 0.
 */
public final class Architecture {

	public static final String FAST = "fast";
	public static final String NG2019 = "ng2019";
	public static final String PADARIAN2019 = "padarian2019";
	public static final String TINY = "tiny";

	/** Every preset name, as offered in the commands. */
	public static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(FAST,
		NG2019, PADARIAN2019, TINY));

	/**
	 * Layout of the activations inside the network. NHWC trained slower and worse with M2.1's
	 * oneDNN convolutions; each saved network records its own layout.
	 */
	static final CNN2DFormat FORMAT = CNN2DFormat.NCHW;

	/** One layer of the trunk. */
	public interface Block {}

	/** Convolution ({@code kernel} wide; {@code kernel × kernel} in 2-D), optional BN, ReLU. */
	public record Conv(int filters, int kernel, boolean batchNorm) implements Block {}

	/** Max pooling by {@code size} along each image axis the representation pools. */
	public record Pool(int size) implements Block {}

	/** A dense ReLU layer, with dropout of rate {@code dropout} on its input. */
	public record Dense(int units, double dropout) {}

	/** Sizes the network sees: channels × height × width. */
	public record Shape(int channels, int height, int width) {

		public long size() {
			return (long) channels * height * width;
		}

		@Override
		public String toString() {
			return channels + " × " + height + " × " + width;
		}
	}

	private final String name;
	private final Representation representation;
	private final List<Block> trunk;
	private final List<Dense> shared;
	private final boolean headPerTarget;
	private final List<Dense> head;
	private final double outputDropout;
	private final double learningRate;
	private final String summary;

	/** Adam's learning rate of the peers' protocol, every preset's but ng2019's. */
	public static final double DEFAULT_LEARNING_RATE = 1e-3;

	private Architecture(final String name, final Representation representation,
		final List<Block> trunk, final List<Dense> shared, final boolean headPerTarget,
		final List<Dense> head, final double outputDropout, final String summary)
	{
		this(name, representation, trunk, shared, headPerTarget, head, outputDropout,
			DEFAULT_LEARNING_RATE, summary);
	}

	private Architecture(final String name, final Representation representation,
		final List<Block> trunk, final List<Dense> shared, final boolean headPerTarget,
		final List<Dense> head, final double outputDropout, final double learningRate,
		final String summary)
	{
		this.name = name;
		this.representation = representation;
		this.trunk = Collections.unmodifiableList(trunk);
		this.shared = Collections.unmodifiableList(shared);
		this.headPerTarget = headPerTarget;
		this.head = Collections.unmodifiableList(head);
		this.outputDropout = outputDropout;
		this.learningRate = learningRate;
		this.summary = summary;
	}

	/**
	 * A preset for a representation.
	 *
	 * @throws IllegalArgumentException for an unknown name or one made for the other
	 *           representation, naming the presets that fit
	 */
	public static Architecture preset(final String presetName, final Representation rep) {
		final String n = presetName == null ? "" : presetName.trim().toLowerCase(Locale.ROOT);
		final boolean oneD = rep == Representation.SPECTRUM;
		switch (n) {
			case FAST:
				return oneD ? new Architecture(FAST, rep, List.of(new Conv(32, 7, false), new Pool(2),
					new Conv(64, 5, false), new Pool(2), new Conv(64, 3, false), new Pool(2)), List.of(
						new Dense(64, 0)), false, List.of(), 0.3,
					"the peers' 1-D CNN: conv 32 k7, 64 k5, 64 k3, each ReLU + max-pool 2; dense 64; dropout 0.3; one linear output per target")
					: new Architecture(FAST, rep, List.of(new Conv(32, 3, false), new Pool(2), new Conv(64,
						3, false), new Pool(2), new Conv(64, 3, false), new Pool(2)), List.of(new Dense(64,
							0)), false, List.of(), 0.3,
						"the peers' 2-D CNN: conv 32, 64, 64 (3×3), each ReLU + max-pool 2×2; dense 64; dropout 0.3; one linear output per target");
			case NG2019:
				if (!oneD) break;
				return new Architecture(NG2019, rep, List.of(new Conv(32, 7, true), new Pool(2),
					new Conv(64, 5, true), new Pool(2), new Conv(128, 3, true), new Pool(2), new Conv(256,
						3, true), new Pool(2)), List.of(), true, List.of(new Dense(64, 0.4)), 0.2, 3e-4,
					"close to Ng et al. 2019: conv 32 k7, 64 k5, 128 k3, 256 k3, each BN + ReLU + max-pool 2; per target a head: dropout 0.4, dense 64, dropout 0.2, linear output");
			case PADARIAN2019:
				if (oneD) break;
				return new Architecture(PADARIAN2019, rep, List.of(new Conv(32, 3, true), new Pool(2),
					new Conv(64, 3, true), new Conv(64, 3, true), new Pool(2), new Conv(128, 3, true),
					new Conv(128, 3, true), new Pool(2)), List.of(), true, List.of(new Dense(64, 0.4)),
					0.2,
					"close to Padarian et al. 2019: conv 32 | 64, 64 | 128, 128 (3×3, BN + ReLU), max-pool 2×2 after each group; per target a head: dropout 0.4, dense 64, dropout 0.2, linear output");
			case TINY:
				return new Architecture(TINY, rep, List.of(new Conv(8, oneD ? 5 : 3, false), new Pool(
					oneD ? 4 : 2), new Conv(16, 3, false), new Pool(oneD ? 4 : 2)), List.of(new Dense(16,
						0)), false, List.of(), 0, "for tests and the demo: conv 8, pool, conv 16, pool; dense 16; one linear output per target");
			default:
				throw new IllegalArgumentException("architecture: unknown preset '" + presetName +
					"'; allowed for " + rep + ": " + String.join(", ", namesFor(rep)));
		}
		throw new IllegalArgumentException("architecture: preset '" + n + "' is for the " + (oneD
			? Representation.SPECTROGRAM : Representation.SPECTRUM) + " representation; for " + rep +
			" use one of " + String.join(", ", namesFor(rep)));
	}

	/** Preset names that fit a representation. */
	public static List<String> namesFor(final Representation rep) {
		return rep == Representation.SPECTRUM ? List.of(FAST, NG2019, TINY) : List.of(FAST,
			PADARIAN2019, TINY);
	}

	public String name() {
		return name;
	}

	/**
	 * Adam's learning rate when the user gives none: 1e-3, the peers', except 3e-4 for ng2019.
	 * Its heads each read 11,008 non-negative features (after ReLU and pooling), so one Adam step
	 * of 1e-3 on every weight can move a unit's input by several units: with 1e-3, whole heads
	 * stopped following the spectrum in each of three seeds on NIRsoil (docs/methods.md).
	 */
	public double learningRate() {
		return learningRate;
	}

	/**
	 * The learning rate to train with: {@code requested}, or {@link #learningRate()} for 0 (the
	 * default of Train CNN's and Fine-tune CNN's {@code learning_rate}).
	 *
	 * @throws IllegalArgumentException naming {@code learning_rate} for a negative value
	 */
	public double learningRate(final double requested) {
		if (requested < 0) throw new IllegalArgumentException(
			"learning_rate must be 0 (the architecture's) or a positive number, got " + requested);
		return requested == 0 ? learningRate : requested;
	}

	public Representation representation() {
		return representation;
	}

	public List<Block> trunk() {
		return trunk;
	}

	/** The dense layers shared by every target, after the trunk. */
	List<Dense> shared() {
		return shared;
	}

	/** The dense layers of each target's head (with headPerTarget). */
	List<Dense> head() {
		return head;
	}

	/** Dropout before the output layer(s); 0 for none. */
	double outputDropout() {
		return outputDropout;
	}

	public boolean headPerTarget() {
		return headPerTarget;
	}

	/** One line about the preset, for logs and docs/methods.md. */
	public String summary() {
		return summary;
	}

	/** How many pooling steps the trunk has, and their product per axis. */
	private int poolFactor() {
		int f = 1;
		for (final Block b : trunk)
			if (b instanceof Pool p) f *= p.size();
		return f;
	}

	/** Height the trunk pools (2-D only; a spectrum is 1 pixel high). */
	private boolean poolsHeight() {
		return representation == Representation.SPECTROGRAM;
	}

	/**
	 * The feature map after the trunk.
	 *
	 * @throws IllegalArgumentException when the input is too small for the pooling steps
	 */
	public Shape trunkOutput(final Shape input) {
		check(input);
		int c = input.channels(), h = input.height(), w = input.width();
		for (final Block b : trunk) {
			if (b instanceof Conv conv) c = conv.filters();
			else if (b instanceof Pool p) {
				if (poolsHeight()) h /= p.size();
				w /= p.size();
			}
		}
		return new Shape(c, h, w);
	}

	/**
	 * Checks that the input survives the pooling steps.
	 *
	 * @throws IllegalArgumentException saying how big the input must be
	 */
	public void check(final Shape input) {
		final int need = poolFactor();
		final boolean tooShort = input.width() < need || poolsHeight() && input.height() < need;
		if (!tooShort) return;
		if (representation == Representation.SPECTRUM) throw new IllegalArgumentException(
			"spectra too short for architecture '" + name + "': the network input has " + input
				.width() + " points after preprocessing, and its pooling layers need at least " +
				need);
		throw new IllegalArgumentException("spectrograms too small for architecture '" + name +
			"': " + input.height() + " frequencies × " + input.width() +
			" frames, and its pooling layers need at least " + need + " × " + need +
			" (use longer spectra, a smaller hop or window_size, or the tiny preset)");
	}

	/**
	 * The network configuration.
	 *
	 * @param input channels × height × width of one sample
	 * @param targets number of predicted properties
	 * @throws IllegalArgumentException if the input is too small
	 */
	public ComputationGraphConfiguration configuration(final Shape input, final int targets,
		final long seed, final double learningRate)
	{
		check(input);
		return NetworkBuilder.build(this, input, targets, seed, learningRate);
	}

	/** Rows of the layer table for docs/methods.md and the log: layer, output shape, details. */
	public List<String[]> layerTable(final Shape input, final List<String> targetNames) {
		final List<String[]> rows = new ArrayList<>();
		final boolean oneD = representation == Representation.SPECTRUM;
		rows.add(new String[] { "input", shape(input, oneD), oneD ? "preprocessed spectrum, z-scored per point" : "log spectrogram, z-scored per pixel" });
		int c = input.channels(), h = input.height(), w = input.width();
		for (final Block b : trunk) {
			if (b instanceof Conv conv) {
				c = conv.filters();
				final String k = oneD ? "k" + conv.kernel() : conv.kernel() + "×" + conv.kernel();
				rows.add(new String[] { "conv " + conv.filters() + " " + k, shape(new Shape(c, h, w),
					oneD), "same padding" + (conv.batchNorm() ? ", batch norm" : "") + ", ReLU" });
			}
			else if (b instanceof Pool p) {
				if (!oneD) h /= p.size();
				w /= p.size();
				rows.add(new String[] { "max-pool " + (oneD ? p.size() : p.size() + "×" + p.size()),
					shape(new Shape(c, h, w), oneD), "" });
			}
		}
		rows.add(new String[] { "flatten", Long.toString((long) c * h * w), "" });
		for (final Dense d : shared)
			rows.add(new String[] { "dense " + d.units(), Integer.toString(d.units()), (d
				.dropout() > 0 ? "dropout " + d.dropout() + " before, " : "") + "ReLU" });
		final String drop = outputDropout > 0 ? "dropout " + outputDropout + " before, " : "";
		if (!headPerTarget) rows.add(new String[] { "output", Integer.toString(targetNames.size()),
			drop + "linear, one unit per target" });
		else {
			for (final Dense d : head)
				rows.add(new String[] { "per target: dense " + d.units(), Integer.toString(d.units()),
					(d.dropout() > 0 ? "dropout " + d.dropout() + " before, " : "") + "ReLU" });
			rows.add(new String[] { "per target: output", "1", drop + "linear" });
		}
		return rows;
	}

	private static String shape(final Shape s, final boolean oneD) {
		return oneD ? s.channels() + " × " + s.width() : s.toString();
	}

	@Override
	public String toString() {
		return name + " (" + representation + ")";
	}
}
