//! These tests run the rendered script with the system's `sh` and `awk`
//! against temporary config files.

use std::path::Path;
use std::process::Command;

use super::*;

/// `containerd config default` of Debian 12's containerd 1.6.20.
const DEFAULT_1_6_20: &str = include_str!("default-1.6.20.toml");

/// The config.toml Debian 12's containerd package installs.
const DEBIAN_SHIPPED: &str = "version = 2\n\n[plugins]\n  [plugins.\"io.containerd.grpc.v1.cri\"]\n    [plugins.\"io.containerd.grpc.v1.cri\".cni]\n      bin_dir = \"/usr/lib/cni\"\n      conf_dir = \"/etc/cni/net.d\"\n  [plugins.\"io.containerd.internal.v1.opt\"]\n    path = \"/var/lib/containerd/opt\"\n";

/// The registry part of containerd 2.2's `config default` (version 3,
/// single-quoted keys, a colon-separated default path).
const DEFAULT_2_2_EXCERPT: &str = "version = 3\nroot = '/var/lib/containerd'\n\n[plugins]\n  [plugins.'io.containerd.cri.v1.images']\n    snapshotter = 'overlayfs'\n\n    [plugins.'io.containerd.cri.v1.images'.registry]\n      config_path = '/etc/containerd/certs.d:/etc/docker/certs.d'\n\n    [plugins.'io.containerd.cri.v1.images'.image_decryption]\n      key_model = 'node'\n";

const CERTS_D: &str = "/etc/containerd/certs.d";

struct Run {
    status: i32,
    stderr: String,
    config: Option<String>,
    systemctl: Vec<String>,
}

/// Runs the script against `initial` (None: no file) in a temp dir.
fn run(initial: Option<&str>) -> Run {
    run_script(initial, &enable_config_path_script(CONFIG_FILE, CERTS_D))
}

