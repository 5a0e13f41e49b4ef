package org.spectralcnn.launcher;

import ij.Menus;
import org.scijava.Priority;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * In Fiji, puts the commands' old labels ({@link CommandCatalog#OLD_LABELS}) into ImageJ 1's
 * command table when the plugin loads, so that macros written for them ({@code run("Predict with
 * CNN", …)}) keep running; imagej-legacy only knows the current menu labels. Lowest priority, so
 * that the legacy layer has built ImageJ 1's table first. Outside Fiji the launcher does this
 * itself ({@link ImageJ1Menus#install}, {@link SpectralCnnRuntime#installMacroCommands}).
 */
@Plugin(type = Service.class, priority = Priority.VERY_LOW)
public class OldLabelsService extends AbstractService {

	@Parameter
	private LogService log;

	@Override
	public void initialize() {
		if (!ImageJ1Menus.underImageJ2() || Menus.getCommands() == null) return;
		try {
			SpectralCnnRuntime.use(getContext()).installOldLabels();
		}
		catch (final RuntimeException e) {
			log.warn("Spectral CNN: old command labels not available in macros: " + e.getMessage());
		}
	}
}
