//! Making containerd read `/etc/containerd/certs.d` (and the config.toml
//! side of credentials).
//!
//! - 1.x: config `version = 2`, `[plugins."io.containerd.grpc.v1.cri".registry]`.
//! - 2.x: config `version = 3`, `[plugins."io.containerd.cri.v1.images".registry]`.
//!   Every 2.x reads version 3 (2.4's own default is version 4, which 2.0 and 2.2
//!   refuse), so files created here say 3; an existing file keeps its
//!   version, and a version 2 file left from 1.x keeps the CRI plugin's
//!   table, which 2.x migrates (the node suite checks all three on 2.0.14
//!   and 2.4.2).
//!
//! [`ConfigMode::AppendEdit`] edits `/etc/containerd/config.toml` in place
//! with the idempotent script of [`containerd_config`](super) (SCS's approach,
//! made safe), then restarts containerd. [`ConfigMode::DropIn`] writes
//! `/etc/containerd/conf.d/99-registry.toml` and makes config.toml import
//! `conf.d/*.toml`; on 1.x an imported file replaces each plugin section it
//! names wholesale, so the drop-in wipes the rest of the CRI plugin
//! configuration (e.g. `SystemdCgroup`): a warning says so; 2.x merges it
//! into the section instead (2.2 and later import `conf.d/*.toml` by
//! default). [`ConfigMode::None`]
//! changes nothing (the image already sets `config_path`); credentials in
//! config.toml mode are an error then. `registry.mirrors` is never
//! rendered: containerd refuses to start CRI with mirrors and `config_path`.

use super::{
    enable_config_path_command, program_file, sh_quote, toml_basic_string, HostAuth, ScriptOptions,
    CONFIG_FILE, V2_REGISTRY_TABLE, V3_REGISTRY_TABLE,
};
use crate::domain::enumeration::{Choice, Enumeration};
use crate::domain::hosts_toml::ContainerdVersion;
use crate::domain::node_files::{NodeFile, CERTS_D_DIR, MODE_PRIVATE, MODE_PUBLIC, OWNER};
use crate::domain::registry::versions::is_v2;
use crate::domain::{Finding, Findings, Location, Severity};

/// The drop-in directory containerd 2.2's default config imports.
pub const CONF_D_DIR: &str = "/etc/containerd/conf.d";
/// The drop-in this provider writes.
pub const DROP_IN_FILE: &str = "/etc/containerd/conf.d/99-registry.toml";

/// How `config_path` is enabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfigMode {
    /// Edit `/etc/containerd/config.toml` in place (idempotent script).
    #[default]
    AppendEdit,
    /// A drop-in under `/etc/containerd/conf.d`, imported by config.toml.
    DropIn,
    /// No change; the node image already sets `config_path`.
    None,
}

impl Enumeration for ConfigMode {
    const CHOICES: &'static [Choice<Self>] = &[
        Choice {
            value: ConfigMode::AppendEdit,
            name: "append",
            since: None,
            doc: " edits `/etc/containerd/config.toml` in place without duplicating tables",
        },
        Choice {
            value: ConfigMode::DropIn,
            name: "drop_in",
            since: None,
            doc: " writes `/etc/containerd/conf.d/99-registry.toml` and imports it (on containerd \
                  1.x a drop-in replaces the whole CRI plugin section, so this warns)",
        },
        Choice {
            value: ConfigMode::None,
            name: "none",
            since: None,
            doc: " leaves containerd's configuration alone",
        },
    ];
}

/// Files and commands that configure containerd.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigChange {
    /// Files to write (the drop-in, or the config.toml program), sorted by path.
    pub files: Vec<NodeFile>,
    /// Commands (argv lists) to run after the files are written, in order;
    /// the last restarts containerd.
    pub commands: Vec<Vec<String>>,
    pub problems: Findings,
}

/// The CRI registry table for a containerd version.
pub fn registry_table(version: ContainerdVersion) -> &'static str {
    if is_v2(version) {
        V3_REGISTRY_TABLE
    } else {
        V2_REGISTRY_TABLE
    }
}

