package org.spectralcnn.launcher;

import ij.IJ;
import ij.Menus;
import org.scijava.Priority;
import org.scijava.command.CommandInfo;
import org.scijava.event.EventHandler;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleFinishedEvent;
import org.scijava.module.event.ModuleStartedEvent;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;
import org.spectralcnn.commands.SpectralCommand;

/**
 * What the launcher's macro bridge does for macros, done in Fiji, where imagej-legacy runs the
 * commands instead: (1) when the plugin loads, the commands' old labels
 * ({@link CommandCatalog#OLD_LABELS}) go into ImageJ 1's command table, so that macros written
 * for them ({@code run("Predict with CNN", …)}) keep running (imagej-legacy only knows the
 * current menu labels); lowest priority, so that the legacy layer has built the table first.
 * (2) A cancelled command's reason is kept for {@link MacroCalls#canceled()}. Outside Fiji this
 * service does nothing ({@link ImageJ1Menus#install}, {@link MacroCommandBridge}).
 */
@Plugin(type = Service.class, priority = Priority.VERY_LOW)
public class FijiMacroSupport extends AbstractService {

	@Parameter
	private LogService log;

	private boolean active;

	@Override
	public void initialize() {
		active = ImageJ1Menus.underImageJ2();
		if (!active || Menus.getCommands() == null) return;
		try {
			SpectralCnnRuntime.use(getContext()).installOldLabels();
		}
		catch (final RuntimeException e) {
			log.warn("Spectral CNN: old command labels not available in macros: " + e.getMessage());
		}
	}

	@EventHandler
	protected void onStarted(final ModuleStartedEvent e) {
		if (active && isSpectralCnn(e.getModule()) && IJ.isMacro()) MacroCalls.recordCanceled("");
	}

	/** Cancelled before running (Cancel in the dialog). */
	@EventHandler
	protected void onCanceled(final ModuleCanceledEvent e) {
		if (active && isSpectralCnn(e.getModule()) && IJ.isMacro()) record(e.getModule());
	}

	/** Cancelled while running (Esc during training): SciJava reports it as finished. */
	@EventHandler
	protected void onFinished(final ModuleFinishedEvent e) {
		if (active && isSpectralCnn(e.getModule()) && IJ.isMacro() && ((SpectralCommand) e
			.getModule().getDelegateObject()).isCanceled()) record(e.getModule());
	}

	private static void record(final Module module) {
		final SpectralCommand c = (SpectralCommand) module.getDelegateObject();
		final String message = CommandCatalog.label((CommandInfo) module.getInfo()) +
			": canceled: " + (c.getCancelReason() != null ? c.getCancelReason() : "by the user");
		MacroCalls.recordCanceled(message);
		IJ.log(message);
	}

	private static boolean isSpectralCnn(final Module module) {
		return module.getDelegateObject() instanceof SpectralCommand;
	}
}
