package org.spectralcnn.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Mutates seed files and feeds each mutant to the reader of its kind, then judges the outcome
 * with {@link Outcomes}: truncation at every section (line starts, zip entries), random byte
 * flips, huge and negative counts in place of numbers, wrong types (text, empty, decimal comma)
 * in place of numbers, lines dropped or repeated. Deterministic for a seed.
 */
public final class FileFuzzer {

	/** Reads a file as the plugin does; returns the result for {@link Outcomes#checkResult}. */
	@FunctionalInterface
	public interface Reader {

		Object read(Path file) throws Exception;
	}

	/**
	 * One seed file of a supported format: a new format is one more row in {@link Seeds#all}.
	 *
	 * @param fileName the name the mutants get (its extension chooses the reader)
	 */
	public record Seed(String format, String fileName, byte[] bytes, Reader reader) {}

	/** One mutant: how it was made, and its bytes. */
	public record Mutant(String how, byte[] bytes) {}

	private static final String[] HUGE = { "99999999999", "2147483648", "-1", "0", "1e308",
		"-1e309", "NaN", "Infinity", "4294967296", "1000000000" };
	private static final String[] WRONG = { "abc", "", "1.2.3", "0,5", "0x10", "1e", "--1",
		"\u00e9", "\"", "<", "[]" };

	private FileFuzzer() {}

	/**
	 * The mutants of a seed: every truncation point (capped by {@code budget} with the others
	 * sampled evenly) plus {@code budget} random mutations of the other kinds.
	 */
	public static List<Mutant> mutants(final Seed seed, final long randomSeed, final int budget) {
		final SplittableRandom random = new SplittableRandom(randomSeed ^ seed.fileName()
			.hashCode());
		final byte[] b = seed.bytes();
		final List<Mutant> out = new ArrayList<>();
		final List<Integer> cuts = new ArrayList<>(sections(b));
		final int step = Math.max(1, cuts.size() / Math.max(1, budget));
		for (int i = 0; i < cuts.size(); i += step) {
			final int at = cuts.get(i);
			out.add(new Mutant("truncated at byte " + at, Arrays.copyOf(b, at)));
			if (at > 1) out.add(new Mutant("truncated at byte " + (at - 1), Arrays.copyOf(b, at - 1)));
		}
		final List<int[]> numbers = numbers(b);
		// headers and trailers hold the counts and calibrations that size everything else
		final List<int[]> header = numbers.stream().filter(n -> n[0] < 1024 || n[0] > b.length -
			512).collect(Collectors.toList());
		final List<int[]> lines = lines(b);
		for (int n = 0; n < budget; n++) {
			switch (random.nextInt(6)) {
				case 0: { // byte flips
					final byte[] m = b.clone();
					final int flips = 1 + random.nextInt(4);
					final StringBuilder how = new StringBuilder("bytes changed at");
					for (int f = 0; f < flips && m.length > 0; f++) {
						final int at = random.nextInt(m.length);
						m[at] = (byte) random.nextInt(256);
						how.append(' ').append(at);
					}
					out.add(new Mutant(how.toString(), m));
					break;
				}
				case 1: // a huge, negative or non-finite number (counts, sizes, calibrations)
					if (!numbers.isEmpty()) out.add(replace(b, pick(numbers, header, random), HUGE[random
						.nextInt(HUGE.length)], "number"));
					break;
				case 2: // a number of the wrong type
					if (!numbers.isEmpty()) out.add(replace(b, pick(numbers, header, random), WRONG[random
						.nextInt(WRONG.length)], "number"));
					break;
				case 3: // a line dropped
					if (!lines.isEmpty()) {
						final int[] l = lines.get(random.nextInt(lines.size()));
						out.add(new Mutant("line at byte " + l[0] + " dropped", concat(Arrays.copyOf(b,
							l[0]), Arrays.copyOfRange(b, l[1], b.length))));
					}
					break;
				case 4: // a line repeated
					if (!lines.isEmpty()) {
						final int[] l = lines.get(random.nextInt(lines.size()));
						out.add(new Mutant("line at byte " + l[0] + " repeated", concat(Arrays.copyOf(b,
							l[1]), Arrays.copyOfRange(b, l[0], b.length))));
					}
					break;
				default: { // a run of bytes cut out of the middle
					if (b.length < 2) break;
					final int from = random.nextInt(b.length - 1);
					final int to = Math.min(b.length, from + 1 + random.nextInt(64));
					out.add(new Mutant("bytes " + from + "-" + to + " cut out", concat(Arrays.copyOf(b,
						from), Arrays.copyOfRange(b, to, b.length))));
				}
			}
		}
		if (b.length > 4 && b[0] == 'P' && b[1] == 'K') out.addAll(manifestMutants(b, random,
			budget / 2));
		return out;
	}

	/** Half the time a number of the header or trailer, else any. */
	private static int[] pick(final List<int[]> all, final List<int[]> header,
		final SplittableRandom random)
	{
		final List<int[]> from = !header.isEmpty() && random.nextBoolean() ? header : all;
		return from.get(random.nextInt(from.size()));
	}

	/** How the label of a manifest mutant starts. */
	public static final String MANIFEST_MUTANT = "manifest value ";

	private static final Pattern JSON_VALUE = Pattern.compile(
		"(?<=:)(\"[^\"]*\"|-?[0-9][0-9.eE+-]*|true|false|null)");
	private static final String[] JSON_WRONG = { "{\"a\":1}", "[]", "null", "\"abc\"", "-1",
		"99999999999", "1e309", "\"\"", "true", "[1,\"x\"]" };

