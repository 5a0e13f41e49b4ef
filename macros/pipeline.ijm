// Spectral CNN: the whole pipeline on one spectra file.
//   import → spectrograms → train a CNN → evaluate it → look at its feature maps
//
// Edit the parameters below, or pass them as the macro argument (same key=value syntax as run):
//   ./spectral-cnn -macro macros/pipeline.ijm "input=[../shared/data/nirsoil/nirsoil.csv.gz] targets=[Nt,Ciso,CEC] out=[out/nirsoil]"
// In Fiji: Plugins › Macros › Run…, or open it in the script editor and press Run.

args = getArgument();
input = option(args, "input", "test-data/soil_visnir.csv");      // spectra table with lab values
targets = option(args, "targets", "clay,soc");                  // the properties to predict
splitColumn = option(args, "split_column", "train");            // 1 = calibration, 0 = test
steps = option(args, "steps", "absorbance, sg(11,2,1), snv");   // preprocessing, as in Preprocess Spectra
architecture = option(args, "architecture", "fast");            // fast, ng2019, tiny
epochs = option(args, "epochs", "60");
out = option(args, "out", "out/pipeline");                      // everything is written here

// ImageJ writes into folders that exist; make ours (and its parents)
File.makeDirectory(File.getParent(out));
File.makeDirectory(out);
setBatchMode(true); // images stay in memory, no windows: faster, and works headless

// 1. Import: the spectra as an image (x = wavelength, y = sample) and the lab values as CSV
run("Import Spectra", "input=[" + input + "] output=[" + out + "/spectra.tif] targets_output=[" + out + "/lab_values.csv] plot=[" + out + "/spectra.png]");
print("imported " + getHeight() + " spectra of " + getWidth() + " points");

// 2. Spectrograms: each spectrum as a short-time Fourier transform (window 100, hop 50)
run("Spectra to Spectrograms", "input=[" + input + "] steps=[" + steps + "] window_size=100 hop=50 output=[" + out + "/spectrograms.tif]");
print("spectrograms: " + getWidth() + " frames x " + getHeight() + " frequencies x " + nSlices + " samples");

// 3. Train a 1-D CNN on the calibration samples; the report evaluates the test samples
run("Train CNN", "input=[" + input + "] targets=[" + targets + "] representation=spectrum architecture=" + architecture + " steps=[" + steps + "] split_column=" + splitColumn + " epochs=" + epochs + " model=[" + out + "/model.zip] report=[" + out + "/report]");

// 4. Evaluate the saved model again on the whole file (metrics CSV + observed-vs-predicted plots)
run("Evaluate Model", "model=[" + out + "/model.zip] input=[" + input + "] output=[" + out + "/evaluation.csv] plots=[" + out + "/evaluation_plots]");

// 5. Feature maps of the first sample: one TIFF per layer, PNG montages
run("Show Feature Maps", "model=[" + out + "/model.zip] input=[" + input + "] sample=1 layers=all output=[" + out + "/feature_maps]");

print("pipeline done: results in " + out);

// The value of key in a macro option string, or the default.
function option(options, key, default) {
	// the key itself, not the end of a longer one ("input" in "global_input")
	at = indexOf(" " + options, " " + key + "=");
	if (at < 0) return default;
	return call("ij.Macro.getValue", substring(options, at), key, default);
}
