// Run by scripts/gui-check.sh in the launcher's GUI: the soil-core cube as a Fiji user meets it.
// Opens the cube as a hyperstack, draws three ROIs into the ROI Manager, takes their mean spectra
// with Spectra from ROIs (no rois= or labels=: the ROI Manager's), trains a PLSR clay model on
// the spectral library and shows the Predict Image map; then signals the script.
out = getArgument(); // the output folder, from scripts/gui-check.sh
envi = "../shared/data/instruments/envi/";
cube = envi + "soilcore_bil_float32.hdr";

run("Open Hyperspectral Image", "input=[" + cube + "]");
cubeTitle = getTitle();
setLocation(0, 110);
setSlice(70); // 1780 nm
roiManager("reset");
regions = newArray("top", 4, 4, 20, 10, "middle", 4, 20, 20, 10, "bottom", 4, 36, 20, 10);
for (i = 0; i < regions.length; i += 5) {
	makeRectangle(regions[i + 1], regions[i + 2], regions[i + 3], regions[i + 4]);
	roiManager("add");
	roiManager("select", roiManager("count") - 1);
	roiManager("rename", regions[i]);
}
roiManager("show all with labels");
run("Spectra from ROIs", "input=[" + cube + "] output=[" + out + "/roi_spectra.csv]");
rows = split(File.openAsString(out + "/roi_spectra.csv"), "\n");
print("Spectra from ROIs: " + (rows.length - 1) + " rows from the ROI Manager: " + rows[1] + " ...");

// A PLSR clay model on the cube's bands (400-2500 nm every 20 nm), as macros/hyperspectral_predict.ijm
run("Preprocess Spectra", "input=[../shared/data/large_visnir/large_visnir.csv.gz] steps=[resample(400, 2500, 20)] output=[" + out + "/library_20nm.csv]");
run("Train PLSR", "input=[" + out + "/library_20nm.csv] targets=clay max_components=20 folds=10 model=[" + out + "/clay_plsr.zip] report=[" + out + "/plsr_report]");
closeOthers(cubeTitle);
selectWindow(cubeTitle);
run("Predict Image", "model=[" + out + "/clay_plsr.zip] input=[" + cube + "] output=[" + out + "/clay_map.tif]");
selectWindow("clay_map colour bar");
setLocation(880, 110);
selectWindow("clay_map");
setLocation(420, 110);
print("Predict Image: " + getWidth() + " x " + getHeight() + ", " + nSlices + " slices, first '" + getInfo("slice.label") + "'");
File.saveString("rois " + (rows.length - 1) + ", map " + getTitle() + " with " + nSlices + " slices\n", out + "/hyperspectral-open.txt");

// Closes every window but the cube, the Log and the ROI Manager (the training's tables and plots).
function closeOthers(keep) {
	windows = getList("window.titles");
	for (i = 0; i < windows.length; i++) {
		if (windows[i] == "Log" || windows[i] == "ROI Manager") continue;
		selectWindow(windows[i]);
		run("Close");
	}
	titles = getList("image.titles");
	for (i = 0; i < titles.length; i++) {
		if (titles[i] == keep) continue;
		selectWindow(titles[i]);
		close();
	}
}
