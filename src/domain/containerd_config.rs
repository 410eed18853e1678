//! The shell snippet that makes containerd read `/etc/containerd/certs.d`.
//!
//! containerd only reads hosts.toml files when the CRI registry
//! `config_path` points at their directory, and changing it needs a
//! restart. SCS appends `[plugins."io.containerd.grpc.v1.cri".registry]` to
//! config.toml blindly; when the file already has that table — and
//! `containerd config default`, which most images ship, does (with
//! `config_path = ""`) — the result is a duplicate table and containerd
//! refuses to start. This snippet edits the file instead, idempotently:
//! - missing or empty file: writes `version = 2` and the table;
//! - the table exists: replaces any `config_path` in it with ours, placed
//!   right after the header;
//! - otherwise: appends the table.
//!
//! The table follows the file's config version: `version = 2` (containerd
//! 1.x, also read by 2.x) uses the CRI plugin, version 3+ (containerd 2.x)
//! the CRI images plugin. It refuses (exit 1, message on stderr, file
//! untouched) when the change would break containerd: a file without
//! `version` but with tables is version 1, which ignores the table;
//! registry `mirrors` are fatal together with `config_path` (every release
//! refuses to start its CRI plugin), and so is `configs.<host>.tls` on 1.x,
//! while 2.x silently ignores those TLS settings once `config_path` is set
//! (they would have to move into hosts.toml). Header matching ignores blanks, quote style and trailing
//! comments, so `[plugins.'io.containerd.cri.v1.images'.registry]` (as
//! containerd 2.x writes it) matches too. POSIX sh and awk only.

/// containerd's default config file.
pub const CONFIG_FILE: &str = "/etc/containerd/config.toml";

/// The CRI registry table for config version 2 (containerd 1.x).
pub const V2_REGISTRY_TABLE: &str = "plugins.\"io.containerd.grpc.v1.cri\".registry";

/// The CRI registry table for config version 3 and later (containerd 2.x).
pub const V3_REGISTRY_TABLE: &str = "plugins.\"io.containerd.cri.v1.images\".registry";

/// Renders the POSIX sh script that sets `config_path = "<certs_dir>"` in
/// `config_file`.
pub fn enable_config_path_script(config_file: &str, certs_dir: &str) -> String {
    enable_config_path_script_with(config_file, certs_dir, &ScriptOptions::default())
}

/// Credentials for one registry host, written as
/// `[<registry table>.configs."<host>".auth]`.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthEntry {
    pub host: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for AuthEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthEntry")
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

/// Extra behaviour of [`enable_config_path_script_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptOptions {
    /// The `version` written into a missing or empty config file: 2 for
    /// containerd 1.x, 3 for 2.x.
    pub new_config_version: u32,
    /// Auth tables to write; an existing table for the same host is
    /// replaced. Passwords end up in the script text (user data), never on
    /// stdout/stderr.
    pub auth: Vec<AuthEntry>,
}

impl Default for ScriptOptions {
    fn default() -> Self {
        Self {
            new_config_version: 2,
            auth: Vec::new(),
        }
    }
}

/// [`enable_config_path_script`] with a config version for new files and
/// registry auth tables (placed under the table the file's version picks).
pub fn enable_config_path_script_with(
    config_file: &str,
    certs_dir: &str,
    options: &ScriptOptions,
) -> String {
    let entry = format!("  config_path = {}", toml_basic_string(certs_dir));
    let auth: String = options
        .auth
        .iter()
        .map(|a| {
            format!(
                "{}\t{}\t{}\n",
                toml_basic_string(&a.host),
                toml_basic_string(&a.username),
                toml_basic_string(&a.password)
            )
        })
        .collect();
    let new_version = if options.new_config_version >= 3 {
        3
    } else {
        2
    };
    format!(
        r#"# Let containerd read registry hosts from {certs_dir}.
# Idempotent: sets config_path in the CRI registry table of {config_file},
# creating the file or the table when missing.
set -eu
config={config}
certs_dir={certs}
export ENTRY={entry}
export AUTH={auth}
mkdir -p "$certs_dir" "$(dirname "$config")"
if [ ! -s "$config" ]; then
  printf '%s\n' 'version = {new_version}' > "$config"
fi
# The config version picks the table: 2 is containerd 1.x's CRI plugin,
# 3 and later containerd 2.x's CRI images plugin.
version=$(awk '/^[ \t]*\[/ {{ exit }} /^[ \t]*version[ \t]*=/ {{ sub(/^[^=]*=[ \t]*/, ""); sub(/[^0-9].*$/, ""); print; exit }}' "$config")
export ADD_VERSION=0
case "$version" in
  2) export TABLE={v2_quoted} ;;
  [3-9]) export TABLE={v3_quoted} ;;
  '')
    if grep -q '^[[:blank:]]*\[' "$config"; then
      echo "$config has tables but no 'version = 2': containerd reads it as config version 1 and would ignore config_path; not changed" >&2
      exit 1
    fi
    ADD_VERSION=1
    export TABLE={v2_quoted} ;;
  *)
    echo "$config has unsupported config version $version; not changed" >&2
    exit 1 ;;
