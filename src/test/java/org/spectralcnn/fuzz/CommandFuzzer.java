package org.spectralcnn.fuzz;

import ij.process.ShortProcessor;
import java.nio.ByteOrder;
import org.spectralcnn.image.TestCubes;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.scijava.Context;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;
import org.spectralcnn.launcher.CommandCatalog;
import org.spectralcnn.launcher.CommandInvoker;
import org.spectralcnn.models.Models;

/**
 * Runs every command on small data with one parameter changed to a bad or odd value, through
 * {@link CommandInvoker} (what the launcher, macros and the demo call, on SciJava's module
 * service) and judges each run: a result, or a {@code CommandFailure} naming the key or a file;
 * the inputs byte-identical; no temporary file left; every output complete (tables
 * rectangular, models loadable, images decodable).
 */
public final class CommandFuzzer {

	/** Values tried in place of any parameter's value. */
	static final String[] VALUES = { "", "abc", "-1", "0", "99999999999", "1e309", "NaN", "0,2",
		"1.5", "2147483648", "[x", "a=b" };

	private final CommandCatalog catalog;
	private final CommandInvoker invoker;
	private final Path base;
	private final Path input;
	private final Path out;
	public final Path cnn, plsr;
	private final Path cube, labels, soilCube;
	/** The files every run starts from, restored after a run that was allowed to replace one. */
	private final Map<Path, byte[]> originals = new LinkedHashMap<>();
	/** The process's working folder (the project, under Maven), which no case may write into. */
	private static final Path WORKING = Path.of("").toAbsolutePath();
	private List<String> working;

	/**
	 * Writes the seed table into {@code base} and trains the CNN and PLSR models every other
	 * command uses.
	 */
	public CommandFuzzer(final Context context, final Path base) throws IOException {
		// failures are judged here; SciJava would also log each with a stack trace
		context.service(LogService.class).setLevel("org.scijava.module.ModuleRunner",
			LogLevel.NONE);
		this.catalog = new CommandCatalog(context);
		this.invoker = new CommandInvoker(context);
		this.base = base;
		input = base.resolve("soil.csv");
		Files.writeString(input, Seeds.wideCsv(',', '.'), StandardCharsets.UTF_8);
		out = base.resolve("out");
		cnn = base.resolve("cnn.zip");
		plsr = base.resolve("plsr.zip");
		invoker.run(catalog.find("Train CNN"), Map.of("input", input.toString(), "targets",
			"clay,soc", "architecture", "tiny", "epochs", "2", "batch_size", "8", "model", cnn
				.toString()));
		invoker.run(catalog.find("Train PLSR"), Map.of("input", input.toString(), "targets", "clay",
			"max_components", "3", "folds", "3", "model", plsr.toString()));
		// a small hyperspectral cube and a label image of its size for the image commands
		cube = TestCubes.write(base, "cube", 6, 5, 4, "bil", 2, ByteOrder.LITTLE_ENDIAN, 0,
			"reflectance scale factor = 100\n");
		labels = base.resolve("labels.tif");
		final ShortProcessor ip = new ShortProcessor(6, 5);
		ip.set(1, 1, 1);
		ip.set(4, 3, 2);
		ij.IJ.saveAsTiff(new ij.ImagePlus("labels", ip), labels.toString());
		// the seed table's spectra as a 6 × 5 cube, on the models' grid, for Predict Image
		try {
			soilCube = org.spectralcnn.image.CubeFiles.write(base, "soil_cube", org.spectralcnn.io.SpectraIO
				.open(input), 6, 5);
		}
		catch (final org.spectralcnn.io.SpectraFormatException e) {
			throw new IOException(e);
		}
		for (final Path p : List.of(input, cnn, plsr, cube, base.resolve("cube.img"), labels,
			soilCube, base.resolve("soil_cube.img")))
			originals.put(p, Files.readAllBytes(p));
		working = FileFuzzer.list(WORKING);
	}