	/**
	 * Model zips: the manifest's values are deflated, so byte changes rarely reach them; these
	 * mutants re-zip the archive with one manifest value of the wrong type or size.
	 */
	private static List<Mutant> manifestMutants(final byte[] zip, final SplittableRandom random,
		final int n)
	{
		final List<Mutant> out = new ArrayList<>();
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;) entries.put(e.getName(), in
				.readAllBytes());
		}
		catch (final IOException e) {
			return out;
		}
		final byte[] manifest = entries.get("manifest.json");
		if (manifest == null) return out;
		final String json = new String(manifest, StandardCharsets.UTF_8);
		final List<int[]> values = new ArrayList<>();
		final Matcher m = JSON_VALUE.matcher(json);
		while (m.find()) values.add(new int[] { m.start(), m.end() });
		for (int i = 0; i < n && !values.isEmpty(); i++) {
			final int[] v = values.get(random.nextInt(values.size()));
			final String wrong = JSON_WRONG[random.nextInt(JSON_WRONG.length)];
			final String key = json.substring(Math.max(0, json.lastIndexOf('"', json.lastIndexOf('"',
				v[0] - 2) - 1)), v[0]);
			entries.put("manifest.json", (json.substring(0, v[0]) + wrong + json.substring(v[1]))
				.getBytes(StandardCharsets.UTF_8));
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ZipOutputStream z = new ZipOutputStream(bytes)) {
				for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
					z.putNextEntry(new ZipEntry(e.getKey()));
					z.write(e.getValue());
					z.closeEntry();
				}
			}
			catch (final IOException e) {
				throw new IllegalStateException(e);
			}
			out.add(new Mutant(MANIFEST_MUTANT + key + json.substring(v[0], Math.min(v[1], v[0] + 40)) +
				" → " + wrong, bytes.toByteArray()));
		}
		entries.put("manifest.json", manifest);
		return out;
	}

	/**
	 * Where sections start: after every line break, at every zip local header and the central
	 * directory, and the gzip header's end; 0 (empty file) included.
	 */
	static TreeSet<Integer> sections(final byte[] b) {
		final TreeSet<Integer> cuts = new TreeSet<>();
		cuts.add(0);
		for (int i = 0; i < b.length; i++) {
			if (b[i] == '\n' && i + 1 < b.length) cuts.add(i + 1);
			if (i + 3 < b.length && b[i] == 'P' && b[i + 1] == 'K' && (b[i + 2] == 3 || b[i + 2] == 1 ||
				b[i + 2] == 5)) cuts.add(i);
		}
		if (b.length > 10 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
			cuts.add(10);
			cuts.add(b.length / 2);
			cuts.add(b.length - 8); // the trailer: CRC and size
			cuts.add(b.length - 1);
		}
		return cuts;
	}

	private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

	/** {start, end} of every number written as text (ISO-8859-1 view, so offsets are bytes). */
	private static List<int[]> numbers(final byte[] b) {
		final List<int[]> out = new ArrayList<>();
		final Matcher m = NUMBER.matcher(new String(b, StandardCharsets.ISO_8859_1));
		while (m.find() && out.size() < 100_000) out.add(new int[] { m.start(), m.end() });
		return out;
	}

	/** {start, end after the line break} of every line. */
	private static List<int[]> lines(final byte[] b) {
		final List<int[]> out = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < b.length; i++)
			if (b[i] == '\n') {
				out.add(new int[] { start, i + 1 });
				start = i + 1;
			}
		if (start < b.length) out.add(new int[] { start, b.length });
		return out;
	}

	private static Mutant replace(final byte[] b, final int[] span, final String text,
		final String what)
	{
		final String old = new String(b, span[0], span[1] - span[0], StandardCharsets.ISO_8859_1);
		return new Mutant(what + " '" + old + "' at byte " + span[0] + " → '" + text + "'", concat(
			concat(Arrays.copyOf(b, span[0]), text.getBytes(StandardCharsets.UTF_8)), Arrays
				.copyOfRange(b, span[1], b.length)));
	}

	private static byte[] concat(final byte[] a, final byte[] b) {
		final byte[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	/**
	 * Writes the mutant into an empty folder, reads it and judges the outcome: the file must be
	 * byte-identical afterwards and nothing else may appear in the folder.
	 */
	public static Outcomes.Case run(final Seed seed, final Mutant mutant, final Path dir)
		throws IOException
	{
		final Path file = dir.resolve(seed.fileName());
		Files.write(file, mutant.bytes());
		final String before = sha256(file);
		final String label = seed.format() + ": " + mutant.how();
		Outcomes.Case outcome;
		try {
			final Object result = seed.reader().read(file);
			outcome = Outcomes.checkResult(label, result);
		}
		catch (final Throwable t) {
			outcome = Outcomes.classify(label, t, file.getFileName().toString(), null);
		}
		if (!before.equals(sha256(file))) outcome = Outcomes.Case.bug(label,
			"the input file was changed");
		final List<String> left = list(dir);
		if (!left.equals(List.of(seed.fileName()))) outcome = Outcomes.Case.bug(label,
			"files appeared beside the input: " + left);
		Files.delete(file);
		return outcome;
	}

	static List<String> list(final Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	static String sha256(final Path file) throws IOException {
		try {
			final byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
			final StringBuilder sb = new StringBuilder();
			for (final byte x : d) sb.append(String.format("%02x", x));
			return sb.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
