// Adds Plugins > Spectral CNN to a plain ImageJ 1 at start-up (ImageJ runs macros/AutoRun/).
// In Fiji this does nothing: Fiji lists the commands itself.
call("org.spectralcnn.launcher.ImageJ1Menus.install");
