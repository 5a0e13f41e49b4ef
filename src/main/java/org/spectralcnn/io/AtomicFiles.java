package org.spectralcnn.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes files all-or-nothing: into a hidden temporary file beside the target, flushed to disk,
 * then renamed over the target in one atomic step. A crash, a full disk or an exception half
 * way leaves the previous file intact instead of a truncated CSV, TIFF or model. Every writer of
 * the plugin goes through here.
 */
public final class AtomicFiles {

	/** Writes to a stream and may fail with an {@link IOException}. */
	@FunctionalInterface
	public interface IOConsumer<T> {

		void accept(T t) throws IOException;
	}

	private AtomicFiles() {}

	/**
	 * Writes {@code target} atomically. The stream is buffered; the writer must not close it.
	 *
	 * @throws IOException from the writer or the file system; the target is then unchanged and
	 *           the temporary file removed
	 */
	public static void write(final Path target, final IOConsumer<OutputStream> writer)
		throws IOException
	{
		final Path absolute = target.toAbsolutePath();
		final Path dir = absolute.getParent();
		Files.createDirectories(dir);
		final Path temp = createTemp(dir, absolute.getFileName().toString());
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				final OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel),
					1 << 16);
				writer.accept(new NonClosing(out));
				out.flush();
				channel.force(true);
			}
			Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final IOException | RuntimeException | Error e) {
			try {
				Files.deleteIfExists(temp);
			}
			catch (final IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
	}

	/**
	 * A new hidden file beside the target. Not {@code Files.createTempFile}, which makes it
	 * owner-only: the result should get the permissions of any other file the user writes.
	 */
	private static Path createTemp(final Path dir, final String name) throws IOException {
		for (int attempt = 0;; attempt++) {
			final Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom
				.current().nextLong() & Long.MAX_VALUE) + ".tmp");
			try {
				return Files.createFile(temp);
			}
			catch (final FileAlreadyExistsException e) {
				if (attempt == 10) throw e;
			}
		}
	}

	/**
	 * Writes UTF-8 text atomically, gzip-compressed when the name ends in {@code .gz}. The writer
	 * is buffered; the callback must not close it.
	 */
	public static void writeText(final Path target, final IOConsumer<Writer> writer)
		throws IOException
	{
		final boolean gzip = target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(
			".gz");
		write(target, out -> {
			final OutputStream stream = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
			final Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8),
				1 << 16);
			writer.accept(w);
			w.flush();
			if (gzip) ((GZIPOutputStream) stream).finish();
		});
	}

	/**
	 * Refuses to write over an input: same path, or the same file through a link.
	 *
	 * @throws IOException naming both paths
	 */
	public static void requireNotSame(final Path input, final Path output) throws IOException {
		final boolean same = Files.exists(input) && Files.exists(output) ? Files.isSameFile(input,
			output) : input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize());
		if (same) throw new IOException("refusing to overwrite the input " + input + " with " +
			"output " + output + "; choose another output file");
	}

	/** Keeps callbacks from closing the channel before it is forced to disk. */
	private static final class NonClosing extends OutputStream {

		private final OutputStream out;

		NonClosing(final OutputStream out) {
			this.out = out;
		}

		@Override
		public void write(final int b) throws IOException {
			out.write(b);
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			out.write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			out.flush();
		}

		@Override
		public void close() throws IOException {
			out.flush();
		}
	}
}
