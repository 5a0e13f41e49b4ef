package org.spectralcnn.install;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.spectralcnn.install.FijiJars.Artifact;

/**
 * Checks a Fiji.app after {@code mvn install -Dscijava.app.directory=...}: the plugin and every
 * jar of the build (target/fiji-check/dependencies.txt) once, in its folder (natives in
 * {@code jars/<platform>/}), and no second version of any of them. Run from the project root by
 * {@code scripts/fiji-install-check.sh}:
 * {@code java -cp target/test-classes org.spectralcnn.install.FijiAppCheck /path/to/Fiji.app};
 * exit code 1 and one line per problem when something is wrong.
 */
public final class FijiAppCheck {

	private FijiAppCheck() {}

	public static void main(final String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: FijiAppCheck /path/to/Fiji.app");
			System.exit(2);
		}
		final Path app = Paths.get(args[0]);
		final Path pom = Paths.get("plugin.xml");
		final List<Artifact> jars = new ArrayList<>(FijiJars.readDependencyList(Paths.get("target",
			"fiji-check", "dependencies.txt")));
		jars.add(FijiJars.plugin(pom));
		final List<String> problems = FijiJars.layoutProblems(app, jars, FijiDependencyCheckTest
			.provided(), FijiJars.nativeFolders(pom), true);
		for (final String p : problems)
			System.err.println(app + ": " + p);
		if (!problems.isEmpty()) System.exit(1);
		System.out.println(app + ": " + jars.size() + " jars, each once and in its folder");
	}
}
