//! The config.toml change that makes containerd read `/etc/containerd/certs.d`: the shell
//! snippet here, and in [`change`] which files and commands each config mode needs.
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
//! containerd 2.x writes it) matches too. The program is a POSIX sh and awk
//! file, `containerd_config/enable-config-path.sh`, checked by shellcheck and
//! parameterised through its environment.
//!
//! The node gets the program as a file of its own, [`PROGRAM_PATH`] (comment lines dropped,
//! [`program_file`]), which bootstrap formats ship compressed; the command that runs it
//! ([`enable_config_path_command`]) carries only the parameters, so user data stays small.

pub mod change;

pub use change::{config_change, ConfigChange, ConfigMode};

use crate::domain::node_files::{NodeFile, MODE_PUBLIC, OWNER};

/// containerd's default config file.
pub const CONFIG_FILE: &str = "/etc/containerd/config.toml";

/// The CRI registry table for config version 2 (containerd 1.x).
pub const V2_REGISTRY_TABLE: &str = "plugins.\"io.containerd.grpc.v1.cri\".registry";

/// The CRI registry table for config version 3 and later (containerd 2.x).
pub const V3_REGISTRY_TABLE: &str = "plugins.\"io.containerd.cri.v1.images\".registry";

/// Where the node gets [`ENABLE_CONFIG_PATH_PROGRAM`]. Under `/etc/containerd`, which is
/// written anyway; run with `sh`, so it needs no exec bit.
pub const PROGRAM_PATH: &str = "/etc/containerd/enable-config-path.sh";

/// The program as the node gets it: a first line saying what it is, then the program without
/// its comment lines (its documentation lives in the repository's file). Every line of the
/// program that starts with `#` (after blanks) is a comment in sh or in its awk program.
pub fn node_program() -> String {
    let code = ENABLE_CONFIG_PATH_PROGRAM
        .lines()
        .filter(|line| !line.trim_start().starts_with('#') && !line.trim().is_empty())
        .map(|line| format!("{line}\n"));
    std::iter::once(
        "# Sets config_path in containerd's config.toml; parameters in its environment \
         (terraform-provider-containerd).\n"
            .to_string(),
    )
    .chain(code)
    .collect()
}

/// [`node_program`] as the node file at [`PROGRAM_PATH`].
pub fn program_file() -> NodeFile {
    NodeFile {
        path: PROGRAM_PATH.to_string(),
        content: node_program().into_bytes(),
        permissions: MODE_PUBLIC.to_string(),
        owner: OWNER.to_string(),
    }
}

/// Whether `file` is one of the provider's own programs, which only the commands read:
/// formats ship these compressed wherever the node can decode it.
pub fn is_program(file: &NodeFile) -> bool {
    file.path == PROGRAM_PATH
}

/// The command text that runs the node's [`program_file`]: a comment, the environment, the
/// program; `set -e` stops at a refused edit.
pub fn enable_config_path_command(
    config_file: &str,
    certs_dir: &str,
    options: &ScriptOptions,
) -> String {
    format!(
        "# Let containerd read registry hosts from {certs_dir}: {PROGRAM_PATH} sets config_path in {config_file}.\n\
         set -e\n\
         {}sh {}\n",
        exports(config_file, certs_dir, options),
        sh_quote(PROGRAM_PATH)
    )
}

/// Renders the POSIX sh script that sets `config_path = "<certs_dir>"` in
/// `config_file`: the environment followed by the node's program, in one text.
pub fn enable_config_path_script(config_file: &str, certs_dir: &str) -> String {
    enable_config_path_script_with(config_file, certs_dir, &ScriptOptions::default())
}

/// `[plugins."<cri>".registry.configs."<host>".auth]` credentials for one
/// contacted host. Sensitive: `Debug` hides them.
#[derive(Clone, PartialEq, Eq)]
pub struct HostAuth {
    /// `host[:port]` containerd contacts, e.g. `registry-1.docker.io`.
    pub host: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for HostAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostAuth")
            .field("host", &self.host)
            .field("username", &"<sensitive>")
            .field("password", &"<sensitive>")
            .finish()
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
    pub auth: Vec<HostAuth>,
}

impl Default for ScriptOptions {
    fn default() -> Self {
        Self {
            new_config_version: 2,
            auth: Vec::new(),
        }
    }
}

/// The program behind [`enable_config_path_script_with`]; it reads its parameters from the
/// environment (listed at its top).
pub const ENABLE_CONFIG_PATH_PROGRAM: &str =
    include_str!("containerd_config/enable-config-path.sh");

/// The environment [`ENABLE_CONFIG_PATH_PROGRAM`] reads, in the order the script sets it.
pub fn enable_config_path_environment(
    config_file: &str,
    certs_dir: &str,
    options: &ScriptOptions,
) -> Vec<(&'static str, String)> {
    vec![
        ("CONTAINERD_CONFIG", config_file.to_string()),
        ("CERTS_DIR", certs_dir.to_string()),
        ("ENTRY", config_path_entry(certs_dir)),
        ("AUTH", auth_lines(&options.auth)),
        (
            "NEW_CONFIG",
            format!(
                "version = {}",
                new_config_version(options.new_config_version)
            ),
        ),
        ("V2_TABLE", V2_REGISTRY_TABLE.to_string()),
        ("V3_TABLE", V3_REGISTRY_TABLE.to_string()),
    ]
}

/// [`enable_config_path_script`] with a config version for new files and
/// registry auth tables (placed under the table the file's version picks):
/// a comment saying what it does, the environment, then [`node_program`].
pub fn enable_config_path_script_with(
    config_file: &str,
    certs_dir: &str,
    options: &ScriptOptions,
) -> String {
    format!(
        "# Let containerd read registry hosts from {certs_dir}.\n\
         # Idempotent: sets config_path in the CRI registry table of {config_file},\n\
         # creating the file or the table when missing.\n\
         {}{}",
        exports(config_file, certs_dir, options),
        node_program()
    )
}

fn exports(config_file: &str, certs_dir: &str, options: &ScriptOptions) -> String {
    enable_config_path_environment(config_file, certs_dir, options)
        .iter()
        .map(|(name, value)| format!("export {name}={}\n", sh_quote(value)))
        .collect()
}

/// The `config_path` line placed right after the registry table header.
fn config_path_entry(certs_dir: &str) -> String {
    format!("  config_path = {}", toml_basic_string(certs_dir))
}

/// One line per host: host, username and password as TOML strings, tab-separated.
fn auth_lines(auth: &[HostAuth]) -> String {
    auth.iter()
        .map(|a| {
            format!(
                "{}\t{}\t{}\n",
                toml_basic_string(&a.host),
                toml_basic_string(&a.username),
                toml_basic_string(&a.password)
            )
        })
        .collect()
}

/// Config versions 3 and later are written as 3, which every containerd 2.x reads.
fn new_config_version(requested: u32) -> u32 {
    if requested >= 3 {
        3
    } else {
        2
    }
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
pub(crate) mod harness;
#[cfg(test)]
mod systemctl_stand_in;
#[cfg(test)]
mod tests;
