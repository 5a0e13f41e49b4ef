// Spectral CNN: a hyperspectral cube → a calibrated clay map.
//   spectral library on the camera's bands → PLSR model → Predict Image → clay map (+ intervals)
//
//   ./spectral-cnn -macro macros/hyperspectral_predict.ijm "out=[out/hyperspectral_predict]"
// The soil-core cube was mixed from 20 large_visnir spectra; they are taken out of the library
// first (the truth CSV names them), so the map is predicted by a model that never saw them.

args = getArgument();
input = option(args, "input", "../shared/data/instruments/envi/soilcore_bil_float32.hdr"); // ENVI .hdr
library = option(args, "library", "../shared/data/large_visnir/large_visnir.csv.gz");     // id, clay, 350-2500 nm
truth = option(args, "truth", "../shared/data/instruments/envi/soilcore_bil_float32_truth.csv"); // line,sample,clay,components
out = option(args, "out", "out/hyperspectral_predict");        // everything is written here

File.makeDirectory(File.getParent(out));
File.makeDirectory(out);
setBatchMode(true);

// 1. The library on the cube's bands (400-2500 nm every 20 nm): Preprocess Spectra resamples it
run("Preprocess Spectra", "input=[" + library + "] steps=[resample(400, 2500, 20)] output=[" + out + "/library_20nm.csv]");

// 2. Leave out the spectra the cube was mixed from (ids in the truth CSV's components column)
sources = newArray(0);
rows = split(File.openAsString(truth), "\n");
for (i = 1; i < rows.length; i++) {
	fields = split(rows[i], ",");
	parts = split(fields[3], ";");
	for (k = 0; k < parts.length; k++) {
		id = substring(parts[k], 0, indexOf(parts[k], ":"));
		if (!contains(sources, id)) sources = Array.concat(sources, id);
	}
}
lines = split(File.openAsString(out + "/library_20nm.csv"), "\n");
kept = lines[0];
n = 0;
for (i = 1; i < lines.length; i++) {
	if (contains(sources, substring(lines[i], 0, indexOf(lines[i], ",")))) continue;
	kept = kept + "\n" + lines[i];
	n++;
}
File.saveString(kept + "\n", out + "/library_train.csv");
print("library: " + n + " spectra (" + sources.length + " cube sources left out)");

// 3. A PLSR model of clay (raw reflectance: a pixel mixes spectra linearly, as PLSR is linear)
run("Train PLSR", "input=[" + out + "/library_train.csv] targets=clay max_components=20 folds=10 model=[" + out + "/clay_plsr.zip] report=[" + out + "/plsr_report]");

// 4. The map: one 32-bit slice per target and interval end, plus T², Q and the out-of-domain flag
run("Predict Image", "model=[" + out + "/clay_plsr.zip] input=[" + input + "] output=[" + out + "/clay_map.tif]");

// 5. The map against the truth: RMSE over the pixels
open(out + "/clay_map.tif");
setSlice(1);
w = getWidth();
sum = 0; count = 0;
for (i = 1; i < rows.length; i++) {
	f = split(rows[i], ",");
	d = getPixel(parseInt(f[1]), parseInt(f[0])) - parseFloat(f[2]);
	sum += d * d;
	count++;
}
getStatistics(area, mean, min, max);
print("clay map " + w + " x " + getHeight() + " (" + getInfo("slice.label") + "), " + d2s(min, 1) + "-" + d2s(max, 1) + " %: RMSE " + d2s(sqrt(sum / count), 2) + " % against the truth over " + count + " pixels");
print("written to " + out + "/clay_map.tif");

function contains(array, value) {
	for (j = 0; j < array.length; j++)
		if (array[j] == value) return true;
	return false;
}

function option(options, key, default) {
	// the key itself, not the end of a longer one ("input" in "global_input")
	at = indexOf(" " + options, " " + key + "=");
	if (at < 0) return default;
	return call("ij.Macro.getValue", substring(options, at), key, default);
}
