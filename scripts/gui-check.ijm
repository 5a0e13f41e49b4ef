// Run by scripts/gui-check.sh in the launcher's GUI: opens a spectra image, a spectrogram stack
// and a feature-map stack in ImageJ's viewer through the commands, then signals the script.
out = getArgument(); // the output folder, from scripts/gui-check.sh
data = "test-data/soil_visnir.csv";

run("Import Spectra", "input=[" + data + "]");
keepOnly("soil_visnir", "spectra", 0, 110, 1);

run("Spectra to Spectrograms", "input=[" + data + "] steps=[absorbance] window_size=64 hop=16");
keepOnly("spectrogram", "spectrograms", 470, 110, 1); // zoomed by the command itself
setSlice(5);

// a small 2-D CNN (seconds), so that the feature maps are spectrogram-shaped stacks
run("Train CNN", "input=[" + data + "] targets=clay,soc representation=spectrogram architecture=tiny steps=[absorbance] window_size=64 hop=16 split_column=train epochs=3 model=[" + out + "/gui_2d.zip]");
run("Show Feature Maps", "model=[" + out + "/gui_2d.zip] input=[" + data + "] sample=1 layers=all");
keepOnly("feature maps", "feature maps", 0, 480, 1); // one window for all layers, zoomed by the command
closeTables();
run("Spectral CNN System Check"); // its own text window, wide enough for its lines

// The macro recorder: gui-check.sh opens Import Spectra from the menu and presses OK on the
// dialog, whose fields start from these remembered values; the recorded run(...) line must replay.
recorded = out + "/recorded.tif";
setDialogDefaults("ImportSpectraCommand", newArray("input", data, "output", recorded, "targets_output", "", "plot", "", "plot_samples", "", "unit", "auto", "encoding", "UTF-8"));
run("Record...");
File.saveString("open\n", out + "/stacks-open.txt");

for (i = 0; i < 240 && !File.exists(out + "/dialog-ok.txt"); i++) wait(500);
for (i = 0; i < 60 && !File.exists(recorded); i++) wait(500);
selectWindow("Recorder");
lines = split(getInfo("window.contents"), "\n");
line = "";
for (i = 0; i < lines.length; i++) if (startsWith(lines[i], "run(\"Import Spectra\"")) line = lines[i];
ok = false;
if (File.exists(recorded) && line != "") {
	File.delete(recorded);
	eval(line); // the recorded line, replayed
	ok = File.exists(recorded);
}
if (ok) File.saveString("recorder ok: " + line + "\n", out + "/recorder-check.txt");
else File.saveString("recorder failed: '" + line + "'\n", out + "/recorder-check.txt");

// Sets the values a command's dialog starts from (ImageJ preferences, as the dialog remembers them).
function setDialogDefaults(command, keyValues) {
	for (i = 0; i < keyValues.length; i += 2)
		call("ij.Prefs.set", "spectralcnn." + command + "." + keyValues[i], keyValues[i + 1]);
}

// Keeps the first new image whose title contains `part` (closing other new windows), renames,
// places and zooms it.
function keepOnly(part, title, x, y, zoom) {
	titles = getList("image.titles");
	kept = false;
	for (i = 0; i < titles.length; i++) {
		if (titles[i] == "spectra" || titles[i] == "spectrograms" || titles[i] == "feature maps") continue;
		selectWindow(titles[i]);
		if (!kept && indexOf(titles[i], part) >= 0) {
			rename(title);
			kept = true;
		} else close();
	}
	selectWindow(title);
	setLocation(x, y);
	if (zoom > 1) run("Set... ", "zoom=" + (zoom * 100));
	print(title + ": opened at " + round(getZoom() * 100) + " %");
	wait(500);
}

// Closes the result tables the commands opened (lab values, metrics), to keep the view clear.
function closeTables() {
	windows = getList("window.titles");
	for (i = 0; i < windows.length; i++) {
		if (windows[i] == "Log") continue; // it keeps the training's epoch lines
		selectWindow(windows[i]);
		run("Close");
	}
}
