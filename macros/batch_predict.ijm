// Spectral CNN: predict every spectra file of a folder with one model.
//   one CSV of predictions per file; files whose CSV already exists are skipped (rerun safely
//   after adding files); a file that fails, or whose CSV name another file of the folder already
//   took (soils.csv and soils.csv.gz), is logged and skipped; a summary table at the end.
//
//   ./spectral-cnn -macro macros/batch_predict.ijm "model=[out/model.zip] input=[my_spectra] output=[out/predictions]"

args = getArgument();
model = option(args, "model", "out/pipeline/model.zip");   // a CNN, PLSR or MBL model file
folder = option(args, "input", "test-data/batch");         // folder of spectra files
outFolder = option(args, "output", "out/predictions");     // one CSV per input file (soils.csv.gz → soils.csv, a.msa → a.msa.csv)

File.makeDirectory(File.getParent(outFolder));
File.makeDirectory(outFolder);
entries = getFileList(folder);
files = newArray(0);
for (i = 0; i < entries.length; i++)                              // not sub-folders, hidden files
	if (!endsWith(entries[i], "/") && !startsWith(entries[i], ".")) files = Array.concat(files, entries[i]);
Table.create("Batch prediction");                                 // shown in Fiji
summary = "file,status\n";                                         // summary.csv, written at the end
written = newArray(0);                                            // output names of this run
done = 0; skipped = 0; failed = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	// soils.csv.gz → soils.csv, site.2024.csv → site.2024.csv; other files keep their whole name,
	// so that OPUS scans sample.0, sample.1 give sample.0.csv, sample.1.csv
	base = name;
	if (endsWith(base, ".gz")) base = substring(base, 0, lengthOf(base) - 3);
	if (endsWith(base, ".csv")) base = substring(base, 0, lengthOf(base) - 4);
	csv = outFolder + "/" + base + ".csv";
	row = Table.size;
	Table.set("file", row, name);
	same = indexOfName(written, base);
	if (same >= 0) {
		status = "failed: " + base + ".csv is already " + files[same] + "'s predictions; rename one of them";
		Table.set("status", row, status);
		summary = summary + quoted(name) + "," + quoted(status) + "\n";
		print("skipped " + name + ": its output " + base + ".csv is already " + files[same] + "'s predictions");
		failed++;
		written = Array.concat(written, "");
		continue;
	}
	written = Array.concat(written, base);
	if (File.exists(csv)) {
		Table.set("status", row, "skipped (exists)");
		summary = summary + quoted(name) + ",skipped (exists)\n";
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
		summary = summary + quoted(name) + ",predicted\n";
		done++;
	} else {
		Table.set("status", row, "failed: " + error);
		summary = summary + quoted(name) + "," + quoted("failed: " + error) + "\n";
		print("skipped " + name + ": " + error);
		failed++;
	}
}
Table.update;
// not Table.save: headless, it writes ImageJ's row numbers as an unnamed first column
File.saveString(summary, outFolder + "/summary.csv");
print("batch prediction: " + done + " predicted, " + skipped + " skipped, " + failed + " failed");

function quoted(text) {
	// a CSV field: quoted when it holds a comma, a quote or a line break
	if (indexOf(text, ",") < 0 && indexOf(text, "\"") < 0 && indexOf(text, "\n") < 0) return text;
	return "\"" + replace(text, "\"", "\"\"") + "\"";
}

function indexOfName(names, name) {
	for (j = 0; j < names.length; j++)
		if (names[j] == name) return j;
	return -1;
}

function option(options, key, default) {
	// the key itself, not the end of a longer one ("input" in "global_input")
	at = indexOf(" " + options, " " + key + "=");
	if (at < 0) return default;
	return call("ij.Macro.getValue", substring(options, at), key, default);
}
