package org.spectralcnn.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns the file system's exceptions into one line a user can act on. Java's own messages are a
 * bare path ({@code NoSuchFileException: /tmp/x/nope.csv}) or, for an atomic write, the name of
 * a hidden temporary file the user never asked for; these say what happened to which real file.
 */
public final class FileProblems {

	private FileProblems() {}

	/** What went wrong, in words, without the path: "not found", "permission denied", … */
	public static String reason(final IOException e) {
		final String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
		final String lower = why == null ? "" : why.toLowerCase(Locale.ROOT);
		if (e instanceof NoSuchFileException) return "not found";
		if (e instanceof AccessDeniedException || lower.contains("permission denied"))
			return "permission denied";
		if (lower.contains("read-only file system")) return "the disk is read-only";
		if (lower.contains("no space left") || lower.contains("disk quota")) return "the disk is full";
		if (e instanceof NotDirectoryException || lower.contains("not a directory"))
			return "a part of the path is a file, not a folder";
		if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
		if (lower.contains("is a directory")) return "it is a folder, not a file";
		return why != null && !why.isBlank() ? why : e.getClass().getSimpleName();
	}

	/**
	 * An exception for a file that could not be written, naming the file the user asked for (not
	 * a temporary file beside it) and saying that the previous file, if any, is unchanged.
	 */
	public static IOException writing(final Path target, final IOException e) {
		final String reason = reason(e);
		return new IOException("cannot write " + target + ": " + reason + (reason.equals(
			"the disk is full") ? " (the previous file, if any, is unchanged)" : ""), e);
	}

	/**
	 * The one-line message for any exception a command failed with: file system exceptions get a
	 * reason and the real path, others keep their own message.
	 */
	public static String message(final Throwable e) {
		if (e instanceof FileSystemException f && f.getFile() != null) {
			final Path file = Path.of(f.getFile());
			if (file.getFileName() != null && file.getFileName().toString().matches(
				"\\..*\\.[0-9a-f]+\\.tmp")) return "cannot write beside " + file.getParent() + ": " +
					reason(f);
			return f instanceof NoSuchFileException ? file + ": file or folder not found" : file +
				": " + reason(f);
		}
		return e.getMessage() != null ? e.getMessage() : e.toString();
	}
}
