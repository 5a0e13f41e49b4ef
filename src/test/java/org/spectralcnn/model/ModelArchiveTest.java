package org.spectralcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.models.Models;

class ModelArchiveTest {

	@TempDir
	Path dir;

	private Path write(final String name, final JsonObject manifest, final Map<String, byte[]> entries,
		final byte[] embedded) throws IOException
	{
		final Path file = dir.resolve(name);
		try (OutputStream out = Files.newOutputStream(file)) {
			ModelArchive.write(out, manifest, entries, embedded);
		}
		return file;
	}

	private Path rawZip(final String name, final String... namesAndContents) throws IOException {
		final Path file = dir.resolve(name);
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			for (int i = 0; i < namesAndContents.length; i += 2) {
				zip.putNextEntry(new ZipEntry(namesAndContents[i]));
				zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return file;
	}

	@Test
	void roundTripWithEmbeddedZipAtTopLevel() throws Exception {
		final ByteArrayOutputStream inner = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(inner)) {
			zip.putNextEntry(new ZipEntry("coefficients.bin"));
			zip.write(new byte[] { 1, 2, 3 });
			zip.closeEntry();
		}
		final JsonObject manifest = ModelArchive.newManifest("plsr");
		manifest.addProperty("name", "test");
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("weights.json", "[1,2]".getBytes(StandardCharsets.UTF_8));
		final ModelArchive a = ModelArchive.read(write("m.zip", manifest, entries, inner
			.toByteArray()));
		assertEquals("plsr", a.kind());
		assertEquals("test", a.manifest().get("name").getAsString());
		assertArrayEquals(new byte[] { 1, 2, 3 }, a.entry("coefficients.bin"));
		assertEquals("[1,2]", new String(a.entry("weights.json"), StandardCharsets.UTF_8));
		assertTrue(a.entryNames().containsAll(Arrays.asList("manifest.json", "weights.json",
			"coefficients.bin")));
	}

	@Test
	void rejectsBadFilesWithClearMessages() throws Exception {
		final String manifest = ModelArchive.newManifest("cnn").toString();
		assertMessage(dir.resolve("nope.zip"), "model file not found");
		final Path truncated = write("t.zip", ModelArchive.newManifest("cnn"), Collections
			.singletonMap("x.bin", new byte[5000]), null);
		final byte[] bytes = Files.readAllBytes(truncated);
		Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
		assertMessage(truncated, "truncated or corrupt");
		final Path text = dir.resolve("text.zip");
		Files.write(text, "hello".getBytes(StandardCharsets.UTF_8));
		assertMessage(text, "not a zip file");
		assertMessage(rawZip("slip.zip", "manifest.json", manifest, "../../evil.sh", "x"),
			"unsafe zip entry '../../evil.sh'");
		assertMessage(rawZip("abs.zip", "/etc/passwd", "x"), "absolute path");
		assertMessage(rawZip("nomanifest.zip", "configuration.json", "{}"), "no manifest.json");
		assertMessage(rawZip("badjson.zip", "manifest.json", "{oops"), "not valid JSON");
		assertMessage(rawZip("format.zip", "manifest.json", "{\"format\":\"other\"}"),
			"expected \"spectral-cnn-model\"");
		assertMessage(rawZip("newer.zip", "manifest.json",
			"{\"format\":\"spectral-cnn-model\",\"format_version\":99,\"kind\":\"cnn\"}"),
			"newer Spectral CNN");
		assertMessage(rawZip("kind.zip", "manifest.json",
			"{\"format\":\"spectral-cnn-model\",\"format_version\":1,\"kind\":\"svm\"}"),
			"unknown model kind 'svm'");
	}

	/** Issue 14: a manifest with fields of the wrong JSON type names the file and the field. */
	@Test
	void manifestFieldsOfTheWrongTypeNameTheFileAndTheField() throws Exception {
		final String ok = "\"format\":\"spectral-cnn-model\"";
		assertMessage(rawZip("f1.zip", "manifest.json", "{\"format\":{\"a\":1}}"),
			"manifest.json has format {\"a\":1}, expected \"spectral-cnn-model\"");
		assertMessage(rawZip("f2.zip", "manifest.json", "{" + ok + ",\"format_version\":\"abc\"}"),
			"manifest.json: field 'format_version' must be a whole number, not \"abc\"");
		assertMessage(rawZip("f3.zip", "manifest.json", "{" + ok + ",\"format_version\":1.5}"),
			"manifest.json: field 'format_version' must be a whole number, not 1.5");
		assertMessage(rawZip("f4.zip", "manifest.json", "{" + ok + ",\"format_version\":[1]}"),
			"manifest.json: field 'format_version' must be a whole number, not [1]");
		assertMessage(rawZip("f5.zip", "manifest.json", "{" + ok +
			",\"format_version\":99999999999}"),
			"manifest.json: field 'format_version' must be a whole number, not 99999999999");
		assertMessage(rawZip("f6.zip", "manifest.json", "{" + ok + "}"),
			"manifest.json: field 'format_version' is missing");
		assertMessage(rawZip("f7.zip", "manifest.json", "{" + ok +
			",\"format_version\":1,\"kind\":{\"x\":1}}"),
			"manifest.json: field 'kind' must be a text in quotes, not {\"x\":1}");
		assertMessage(rawZip("f8.zip", "manifest.json", "{" + ok +
			",\"format_version\":1,\"kind\":\"plsr\",\"models\":[{\"target\":\"clay\"," +
			"\"components\":\"two\"}],\"input_axis\":{\"values\":[1,2],\"unit\":\"nm\"}}"),
			"manifest.json: field 'components' must be a whole number, not \"two\"");
	}

	/** Found by the fuzz suite: ZipInputStream throws IllegalArgumentException for such names. */
	@Test
	void entryNameThatIsNotUtf8IsACorruptFile() throws Exception {
		final Path file = rawZip("name.zip", "manifest.json", "{}");
		final byte[] bytes = Files.readAllBytes(file);
		bytes[30] = (byte) 0xc3; // the local header's name starts at byte 30: a lone lead byte
		Files.write(file, bytes);
		assertMessage(file, "corrupt entry name");
	}

	private static void assertMessage(final Path file, final String fragment) {
		final ModelFileException e = assertThrows(ModelFileException.class, () -> Models.load(file));
		assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
		assertTrue(e.getMessage().contains(fragment), e.getMessage());
	}
}
