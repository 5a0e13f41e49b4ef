package org.spectralcnn.commands;

import java.awt.GraphicsEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.spectralcnn.bridge.Display;
import org.spectralcnn.model.Backend;

/** What a user sends with a bug report: Java, ND4J backend, CPU, threads, memory, version. */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(
	label = SpectralCommand.SUBMENU), @Menu(label = "Spectral CNN System Check", weight = 11) },
	headless = true, description = "Java, ND4J backend and BLAS, CPU features, threads, memory and plugin version")
public class SystemCheckCommand extends SpectralCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "System report")
	private String report;

	@Override
	protected void execute() {
		final Map<String, String> facts = new LinkedHashMap<>();
		final Package pkg = SystemCheckCommand.class.getPackage();
		facts.put("Spectral CNN", pkg.getImplementationVersion() != null ? pkg
			.getImplementationVersion() : "development build");
		facts.put("Java", System.getProperty("java.version") + " (" + System.getProperty(
			"java.vendor") + "), " + System.getProperty("os.name") + " " + System.getProperty(
				"os.arch"));
		facts.put("ImageJ", ij.IJ.getFullVersion());
		facts.put("CPU cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
		facts.put("Java heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB max");
		facts.putAll(Backend.describe());
		facts.put("Headless", Boolean.toString(GraphicsEnvironment.isHeadless()));
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<String, String> e : facts.entrySet())
			sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
		report = sb.toString();
		for (final String line : report.split("\n")) log.info(line);
		Display.showText("Spectral CNN System Check", report);
	}
}