	/** A valid, quick run of every command (the System Check has no parameters to vary). */
	Map<String, Map<String, String>> baselines() {
		final String in = input.toString(), o = out.toString() + "/";
		final Map<String, Map<String, String>> b = new LinkedHashMap<>();
		b.put("Import Spectra", map("input", in, "output", o + "spectra.tif", "targets_output", o +
			"targets.csv", "plot", o + "plot.png", "plot_samples", "5"));
		b.put("Preprocess Spectra", map("input", in, "steps", "sg(5,2,1), snv", "output", o +
			"prep.csv"));
		b.put("Spectra to Spectrograms", map("input", in, "window_size", "16", "hop", "8", "window",
			"hann", "detrend", "constant", "scaling", "log_psd", "output", o + "sg.tif", "montage", o +
				"montage.png"));
		b.put("Train CNN", map("input", in, "targets", "clay,soc", "architecture", "tiny", "epochs",
			"1", "batch_size", "8", "validation_fraction", "0.2", "model", o + "m.zip", "report", o +
				"report"));
		b.put("Predict with Model", map("model", cnn.toString(), "input", in, "output", o + "p.csv"));
		b.put("Evaluate Model", map("model", cnn.toString(), "input", in, "output", o + "e.csv",
			"plots", o + "plots"));
		b.put("Train PLSR", map("input", in, "targets", "clay", "max_components", "3", "folds", "3",
			"model", o + "pls.zip", "report", o + "plsr_report"));
		b.put("Train MBL", map("input", in, "targets", "clay", "neighbours", "6", "min_components",
			"1", "max_components", "3", "model", o + "mbl.zip"));
		b.put("Compare Models", map("models", cnn + "," + plsr, "input", in, "output", o +
			"comparison.csv"));
		b.put("Show Feature Maps", map("model", cnn.toString(), "input", in, "sample", "2",
			"output", o + "maps"));
		b.put("Fine-tune CNN", map("model", cnn.toString(), "input", in, "targets", "clay",
			"epochs", "1", "batch_size", "8", "folds", "2", "repeats", "1", "output_model", o +
				"ft.zip"));
		b.put("Open Hyperspectral Image", map("input", cube.toString(), "output", o + "cube.tif"));
		b.put("Predict Image", map("model", plsr.toString(), "input", soilCube.toString(), "mask",
			labels.toString(), "output", o + "map.tif"));
		b.put("Spectra from ROIs", map("input", cube.toString(), "labels", labels.toString(),
			"every_pixel", "true", "output", o + "rois.csv"));
		return b;
	}

	private static Map<String, String> map(final String... kv) {
		final Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}

	/** One run: a command and its text arguments. */
	public record Run(String command, Map<String, String> args, String changed) {

		String label() {
			return command + (changed == null ? " (valid)" : ": " + changed);
		}
	}

	/**
	 * Every run: each command's baseline, then each of its keys (the baseline's and the others
	 * it has) set to each value of {@link #VALUES} and to the file faults of {@link #fileValues}.
	 */
	public List<Run> all() {
		final List<Run> runs = new ArrayList<>();
		for (final Map.Entry<String, Map<String, String>> e : baselines().entrySet()) {
			final String command = e.getKey();
			runs.add(new Run(command, e.getValue(), null));
			for (final ModuleItem<?> item : CommandInvoker.userInputs(catalog.find(command))) {
				final String key = item.getName();
				final boolean file = File.class.isAssignableFrom(item.getType());
				final List<String> values = new ArrayList<>(List.of(VALUES));
				values.addAll(fileValues());
				for (final String v : values) {
					final Map<String, String> args = new LinkedHashMap<>(e.getValue());
					// a relative file would land in the working folder: the project
					args.put(key, file && !v.isEmpty() && !Path.of(v).isAbsolute() ? out.resolve(v)
						.toString() : v);
					runs.add(new Run(command, args, key + "=" + v));
				}
			}
		}
		return runs;
	}

	/**
	 * A sample of {@link #all}: every baseline and {@code perCommand} random changes of each
	 * command, seeded.
	 */
	List<Run> sample(final int perCommand, final long seed) {
		final SplittableRandom random = new SplittableRandom(seed);
		final Map<String, List<Run>> byCommand = all().stream().collect(Collectors.groupingBy(
			Run::command, LinkedHashMap::new, Collectors.toList()));
		final List<Run> runs = new ArrayList<>();
		for (final List<Run> list : byCommand.values()) {
			runs.add(list.get(0));
			for (int i = 0; i < perCommand && list.size() > 1; i++) runs.add(list.get(1 + random
				.nextInt(list.size() - 1)));
		}
		return runs;
	}

	/** Faults of a path: missing, a folder, an input, under a regular file, odd characters. */
	private List<String> fileValues() {
		return List.of(base.resolve("missing.csv").toString(), base.toString(), input.toString(),
			cnn.toString(), input.resolve("below_a_file.csv").toString(), out.resolve("deep/er/é x.csv")
				.toString());
	}