/// The config file version for a new config file: 3 for every 2.x (not
/// 2.4's 4, which 2.0 and 2.2 refuse).
pub fn config_version(version: ContainerdVersion) -> u32 {
    if is_v2(version) {
        3
    } else {
        2
    }
}

fn problem(severity: Severity, attribute: &str, message: String) -> Finding {
    Finding::new(severity, Location::registry("", attribute), message)
}

/// What enables `config_path` (and writes config.toml credentials) for
/// `version` in `mode`.
pub fn config_change(
    version: ContainerdVersion,
    mode: ConfigMode,
    auth: &[HostAuth],
) -> ConfigChange {
    let mut change = ConfigChange::default();
    // One command per mode, whose script ends with the restart: under `set -e` containerd
    // restarts only when the edit succeeded. A refused edit leaves containerd running on its
    // old configuration, and the failing command makes cloud-init report the runcmd failed.
    let edit_then_restart = |script: String| {
        vec![
            "sh".to_string(),
            "-c".to_string(),
            format!("{script}systemctl restart containerd\n"),
        ]
    };
    match mode {
        ConfigMode::None => {
            if !auth.is_empty() {
                change.problems.push(problem(
                    Severity::Error,
                    "config_mode",
                    "credentials in config.toml mode need a config change, but config_mode is \"none\"; use append or drop-in, or Authorization-header credentials".to_string(),
                ));
            }
        }
        ConfigMode::AppendEdit => {
            let script = enable_config_path_command(
                CONFIG_FILE,
                CERTS_D_DIR,
                &ScriptOptions {
                    new_config_version: config_version(version),
                    auth: auth.to_vec(),
                },
            );
            change.files.push(program_file());
            change.commands.push(edit_then_restart(script));
        }
        ConfigMode::DropIn => {
            if !is_v2(version) {
                change.problems.push(problem(
                    Severity::Warning,
                    "config_mode",
                    format!(
                        "containerd {version} replaces a whole plugin section with the one from an imported file, so the drop-in's [plugins.\"io.containerd.grpc.v1.cri\".registry] wipes the rest of the CRI plugin configuration from config.toml (e.g. SystemdCgroup); on 1.x prefer config_mode \"append\""
                    ),
                ));
            }
            let text = drop_in_text(version, auth);
            let private = !auth.is_empty();
            change.files.push(NodeFile {
                path: DROP_IN_FILE.to_string(),
                content: text.into_bytes(),
                permissions: if private { MODE_PRIVATE } else { MODE_PUBLIC }.to_string(),
                owner: OWNER.to_string(),
            });
            change
                .commands
                .push(edit_then_restart(import_script(version)));
        }
    }
    change
}

/// The drop-in: config version, the registry table with `config_path`, and
/// auth tables. Never `mirrors`.
pub fn drop_in_text(version: ContainerdVersion, auth: &[HostAuth]) -> String {
    let table = registry_table(version);
    let mut out = format!(
        "version = {}\n\n[{table}]\n  config_path = {}\n",
        config_version(version),
        toml_basic_string(CERTS_D_DIR)
    );
    for a in auth {
        out.push_str(&format!(
            "\n[{table}.configs.{}.auth]\n  username = {}\n  password = {}\n",
            toml_basic_string(&a.host),
            toml_basic_string(&a.username),
            toml_basic_string(&a.password)
        ));
    }
    out
}

