#!/usr/bin/env bash
# The -Dscijava.app.directory route of docs/install.md, checked in a scratch Fiji.app:
#  1. a Fiji.app holding the jars Fiji ships that Spectral CNN uses, at pom-scijava's versions
#     (copied from the local Maven repository), plus older versions of two jars the plugin adds;
#  2. mvn -B install -DskipTests -Dscijava.app.directory=<it> (all four platforms' natives);
#  3. FijiAppCheck: the plugin and every jar once, natives in jars/<platform>/, older versions gone;
#  4. the plugin run from the Fiji.app's jars alone (class path jars/*.jar + jars/*/*.jar as
#     Fiji's launcher builds it): its command list and the System Check (ND4J natives load).
# Usage: scripts/fiji-install-check.sh [folder] (default target/scratch/Fiji.app; emptied first).
# Needs network for the first run (Windows and macOS natives, ~240 MB, into ~/.m2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app="$(realpath -m "${1:-$here/target/scratch/Fiji.app}")"
cd "$here"

echo "== 1. scratch Fiji.app: $app"
rm -rf "$app"
mkdir -p "$app/jars"
provided=",$(sed -n 's:.*<fiji.provided>\(.*\)</fiji.provided>.*:\1:p' plugin.xml),"
list="$(mktemp)"
mvn -B -q -f plugin.xml dependency:list -DincludeScope=runtime -DoutputAbsoluteArtifactFilename=true \
	-DoutputFile="$list" -Denforcer.skip >/dev/null
while read -r line; do
	coords="${line%% -- *}"
	artifact="$(cut -d: -f2 <<<"$coords")"
	file="/${coords#*:/}"
	[[ "$provided" == *",$artifact,"* ]] && cp "$file" "$app/jars/"
done < <(grep '^   ' "$list")
rm -f "$list"
# what an older Fiji or another update site may have left: the install must replace them
cp "$app/jars/$(ls "$app/jars" | grep '^gson-' | head -n 1)" "$app/jars/threetenbp-1.6.8.jar"
cp "$app/jars/threetenbp-1.6.8.jar" "$app/jars/commons-collections4-4.4.jar"
echo "   $(ls "$app/jars" | wc -l) jars: $(ls "$app/jars" | tr '\n' ' ')"

echo "== 2. mvn -B install -DskipTests -Dscijava.app.directory=$app"
mvn -B install -DskipTests -Denforcer.skip -Dscijava.app.directory="$app" > target/fiji-install.log 2>&1 || {
	tail -n 40 target/fiji-install.log
	exit 1
}
grep -E 'Copying|Deleted|skipping|incompatible' target/fiji-install.log | sed 's/^\[INFO\] /   /' || true

echo "== 3. layout"
java -cp target/test-classes org.spectralcnn.install.FijiAppCheck "$app"
for d in "$app"/jars "$app"/jars/*/; do
	printf '   %-40s %4s files %8s\n' "${d#$app/}" "$(find "$d" -maxdepth 1 -name '*.jar' | wc -l)" \
		"$(find "$d" -maxdepth 1 -name '*.jar' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f MB", s/1e6}')"
done

echo "== 4. the plugin from Fiji.app's jars"
cp_fiji="$app/jars/*"
for d in "$app"/jars/*/; do cp_fiji="$cp_fiji:${d}*"; done
run() {
	java -Xmx2g -javaagent:"$(ls "$app"/jars/ij1-patcher-*.jar)"=init --add-opens=java.base/java.lang=ALL-UNNAMED \
		-Djava.awt.headless=true -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
		-cp "$cp_fiji" org.spectralcnn.launcher.Main "$@"
}
commands="$(run --list | grep -v '^ ' | grep -v '^SLF4J')"
echo "   $(wc -l <<<"$commands") commands: $(tr '\n' ';' <<<"$commands")"
run --headless --run "Spectral CNN System Check" ""
echo "OK: installed into $app"