	/** Runs one case in a fresh output folder and judges it. */
	public Outcomes.Case run(final Run run) throws IOException {
		deleteTree(out);
		Files.createDirectories(out);
		final String label = run.label();
		Outcomes.Case outcome;
		try {
			invoker.run(catalog.find(run.command()), run.args());
			outcome = new Outcomes.Case(label, Outcomes.Kind.OK, "");
		}
		catch (final Throwable t) {
			final List<String> names = new ArrayList<>();
			if (run.changed() != null) {
				final int eq = run.changed().indexOf('=');
				names.add(run.changed().substring(0, eq));
				// a file name typed without a folder is named as typed
				final String typed = run.changed().substring(eq + 1);
				if (typed.length() > 3) names.add(typed);
				else for (final String part : typed.split(","))
					if (!part.isBlank()) names.addAll(List.of(part + ": ", "'" + part + "'"));
			}
			for (final String v : run.args().values())
				for (final String part : v.split(","))
					if (part.contains("/")) names.add(Path.of(part.trim()).getFileName().toString());
			outcome = Outcomes.classify(label, t, names.toArray(new String[0]));
			final Throwable internal = internalCause(t);
			if (outcome.kind() != Outcomes.Kind.BUG && internal != null) outcome = Outcomes.Case.bug(
				label, "'" + t.getMessage() + "' hides " + internal + " at " + Outcomes.ourFrame(
					internal));
		}
		// a file given to an input key must be byte-identical; one named only as an output
		// (Import Spectra output=cnn.zip) may be replaced, as asked, and is put back
		final List<Path> inputs = inputsOf(run);
		for (final Map.Entry<Path, byte[]> o : originals.entrySet())
			if (!Arrays.equals(o.getValue(), Files.readAllBytes(o.getKey()))) {
				if (inputs.contains(o.getKey())) outcome = Outcomes.Case.bug(label, "input changed: " + o
					.getKey().getFileName());
				Files.write(o.getKey(), o.getValue());
			}
		if (!FileFuzzer.list(WORKING).equals(working)) {
			outcome = Outcomes.Case.bug(label, "wrote into the working folder: " + FileFuzzer.list(
				WORKING));
			working = FileFuzzer.list(WORKING);
		}
		final String broken = brokenOutput();
		if (broken != null) outcome = Outcomes.Case.bug(label, broken);
		return outcome;
	}

	/** The files the run reads: every value of a key that is not an output (save, folder). */
	private List<Path> inputsOf(final Run run) {
		final List<Path> files = new ArrayList<>();
		for (final ModuleItem<?> item : CommandInvoker.userInputs(catalog.find(run.command()))) {
			final String style = item.getWidgetStyle() == null ? "" : item.getWidgetStyle();
			final String value = run.args().get(item.getName());
			if (value == null || style.contains(FileWidget.SAVE_STYLE) || style.contains(
				FileWidget.DIRECTORY_STYLE)) continue;
			for (final String part : value.split(","))
				if (!part.isBlank()) files.add(Path.of(part.trim()).toAbsolutePath().normalize());
		}
		return files;
	}

	/** A programming error behind a command's message (not a refusal of bad input). */
	private static Throwable internalCause(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause())
			if (c instanceof NullPointerException || c instanceof IndexOutOfBoundsException ||
				c instanceof ArithmeticException || c instanceof ClassCastException ||
				c instanceof NegativeArraySizeException || c instanceof VirtualMachineError ||
				c.getClass().getName().startsWith("org.nd4j") || c.getClass().getName().startsWith(
					"org.deeplearning4j")) return c;
		return null;
	}

	/** A temporary or incomplete file under the working folder, or null. */
	private String brokenOutput() throws IOException {
		final List<Path> files;
		try (Stream<Path> all = Files.walk(base)) {
			files = all.filter(Files::isRegularFile).collect(Collectors.toList());
		}
		for (final Path f : files) {
			final String name = f.getFileName().toString();
			if (name.endsWith(".tmp")) return "temporary file left: " + base.relativize(f);
			if (!f.startsWith(out)) continue;
			if (Files.size(f) == 0) return "empty output " + base.relativize(f);
			// judged by content: some commands write their format whatever the name's extension
			final byte[] head = Arrays.copyOf(Files.readAllBytes(f), 4);
			if (head[0] == 'P' && head[1] == 'K') try {
				Models.load(f);
			}
			catch (final Exception e) {
				return "output model does not load: " + e.getMessage();
			}
			else if ((head[0] & 0xff) == 0x89 && head[1] == 'P') {
				final BufferedImage image = ImageIO.read(f.toFile());
				if (image == null) return "output PNG does not decode: " + base.relativize(f);
			}
			else if (head[0] == 'I' && head[1] == 'I' || head[0] == 'M' && head[1] == 'M') {
				if (new ij.io.Opener().openTiff(f.getParent().toString() + "/", name) == null)
					return "output TIFF does not open: " + base.relativize(f);
			}
			else if (name.endsWith(".csv") && !rectangular(f)) return "not a complete table: " + base
				.relativize(f);
		}
		return null;
	}

	/**
	 * UTF-8 text whose lines all have as many fields as the header (quoted fields may hold
	 * commas).
	 */
	private static boolean rectangular(final Path csv) throws IOException {
		final List<String> lines;
		try {
			lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		}
		catch (final java.nio.charset.CharacterCodingException e) {
			return false; // not text: e.g. a TIFF written under a .csv name
		}
		if (lines.isEmpty()) return false;
		final int n = fields(lines.get(0));
		for (final String l : lines)
			if (!l.isEmpty() && fields(l) != n) return false;
		return true;
	}

	private static int fields(final String line) {
		int n = 1;
		boolean quoted = false;
		for (final char c : line.toCharArray()) {
			if (c == '"') quoted = !quoted;
			else if (c == ',' && !quoted) n++;
		}
		return n;
	}

	public static void deleteTree(final Path dir) throws IOException {
		if (!Files.exists(dir)) return;
		try (Stream<Path> all = Files.walk(dir)) {
			for (final Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList()))
				Files.delete(p);
		}
	}
}