/// Runs `script` against `initial` (None: no file) in a temp dir.
fn run_script(initial: Option<&str>, script: &str) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("etc/containerd/config.toml");
    if let Some(text) = initial {
        std::fs::create_dir_all(config.parent().expect("parent")).expect("mkdir");
        std::fs::write(&config, text).expect("write");
    }
    // The script creates the hosts directory: move it into the temp dir (config_path keeps
    // its value as rendered).
    let certs = dir.path().join("certs.d");
    let output = harness::run_rendered(script, &config, &certs, &dir.path().join("conf.d"));
    let leftovers: Vec<_> = std::fs::read_dir(config.parent().expect("parent"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        leftovers.iter().all(|n| n == "config.toml"),
        "temporary files left behind: {leftovers:?}"
    );
    Run {
        status: output.status,
        stderr: output.stderr,
        config: std::fs::read_to_string(&config).ok(),
        systemctl: output.systemctl,
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn edited(initial: Option<&str>) -> String {
    let result = run(initial);
    assert_eq!(result.status, 0, "stderr: {}", result.stderr);
    let text = result.config.expect("config written");
    // Idempotent: a second run changes nothing.
    let again = run(Some(&text));
    assert_eq!(again.status, 0, "stderr: {}", again.stderr);
    assert_eq!(
        again.config.as_deref(),
        Some(text.as_str()),
        "second run changed the file"
    );
    text
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn creates_a_missing_or_empty_config() {
    let expected = "version = 2\n\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"/etc/containerd/certs.d\"\n";
    assert_eq!(edited(None), expected);
    assert_eq!(edited(Some("")), expected);
}

#[test]
fn replaces_config_path_in_containerd_config_default() {
    let text = edited(Some(DEFAULT_1_6_20));
    assert_eq!(
        count(&text, "[plugins.\"io.containerd.grpc.v1.cri\".registry]"),
        1
    );
    assert_eq!(count(&text, "config_path"), 1);
    assert!(text.contains(
        "    [plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"/etc/containerd/certs.d\"\n\n      [plugins.\"io.containerd.grpc.v1.cri\".registry.auths]"
    ));
    // Nothing else changed: the edit is one line replaced.
    let before: Vec<&str> = DEFAULT_1_6_20.lines().collect();
    let after: Vec<&str> = text.lines().collect();
    assert_eq!(before.len(), after.len());
    let changed: Vec<(&str, &str)> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, a)| (*b, *a))
        .collect();
    assert_eq!(
        changed,
        vec![(
            "      config_path = \"\"",
            "  config_path = \"/etc/containerd/certs.d\""
        )]
    );
}

#[test]
fn appends_the_table_when_missing() {
    let text = edited(Some(DEBIAN_SHIPPED));
    assert_eq!(
        text,
        format!("{DEBIAN_SHIPPED}\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"/etc/containerd/certs.d\"\n")
    );
}

#[test]
fn uses_the_images_plugin_for_config_version_3() {
    let text = edited(Some(DEFAULT_2_2_EXCERPT));
    assert!(text.contains(
        "    [plugins.'io.containerd.cri.v1.images'.registry]\n  config_path = \"/etc/containerd/certs.d\"\n\n    [plugins.'io.containerd.cri.v1.images'.image_decryption]"
    ));
    assert_eq!(count(&text, "config_path"), 1);
    assert!(!text.contains("io.containerd.grpc.v1.cri"));
}

#[test]
fn matches_headers_with_blanks_and_comments_and_keeps_other_config_paths() {
    let initial = "version = 2\n[ plugins . \"io.containerd.grpc.v1.cri\" . registry ]  # registries\n  config_path = \"/old\" # old\n  [plugins.\"io.containerd.grpc.v1.cri\".registry.auths]\n[other]\nconfig_path = \"keep\"\n";
    let text = edited(Some(initial));
    assert_eq!(
        text,
        "version = 2\n[ plugins . \"io.containerd.grpc.v1.cri\" . registry ]  # registries\n  config_path = \"/etc/containerd/certs.d\"\n  [plugins.\"io.containerd.grpc.v1.cri\".registry.auths]\n[other]\nconfig_path = \"keep\"\n"
    );
}

#[test]
fn adds_version_2_to_a_config_without_tables() {
    let text = edited(Some("# local settings\nroot = \"/data/containerd\"\n"));
    assert_eq!(
        text,
        "version = 2\n\n# local settings\nroot = \"/data/containerd\"\n\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"/etc/containerd/certs.d\"\n"
    );
}

#[test]
fn refuses_changes_that_would_break_containerd() {
    let cases = [
        ("[plugins.cri.registry]\n  config_path = \"\"\n", "config version 1"),
        (
            "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"docker.io\"]\n  endpoint = [\"https://m\"]\n",
            "cannot be combined with config_path (containerd would fail to start its CRI plugin)",
        ),
        (
            "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"r\".tls]\n  ca_file = \"x\"\n",
            "cannot be combined with config_path (containerd 1.x would fail to start its CRI plugin, 2.x would ignore these TLS settings",
        ),
        ("version = 1\n", "unsupported config version 1"),
    ];
    for (initial, message) in cases {
        let result = run(Some(initial));
        assert_ne!(result.status, 0, "{initial}");
        assert!(
            result.stderr.contains(message),
            "{initial}: {}",
            result.stderr
        );
        assert_eq!(
            result.config.as_deref(),
            Some(initial),
            "file must stay unchanged"
        );
    }
}

#[test]
fn empty_mirrors_table_from_config_default_is_no_conflict() {
    let text = edited(Some(
        "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"\"\n  [plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors]\n",
    ));
    assert_eq!(count(&text, "config_path = \"/etc/containerd/certs.d\""), 1);
}

#[test]
fn containerd_reads_the_edited_default_config() {
    // Needs a containerd binary; scripts/install-test-tools installs one. Outside CI a
    // missing containerd skips this test with a note; under CI=true it fails.
    let installed = Command::new("containerd")
        .arg("--version")
        .output()
        .is_ok_and(|probe| probe.status.success());
    if !installed {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "CI=true but containerd is not installed: run scripts/install-test-tools"
        );
        eprintln!("skipped: containerd is not installed (run scripts/install-test-tools)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, edited(Some(DEFAULT_1_6_20))).expect("write");
    let dump = Command::new("containerd")
        .args(["--config", path_str(&config), "config", "dump"])
        .output()
        .expect("containerd config dump");
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let dumped = String::from_utf8_lossy(&dump.stdout);
    assert!(
        dumped.contains("config_path = \"/etc/containerd/certs.d\""),
        "{dumped}"
    );
}

#[test]
fn quotes_unusual_paths() {
    assert_eq!(sh_quote("it's"), "'it'\\''s'");
    let script =
        enable_config_path_script("/etc/containerd/config.toml", "/etc/containerd/certs \"d\"");
    assert!(script.contains("export ENTRY='  config_path = \"/etc/containerd/certs \\\"d\\\"\"'"));
}

/// The program is part of every node's user data, whose size limits count bytes; HCL's
/// `length()` counts characters, so a non-ASCII comment makes the two disagree.
#[test]
fn the_program_is_ascii() {
    let program = include_str!("enable-config-path.sh");
    assert!(
        program.is_ascii(),
        "non-ASCII in enable-config-path.sh: {:?}",
        program.chars().find(|c| !c.is_ascii())
    );
}

#[path = "cases.rs"]
mod cases;

/// The shared case list (cases.toml), which the node suite runs on every release, here with
/// the program for 1.x and for 2.x and the defaults above.
#[test]
fn runs_the_shared_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let releases = [
        (DEFAULT_1_6_20, "io.containerd.grpc.v1.cri", false, 2),
        (DEFAULT_2_2_EXCERPT, "io.containerd.cri.v1.images", true, 3),
    ];
    let mut ran = 0;
    for (default, registry_plugin, is_v2, new_config_version) in releases {
        let release = cases::CaseRelease {
            default,
            registry_plugin,
            is_v2,
            root,
        };
        let options = ScriptOptions {
            new_config_version,
            ..ScriptOptions::default()
        };
        let script = enable_config_path_script_with(CONFIG_FILE, CERTS_D, &options);
        for case in cases::cases(&release).expect("cases.toml") {
            let at = format!("[{registry_plugin}] {}", case.label);
            let start = case.start.as_deref();
            let result = run_script(start, &script);
            match case.outcome {
                cases::Outcome::Enabled(version) => {
                    assert_eq!(result.status, 0, "{at}: {}", result.stderr);
                    let text = result.config.expect("config written");
                    let again = run_script(Some(&text), &script);
                    assert_eq!(
                        again.config.as_deref(),
                        Some(text.as_str()),
                        "{at}: idempotent"
                    );
                    let doc: toml_edit::DocumentMut = text.parse().expect("TOML");
                    assert_eq!(doc["version"].as_integer(), Some(version), "{at}: {text}");
                    let plugin = if version >= 3 {
                        "io.containerd.cri.v1.images"
                    } else {
                        "io.containerd.grpc.v1.cri"
                    };
                    assert_eq!(
                        doc["plugins"][plugin]["registry"]["config_path"].as_str(),
                        Some(CERTS_D),
                        "{at}: {text}"
                    );
                }
                cases::Outcome::Refused(message) => {
                    assert_ne!(result.status, 0, "{at}");
                    assert!(result.stderr.contains(&message), "{at}: {}", result.stderr);
                    assert!(
                        result.stderr.contains("not changed"),
                        "{at}: {}",
                        result.stderr
                    );
                    assert_eq!(result.config.as_deref(), start, "{at}: file changed");
                    assert!(
                        !result.systemctl.iter().any(|c| c.contains("restart")),
                        "{at}: restarted after a refusal: {:?}",
                        result.systemctl
                    );
                }
            }
            ran += 1;
        }
    }
    assert!(ran >= 14, "only {ran} cases ran");
}
