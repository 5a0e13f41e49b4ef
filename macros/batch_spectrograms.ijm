// Spectral CNN: spectrograms of every spectra file in a folder, one TIFF stack per file.
//   XRF (.msa), gamma (.spe) or vis-NIR tables alike; resample_to puts them on one grid size.
//
//   ./spectral-cnn -macro macros/batch_spectrograms.ijm "input=[test-data/xrf] output=[out/xrf_spectrograms] window_size=128 hop=32"

args = getArgument();
folder = option(args, "input", "test-data/batch");
outFolder = option(args, "output", "out/spectrograms");
window = option(args, "window_size", "100");
hop = option(args, "hop", "50");
steps = option(args, "steps", "");            // e.g. absorbance for reflectance tables
resampleTo = option(args, "resample_to", "0"); // points per spectrum after steps; 0 keeps each file's own

File.makeDirectory(File.getParent(outFolder));
File.makeDirectory(outFolder);
setBatchMode(true);
files = getFileList(folder);
count = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	if (endsWith(name, "/") || startsWith(name, ".")) continue;
	tif = outFolder + "/" + name + ".tif";
	if (File.exists(tif)) continue;
	showProgress(i, files.length);
	error = call("org.spectralcnn.launcher.MacroCalls.tryRun", "Spectra to Spectrograms",
		"input=[" + folder + "/" + name + "] steps=[" + steps + "] window_size=" + window + " hop=" + hop + " resample_to=" + resampleTo + " output=[" + tif + "]");
	if (error == "") count++;
	else print("skipped " + name + ": " + error);
}
print("batch spectrograms: " + count + " stacks written to " + outFolder);

function option(options, key, default) {
	// the key itself, not the end of a longer one ("input" in "global_input")
	at = indexOf(" " + options, " " + key + "=");
	if (at < 0) return default;
	return call("ij.Macro.getValue", substring(options, at), key, default);
}
