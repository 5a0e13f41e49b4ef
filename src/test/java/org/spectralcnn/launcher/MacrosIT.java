package org.spectralcnn.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.SharedData;
import org.spectralcnn.models.Models;

/**
 * Every example macro in {@code macros/} run headless by the launcher, as a user runs it, on the
 * bundled test data and on real spectra from {@code ../shared/data}; their outputs are checked.
 * Training is cut to a few epochs of the {@code tiny} preset through the macros' arguments.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MacrosIT {

	@TempDir
	static Path tmp;

	private static Launcher.Result macro(final String name, final String argument)
		throws IOException, InterruptedException
	{
		final Launcher.Result r = Launcher.run(900, "-macro", Paths.get("macros", name).toString(),
			argument);
		assertEquals(0, r.exitCode(), name + " " + argument + "\n" + r);
		return r;
	}

	private static List<String> names(final Path folder, final String suffix) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
				.collect(Collectors.toList());
		}
	}

	private static void assertPipelineOutputs(final Path out, final String target)
		throws IOException
	{
		for (final String f : new String[] { "spectra.tif", "lab_values.csv", "spectra.png",
			"spectrograms.tif", "model.zip", "report/metrics.csv", "evaluation.csv",
			"evaluation_plots/scatter_" + target + ".png", "feature_maps/00_input.tif",
			"feature_maps/layers.csv" })
			assertTrue(Files.size(out.resolve(f)) > 0, out.resolve(f).toString());
		assertTrue(names(out.resolve("feature_maps"), ".tif").size() >= 4, "one TIFF per layer");
		final List<String> metrics = Files.readAllLines(out.resolve("evaluation.csv"));
		assertTrue(metrics.get(0).startsWith("target,n,RMSE"), metrics.toString());
	}

	@Test
	@Order(1)
	void pipelineOnTestData() throws Exception {
		final Path out = tmp.resolve("pipeline");
		final Launcher.Result r = macro("pipeline.ijm", "architecture=tiny epochs=4 out=[" + out +
			"]");
		assertTrue(r.stdout().contains("imported 200 spectra of 421 points"), r.toString());
		assertPipelineOutputs(out, "clay");
	}

	@Test
	@Order(2)
	void pipelineOnNirsoil() throws Exception {
		final Path out = tmp.resolve("nirsoil");
		final Launcher.Result r = macro("pipeline.ijm", "input=[" + SharedData.nirsoil() +
			"] targets=[Nt,Ciso,CEC] architecture=tiny epochs=3 out=[" + out + "]");
		assertTrue(r.stdout().contains("imported 825 spectra of 700 points"), r.toString());
		assertTrue(r.stdout().contains("13 frames x 51 frequencies x 825 samples"), r.toString());
		assertPipelineOutputs(out, "CEC");
	}

	@Test
	@Order(3)
	void batchPredictionSkipsDoneFilesAndLogsFailures() throws Exception {
		final Path in = tmp.resolve("fields");
		Files.createDirectories(in);
		for (final String f : names(Paths.get("test-data", "batch"), ".csv"))
			Files.copy(Paths.get("test-data", "batch", f), in.resolve(f));
		Files.write(in.resolve("broken.csv"), "id,400,405\nx,0.1\n".getBytes(StandardCharsets.UTF_8));
		// names that differ after a dot each get their own predictions; one name for two files fails
		Files.copy(in.resolve("field_a.csv"), in.resolve("site.2024.csv"));
		Files.copy(in.resolve("field_b.csv"), in.resolve("site.2025.csv"));
		try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(in.resolve("field_c.csv.gz")))) {
			Files.copy(in.resolve("field_c.csv"), gz);
		}
		final Path out = tmp.resolve("predictions");
		final String args = "model=[" + tmp.resolve("pipeline/model.zip") + "] input=[" + in +
			"] output=[" + out + "]";

		final Launcher.Result first = macro("batch_predict.ijm", args);
		assertTrue(first.stdout().contains("5 predicted, 0 skipped, 2 failed"), first.toString());
		assertTrue(first.stdout().contains("skipped broken.csv"), first.toString());
		assertTrue(first.stdout().contains("skipped field_c.csv.gz: its output field_c.csv is already field_c.csv's predictions"), first.toString());
		assertEquals(List.of("field_a.csv", "field_b.csv", "field_c.csv", "site.2024.csv",
			"site.2025.csv", "summary.csv"), names(out, ".csv"));
		final List<String> predictions = Files.readAllLines(out.resolve("field_b.csv"));
		assertEquals("id,clay,clay_lower,clay_upper,soc,soc_lower,soc_upper,t2,q,out_of_domain",
			predictions.get(0), "predictions with intervals and the out-of-domain flag");
		assertEquals(9, predictions.size());
		assertEquals(predictions, Files.readAllLines(out.resolve("site.2025.csv")));
		final List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
		assertEquals("file,status", summary.get(0));
		assertEquals(8, summary.size());

		final Launcher.Result second = macro("batch_predict.ijm", args);
		assertTrue(second.stdout().contains("0 predicted, 5 skipped, 2 failed"), second.toString());
	}

	@Test
	@Order(4)
	void batchPredictionOnARealFile() throws Exception {
		final Path in = tmp.resolve("real");
		Files.createDirectories(in);
		Files.copy(SharedData.nirsoil(), in.resolve("nirsoil.csv.gz"));
		final Path out = tmp.resolve("real_predictions");
		final Launcher.Result r = macro("batch_predict.ijm", "model=[" + tmp.resolve(
			"nirsoil/model.zip") + "] input=[" + in + "] output=[" + out + "]");
		assertTrue(r.stdout().contains("1 predicted"), r.toString());
		assertEquals(826, Files.readAllLines(out.resolve("nirsoil.csv")).size());
	}

	@Test
	@Order(5)
	void batchSpectrogramsOfXrfAndGammaFolders() throws Exception {
		final Path out = tmp.resolve("xrf_spectrograms");
		macro("batch_spectrograms.ijm", "input=[test-data/xrf] output=[" + out +
			"] window_size=128 hop=64");
		assertEquals(List.of("basalt.msa.tif", "granite.msa.tif", "soil.msa.tif"), names(out,
			".tif"));
		final Path real = tmp.resolve("gamma_spectrograms");
		macro("batch_spectrograms.ijm", "input=[" + SharedData.require(
			"gamma_becquerel_samples/raw") + "] output=[" + real + "] window_size=256 hop=128 resample_to=2048");
		// the six ASCII .spe files; the two binary ones are logged and skipped
		final List<String> stacks = names(real, ".tif");
		assertEquals(6, stacks.size());
		for (final String stack : stacks) // 2048 points: 1 + (2048 - 256) / 128 window positions
			assertEquals(15, IJ.openImage(real.resolve(stack).toString()).getWidth(), stack);
	}

	@Test
	@Order(6)
	void fineTuningOnSyntheticAndRealLocalSets() throws Exception {
		final Path out = tmp.resolve("fine_tune");
		macro("fine_tune.ijm", "architecture=tiny epochs=4 folds=3 repeats=1 out=[" + out +
			"] model=[" + out.resolve("global.zip") + "]");
		assertTrue(Files.size(out.resolve("local.zip")) > 0);
		final String table = Files.readString(out.resolve("report/transfer_table.csv"));
		assertTrue(table.contains("Transfer") && table.contains("Spiking") && table.contains("MBL"),
			table);
		assertTrue(Files.size(out.resolve("mbl.zip")) > 0 && Files.readString(out.resolve(
			"mbl_metrics.csv")).contains("clay"));
		assertEquals(40, Models.load(out.resolve("spiked.zip")).manifest().getAsJsonObject(
			"spiking").get("samples").getAsInt());
		assertEquals(40, Models.load(out.resolve("mbl_local.zip")).manifest().getAsJsonObject(
			"local_samples").get("samples").getAsInt());

		final Path real = tmp.resolve("fine_tune_real");
		final Launcher.Result r = macro("fine_tune.ijm", "global_input=[" + SharedData.require(
			"large_visnir/large_visnir.csv.gz") + "] input=[" + SharedData.require(
				"large_visnir/local_visnir.csv") + "] targets=clay architecture=tiny epochs=3 folds=3 repeats=1 input_scaling=local out=[" +
			real + "] model=[" + real.resolve("global.zip") + "]");
		assertTrue(Files.size(real.resolve("report/transfer_rmse.png")) > 0);
		// input= is the local set, not the end of global_input=
		assertTrue(r.stdout().contains("local_visnir.csv: 30 samples"), r.toString());
		assertEquals("local", org.spectralcnn.model.CnnModel.load(real.resolve("local.zip")).manifest()
			.getAsJsonObject("transfer").get("input_scaling").getAsString());
	}

	/**
	 * The soil-core cube, regions = four clay classes of its truth map: each region's pixel count
	 * equals the count of its class in the truth CSV, and the table reads back as spectra.
	 */
	@Test
	@Order(7)
	void hyperspectralRegionSpectraOfTheSoilCore() throws Exception {
		final Path hdr = SharedData.require("instruments/envi/soilcore_bil_float32.hdr");
		final Path out = tmp.resolve("hyperspectral");
		final Launcher.Result r = macro("hyperspectral_rois.ijm", "input=[" + hdr + "] clay_map=[" +
			hdr.resolveSibling("soilcore_bil_float32_clay.tif") + "] out=[" + out + "]");
		assertTrue(r.stdout().contains("region spectra: 4 regions"), r.toString());
		final int[] expected = new int[5];
		for (final String line : Files.readAllLines(hdr.resolveSibling(
			"soilcore_bil_float32_truth.csv")).subList(1, 64 * 48 + 1))
		{
			// the label image holds 16-bit whole numbers of the float clay map's classes
			final float clay = Float.parseFloat(line.split(",")[2]);
			expected[(int) Math.min(4, 1 + Math.floor(clay / 20))]++;
		}
		final org.spectralcnn.data.SpectralDataset table = org.spectralcnn.io.SpectraIO.open(out
			.resolve("region_spectra.csv"));
		assertEquals(List.of("label_1", "label_2", "label_3", "label_4"), table.ids());
		for (int k = 1; k <= 4; k++)
			assertEquals(expected[k], table.column("pixels")[k - 1], 0, "label_" + k);
		assertEquals(106, table.points());
	}

	/**
	 * hyperspectral_predict.ijm headless: the library on the cube's bands without the cube's
	 * sources, a PLSR model, Predict Image; the clay map's RMSE against the truth (the bound of
	 * SoilCoreMapTest, which measured 5.28 %).
	 */
	@Test
	@Order(8)
	void hyperspectralClayMapOfTheSoilCore() throws Exception {
		final Path hdr = SharedData.require("instruments/envi/soilcore_bil_float32.hdr");
		final Path out = tmp.resolve("hyperspectral_predict");
		final Launcher.Result r = macro("hyperspectral_predict.ijm", "input=[" + hdr + "] library=[" +
			SharedData.require("large_visnir/large_visnir.csv.gz") + "] truth=[" + hdr.resolveSibling(
				"soilcore_bil_float32_truth.csv") + "] out=[" + out + "]");
		assertTrue(r.stdout().contains("library: 722 spectra (20 cube sources left out)"), r
			.toString());
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("RMSE ([0-9.]+) %").matcher(r
			.stdout());
		assertTrue(m.find(), r.toString());
		assertTrue(Double.parseDouble(m.group(1)) < 7.0, r.toString());
		assertTrue(Files.isRegularFile(out.resolve("clay_map.tif")));

		// a mask ImageJ cannot open (64-bit float TIFF): tryRun returns the message and the macro
		// goes on; ImageJ's own error no longer ends it afterwards
		final Path mask = float64Tiff(tmp.resolve("mask64.tif"), 64, 48);
		final Path script = tmp.resolve("bad_mask.ijm");
		Files.writeString(script, "err = call(\"org.spectralcnn.launcher.MacroCalls.tryRun\", " +
			"\"Predict Image\", \"model=[" + out.resolve("clay_plsr.zip") + "] input=[" + hdr +
			"] mask=[" + mask + "] output=[" + tmp.resolve("masked.tif") + "]\");\nprint(\"returned: \" + err);\n" +
			"print(\"after\");\n");
		final Launcher.Result bad = Launcher.run(300, "-macro", script.toString());
		assertEquals(0, bad.exitCode(), bad.toString());
		assertTrue(bad.stdout().contains("returned: Predict Image: mask: ") && bad.stdout().contains(
			"after"), bad.toString());
	}

	/** A TIFF of 64-bit floats, which ImageJ 1 does not read. */
	private static Path float64Tiff(final Path file, final int width, final int height)
		throws IOException
	{
		final int entries = 10, ifd = 8, data = ifd + 2 + entries * 12 + 4;
		final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(data + width * height * 8).order(
			java.nio.ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd).putShort((short) entries);
		final int[][] tags = { { 256, 3, width }, { 257, 3, height }, { 258, 3, 64 }, { 259, 3, 1 },
			{ 262, 3, 1 }, { 273, 4, data }, { 277, 3, 1 }, { 278, 3, height }, { 279, 4, width *
				height * 8 }, { 339, 3, 3 } };
		for (final int[] t : tags) {
			b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
			if (t[1] == 3) b.putShort((short) t[2]).putShort((short) 0);
			else b.putInt(t[2]);
		}
		b.putInt(0);
		for (int i = 0; i < width * height; i++) b.putDouble(1);
		return Files.write(file, b.array());
	}

	@Test
	@Order(9)
	void ensembleWithAugmentation() throws Exception {
		final Path out = tmp.resolve("ensemble");
		final Launcher.Result r = macro("ensemble.ijm", "architecture=tiny epochs=3 ensemble=2 out=[" +
			out + "]");
		assertTrue(r.stdout().contains("ensemble done"), r.toString());
		assertTrue(Files.readAllLines(out.resolve("predictions.csv")).get(0).contains(
			"clay_member_sd"));
		assertTrue(Files.size(out.resolve("feature_maps_member2/00_input.tif")) > 0);
	}
}
