package org.spectralcnn.launcher;

import ij.IJ;
import ij.Menus;
import java.awt.GraphicsEnvironment;
import java.awt.Menu;
import java.awt.MenuItem;
import org.scijava.command.CommandInfo;
import org.spectralcnn.commands.SpectralCommand;

/**
 * Puts the commands into plain ImageJ 1: the command table (for macros) and a
 * <b>Plugins › Spectral CNN</b> submenu. In Fiji nothing is done: imagej-legacy already turns
 * every SciJava command into a menu entry, and doing it twice would duplicate the labels.
 * Called by the launcher's GUI ({@code ./spectral-cnn}, {@code --gui}).
 */
public final class ImageJ1Menus {


	private ImageJ1Menus() {}

	/** True inside Fiji/ImageJ2, whose legacy layer provides the menu entries itself. */
	public static boolean underImageJ2() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, ImageJ1Menus.class
				.getClassLoader());
			return true;
		}
		catch (final ClassNotFoundException e) {
			return false;
		}
	}

	/** Installs the entries once; a no-op under ImageJ2. */
	public static synchronized void install() {
		if (underImageJ2()) return;
		final SpectralCnnRuntime runtime = SpectralCnnRuntime.get();
		runtime.installMacroCommands();
		if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) return;
		final Menu plugins = Menus.getImageJMenu("Plugins");
		if (plugins == null) return;
		for (int i = 0; i < plugins.getItemCount(); i++)
			if (SpectralCommand.SUBMENU.equals(plugins.getItem(i).getLabel())) return; // already there
		final Menu submenu = new Menu(SpectralCommand.SUBMENU);
		for (final CommandInfo info : runtime.catalog().all()) {
			final MenuItem item = new MenuItem(CommandCatalog.label(info));
			item.addActionListener(IJ.getInstance()); // ImageJ runs it by label, and records it
			submenu.add(item);
		}
		plugins.insert(submenu, 0);
	}
}
