package org.spectralcnn.io;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The files a run reads and writes, checked together before any work starts, so that a run
 * that could only fail at the end (after an hour of training) fails in the first second, and no
 * run overwrites one of its own inputs. A command declares every input file or folder, every
 * output file and every folder it writes into with the names it writes there (exact names, or
 * globs such as {@code scatter_*.png} for names that depend on the data); {@link #check()} then
 * refuses, with one line naming the key and the path:
 * <ul>
 * <li>an input that does not exist or cannot be read;</li>
 * <li>an output that is an input (same path, or the same file through a link; an ENVI header's
 * data file and a data file's header count as inputs too), including an
 * input that lies in an output folder under a name the command writes there, and an existing
 * file in an input folder;</li>
 * <li>two outputs that are the same file;</li>
 * <li>an output file that is a folder (or a device), an output folder that is a file;</li>
 * <li>an output under a regular file ({@code rfile/report});</li>
 * <li>an output in a folder where nothing can be created (permission denied, read-only disk),
 * found by creating and deleting a hidden probe file, because {@code access(2)} says yes to
 * root on a read-only mount;</li>
 * <li>an existing output file that is write-protected, and a disk with no space left.</li>
 * </ul>
 * Plain Java: commands, workflows and tests use it alike.
 */
public final class OutputPlan {

	private record Input(String key, Path path) {}

	private record Output(String key, Path file, String name) {}

	private record Folder(String key, Path folder, List<String> names) {}

	private final List<Input> inputs = new ArrayList<>();
	private final List<Output> outputs = new ArrayList<>();
	private final List<Folder> folders = new ArrayList<>();

	/**
	 * An input file or folder, under its parameter name, with the files read beside it (an
	 * ENVI header's data file, a data file's header); null (not given) is ignored.
	 */
	public OutputPlan reads(final String key, final Path path) {
		if (path == null || path.toString().isEmpty()) return this;
		inputs.add(new Input(key, path));
		for (final Path companion : EnviHeader.companions(path))
			inputs.add(new Input(key + ", read with " + path.getFileName(), companion));
		return this;
	}

	/** A file the run writes; null (not given) is ignored. */
	public OutputPlan writes(final String key, final Path file) {
		if (file != null && !file.toString().isEmpty()) outputs.add(new Output(key, file, null));
		return this;
	}

	/**
	 * A folder the run creates if needed and writes into; null (not given) is ignored.
	 *
	 * @param names every file name the run may write there: exact names, or globs ({@code *},
	 *          {@code ?}) for names that depend on the data
	 */
	public OutputPlan writesInto(final String key, final Path folder, final List<String> names) {
		if (folder == null || folder.toString().isEmpty()) return this;
		folders.add(new Folder(key, folder, List.copyOf(names)));
		for (final String name : names)
			if (!isGlob(name)) outputs.add(new Output(key, folder.resolve(name), name));
		return this;
	}

	/**
	 * Checks the whole plan.
	 *
	 * @throws IllegalArgumentException with one line naming the key, the path and what is wrong
	 */
	public void check() {
		for (final Input in : inputs) checkInput(in);
		for (final Folder f : folders) checkFolder(f);
		for (int i = 0; i < outputs.size(); i++) {
			final Output out = outputs.get(i);
			checkOutput(out);
			for (int j = 0; j < i; j++) {
				final Output other = outputs.get(j);
				if (same(out.file(), other.file())) throw new IllegalArgumentException(describe(out) +
					" and " + describe(other) + " are the same file; one would overwrite the other");
			}
		}
	}

	private static void checkInput(final Input in) {
		final Path p = in.path();
		if (!Files.exists(p)) {
			final Path blocker = regularAncestor(p);
			throw new IllegalArgumentException(in.key() + ": " + p + (blocker != null ? " cannot exist: " +
				blocker + " is a file, not a folder" : Files.isDirectory(parentOf(p)) ? ": file not found"
					: ": folder " + parentOf(p) + " not found"));
		}
		if (!Files.isReadable(p)) throw new IllegalArgumentException(in.key() + ": cannot read " + p +
			": permission denied");
	}

	private void checkFolder(final Folder f) {
		final Path folder = f.folder();
		if (Files.exists(folder) && !Files.isDirectory(folder)) throw new IllegalArgumentException(f
			.key() + ": " + folder + " is a file, not a folder");
		checkCreatable(f.key(), folder, folder);
		final List<PathMatcher> globs = new ArrayList<>();
		for (final String name : f.names())
			if (isGlob(name)) globs.add(FileSystems.getDefault().getPathMatcher("glob:" + name));
		for (final Input in : inputs) {
			final Path name = in.path().getFileName();
			if (name == null || !same(parentOf(in.path()), folder)) continue;
			for (final PathMatcher glob : globs)
				if (glob.matches(name)) throw overwritesInput(f.key() + " folder " + folder, in);
		}
	}

	private void checkOutput(final Output out) {
		final Path file = out.file();
		for (final Input in : inputs) {
			if (same(in.path(), file)) throw overwritesInput(describe(out), in);
			// a folder of spectra: each existing file in it may be one of the inputs
			if (Files.isDirectory(in.path()) && Files.isRegularFile(file) && same(parentOf(file), in
				.path())) throw overwritesInput(describe(out), new Input(in.key(), file));
		}
		if (Files.isDirectory(file)) throw new IllegalArgumentException(describe(out) +
			" is a folder; expected a file name" + (out.name() != null ? "" : " (e.g. " + file
				.resolve("result") + ")"));
		if (Files.exists(file)) {
			if (!Files.isRegularFile(file)) throw new IllegalArgumentException(describe(out) +
				" is not a regular file (a device or pipe); choose a file name");
			if (!Files.isWritable(file)) throw new IllegalArgumentException(describe(out) +
				" is write-protected; choose another file or make it writable");
		}
		checkCreatable(out.key(), file, parentOf(file));
	}

	/** The nearest existing folder of {@code dir} (itself included) must take new files. */
	private static void checkCreatable(final String key, final Path target, final Path dir) {
		final Path blocker = Files.isRegularFile(dir) ? dir : regularAncestor(dir);
		if (blocker != null) throw new IllegalArgumentException(key + ": cannot write " + target +
			": " + blocker + " is a file, not a folder");
		Path existing = dir.toAbsolutePath().normalize();
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		if (existing == null) return;
		final Path probe = existing.resolve(".spectral-cnn-probe." + Long.toHexString(ThreadLocalRandom
			.current().nextLong() & Long.MAX_VALUE) + ".tmp");
		try {
			Files.createFile(probe);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(key + ": cannot write " + target + ": " + (existing
				.equals(dir.toAbsolutePath().normalize()) ? "" : "cannot create folders in " + existing +
					": ") + FileProblems.reason(e) + (existing.equals(dir.toAbsolutePath().normalize())
						? " in folder " + existing : ""), e);
		}
		try {
			final FileStore store = Files.getFileStore(probe);
			if (store.getUsableSpace() == 0) throw new IllegalArgumentException(key + ": cannot write " +
				target + ": the disk is full");
		}
		catch (final IOException e) {
			// no space figure for this file system: the write itself will tell
		}
		finally {
			try {
				Files.deleteIfExists(probe);
			}
			catch (final IOException e) {
				// a probe left behind is a hidden empty file, not a reason to stop
			}
		}
	}

	private static IllegalArgumentException overwritesInput(final String what, final Input in) {
		return new IllegalArgumentException(what + " would overwrite the input " + in.path() + " (" +
			in.key() + "); choose another " + (what.contains(" folder ") ? "folder" : "file") +
			" or move the input");
	}

	private static String describe(final Output out) {
		return out.key() + " " + out.file();
	}

	/** The regular file that lies where a folder of {@code p}'s path should be, or null. */
	private static Path regularAncestor(final Path p) {
		for (Path a = p.toAbsolutePath().normalize(); a != null; a = a.getParent())
			if (Files.isRegularFile(a) && !a.equals(p.toAbsolutePath().normalize())) return a;
		return null;
	}

	private static Path parentOf(final Path p) {
		final Path parent = p.toAbsolutePath().normalize().getParent();
		return parent != null ? parent : p.toAbsolutePath().getRoot();
	}

	/** Same file: through links when both exist, else the same normalised path. */
	static boolean same(final Path a, final Path b) {
		try {
			if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
		}
		catch (final IOException e) {
			// fall back to comparing the paths
		}
		return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
	}

	private static boolean isGlob(final String name) {
		return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
	}
}
