// Spectral CNN: predict every spectra file of a folder with one model.
//   one CSV of predictions per file; files whose CSV already exists are skipped (rerun safely
//   after adding files); a file that fails is logged and skipped; a summary table at the end.
//
//   ./spectral-cnn -macro macros/batch_predict.ijm "model=[out/model.zip] input=[my_spectra] output=[out/predictions]"

args = getArgument();
model = option(args, "model", "out/pipeline/model.zip");   // a CNN, PLSR or MBL model file
folder = option(args, "input", "test-data/batch");         // folder of spectra files
outFolder = option(args, "output", "out/predictions");     // one <name>.csv per input file

File.makeDirectory(File.getParent(outFolder));
File.makeDirectory(outFolder);
files = getFileList(folder);
Table.create("Batch prediction");
done = 0; skipped = 0; failed = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	if (endsWith(name, "/") || startsWith(name, ".")) continue;   // sub-folders, hidden files
	base = name;
	for (k = 0; k < 3 && lastIndexOf(base, ".") > 0; k++)         // soils.csv.gz → soils
		base = substring(base, 0, lastIndexOf(base, "."));
	csv = outFolder + "/" + base + ".csv";
	row = Table.size;
	Table.set("file", row, name);
	if (File.exists(csv)) {
		Table.set("status", row, "skipped (exists)");
		skipped++;
		continue;
	}
	showProgress(i, files.length);
	print("predicting " + name + " (" + (i + 1) + "/" + files.length + ")");
	// tryRun returns "" or the error, instead of stopping the macro as run() would
	error = call("org.spectralcnn.launcher.MacroCalls.tryRun", "Predict with Model",
		"model=[" + model + "] input=[" + folder + "/" + name + "] output=[" + csv + "]");
	if (error == "") {
		Table.set("status", row, "predicted");
		done++;
	} else {
		Table.set("status", row, "failed: " + error);
		print("skipped " + name + ": " + error);
		failed++;
	}
}
Table.update;
Table.save(outFolder + "/summary.csv");
print("batch prediction: " + done + " predicted, " + skipped + " skipped, " + failed + " failed");

function option(options, key, default) {
	// the key itself, not the end of a longer one ("input" in "global_input")
	at = indexOf(" " + options, " " + key + "=");
	if (at < 0) return default;
	return call("ij.Macro.getValue", substring(options, at), key, default);
}
