#!/usr/bin/env bash
# Installs the plugin launcher into a Vault/OpenBao plugin directory with the jar's SHA-256 pinned,
# and a class-data archive made for exactly this jar and this JDK, pinned the same way (JDK 17-24:
# two, a static base archive of what a start loads and a dynamic one on top of it).
#   scripts/install-plugin.sh PLUGIN_DIR [JAR]
# The jar and the archive go next to the plugin directory (PLUGIN_DIR/../dynatrace-vault-bridge-lib/),
# not into it, because dev servers register every file in their plugin directory as a plugin.
# Prints the launcher's SHA-256 (what `vault plugin register -sha256=...` needs) on stdout.
#   DVB_JAVA=/path/to/java   the JDK the launcher falls back to and the archive is made for
#                            (default: java on PATH; JDK 17-24: AppCDS, JDK 25+: AOT cache)
#   DVB_CLASS_DATA=off       install without an archive (the plugin starts ~2x slower)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plugin_dir="${1:?usage: install-plugin.sh PLUGIN_DIR [JAR]}"
jar="${2:-$root/target/dynatrace-vault-bridge.jar}"
[[ -f "$jar" ]] || { echo "no jar at $jar; build it with: mvn -B -q package -DskipTests" >&2; exit 1; }
mkdir -p "$plugin_dir"
plugin_dir="$(cd "$plugin_dir" && pwd)"
lib_dir="$(dirname "$plugin_dir")/dynatrace-vault-bridge-lib"
mkdir -p "$lib_dir"
java_bin="$(readlink -f "${DVB_JAVA:-$(command -v java)}")"
# The paths end up inside double quotes in the launcher and in sed replacements.
[[ "$lib_dir$java_bin" != *[\"\$\`\\\#\&]* ]] || { echo "unsupported character in $lib_dir or $java_bin" >&2; exit 1; }
launcher="$plugin_dir/dynatrace-plugin"
installed_jar="$lib_dir/dynatrace-vault-bridge.jar"
archive="$lib_dir/dynatrace-vault-bridge.jsa"
base_archive="$lib_dir/dynatrace-vault-bridge-base.jsa"  # cds only: the static archive under $archive

# New files are renamed into place: a running plugin keeps the jar and archive it has mapped.
cp "$jar" "$installed_jar.tmp" && chmod 0444 "$installed_jar.tmp" && mv -f "$installed_jar.tmp" "$installed_jar"

# "SHA256 STAMP" of FILE. The stamp (see the launcher) is recorded only once the file's ctime is
# at least 2 s in the past, so a change after the hash cannot share the recorded ctime on a file
# system with coarse timestamps; a stat without ns times records no stamp (always hashed).
pin() {
  local ctime stamp sha
  ctime="$(stat -L -c %Z -- "$1" 2>/dev/null || echo 0)"
  (( $(date +%s) - ctime >= 2 )) || sleep 2
  stamp="$(stat -L -c '%d:%i:%s:%.9Y:%.9Z' -- "$1" 2>/dev/null || true)"
  sha="$(sha256sum -- "$1" | cut -d' ' -f1)"
  [[ "$stamp" == "$(stat -L -c '%d:%i:%s:%.9Y:%.9Z' -- "$1" 2>/dev/null || true)" \
     && "$stamp" =~ ^[0-9]+:[0-9]+:[0-9]+:[0-9]+\.[0-9]{9}:[0-9]+\.[0-9]{9}$ ]] || stamp=""
  [[ "$sha" =~ ^[0-9a-f]{64}$ ]] || { echo "cannot hash $1" >&2; exit 1; }
  echo "$sha $stamp"
}

# write_launcher KIND ARCHIVE_SHA256 ARCHIVE_STAMP [BASE_SHA256 BASE_STAMP]: the launcher with every
# value filled in.
write_launcher() {
  sed -e "s#@DVB_JAR@#$installed_jar#" -e "s#@DVB_JAR_SHA256@#$jar_sha#" -e "s#@DVB_JAR_STAMP@#$jar_stamp#" \
      -e "s#@DVB_JAVA@#$java_bin#" -e "s#@DVB_ARCHIVE_KIND@#$1#" -e "s#@DVB_ARCHIVE@#$archive#" \
      -e "s#@DVB_ARCHIVE_SHA256@#$2#" -e "s#@DVB_ARCHIVE_STAMP@#$3#" \
      -e "s#@DVB_BASE_ARCHIVE@#$base_archive#" -e "s#@DVB_BASE_ARCHIVE_SHA256@#${4:-}#" \
      -e "s#@DVB_BASE_ARCHIVE_STAMP@#${5:-}#" \
      "$root/vault-config/plugins/dynatrace-plugin" > "$launcher.tmp"
  chmod 0755 "$launcher.tmp"
  mv -f "$launcher.tmp" "$launcher"
}

# JDK 25 brought the AOT cache (JEP 483/514); 17-24 make a dynamic AppCDS archive (JEP 350).
kind=cds
feature="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${feature%%.*}" =~ ^[0-9]+$ ]] && (( ${feature%%.*} >= 25 )) && kind=aot
[[ "${DVB_CLASS_DATA:-on}" == off ]] && kind=""

jar_sha="$(sha256sum -- "$installed_jar" | cut -d' ' -f1)" jar_stamp="" archive_sha="" archive_stamp=""
base_sha="" base_stamp=""
rm -f "$archive" "$archive.tmp" "$base_archive" "$base_archive.tmp"
write_launcher "$kind" "" ""
if [[ -n "$kind" ]]; then
  # The training run serves one simulated Vault session through the launcher itself, so the archive
  # matches the JVM options a real start uses; its failure only means a start without an archive.
  # cds: two archives, the static base (what a start loads) and the dynamic one on top of it.
  log="$lib_dir/class-data-training.log"
  outs=("$archive.tmp")
  [[ "$kind" == cds ]] && outs+=("$base_archive.tmp")
  if "$launcher" --train-class-data "${outs[@]}" >"$log" 2>&1 </dev/null && [[ -s "$archive.tmp" ]] \
     && [[ "$kind" != cds || -s "$base_archive.tmp" ]]; then
    if [[ "$kind" == cds ]]; then
      chmod 0444 "$base_archive.tmp" && mv -f "$base_archive.tmp" "$base_archive"
    fi
    chmod 0444 "$archive.tmp" && mv -f "$archive.tmp" "$archive"
    pinned="$(pin "$archive")"; read -r archive_sha archive_stamp <<<"$pinned"
    if [[ "$kind" == cds ]]; then
      pinned="$(pin "$base_archive")"; read -r base_sha base_stamp <<<"$pinned"
    fi
    rm -f "$log"
  else
    rm -f "$archive.tmp" "$base_archive.tmp"
    echo "warning: the class-data training run failed (log: $log); the plugin will start without an archive" >&2
    kind=""
  fi
  rm -f "$base_archive.tmp.classlist" "$base_archive.tmp.start-classlist"
fi
# Pinned last: by now the jar's ctime is seconds old, so pin() need not wait for it.
pinned="$(pin "$installed_jar")"; read -r jar_sha jar_stamp <<<"$pinned"
write_launcher "$kind" "$archive_sha" "$archive_stamp" "$base_sha" "$base_stamp"
sha256sum "$launcher" | cut -d' ' -f1
