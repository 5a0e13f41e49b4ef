package org.spectralcnn.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The model file: one self-contained zip with a JSON manifest ({@value #MANIFEST}) and the
 * model's own entries (for a CNN, Deeplearning4j's {@code ModelSerializer} entries at the top
 * level, so DL4J can also read the file as its own). No Java object serialization: everything
 * of ours is JSON or raw numbers. Reading checks every entry name, the sizes, the manifest's
 * format and version before anything is used.
 */
public final class ModelArchive {

	public static final String MANIFEST = "manifest.json";
	public static final String FORMAT = "spectral-cnn-model";
	public static final int FORMAT_VERSION = 1;

	/** Limits that keep a hostile or broken file from exhausting memory. */
	private static final int MAX_ENTRIES = 256;
	private static final long MAX_ENTRY_BYTES = 1L << 30;
	private static final long MAX_TOTAL_BYTES = 2L << 30;

	private final Path file;
	private final JsonObject manifest;
	private final Map<String, byte[]> entries;

	private ModelArchive(final Path file, final JsonObject manifest,
		final Map<String, byte[]> entries)
	{
		this.file = file;
		this.manifest = manifest;
		this.entries = entries;
	}

	/** A manifest with the format fields set, for a model of the given kind (cnn, plsr). */
	public static JsonObject newManifest(final String kind) {
		final JsonObject m = new JsonObject();
		m.addProperty("format", FORMAT);
		m.addProperty("format_version", FORMAT_VERSION);
		m.addProperty("kind", kind);
		return m;
	}

	/**
	 * Writes a model zip to {@code out} (callers make the file write atomic).
	 *
	 * @param embeddedZip a zip whose entries are copied to the top level (DL4J's model), or null
	 */
	public static void write(final OutputStream out, final JsonObject manifest,
		final Map<String, byte[]> entries, final byte[] embeddedZip) throws IOException
	{
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			put(zip, MANIFEST, manifest.toString().getBytes(StandardCharsets.UTF_8));
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) put(zip, e.getKey(), e
				.getValue());
			if (embeddedZip != null) {
				try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(embeddedZip))) {
					for (ZipEntry e; (e = in.getNextEntry()) != null;) {
						if (!e.isDirectory()) put(zip, e.getName(), in.readAllBytes());
					}
				}
			}
		}
	}

	private static void put(final ZipOutputStream zip, final String name, final byte[] bytes)
		throws IOException
	{
		if (unsafe(name) != null) throw new IllegalArgumentException("bad entry name " + name);
		zip.putNextEntry(new ZipEntry(name));
		zip.write(bytes);
		zip.closeEntry();
	}

	/**
	 * Reads and checks a model file.
	 *
	 * @throws ModelFileException naming the file and what is wrong with it
	 */
	public static ModelArchive read(final Path file) throws ModelFileException {
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		long total = 0;
		try (InputStream raw = Files.newInputStream(file);
				ZipInputStream zip = new ZipInputStream(raw))
		{
			for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
				final String problem = unsafe(e.getName());
				if (problem != null) throw new ModelFileException(file, "unsafe zip entry '" + e
					.getName() + "' (" + problem + "); the file was not written by Spectral CNN");
				if (e.isDirectory()) continue;
				if (entries.size() >= MAX_ENTRIES) throw new ModelFileException(file,
					"more than " + MAX_ENTRIES + " zip entries; not a Spectral CNN model");
				final byte[] bytes = readLimited(zip, file, e.getName());
				total += bytes.length;
				if (total > MAX_TOTAL_BYTES) throw new ModelFileException(file,
					"unpacks to more than " + (MAX_TOTAL_BYTES >> 30) + " GiB; not a Spectral CNN model");
				if (entries.put(e.getName(), bytes) != null) throw new ModelFileException(file,
					"zip entry '" + e.getName() + "' appears twice");
			}
		}
		catch (final NoSuchFileException e) {
			throw new ModelFileException(file, "model file not found");
		}
		catch (final ZipException | java.io.EOFException e) {
			throw new ModelFileException(file, "not a readable zip (truncated or corrupt: " + e
				.getMessage() + ")", e);
		}
		catch (final IOException e) {
			throw new ModelFileException(file, "cannot read: " + e.getMessage(), e);
		}
		catch (final IllegalArgumentException e) { // how ZipInputStream meets a name that is not UTF-8
			throw new ModelFileException(file, "not a readable zip (corrupt entry name: " + e
				.getMessage() + ")", e);
		}
		if (entries.isEmpty()) throw new ModelFileException(file,
			"not a zip file, or an empty one; expected a Spectral CNN model (.zip)");
		final byte[] m = entries.get(MANIFEST);
		if (m == null) throw new ModelFileException(file, "no " + MANIFEST +
			": not a Spectral CNN model (a plain DL4J model? train it with Spectral CNN)");
		return new ModelArchive(file, parseManifest(file, m), entries);
	}

	private static byte[] readLimited(final InputStream in, final Path file, final String name)
		throws IOException, ModelFileException
	{
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final byte[] buffer = new byte[1 << 16];
		long size = 0;
		for (int r; (r = in.read(buffer)) > 0;) {
			size += r;
			if (size > MAX_ENTRY_BYTES) throw new ModelFileException(file, "zip entry '" + name +
				"' unpacks to more than " + (MAX_ENTRY_BYTES >> 30) + " GiB");
			out.write(buffer, 0, r);
		}
		return out.toByteArray();
	}

	/** Why an entry name is unsafe to have in a model file, or null. */
	static String unsafe(final String name) {
		if (name.isEmpty()) return "empty name";
		if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*"))
			return "absolute path";
		for (final String part : name.split("[/\\\\]"))
			if (part.equals("..")) return "'..' in the path";
		return null;
	}

	private static JsonObject parseManifest(final Path file, final byte[] bytes)
		throws ModelFileException
	{
		final JsonObject m;
		try {
			final JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
			if (!e.isJsonObject()) throw new ModelFileException(file, MANIFEST + " is not a JSON object");
			m = e.getAsJsonObject();
		}
		catch (final JsonParseException e) {
			throw new ModelFileException(file, MANIFEST + " is not valid JSON: " + e.getMessage(), e);
		}
		if (!m.has("format") || !m.get("format").isJsonPrimitive() || !FORMAT.equals(m.get("format")
			.getAsString())) throw new ModelFileException(file, MANIFEST + " has format " + m.get(
				"format") + ", expected \"" + FORMAT + "\"");
		final int version = wholeNumber(file, m, "format_version");
		if (version < 1) throw new ModelFileException(file, MANIFEST + ": field 'format_version' is " +
			version + ", expected 1 or more");
		if (version > FORMAT_VERSION) throw new ModelFileException(file, "written by a newer Spectral CNN (model format " +
			version + ", this version reads up to " + FORMAT_VERSION + "); update the plugin");
		if (!m.has("kind")) throw new ModelFileException(file, MANIFEST + " does not say the model kind");
		text(file, m, "kind");
		return m;
	}

	/**
	 * A text field of a manifest object.
	 *
	 * @throws ModelFileException naming the file and the field when it is missing or not a text
	 */
	public static String text(final Path file, final JsonObject o, final String key)
		throws ModelFileException
	{
		final JsonElement e = o.get(key);
		if (e == null || e.isJsonNull()) throw new ModelFileException(file, MANIFEST +
			": field '" + key + "' is missing");
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
			throw new ModelFileException(file, MANIFEST + ": field '" + key +
				"' must be a text in quotes, not " + abbreviate(e));
		return e.getAsString();
	}

	/**
	 * A whole-number field of a manifest object.
	 *
	 * @throws ModelFileException naming the file and the field when it is missing, not a number
	 *           or out of range
	 */
	public static int wholeNumber(final Path file, final JsonObject o, final String key)
		throws ModelFileException
	{
		final JsonElement e = o.get(key);
		if (e == null || e.isJsonNull()) throw new ModelFileException(file, MANIFEST +
			": field '" + key + "' is missing");
		if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
			final java.math.BigDecimal v = e.getAsBigDecimal();
			if (v.stripTrailingZeros().scale() <= 0 && v.abs().compareTo(java.math.BigDecimal.valueOf(
				Integer.MAX_VALUE)) <= 0) return v.intValue();
		}
		throw new ModelFileException(file, MANIFEST + ": field '" + key +
			"' must be a whole number, not " + abbreviate(e));
	}

	private static String abbreviate(final JsonElement e) {
		final String s = e.toString();
		return s.length() > 40 ? s.substring(0, 37) + "..." : s;
	}

	public Path file() {
		return file;
	}

	public JsonObject manifest() {
		return manifest.deepCopy();
	}

	/** The model kind from the manifest, e.g. {@code cnn} or {@code plsr} (checked on reading). */
	public String kind() {
		return manifest.get("kind").getAsString();
	}

	public Set<String> entryNames() {
		return Collections.unmodifiableSet(entries.keySet());
	}

	/**
	 * The bytes of an entry.
	 *
	 * @throws ModelFileException if the entry is missing
	 */
	public byte[] entry(final String name) throws ModelFileException {
		final byte[] bytes = entries.get(name);
		if (bytes == null) throw new ModelFileException(file, "zip entry '" + name +
			"' is missing; the file is incomplete");
		return bytes;
	}

	/**
	 * Adds the entries of a zip (DL4J's network) to {@code entries} under {@code prefix}: how an
	 * ensemble member's network is stored beside the first member's.
	 */
	public static void putEmbedded(final Map<String, byte[]> entries, final String prefix,
		final byte[] zip) throws IOException
	{
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;)
				if (!e.isDirectory()) entries.put(prefix + e.getName(), in.readAllBytes());
		}
	}

	/**
	 * The part of this archive under {@code prefix} (an ensemble member's folder) as an archive
	 * of its own: its {@value #MANIFEST} checked as a file's is, the entries without the prefix.
	 *
	 * @throws ModelFileException when the folder has no manifest or an invalid one
	 */
	public ModelArchive member(final String prefix) throws ModelFileException {
		final byte[] m = entries.get(prefix + MANIFEST);
		if (m == null) throw new ModelFileException(file, "zip entry '" + prefix + MANIFEST +
			"' is missing; the file is incomplete");
		final Map<String, byte[]> sub = new LinkedHashMap<>();
		for (final Map.Entry<String, byte[]> e : entries.entrySet())
			if (e.getKey().startsWith(prefix)) sub.put(e.getKey().substring(prefix.length()), e
				.getValue());
		return new ModelArchive(file, parseManifest(file, m), sub);
	}

	/** The archive re-packed without our entries: what DL4J's ModelSerializer reads. */
	public byte[] embeddedZip(final Set<String> names) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (final String name : names) {
				final byte[] b = entries.get(name);
				if (b != null) put(zip, name, b);
			}
		}
		return bytes.toByteArray();
	}
}
