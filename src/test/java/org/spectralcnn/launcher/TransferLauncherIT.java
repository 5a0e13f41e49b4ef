package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train a global CNN, then Fine-tune CNN with a three-way report, through {@code ./spectral-cnn}. */
class TransferLauncherIT {

	@TempDir
	Path tmp;

	private static final Path GLOBAL = Path.of("test-data", "global_visnir.csv").toAbsolutePath();
	private static final Path LOCAL = Path.of("test-data", "local_visnir_shifted.csv")
		.toAbsolutePath();

	@Test
	void trainGlobalThenFineTuneWithReport() throws Exception {
		final Path global = tmp.resolve("global.zip"), local = tmp.resolve("local.zip");
		final Path report = tmp.resolve("transfer");
		final Launcher.Result train = Launcher.run(300, "--headless", "--run", "Train CNN", "input=" +
			GLOBAL + ",targets=clay,architecture=tiny,steps=snv,epochs=3,batch_size=32,model=" +
			global);
		assertEquals(0, train.exitCode(), train.toString());
		final Launcher.Result tune = Launcher.run(300, "--headless", "--run", "Fine-tune CNN",
			"model=" + global + ",input=" + LOCAL +
				",targets=clay,freeze=conv,epochs=2,folds=2,repeats=1,output_model=" + local +
				",report=" + report);
		assertEquals(0, tune.exitCode(), tune.toString());
		assertTrue(tune.stderr().contains("Fine-tune CNN: epoch 2/2"), "progress on stderr: " + tune);
		assertTrue(tune.stderr().contains("Fine-tune CNN: report: repeat 1, fold 2"), tune
			.toString());
		assertTrue(Files.size(local) > 0);
		final List<String> table = Files.readAllLines(report.resolve("transfer_table.csv"));
		assertEquals(4, table.size(), table.toString());
		assertTrue(table.get(3).startsWith("clay,Transfer,2,"), table.get(3));
		assertTrue(Files.size(report.resolve("transfer_rmse.png")) > 0);

		final Launcher.Result bad = Launcher.run(180, "--headless", "--run", "Fine-tune CNN",
			"model=" + global + ",input=" + LOCAL + ",targets=clay,freeze=12,output_model=" + tmp
				.resolve("never.zip"));
		assertEquals(1, bad.exitCode(), bad.toString());
		assertTrue(bad.stderr().contains("freeze must be between 0 and 5"), bad.toString());
		assertFalse(Files.exists(tmp.resolve("never.zip")));
	}
}
