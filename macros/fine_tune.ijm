// Spectral CNN: localise a global model with a few local samples (transfer learning,
// Padarian et al. 2019) and compare Global, Local-only, Transfer, Spiking and MBL on held-out
// local samples (docs/transfer.md).
//
//   ./spectral-cnn -macro macros/fine_tune.ijm "model=[out/global.zip] input=[test-data/local_visnir_shifted.csv] targets=clay"

args = getArgument();
global = option(args, "model", "out/fine_tune/global.zip");          // trained on the large library
globalData = option(args, "global_input", "test-data/global_visnir.csv"); // the library: global model, Spiking, MBL
local = option(args, "input", "test-data/local_visnir_shifted.csv");  // the few local samples
targets = option(args, "targets", "clay");
freeze = option(args, "freeze", "conv");     // keep the convolutional layers, retrain the dense ones
epochs = option(args, "epochs", "60");          // fine-tuning defaults: the global model's learning rate (1e-3 for fast), training loss watched (docs/transfer.md)
soup = option(args, "soup", "1");    // m >= 2: m fine-tunes stopped by inner m-fold CV, weights averaged
l2sp = option(args, "l2sp", "0");            // > 0: pull the weights back toward the global model's
localNetwork = option(args, "local_network", "none"); // averaged: the fine-tune averaged with a local-only network
inputScaling = option(args, "input_scaling", "parent"); // local: input scaling re-fitted on the local spectra
spikeWeight = option(args, "spike_weight", "5"); // Spiking: each local sample added this many times
neighbours = option(args, "neighbours", "100");  // MBL: library spectra per local PLS model
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
// k-fold cross-validation over the local samples: too few of them for a fixed test set;
// library= adds Spiking and MBL (PLS on the library) to the report
run("Fine-tune CNN", "model=[" + global + "] input=[" + local + "] targets=[" + targets + "] freeze=" + freeze + " epochs=" + epochs + " soup=" + soup + " l2sp=" + l2sp + " local_network=" + localNetwork + " input_scaling=" + inputScaling + " library=[" + globalData + "] spike_weight=" + spikeWeight + " neighbours=" + neighbours + " folds=" + folds + " repeats=" + repeats + " output_model=[" + out + "/local.zip] report=[" + out + "/report]");
// MBL on its own: the library in a model file that Predict and Evaluate read like any other
run("Train MBL", "input=[" + globalData + "] targets=[" + targets + "] steps=[absorbance, sg(11,2,1), snv] neighbours=" + neighbours + " model=[" + out + "/mbl.zip]");
run("Evaluate Model", "model=[" + out + "/mbl.zip] input=[" + local + "] output=[" + out + "/mbl_metrics.csv]");
// Spiking and MBL with all the local samples, saved as models for new samples of the site
// (the Log gives the local samples' held-out RMSE; their held-out errors make the intervals)
run("Train PLSR", "input=[" + globalData + "] targets=[" + targets + "] steps=[absorbance, sg(11,2,1), snv] max_components=20 local_input=[" + local + "] spike_weight=" + spikeWeight + " model=[" + out + "/spiked.zip]");
run("Train MBL", "input=[" + globalData + "] targets=[" + targets + "] steps=[absorbance, sg(11,2,1), snv] neighbours=" + neighbours + " local_input=[" + local + "] model=[" + out + "/mbl_local.zip]");
print("fine-tuning done: model " + out + "/local.zip, five-way report in " + out + "/report, MBL models " + out + "/mbl.zip (library) and mbl_local.zip, spiked PLSR " + out + "/spiked.zip");

function option(options, key, default) {
	// the key itself, not the end of a longer one ("input" in "global_input")
	at = indexOf(" " + options, " " + key + "=");
	if (at < 0) return default;
	return call("ij.Macro.getValue", substring(options, at), key, default);
}