esac
tmp="$config.tmp.$$"
trap 'rm -f "$tmp"' EXIT
awk '
  # A line reduced to compare TOML keys: no blanks, one quote style, no comment.
  function canon(s) {{ gsub(/[ \t\r]/, "", s); gsub(/\047/, "\"", s); sub(/#.*/, "", s); return s }}
  BEGIN {{
    header = "[" ENVIRON["TABLE"] "]"
    mirrors = "[" ENVIRON["TABLE"] ".mirrors."
    configs = "[" ENVIRON["TABLE"] ".configs."
    mirrors_why = "containerd would fail to start its CRI plugin"
    tls_why = "containerd 1.x would fail to start its CRI plugin, 2.x would ignore these TLS settings; move them into hosts.toml"
    if (ENVIRON["ADD_VERSION"] == "1") {{ print "version = 2"; print "" }}
    n_auth = split(ENVIRON["AUTH"], auth_lines, "\n")
    for (i = 1; i <= n_auth; i++) {{
      split(auth_lines[i], f, "\t")
      auth_header[i] = "[" ENVIRON["TABLE"] ".configs." f[1] ".auth]"
      auth_user[i] = f[2]; auth_pass[i] = f[3]
    }}
  }}
  # Blank lines wait for the next line: dropped before a replaced auth table and at the end,
  # so running the script again gives the same bytes.
  !skip && /^[ \t\r]*$/ {{ pending = pending $0 "\n"; next }}
  {{ line = canon($0) }}
  line ~ /^\[/ {{
    if (index(line, mirrors) == 1) {{ conflict = line; why = mirrors_why; exit }}
    if (index(line, configs) == 1 && line ~ /\.tls\]$/) {{ conflict = line; why = tls_why; exit }}
    skip = 0
    for (i = 1; i <= n_auth; i++) if (auth_lines[i] != "" && line == auth_header[i]) skip = 1
    if (skip) {{ pending = ""; next }}
    in_table = (line == header)
    printf "%s", pending; pending = ""
    print
    if (in_table) {{ print ENVIRON["ENTRY"]; done = 1 }}
    next
  }}
  skip {{ next }}
  in_table && line ~ /^config_path=/ {{ next }}
  in_table && line ~ /^mirrors[.=]/ {{ conflict = "mirrors"; why = mirrors_why; exit }}
  {{ printf "%s", pending; pending = ""; print }}
  END {{
    if (conflict != "") {{
      print FILENAME ": " conflict " cannot be combined with config_path (" why "); not changed" | "cat 1>&2"
      exit 3
    }}
    if (!done) {{ print ""; print header; print ENVIRON["ENTRY"] }}
    for (i = 1; i <= n_auth; i++) {{
      if (auth_lines[i] == "") continue
      print ""; print auth_header[i]; print "  username = " auth_user[i]; print "  password = " auth_pass[i]
    }}
  }}
' "$config" > "$tmp"
cat "$tmp" > "$config"
# Registry passwords now sit in the file: only root may read it.
if [ -n "$AUTH" ]; then chmod 0600 "$config"; fi
"#,
        config = sh_quote(config_file),
        certs = sh_quote(certs_dir),
        entry = sh_quote(&entry),
        auth = sh_quote(&auth),
        v2_quoted = sh_quote(V2_REGISTRY_TABLE),
        v3_quoted = sh_quote(V3_REGISTRY_TABLE),
    )
}

/// Quotes a string for POSIX sh.
pub(crate) fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A TOML basic string.
pub(crate) fn toml_basic_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
