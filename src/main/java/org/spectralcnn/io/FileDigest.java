package org.spectralcnn.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a file: how a model file names the files it came from. */
public final class FileDigest {

	private FileDigest() {}

	/** Lower-case hex SHA-256 of a file's bytes. */
	public static String sha256(final Path file) throws IOException {
		final MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("this Java has no SHA-256", e);
		}
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] buffer = new byte[1 << 16];
			for (int r; (r = in.read(buffer)) > 0;) digest.update(buffer, 0, r);
		}
		return HexFormat.of().formatHex(digest.digest());
	}
}
