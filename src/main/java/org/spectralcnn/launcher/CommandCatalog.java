package org.spectralcnn.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.scijava.Context;
import org.scijava.MenuPath;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.spectralcnn.commands.CommandFailure;
import org.spectralcnn.commands.SpectralCommand;

/**
 * The Spectral CNN commands in menu order (the pipeline's), found by menu label (the leaf of the menu path, as in
 * {@code run("Import Spectra", …)}) or by class name.
 */
public final class CommandCatalog {

	/**
	 * Labels a command had before (old label → current label), still accepted by {@link #find} and
	 * in ImageJ's command table so that existing macros keep running. Predict and Evaluate take
	 * PLSR models as well as CNNs, hence their new names.
	 */
	public static final Map<String, String> OLD_LABELS = Map.of("Predict with CNN",
		"Predict with Model", "Evaluate CNN", "Evaluate Model");

	private final List<CommandInfo> commands;

	public CommandCatalog(final Context context) {
		commands = context.service(CommandService.class).getCommands().stream().filter(
			CommandCatalog::isSpectralCnn).sorted(Comparator.comparingDouble((CommandInfo c) -> c
				.getMenuPath().getLeaf().getWeight()).thenComparing(CommandCatalog::label)).collect(
					Collectors.toList());
	}

	private static boolean isSpectralCnn(final CommandInfo info) {
		final MenuPath path = info.getMenuPath();
		return path != null && path.size() == 3 && path.get(1).getName().equals(
			SpectralCommand.SUBMENU);
	}

	/** The menu label: the last element of the menu path. */
	public static String label(final CommandInfo info) {
		return info.getMenuPath().getLeaf().getName();
	}

	public List<CommandInfo> all() {
		return new ArrayList<>(commands);
	}

	/**
	 * The command with this menu label (case-insensitive; an old label in {@link #OLD_LABELS} too),
	 * fully qualified or simple class name.
	 *
	 * @throws CommandFailure listing the known labels
	 */
	public CommandInfo find(final String labelOrClass) {
		for (final Map.Entry<String, String> old : OLD_LABELS.entrySet())
			if (old.getKey().equalsIgnoreCase(labelOrClass)) return find(old.getValue());
		for (final CommandInfo info : commands) {
			final String className = info.getClassName();
			if (label(info).equalsIgnoreCase(labelOrClass) || className.equals(labelOrClass) ||
				className.substring(className.lastIndexOf('.') + 1).equals(labelOrClass)) return info;
		}
		throw new CommandFailure("unknown command '" + labelOrClass + "'; commands: " + commands
			.stream().map(CommandCatalog::label).collect(Collectors.joining(", ")));
	}
}
