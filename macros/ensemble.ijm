// Spectral CNN: a seed ensemble with spectral augmentation, its predictions with the members'
// spread, and the feature maps of one member (docs/ensembles.md).
//
//   ./spectral-cnn -macro macros/ensemble.ijm "input=[test-data/soil_visnir.csv] targets=clay,soc ensemble=3"

args = getArgument();
input = option(args, "input", "test-data/soil_visnir.csv");
targets = option(args, "targets", "clay,soc");
ensemble = option(args, "ensemble", "3");      // networks with seeds seed, seed+1, ... in one model file
architecture = option(args, "architecture", "fast");
epochs = option(args, "epochs", "150");
// augmentation: offset and noise in SDs of the preprocessed spectra, slope as 1 ± factor, shift in points
augment = option(args, "augment", "augment_offset=0.2 augment_slope=0.1 augment_shift=2");
member = option(args, "member", "2");          // whose feature maps to show
out = option(args, "out", "out/ensemble");

File.makeDirectory(File.getParent(out));
File.makeDirectory(out);
run("Train CNN", "input=[" + input + "] targets=[" + targets + "] representation=spectrum architecture=" + architecture + " steps=[sg(11,2,1), snv] split_column=train epochs=" + epochs + " ensemble=" + ensemble + " " + augment + " model=[" + out + "/model.zip] report=[" + out + "/report]");
// per target: the members' mean, its interval (all members' held-out samples pooled) and <target>_member_sd
run("Predict with Model", "model=[" + out + "/model.zip] input=[" + input + "] output=[" + out + "/predictions.csv]");
run("Show Feature Maps", "model=[" + out + "/model.zip] input=[" + input + "] sample=1 layers=all member=" + member + " output=[" + out + "/feature_maps_member" + member + "]");
print("ensemble done: model " + out + "/model.zip, predictions " + out + "/predictions.csv");

function option(options, key, default) {
	// the key itself, not the end of a longer one ("input" in "global_input")
	at = indexOf(" " + options, " " + key + "=");
	if (at < 0) return default;
	return call("ij.Macro.getValue", substring(options, at), key, default);
}
