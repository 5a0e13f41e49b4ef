// Spectral CNN: localise a global model with a few local samples (transfer learning,
// Padarian et al. 2019) and compare Global, Local-only and Transfer on held-out local samples.
//
//   ./spectral-cnn -macro macros/fine_tune.ijm "model=[out/global.zip] input=[test-data/local_visnir_shifted.csv] targets=clay"

args = getArgument();
global = option(args, "model", "out/fine_tune/global.zip");          // trained on the large library
globalData = option(args, "global_input", "test-data/global_visnir.csv"); // used only when the model is missing
local = option(args, "input", "test-data/local_visnir_shifted.csv");  // the few local samples
targets = option(args, "targets", "clay");
freeze = option(args, "freeze", "conv");     // keep the convolutional layers, retrain the dense ones
epochs = option(args, "epochs", "60");
architecture = option(args, "architecture", "fast"); // of the global model, when it is trained here
folds = option(args, "folds", "5");          // the report's k-fold cross-validation over the local samples
repeats = option(args, "repeats", "3");      // … repeated with other shuffles
out = option(args, "out", "out/fine_tune");

File.makeDirectory(File.getParent(out));
File.makeDirectory(out);
if (!File.exists(global)) {
	// no global model yet: train one on the global library first
	run("Train CNN", "input=[" + globalData + "] targets=[" + targets + "] representation=spectrum architecture=" + architecture + " steps=[absorbance] epochs=" + epochs + " model=[" + global + "]");
}
// k-fold cross-validation over the local samples: too few of them for a fixed test set
run("Fine-tune CNN", "model=[" + global + "] input=[" + local + "] targets=[" + targets + "] freeze=" + freeze + " epochs=" + epochs + " folds=" + folds + " repeats=" + repeats + " output_model=[" + out + "/local.zip] report=[" + out + "/report]");
print("fine-tuning done: model " + out + "/local.zip, three-way report in " + out + "/report");

function option(options, key, default) {
	return call("ij.Macro.getValue", options, key, default);
}
