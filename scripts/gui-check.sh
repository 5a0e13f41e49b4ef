#!/usr/bin/env bash
# GUI check under a virtual display (Xvfb), with screenshots a person can look at:
#   1. ImageJ's window with the Plugins › Spectral CNN menu open, and a command dialog whose
#      OK, with the macro recorder open, records a run(...) line that replays;
#   2. a spectra image, a spectrogram stack and a feature-map stack in ImageJ's viewer;
#   2b. the soil-core cube (../shared/data): hyperstack, ROI Manager ROIs → Spectra from ROIs,
#      a PLSR clay model → Predict Image's map with its colour bar;
#   3. the Fiji bundle (target/fiji/jars) on a plain ImageJ 1 class path: the commands are
#      listed and System Check runs.
# Usage: scripts/gui-check.sh [output folder, default out/gui-check]
# Needs xvfb, xdotool and imagemagick (installed with apt-get when missing). Every step has a
# time limit: a modal error dialog under the virtual display can never hang the script.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mkdir -p "${1:-out/gui-check}" && cd "${1:-out/gui-check}" && pwd)"
rm -f "$out"/*.png "$out"/*.txt "$out"/recorded.tif

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
if [ ${#need[@]} -gt 0 ]; then
	sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
	$sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A demo run gives the model, spectrograms and data the GUI opens.
[ -f "$out/demo/soil_cnn.zip" ] || timeout 900 ./spectral-cnn demo "$out/demo" > "$out/demo.txt" 2>&1

display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
gui=""
cleanup() {
	[ -n "$gui" ] && kill "$gui" 2>/dev/null || true
	kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY="$display"
sleep 2

shot() { import -window "${2:-root}" "$out/$1.png"; echo "screenshot $out/$1.png"; }
wait_for() { # a file the GUI macro writes when it is done with a stage
	for _ in $(seq 240); do [ -e "$1" ] && return 0; sleep 0.5; done
	shot timeout; echo "gui-check: timed out waiting for $1 (see timeout.png)" >&2; return 1
}

# 1-2. The launcher's GUI runs scripts/gui-check.ijm, which opens the three stacks.
timeout 600 ./spectral-cnn --gui scripts/gui-check.ijm "$out" > "$out/gui.txt" 2>&1 &
gui=$!
wait_for "$out/stacks-open.txt"
sleep 2
# the macro recorder (opened by the macro) out of the way of the stacks
for id in $(xdotool search --onlyvisible --name "^Recorder" || true); do xdotool windowmove "$id" 800 520; done
sleep 1
shot viewer
for title in "spectra" "spectrograms" "feature maps" "Log" "Spectral CNN System Check"; do
	id=$(xdotool search --onlyvisible --name "^$title" | head -n 1 || true)
	[ -n "$id" ] && { xdotool windowraise "$id"; sleep 0.5; shot "window-${title// /-}" "$id" || true; }
done

# the menu: Plugins, then the Spectral CNN submenu (offsets within ImageJ's menu bar)
ij=$(xdotool search --name "^ImageJ" | head -n 1)
eval "$(xdotool getwindowgeometry --shell "$ij")"
plugins_x=$((X + 320)); bar_y=$((Y + 12))
xdotool mousemove "$plugins_x" "$bar_y" click 1; sleep 1
xdotool mousemove "$((plugins_x + 15))" "$((bar_y + 21))" click 1; sleep 1
shot menu
# a command dialog: Import Spectra, the first item of the submenu (in pipeline order)
xdotool mousemove "$((plugins_x + 270))" "$((bar_y + 24))" click 1; sleep 3
shot dialog
# OK: the command runs with the dialog's values, and the open recorder records it
xdotool key Return
touch "$out/dialog-ok.txt"
wait_for "$out/recorder-check.txt"
# the recorder below the windows the two Import Spectra runs opened (image, table, plot)
for id in $(xdotool search --onlyvisible --name "^Recorder" || true); do
	xdotool windowmove "$id" 820 690 windowraise "$id"
done
sleep 1
shot recorder
kill "$gui" 2>/dev/null || true; gui=""
cat "$out/recorder-check.txt"
grep -q "^recorder ok" "$out/recorder-check.txt"

# 2b. The soil-core cube: hyperstack, ROIs in the ROI Manager, their spectra, the clay map
timeout 600 ./spectral-cnn --gui scripts/gui-check-hyperspectral.ijm "$out" > "$out/hyperspectral.txt" 2>&1 &
gui=$!
wait_for "$out/hyperspectral-open.txt"
for id in $(xdotool search --onlyvisible --name "^ROI Manager" || true); do xdotool windowmove "$id" 0 520; done
sleep 2
shot hyperspectral
for title in "soilcore" "ROI Manager" "clay_map"; do
	id=$(xdotool search --onlyvisible --name "^$title" | head -n 1 || true)
	[ -n "$id" ] && { xdotool windowraise "$id"; sleep 0.5; shot "window-${title// /-}" "$id" || true; }
done
kill "$gui" 2>/dev/null || true; gui=""
cat "$out/hyperspectral-open.txt"

# 3. The Fiji bundle with ImageJ 1 and the jars every Fiji has (stand-ins for Fiji.app/jars).
[ -d target/fiji/jars ] || mvn -B -q -f plugin.xml -DskipTests package
provided=$(sed -n 's:.*<fiji.provided>\(.*\)</fiji.provided>.*:\1:p' plugin.xml | tr ',' ' ')
cp="target/fiji/jars/*"
# natives lie in jars/<platform>/; Fiji's launcher puts jars/*/*.jar on the class path too
for d in target/fiji/jars/*/; do cp="$cp:${d}*"; done
for a in $provided; do
	for j in target/dependency/"$a"-[0-9]*.jar; do [ -e "$j" ] && cp="$cp:$j"; done
done
timeout 300 java -Xmx2g \
	-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN \
	-cp "$cp" org.spectralcnn.launcher.Main --gui scripts/gui-check-bundle.ijm "$out" > "$out/bundle.txt" 2>&1 &
gui=$!
wait_for "$out/bundle-check.txt"
shot bundle
kill "$gui" 2>/dev/null || true; gui=""
cat "$out/bundle-check.txt"
grep -q "^system check ok" "$out/bundle-check.txt"
if grep -q ": 0$" "$out/bundle-check.txt"; then
	echo "gui-check: a command is missing from the bundle" >&2; exit 1
fi
echo "gui-check: done; screenshots in $out"
