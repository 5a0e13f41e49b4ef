package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train, predict and evaluate a CNN through {@code ./spectral-cnn}: a macro and {@code --run}. */
class CnnLauncherIT {

	@TempDir
	Path tmp;

	private static final Path SOIL = Path.of("test-data", "soil_visnir.csv").toAbsolutePath();

	@Test
	void macroTrainsPredictsAndEvaluates() throws Exception {
		final Path macro = tmp.resolve("cnn.ijm");
		final Path model = tmp.resolve("soil model.zip");
		Files.write(macro, String.join("\n", "setBatchMode(true);",
			"run(\"Train CNN\", \"input=[" + SOIL + "] targets=clay,soc architecture=tiny steps=snv split_column=train epochs=3 batch_size=16 model=[" +
				model + "] report=[" + tmp.resolve("report") + "]\");",
			"run(\"Predict with Model\", \"model=[" + model + "] input=[" + SOIL + "] output=[" + tmp
				.resolve("p.csv") + "]\");",
			"run(\"Evaluate Model\", \"model=[" + model + "] input=[" + SOIL + "] output=[" + tmp
				.resolve("m.csv") + "]\");", "print(\"done\");").getBytes(StandardCharsets.UTF_8));
		final Launcher.Result r = Launcher.run(300, "-macro", macro.toString());
		assertEquals(0, r.exitCode(), r.toString());
		assertTrue(r.stdout().contains("done"), r.toString());
		assertTrue(r.stderr().contains("Train CNN: epoch 3/3"), "progress on stderr: " + r);
		assertTrue(Files.size(model) > 0);
		final List<String> predictions = Files.readAllLines(tmp.resolve("p.csv"));
		assertEquals(201, predictions.size());
		assertEquals("id,clay,clay_lower,clay_upper,soc,soc_lower,soc_upper,t2,q,out_of_domain",
			predictions.get(0));
		final List<String> metrics = Files.readAllLines(tmp.resolve("m.csv"));
		assertEquals(
			"target,n,RMSE,R2,RPD,RPIQ,bias,CCC,coverage,mean_width,n_flagged,RMSE_unflagged,RMSE_flagged",
			metrics.get(0));
		assertTrue(Files.size(tmp.resolve("report").resolve("loss.png")) > 0);
	}

	@Test
	void runReportsBadInputInOneLine() throws Exception {
		final Path model = tmp.resolve("m.zip");
		final Launcher.Result r = Launcher.run(180, "--headless", "--run", "Train CNN", "input=" +
			SOIL + ",targets=[clay,sand],model=" + model);
		assertEquals(1, r.exitCode(), r.toString());
		assertTrue(r.stderr().contains("no numeric column 'sand' in soil_visnir.csv"), r.toString());
		assertFalse(Files.exists(model));
		final Path bad = tmp.resolve("bad.zip");
		Files.write(bad, new byte[] { 'P', 'K', 3, 4, 0, 0 });
		final Launcher.Result p = Launcher.run(180, "--headless", "--run", "Predict with Model",
			"model=" + bad + ",input=" + SOIL + ",output=" + tmp.resolve("p.csv"));
		assertEquals(1, p.exitCode(), p.toString());
		assertTrue(p.stderr().contains("bad.zip"), p.toString());
		assertFalse(Files.exists(tmp.resolve("p.csv")));
	}
}
