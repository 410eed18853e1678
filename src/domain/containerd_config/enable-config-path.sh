# shellcheck shell=sh
# Sets config_path in the CRI registry table of a containerd config.toml, idempotently,
# creating the file or the table when missing. POSIX sh and awk only.
#
# Environment (set -u makes a missing one fatal):
#   CONTAINERD_CONFIG   the config file, e.g. /etc/containerd/config.toml
#   CERTS_DIR           the hosts directory to create, e.g. /etc/containerd/certs.d
#   ENTRY               the config_path line to write, as TOML: '  config_path = "..."'
#   AUTH                auth tables to write, one line per host: TOML strings host, username,
#                       password separated by tabs (empty: none)
#   NEW_CONFIG          a new or empty file's content: 'version = 2' (containerd 1.x) or
#                       'version = 3' (2.x)
#   V2_TABLE, V3_TABLE  the CRI registry table of config version 2 and of 3 and later
set -eu
config=$CONTAINERD_CONFIG
hosts_dir=$CERTS_DIR
export ENTRY AUTH
mkdir -p "$hosts_dir" "$(dirname "$config")"
if [ ! -s "$config" ]; then
  printf '%s\n' "$NEW_CONFIG" > "$config"
fi
# The config version picks the table: 2 is containerd 1.x's CRI plugin,
# 3 and later containerd 2.x's CRI images plugin.
version=$(awk '/^[ \t]*\[/ { exit } /^[ \t]*version[ \t]*=/ { sub(/^[^=]*=[ \t]*/, ""); sub(/[^0-9].*$/, ""); print; exit }' "$config")
export ADD_VERSION=0
case "$version" in
  2) export TABLE="$V2_TABLE" ;;
  [3-9]) export TABLE="$V3_TABLE" ;;
  '')
    if grep -q '^[[:blank:]]*\[' "$config"; then
      echo "$config has tables but no 'version = 2': containerd reads it as config version 1 and would ignore config_path; not changed" >&2
      exit 1
    fi
    ADD_VERSION=1
    export TABLE="$V2_TABLE" ;;
  *)
    echo "$config has unsupported config version $version; not changed" >&2
    exit 1 ;;
esac
tmp="$config.tmp.$$"
trap 'rm -f "$tmp"' EXIT
awk '
  # A line reduced to compare TOML keys: no blanks, one quote style, no comment.
  function canon(s) { gsub(/[ \t\r]/, "", s); gsub(/\047/, "\"", s); sub(/#.*/, "", s); return s }
  BEGIN {
    header = "[" ENVIRON["TABLE"] "]"
    mirrors = "[" ENVIRON["TABLE"] ".mirrors."
    configs = "[" ENVIRON["TABLE"] ".configs."
    mirrors_why = "containerd would fail to start its CRI plugin"
    tls_why = "containerd 1.x would fail to start its CRI plugin, 2.x would ignore these TLS settings; move them into hosts.toml"
    if (ENVIRON["ADD_VERSION"] == "1") { print "version = 2"; print "" }
    n_auth = split(ENVIRON["AUTH"], auth_lines, "\n")
    for (i = 1; i <= n_auth; i++) {
      split(auth_lines[i], f, "\t")
      auth_header[i] = "[" ENVIRON["TABLE"] ".configs." f[1] ".auth]"
      auth_user[i] = f[2]; auth_pass[i] = f[3]
    }
  }
  # Blank lines wait for the next line: dropped before a replaced auth table and at the end,
  # so running the script again gives the same bytes.
  !skip && /^[ \t\r]*$/ { pending = pending $0 "\n"; next }
  { line = canon($0) }
  line ~ /^\[/ {
    if (index(line, mirrors) == 1) { conflict = line; why = mirrors_why; exit }
    if (index(line, configs) == 1 && line ~ /\.tls\]$/) { conflict = line; why = tls_why; exit }
    skip = 0
    for (i = 1; i <= n_auth; i++) if (auth_lines[i] != "" && line == auth_header[i]) skip = 1
    if (skip) { pending = ""; next }
    in_table = (line == header)
    printf "%s", pending; pending = ""
    print
    if (in_table) { print ENVIRON["ENTRY"]; done = 1 }
    next
  }
  skip { next }
  in_table && line ~ /^config_path=/ { next }
  in_table && line ~ /^mirrors[.=]/ { conflict = "mirrors"; why = mirrors_why; exit }
  { printf "%s", pending; pending = ""; print }
  END {
    if (conflict != "") {
      print FILENAME ": " conflict " cannot be combined with config_path (" why "); not changed; provider::containerd::registries_from_config_toml turns its registry mirrors and configs into registries input for hosts.toml" | "cat 1>&2"
      exit 3
    }
    if (!done) { print ""; print header; print ENVIRON["ENTRY"] }
    for (i = 1; i <= n_auth; i++) {
      if (auth_lines[i] == "") continue
      print ""; print auth_header[i]; print "  username = " auth_user[i]; print "  password = " auth_pass[i]
    }
  }
' "$config" > "$tmp"
cat "$tmp" > "$config"
# Registry passwords now sit in the file: only root may read it.
if [ -n "$AUTH" ]; then chmod 0600 "$config"; fi
