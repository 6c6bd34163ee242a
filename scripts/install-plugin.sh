#!/usr/bin/env bash
# Installs the plugin launcher into a Vault/OpenBao plugin directory with the jar's SHA-256 pinned.
#   scripts/install-plugin.sh PLUGIN_DIR [JAR]
# The jar is copied next to the plugin directory (PLUGIN_DIR/../dynatrace-vault-bridge-lib/), not
# into it, because dev servers register every file in their plugin directory as a plugin.
# Prints the launcher's SHA-256 (what `vault plugin register -sha256=...` needs) on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plugin_dir="${1:?usage: install-plugin.sh PLUGIN_DIR [JAR]}"
jar="${2:-$root/target/dynatrace-vault-bridge.jar}"
[[ -f "$jar" ]] || { echo "no jar at $jar; build it with: mvn -B -q package -DskipTests" >&2; exit 1; }
mkdir -p "$plugin_dir"
plugin_dir="$(cd "$plugin_dir" && pwd)"
lib_dir="$(dirname "$plugin_dir")/dynatrace-vault-bridge-lib"
mkdir -p "$lib_dir"
cp "$jar" "$lib_dir/dynatrace-vault-bridge.jar"
sha="$(sha256sum "$lib_dir/dynatrace-vault-bridge.jar" | cut -d' ' -f1)"
java_bin="$(readlink -f "$(command -v java)")"
sed -e "s#@DVB_JAR@#$lib_dir/dynatrace-vault-bridge.jar#" \
    -e "s#@DVB_JAR_SHA256@#$sha#" \
    -e "s#@DVB_JAVA@#$java_bin#" \
    "$root/vault-config/plugins/dynatrace-plugin" > "$plugin_dir/dynatrace-plugin.tmp"
chmod 0755 "$plugin_dir/dynatrace-plugin.tmp"
mv "$plugin_dir/dynatrace-plugin.tmp" "$plugin_dir/dynatrace-plugin"
sha256sum "$plugin_dir/dynatrace-plugin" | cut -d' ' -f1
