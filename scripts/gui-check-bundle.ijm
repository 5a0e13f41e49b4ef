// Run by scripts/gui-check.sh with only the Fiji bundle's jars (plus ImageJ's own) on the class
// path: lists the Spectral CNN commands of ImageJ's command table and runs System Check.
out = getArgument(); // the output folder, from scripts/gui-check.sh
List.setCommands;
report = "";
labels = newArray("Import Spectra", "Open Hyperspectral Image", "Spectra from ROIs",
	"Preprocess Spectra", "Spectra to Spectrograms", "Train CNN", "Predict with Model",
	"Predict Image", "Evaluate Model", "Train PLSR", "Train MBL", "Compare Models",
	"Show Feature Maps", "Fine-tune CNN", "Spectral CNN System Check");
for (i = 0; i < labels.length; i++)
	report = report + "command " + labels[i] + ": " + (List.get(labels[i]) != "") + "\n";
run("Spectral CNN System Check");
File.saveString(report + "system check ok\n", out + "/bundle-check.txt");
