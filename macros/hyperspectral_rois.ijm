// Spectral CNN: a hyperspectral cube → region mean spectra as a spectra table.
//   open the soil-core cube → regions (ROIs, here a label image) → one mean spectrum per region
//
//   ./spectral-cnn -macro macros/hyperspectral_rois.ijm "input=[../shared/data/instruments/envi/soilcore_bil_float32.hdr] out=[out/hyperspectral]"
// In Fiji, draw ROIs on the cube and add them to the ROI Manager (T) instead: then run
// "Spectra from ROIs" without rois= and labels= and it takes the ROI Manager's ROIs.

args = getArgument();
input = option(args, "input", "../shared/data/instruments/envi/soilcore_bil_float32.hdr"); // ENVI .hdr
clayMap = option(args, "clay_map", "../shared/data/instruments/envi/soilcore_bil_float32_clay.tif"); // regions from it
out = option(args, "out", "out/hyperspectral");                 // everything is written here

File.makeDirectory(File.getParent(out));
File.makeDirectory(out);
setBatchMode(true);

// 1. Open the cube: a hyperstack, one slice per band (labels = wavelengths), bands read as shown
run("Open Hyperspectral Image", "input=[" + input + "]");
cube = getTitle();
print("opened " + cube + ": " + getWidth() + " x " + getHeight() + " pixels, " + nSlices + " bands");

// 2. Regions: a label image of the cube's size, 0 = background. Here: four clay classes of the
//    soil core's truth map (below 20 %, 20-40, 40-60, above 60 %); any ROI set (.zip) works too.
open(clayMap);
clay = getTitle();
w = getWidth(); h = getHeight();
values = newArray(w * h);
for (y = 0; y < h; y++)
	for (x = 0; x < w; x++) values[y * w + x] = getPixel(x, y);
newImage("labels", "16-bit black", w, h, 1);
for (i = 0; i < w * h; i++) setPixel(i % w, floor(i / w), minOf(4, 1 + floor(values[i] / 20)));
saveAs("Tiff", out + "/labels.tif");

// 3. One mean spectrum per label (ids label_1 … label_4, with pixel counts) as a spectra table
//    that Import Spectra, Train, Predict and Evaluate read
run("Spectra from ROIs", "input=[" + input + "] labels=[" + out + "/labels.tif] output=[" + out + "/region_spectra.csv]");

// the table is plain CSV: id, roi, pixels, masked_pixels, then one column per band
lines = split(File.openAsString(out + "/region_spectra.csv"), "\n");
header = split(lines[0], ",");
band = -1;
for (k = 0; k < header.length; k++) if (header[k] == "2200") band = k;
for (i = 1; i < lines.length; i++) {
	cells = split(lines[i], ",");
	print(cells[0] + ": " + cells[2] + " pixels, reflectance at 2200 nm " + d2s(parseFloat(cells[band]), 4));
}
print("region spectra: " + (lines.length - 1) + " regions written to " + out + "/region_spectra.csv");

function option(options, key, default) {
	// the key itself, not the end of a longer one ("input" in "global_input")
	at = indexOf(" " + options, " " + key + "=");
	if (at < 0) return default;
	return call("ij.Macro.getValue", substring(options, at), key, default);
}
