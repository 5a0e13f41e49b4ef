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
import java.util.ArrayList;
import java.util.List;
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

	/** A body that writes files and may fail with an {@link IOException}. */
	@FunctionalInterface
	public interface IOSupplier<T> {

		T get() throws IOException;
	}

	/** The files this thread stages for {@link #together}; null outside it. */
	private static final ThreadLocal<List<Staged>> HELD = new ThreadLocal<>();

	private AtomicFiles() {}

	/**
	 * Runs {@code body}, holding every file it writes (from this thread, through this class) until
	 * it returns, then puts them all in place: a report whose fifth file fails on a full disk
	 * leaves the previous report as it was instead of a mix of two runs. Inside another
	 * {@code together} the files join the outer one.
	 */
	public static <T> T together(final IOSupplier<T> body) throws IOException {
		if (HELD.get() != null) return body.get();
		final List<Staged> held = new ArrayList<>();
		HELD.set(held);
		try {
			final T result = body.get();
			HELD.remove();
			for (final Staged staged : held)
				staged.commit();
			return result;
		}
		finally {
			HELD.remove();
			for (final Staged staged : held)
				staged.close();
		}
	}

	/**
	 * Writes {@code target} atomically. The stream is buffered; the writer must not close it.
	 *
	 * @throws IOException from the writer or the file system, naming the target (never the
	 *           temporary file); the target is then unchanged and the temporary file removed
	 */
	public static void write(final Path target, final IOConsumer<OutputStream> writer)
		throws IOException
	{
		final List<Staged> held = HELD.get();
		if (held != null) {
			held.add(stage(target, writer));
			return;
		}
		try (Staged staged = stage(target, writer)) {
			staged.commit();
		}
	}

	/**
	 * Writes the complete file beside {@code target}, flushed to disk, without putting it in
	 * place: {@link Staged#commit()} does that, and closing an uncommitted one deletes it. A
	 * command that writes a model and a report stages the model, writes the report, then
	 * commits, so that a run failing anywhere leaves the previous model byte-identical, while a
	 * full disk still shows before the report is written.
	 */
	public static Staged stage(final Path target, final IOConsumer<OutputStream> writer)
		throws IOException
	{
		final Path absolute = target.toAbsolutePath();
		final Path dir = absolute.getParent();
		final Path temp;
		try {
			Files.createDirectories(dir);
			temp = createTemp(dir, absolute.getFileName().toString());
		}
		catch (final IOException e) {
			throw FileProblems.writing(target, e);
		}
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				final OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel),
					1 << 16);
				writer.accept(new NonClosing(out));
				out.flush();
				channel.force(true);
			}
			return new Staged(temp, absolute, target);
		}
		catch (final IOException | RuntimeException | Error e) {
			try {
				Files.deleteIfExists(temp);
			}
			catch (final IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			final IOException cause = e instanceof IOException io ? fileSystemCause(io) : null;
			if (cause != null) throw FileProblems.writing(target, cause);
			throw e;
		}
	}

	/**
	 * The file system's failure behind a writer's exception, or null for a writer's own (which
	 * already says what it means). Looks through the causes: ImageIO reports a full disk as
	 * "I/O error writing PNG file!" around the real reason.
	 */
	private static IOException fileSystemCause(final IOException e) {
		for (Throwable t = e; t != null; t = t.getCause())
			if (t instanceof IOException io && (io instanceof java.nio.file.FileSystemException ||
				!FileProblems.reason(io).equals(io.getMessage()))) return io;
		return null;
	}

	/** A complete file beside its target, put in place by {@link #commit()}. */
	public static final class Staged implements AutoCloseable {

		private final Path temp;
		private final Path absolute;
		private final Path target;
		private boolean committed;

		private Staged(final Path temp, final Path absolute, final Path target) {
			this.temp = temp;
			this.absolute = absolute;
			this.target = target;
		}

		/** Renames the file over the target in one atomic step. */
		public void commit() throws IOException {
			try {
				Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
				committed = true;
			}
			catch (final IOException e) {
				throw FileProblems.writing(target, e);
			}
		}

		/** Deletes the file unless it was committed; the target is then unchanged. */
		@Override
		public void close() {
			if (committed) return;
			try {
				Files.deleteIfExists(temp);
			}
			catch (final IOException e) {
				// a hidden temporary file left behind; the target is unchanged either way
			}
		}
	}

	/** This machine in a temporary file's name (letters, digits, '-'). */
	private static final String HOST = host();

	/** This process in a temporary file's name: host and process id. */
	private static final String OWNER = HOST + "-" + ProcessHandle.current().pid();

	/** How old another host's temporary file must be before a write beside it removes it. */
	private static final long STALE_MILLIS = 24L * 3600 * 1000;

	/**
	 * A new hidden file beside the target, {@code .<name>.<host>-<pid>.<random>.tmp}. Not
	 * {@code Files.createTempFile}, which makes it owner-only: the result should get the
	 * permissions of any other file the user writes. Temporary files of the same target that a
	 * killed run left behind go first ({@link #removeStale}).
	 */
	private static Path createTemp(final Path dir, final String name) throws IOException {
		// the target's name cut to 50 characters: a long name that is fine as a target must not
		// make its temporary name too long for the file system (255 bytes)
		final String prefix = "." + (name.length() > 50 ? name.substring(0, 50) : name) + ".";
		removeStale(dir, prefix);
		for (int attempt = 0;; attempt++) {
			final Path temp = dir.resolve(prefix + OWNER + "." + Long.toHexString(ThreadLocalRandom
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
	 * Deletes the temporary files of one target that no running write owns: this host's whose
	 * process has ended (SIGKILL, a power cut), any over a day old (another host's, or written
	 * before the names held an owner). A run that is still writing keeps its file.
	 */
	private static void removeStale(final Path dir, final String prefix) {
		try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> {
			final String n = f.getFileName().toString();
			return n.startsWith(prefix) && n.endsWith(".tmp");
		})) {
			final String here = HOST + "-";
			for (final Path f : files) {
				final String middle = f.getFileName().toString().substring(prefix.length());
				final boolean stale;
				// this machine's (when it has a name): by whether its process still runs
				if (!HOST.equals(UNKNOWN_HOST) && middle.startsWith(here) && middle.indexOf('.') > here
					.length())
				{
					final long pid = parsePid(middle.substring(here.length(), middle.indexOf('.')));
					stale = pid > 0 && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid)
						.isEmpty();
				}
				else stale = System.currentTimeMillis() - Files.getLastModifiedTime(f)
					.toMillis() > STALE_MILLIS;
				if (stale) Files.deleteIfExists(f);
			}
		}
		catch (final IOException | RuntimeException e) {
			// a leftover stays; the write itself goes on
		}
	}

	private static long parsePid(final String text) {
		try {
			return Long.parseLong(text);
		}
		catch (final NumberFormatException e) {
			return -1;
		}
	}

	/** A machine without a name we can read (macOS without HOSTNAME): only the age rule. */
	private static final String UNKNOWN_HOST = "host";

	/** The host name without asking the network (a lookup can hang on a misconfigured DNS). */
	private static String host() {
		String h;
		try {
			h = Files.readString(Path.of("/etc/hostname")).trim(); // Linux, whatever the environment
		}
		catch (final IOException | RuntimeException e) {
			h = System.getenv("COMPUTERNAME"); // Windows
			if (h == null) h = System.getenv("HOSTNAME");
			if (h == null) h = "";
		}
		final String clean = h.replaceAll("[^A-Za-z0-9-]", "-");
		return clean.isEmpty() ? UNKNOWN_HOST : clean;
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
