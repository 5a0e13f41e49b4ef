package org.spectralcnn.launcher;

import ij.IJ;
import ij.Menus;
import java.lang.reflect.Method;
import java.util.Hashtable;
import java.util.Map;
import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;

/**
 * The one SciJava context of a launcher process, with the command catalog and invoker built on
 * it. Plain ImageJ 1 plugins (the macro bridge) reach the commands through it.
 */
public final class SpectralCnnRuntime {

	private static SpectralCnnRuntime instance;

	private final Context context;
	private final CommandCatalog catalog;
	private final CommandInvoker invoker;

	private SpectralCnnRuntime(final Context context) {
		this.context = context;
		// a failing command is reported once, as one line, by the launcher or the macro; SciJava
		// would also log it with a stack trace
		if (!Boolean.getBoolean("spectralcnn.debug")) context.service(LogService.class).setLevel(
			"org.scijava.module.ModuleRunner", LogLevel.NONE);
		this.catalog = new CommandCatalog(context);
		this.invoker = new CommandInvoker(context);
	}

	/**
	 * The runtime: in Fiji on Fiji's own context (imagej-legacy hands it out through
	 * {@code IJ.runPlugIn("org.scijava.Context", "")}), elsewhere on a new one.
	 */
	public static synchronized SpectralCnnRuntime get() {
		if (instance == null) {
			final Object fiji = ImageJ1Menus.underImageJ2() ? IJ.runPlugIn("org.scijava.Context", "")
				: null;
			instance = new SpectralCnnRuntime(fiji instanceof Context ? (Context) fiji : new Context());
		}
		return instance;
	}

	/** Uses an existing context (tests, or a host that has one). */
	public static synchronized SpectralCnnRuntime use(final Context context) {
		if (instance == null || instance.context != context) instance = new SpectralCnnRuntime(
			context);
		return instance;
	}

	/**
	 * Shows the commands' SciJava status and progress in ImageJ 1's status bar and progress
	 * bar (Fiji's legacy layer does this itself).
	 */
	public void forwardStatusToImageJ() {
		if (statusForwarder == null) {
			statusForwarder = new StatusForwarder();
			context.service(EventService.class).subscribe(statusForwarder);
		}
	}

	/** Kept in a field: the event service holds subscribers weakly. */
	private Object statusForwarder;

	private static final class StatusForwarder {

		@EventHandler
		public void onStatus(final StatusEvent e) {
			if (e.getStatusMessage() != null) IJ.showStatus(e.getStatusMessage());
			if (e.getProgressMaximum() > 0) IJ.showProgress(e.getProgressValue(), e
				.getProgressMaximum());
		}
	}

	public Context context() {
		return context;
	}

	public CommandCatalog catalog() {
		return catalog;
	}

	public CommandInvoker invoker() {
		return invoker;
	}

	/**
	 * Adds every command to ImageJ 1's command table under its menu label, so that macros can
	 * {@code run(label, options)} it. Labels already taken by ImageJ are refused rather than
	 * shadowed.
	 */
	@SuppressWarnings("unchecked")
	public void installMacroCommands() {
		final Hashtable<String, String> table = commandTable();
		for (final CommandInfo info : catalog.all()) {
			final String label = CommandCatalog.label(info);
			put(table, label, MacroCommandBridge.class.getName() + "(\"" + info.getClassName() +
				"\")");
		}
		installOldLabels(table);
	}

	/**
	 * Adds the {@link CommandCatalog#OLD_LABELS} to ImageJ's command table as hidden entries (no
	 * menu item) that run the renamed command through the macro bridge, so that old macros'
	 * {@code run("Predict with CNN", …)} keeps working. In Fiji, on Fiji's own table.
	 */
	@SuppressWarnings("unchecked")
	public void installOldLabels() {
		installOldLabels(commandTable());
	}

	private void installOldLabels(final Hashtable<String, String> table) {
		for (final Map.Entry<String, String> old : CommandCatalog.OLD_LABELS.entrySet())
			put(table, old.getKey(), MacroCommandBridge.class.getName() + "(\"" + catalog.find(old
				.getValue()).getClassName() + "\")");
	}

	/** Labels already taken by ImageJ are refused rather than shadowed. */
	private static void put(final Hashtable<String, String> table, final String label,
		final String entry)
	{
		final String existing = table.get(label);
		if (existing != null && !existing.equals(entry)) throw new IllegalStateException(
			"menu label '" + label + "' is already ImageJ's command " + existing);
		table.put(label, entry);
	}

	/**
	 * ImageJ 1's command table. Headless, ImageJ builds it lazily on the first {@code IJ.run}
	 * (in its package-private {@code IJ.init()}), too late for adding entries before a macro runs;
	 * the same initialisation is triggered here.
	 */
	@SuppressWarnings("rawtypes")
	private static Hashtable commandTable() {
		if (Menus.getCommands() == null) {
			try {
				final Method init = IJ.class.getDeclaredMethod("init");
				init.setAccessible(true);
				init.invoke(null);
			}
			catch (final ReflectiveOperationException e) {
				throw new IllegalStateException("cannot initialise ImageJ's command table", e);
			}
		}
		return Menus.getCommands();
	}

	/** Disposes the context. */
	public static synchronized void dispose() {
		if (instance != null) instance.context.dispose();
		instance = null;
	}
}
