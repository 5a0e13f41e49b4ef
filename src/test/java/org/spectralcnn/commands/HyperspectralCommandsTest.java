package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.io.RoiEncoder;
import ij.process.ShortProcessor;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralcnn.SharedData;
import org.spectralcnn.data.SpectralDataset;
import org.spectralcnn.image.TestCubes;
import org.spectralcnn.io.SpectraIO;

/**
 * Open Hyperspectral Image and Spectra from ROIs headless, as the launcher runs them: the saved
 * stack against the cube, ROI means against the mean of the same pixels read as a table.
 */
class HyperspectralCommandsTest extends HeadlessCommandTest {

	@TempDir
	Path tmp;

	private static Path soilCore() {
		return SharedData.require("instruments/envi/soilcore_bil_float32.hdr");
	}

	@Test
	void openSavesACalibratedStackOfEveryBand() throws Exception {
		final Path hdr = TestCubes.write(tmp, "cube", 6, 5, 4, "bip", 12, ByteOrder.BIG_ENDIAN, 0,
			"reflectance scale factor = 100\nbbl = {1, 1, 0, 1}\npixel size = {0.5, 0.5, units=mm}\n");
		final Map<String, Object> in = new HashMap<>();
		in.put("input", hdr.toFile());
		in.put("output", tmp.resolve("cube.tif").toFile());
		run(OpenHyperspectralImageCommand.class, in);
		final ImagePlus imp = IJ.openImage(tmp.resolve("cube.tif").toString());
		assertEquals(4, imp.getStackSize());
		assertEquals(32, imp.getBitDepth());
		assertEquals("1010 nm", imp.getStack().getSliceLabel(2));
		assertEquals("1020 nm (bad band)", imp.getStack().getSliceLabel(3));
		assertEquals(0.5, imp.getCalibration().pixelWidth, 0);
		assertEquals("mm", imp.getCalibration().getUnit());
		for (int b = 0; b < 4; b++)
			for (int y = 0; y < 5; y++)
				for (int x = 0; x < 6; x++)
					assertEquals((float) (TestCubes.raw(12, x, y, b) / 100), imp.getStack().getProcessor(b +
						1).getf(x, y), 0);
	}