/// Makes config.toml import `conf.d/*.toml` (idempotent): creates the
/// file when missing, otherwise adds `imports` before the first table
/// unless an `imports` line already names conf.d.
fn import_script(version: ContainerdVersion) -> String {
    let pattern = format!("{CONF_D_DIR}/*.toml");
    format!(
        r#"# Make containerd import {conf_d}/*.toml. Idempotent.
set -eu
config={config}
pattern={pattern}
mkdir -p {conf_d_q}
tmp="$config.tmp.$$"
trap 'rm -f "$tmp"' EXIT
if [ ! -s "$config" ]; then
  printf '%s\n' 'version = {cv}' "imports = [\"$pattern\"]" > "$config"
elif grep -q '^[[:blank:]]*imports[[:blank:]]*=.*conf\.d' "$config"; then
  : already imported
elif grep -q '^[[:blank:]]*imports[[:blank:]]*=[[:blank:]]*\[.*\][[:blank:]]*\(#.*\)\{{0,1\}}$' "$config"; then
  # A one-line array (`containerd config default` writes `imports = []`): add the pattern.
  awk -v entry="\"$pattern\"" '
    !done && /^[ \t]*imports[ \t]*=/ {{
      i = index($0, "]"); head = substr($0, 1, i - 1); tail = substr($0, i)
      if (head ~ /\[[ \t]*$/) print head entry tail; else print head ", " entry tail
      done = 1; next
    }}
    {{ print }}
  ' "$config" > "$tmp"
  cat "$tmp" > "$config"
elif grep -q '^[[:blank:]]*imports[[:blank:]]*=' "$config"; then
  echo "$config has a multi-line imports array without {conf_d}; add \"$pattern\" to it; not changed" >&2
  exit 1
else
  awk -v line="imports = [\"$pattern\"]" '
    !done && /^[ \t]*\[/ {{ print line; print ""; done = 1 }}
    {{ print }}
    END {{ if (!done) print line }}
  ' "$config" > "$tmp"
  cat "$tmp" > "$config"
fi
"#,
        conf_d = CONF_D_DIR,
        conf_d_q = sh_quote(CONF_D_DIR),
        config = sh_quote(CONFIG_FILE),
        pattern = sh_quote(&pattern),
        cv = config_version(version),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::containerd_config::harness;

    fn v(s: &str) -> ContainerdVersion {
        crate::domain::registry::versions::parse_containerd_version(s).expect("version")
    }

    fn auth() -> Vec<HostAuth> {
        vec![HostAuth {
            host: "registry-1.docker.io".into(),
            username: "giantswarm-user-account".into(),
            password: "p\"w'd".into(),
        }]
    }

    #[test]
    fn drop_in_uses_the_versions_table_and_never_mirrors() {
        let text = drop_in_text(v("1.7"), &auth());
        assert_eq!(
            text,
            "version = 2\n\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"/etc/containerd/certs.d\"\n\n[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"registry-1.docker.io\".auth]\n  username = \"giantswarm-user-account\"\n  password = \"p\\\"w'd\"\n"
        );
        let doc: toml_edit::DocumentMut = text.parse().expect("TOML");
        assert_eq!(
            doc["plugins"]["io.containerd.grpc.v1.cri"]["registry"]["configs"]
                ["registry-1.docker.io"]["auth"]["password"]
                .as_str(),
            Some("p\"w'd")
        );
        let v3 = drop_in_text(v("2.1"), &[]);
        assert!(
            v3.starts_with("version = 3\n\n[plugins.\"io.containerd.cri.v1.images\".registry]\n")
        );
        assert!(!v3.contains("mirrors") && !text.contains("mirrors"));
    }

    #[test]
    fn drop_in_on_1x_warns_about_replaced_sections() {
        let change = config_change(v("1.6"), ConfigMode::DropIn, &[]);
        assert_eq!(change.problems.len(), 1);
        assert!(change.problems[0]
            .message
            .contains("wipes the rest of the CRI plugin"));
        assert!(config_change(v("2.0"), ConfigMode::DropIn, &[])
            .problems
            .is_empty());
        let with_auth = config_change(v("2.0"), ConfigMode::DropIn, &auth());
        assert_eq!(with_auth.files[0].permissions, "0600");
        assert!(with_auth
            .commands
            .last()
            .is_some_and(|c| c[2].ends_with("\nsystemctl restart containerd\n")));
    }

    #[test]
    fn none_mode_cannot_carry_config_toml_credentials() {
        assert!(config_change(v("1.6"), ConfigMode::None, &[])
            .commands
            .is_empty());
        let change = config_change(v("1.6"), ConfigMode::None, &auth());
        assert_eq!(change.problems[0].severity, Severity::Error);
        assert!(!change.problems[0].message.contains("giantswarm"));
    }

    #[test]
    fn append_mode_edits_config_toml_with_the_versions_defaults() {
        let change = config_change(v("2.2"), ConfigMode::AppendEdit, &[]);
        assert!(change.commands[0][2].contains("'version = 3'"));
        let change = config_change(v("1.6"), ConfigMode::AppendEdit, &[]);
        assert!(change.commands[0][2].contains("'version = 2'"));
        assert_eq!(change.commands.len(), 1);
    }

    fn run_sh(script: &str, config: &std::path::Path) -> (i32, String) {
        let dir = config.parent().expect("dir");
        let out = harness::run_rendered(script, config, &dir.join("certs.d"), &dir.join("conf.d"));
        // The calls are kept next to the config, where the tests look for them.
        if !out.systemctl.is_empty() {
            let calls: String = out.systemctl.iter().map(|c| format!("{c}\n")).collect();
            let log = dir.join("systemctl.calls");
            let before = std::fs::read_to_string(&log).unwrap_or_default();
            std::fs::write(&log, before + &calls).expect("systemctl calls");
        }
        (out.status, out.stderr)
    }

    #[test]
    fn append_script_writes_and_replaces_auth_tables() {
        let dir = tempfile::tempdir().expect("tmp");
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "version = 2\n\n[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.'registry-1.docker.io'.auth]\n  username = \"old\"\n  password = \"old\"\n\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  snapshotter = \"overlayfs\"\n").expect("write");
        let change = config_change(v("1.6"), ConfigMode::AppendEdit, &auth());
        for _ in 0..2 {
            let (status, stderr) = run_sh(&change.commands[0][2], &config);
            assert_eq!(status, 0, "{stderr}");
            assert!(!stderr.contains("giantswarm"));
        }
        let text = std::fs::read_to_string(&config).expect("read");
        let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
        let cri = &doc["plugins"]["io.containerd.grpc.v1.cri"];
        assert_eq!(
            cri["registry"]["config_path"].as_str(),
            Some("/etc/containerd/certs.d")
        );
        assert_eq!(
            cri["registry"]["configs"]["registry-1.docker.io"]["auth"]["username"].as_str(),
            Some("giantswarm-user-account")
        );
        assert_eq!(
            cri["registry"]["configs"]["registry-1.docker.io"]["auth"]["password"].as_str(),
            Some("p\"w'd")
        );
        assert_eq!(cri["containerd"]["snapshotter"].as_str(), Some("overlayfs"));
        assert!(!text.contains("old"), "{text}");
    }

    #[test]
    fn append_script_creates_a_version_3_file_for_2x() {
        let dir = tempfile::tempdir().expect("tmp");
        let config = dir.path().join("config.toml");
        let change = config_change(v("2.1"), ConfigMode::AppendEdit, &auth());
        let (status, stderr) = run_sh(&change.commands[0][2], &config);
        assert_eq!(status, 0, "{stderr}");
        let text = std::fs::read_to_string(&config).expect("read");
        let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
        assert_eq!(doc["version"].as_integer(), Some(3));
        let images = &doc["plugins"]["io.containerd.cri.v1.images"]["registry"];
        assert_eq!(
            images["config_path"].as_str(),
            Some("/etc/containerd/certs.d")
        );
        assert_eq!(
            images["configs"]["registry-1.docker.io"]["auth"]["username"].as_str(),
            Some("giantswarm-user-account")
        );
    }

    #[test]
    fn append_with_auth_gives_the_same_bytes_when_run_again() {
        let dir = tempfile::tempdir().expect("tmp");
        let config = dir.path().join("config.toml");
        let default = include_str!("../containerd_config/default-1.6.20.toml");
        std::fs::write(&config, default).expect("write");
        let change = config_change(v("1.6"), ConfigMode::AppendEdit, &auth());
        let mut runs = Vec::new();
        for _ in 0..3 {
            let (status, stderr) = run_sh(&change.commands[0][2], &config);
            assert_eq!(status, 0, "{stderr}");
            runs.push(std::fs::read_to_string(&config).expect("read"));
        }
        assert_eq!(runs[0], runs[1], "the second run changed config.toml");
        assert_eq!(runs[1], runs[2]);
        assert_eq!(runs[0].matches(".auth]").count(), 1, "{}", runs[0]);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&config)
            .expect("stat")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "config.toml holding passwords must be private");
        let doc: toml_edit::DocumentMut = runs[0].parse().expect("valid TOML");
        let auth = &doc["plugins"]["io.containerd.grpc.v1.cri"]["registry"]["configs"]
            ["registry-1.docker.io"]["auth"];
        assert_eq!(auth["username"].as_str(), Some("giantswarm-user-account"));
    }

    #[test]
    fn import_script_extends_a_one_line_imports_array() {
        let dir = tempfile::tempdir().expect("tmp");
        let config = dir.path().join("config.toml");
        for (before, expected) in [
            (
                "imports = []\nversion = 2\n",
                vec!["/etc/containerd/conf.d/*.toml"],
            ),
            (
                "imports = [\"/etc/other.toml\"]\nversion = 2\n",
                vec!["/etc/other.toml", "/etc/containerd/conf.d/*.toml"],
            ),
        ] {
            std::fs::write(&config, before).expect("write");
            let change = config_change(v("1.6"), ConfigMode::DropIn, &[]);
            for _ in 0..2 {
                let (status, stderr) = run_sh(&change.commands[0][2], &config);
                assert_eq!(status, 0, "{stderr}");
            }
            let text = std::fs::read_to_string(&config).expect("read");
            let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
            let imports: Vec<&str> = doc["imports"]
                .as_array()
                .expect("array")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            assert_eq!(imports, expected, "{text}");
        }
    }

    #[test]
    fn containerd_restarts_only_after_a_successful_edit() {
        let dir = tempfile::tempdir().expect("tmp");
        let config = dir.path().join("config.toml");
        let calls = dir.path().join("systemctl.calls");
        let change = config_change(v("1.6"), ConfigMode::AppendEdit, &[]);
        assert_eq!(change.commands.len(), 1);
        std::fs::write(&config, "version = 2\n").expect("write");
        let (status, stderr) = run_sh(&change.commands[0][2], &config);
        assert_eq!(status, 0, "{stderr}");
        assert_eq!(
            std::fs::read_to_string(&calls).ok().as_deref(),
            Some("restart containerd\n")
        );

        std::fs::remove_file(&calls).expect("reset");
        let refused = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"docker.io\"]\n  endpoint = [\"https://m\"]\n";
        std::fs::write(&config, refused).expect("write");
        let (status, _) = run_sh(&change.commands[0][2], &config);
        assert_ne!(status, 0, "the edit must refuse registry.mirrors");
        assert!(
            !calls.exists(),
            "containerd must not restart after a refused edit"
        );
        assert_eq!(std::fs::read_to_string(&config).expect("read"), refused);
    }

    #[test]
    fn import_script_refuses_a_multi_line_imports_array() {
        let dir = tempfile::tempdir().expect("tmp");
        let config = dir.path().join("config.toml");
        let before = "imports = [\n  \"/etc/a.toml\",\n]\nversion = 2\n";
        std::fs::write(&config, before).expect("write");
        let change = config_change(v("1.6"), ConfigMode::DropIn, &[]);
        let (status, _) = run_sh(&change.commands[0][2], &config);
        assert_eq!(status, 1);
        assert_eq!(std::fs::read_to_string(&config).expect("read"), before);
    }

    #[test]
    fn import_script_adds_imports_once() {
        let dir = tempfile::tempdir().expect("tmp");
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "version = 3\n\n[plugins]\n").expect("write");
        let change = config_change(v("2.0"), ConfigMode::DropIn, &[]);
        for _ in 0..2 {
            let (status, stderr) = run_sh(&change.commands[0][2], &config);
            assert_eq!(status, 0, "{stderr}");
        }
        let text = std::fs::read_to_string(&config).expect("read");
        assert_eq!(text.matches("imports").count(), 1, "{text}");
        let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
        assert_eq!(
            doc["imports"][0]
                .as_str()
                .map(|s| s.ends_with("conf.d/*.toml")),
            Some(true)
        );
        assert_eq!(doc["version"].as_integer(), Some(3));
    }
}