	@Test
	void headlessWithoutOutputIsRefused() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		in.put("input", TestCubes.write(tmp, "cube", 6, 5, 4, "bsq", 4, ByteOrder.LITTLE_ENDIAN, 0, "")
			.toFile());
		in.put("output", null);
		assertTrue(failure(OpenHyperspectralImageCommand.class, in).contains(
			"output: give a .tif file"));
	}

	@Test
	void roiSetMeansEqualTheMeanOfTheirPixelSpectra() throws Exception {
		final Path hdr = soilCore();
		final Roi top = new Roi(10, 2, 8, 3);
		top.setName("top horizon");
		final Roi nodule = new OvalRoi(30, 20, 6, 6);
		nodule.setName("nodule");
		final Path zip = tmp.resolve("rois.zip");
		try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(
			out))
		{
			for (final Roi r : List.of(top, nodule)) {
				z.putNextEntry(new ZipEntry(r.getName() + ".roi"));
				z.write(RoiEncoder.saveAsByteArray(r));
			}
		}
		final Map<String, Object> in = new HashMap<>();
		in.put("input", hdr.toFile());
		in.put("rois", zip.toFile());
		in.put("labels", null);
		in.put("output", tmp.resolve("rois.csv").toFile());
		run(SpectraFromRoisCommand.class, in);

		final SpectralDataset table = SpectraIO.open(tmp.resolve("rois.csv"));
		assertEquals(List.of("top horizon", "nodule"), table.ids());
		assertEquals(24, table.column("pixels")[0], 0);
		assertEquals(nodule.getContainedPoints().length, table.column("pixels")[1], 0);
		assertArrayEquals(new double[] { 0, 0 }, table.column("masked_pixels"));
		final SpectralDataset pixels = SpectraIO.open(hdr);
		for (int r = 0; r < 2; r++) {
			final Roi roi = r == 0 ? top : nodule;
			final double[] mean = new double[table.points()];
			for (final java.awt.Point p : roi.getContainedPoints()) {
				final int row = pixels.indexOf("y" + p.y + "_x" + p.x);
				for (int b = 0; b < mean.length; b++) mean[b] += pixels.value(row, b) / roi
					.getContainedPoints().length;
			}
			for (int b = 0; b < mean.length; b++)
				assertEquals(mean[b], table.value(r, b), 1e-5, roi.getName() + " band " + b);
		}
	}

	@Test
	void labelImageWithEveryPixel() throws Exception {
		final Path hdr = soilCore();
		final ShortProcessor labels = new ShortProcessor(64, 48);
		labels.setValue(2);
		labels.setRoi(0, 0, 3, 2);
		labels.fill();
		labels.setValue(7);
		labels.setRoi(60, 40, 2, 2);
		labels.fill();
		final Path tif = tmp.resolve("labels.tif");
		IJ.saveAsTiff(new ImagePlus("labels", labels), tif.toString());
		final Map<String, Object> in = new HashMap<>();
		in.put("input", hdr.toFile());
		in.put("rois", null);
		in.put("labels", tif.toFile());
		in.put("every_pixel", true);
		in.put("output", tmp.resolve("labels.csv").toFile());
		run(SpectraFromRoisCommand.class, in);
		final SpectralDataset table = SpectraIO.open(tmp.resolve("labels.csv"));
		assertEquals(2 + 6 + 4, table.size());
		assertEquals("label_2", table.id(0));
		assertEquals("label_2_y0_x0", table.id(1));
		assertEquals("label_7", table.id(7));
		assertEquals("label_7_y41_x61", table.id(11));
		assertEquals("label_7", table.textColumn("roi")[11]);
	}

	@Test
	void missingOrConflictingRegionsAreRefused() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		in.put("input", soilCore().toFile());
		in.put("rois", null);
		in.put("labels", null);
		in.put("output", tmp.resolve("none.csv").toFile());
		final String none = failure(SpectraFromRoisCommand.class, in);
		assertTrue(none.contains("no ROIs") && none.contains("rois=") && none.contains("labels="),
			none);
		final Path small = tmp.resolve("small.tif");
		IJ.saveAsTiff(new ImagePlus("small", new ShortProcessor(10, 10)), small.toString());
		in.put("labels", small.toFile());
		final String size = failure(SpectraFromRoisCommand.class, in);
		assertTrue(size.contains("10 × 10 but the cube is 64 × 48"), size);
		in.put("rois", small.toFile());
		assertTrue(failure(SpectraFromRoisCommand.class, in).contains("not both"));
		assertFalse(Files.exists(tmp.resolve("none.csv")));
	}

	@Test
	void cancellingWritesNothing() throws Exception {
		final Map<String, Object> open = new HashMap<>();
		open.put("input", soilCore().toFile());
		open.put("output", tmp.resolve("stopped.tif").toFile());
		assertTrue(runCancellingAt(OpenHyperspectralImageCommand.class, open, "saving")
			.isCanceled());
		assertFalse(Files.exists(tmp.resolve("stopped.tif")));

		final Path labels = tmp.resolve("all.tif");
		final ShortProcessor ip = new ShortProcessor(64, 48);
		ip.setValue(1);
		ip.fill();
		IJ.saveAsTiff(new ImagePlus("all", ip), labels.toString());
		final Map<String, Object> rois = new HashMap<>();
		rois.put("input", soilCore().toFile());
		rois.put("rois", null);
		rois.put("labels", labels.toFile());
		rois.put("output", tmp.resolve("stopped.csv").toFile());
		assertTrue(runCancellingAt(SpectraFromRoisCommand.class, rois, "regions of").isCanceled());
		assertFalse(Files.exists(tmp.resolve("stopped.csv")));
		try (var files = Files.list(tmp)) {
			assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")));
		}
	}
}
