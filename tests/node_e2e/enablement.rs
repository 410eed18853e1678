//! Stage 3 on other starting points than the release's `containerd config default`, on every
//! release.

use std::path::Path;

use crate::node::{Node, CERTS_D};
use crate::releases::Release;
use crate::{releases, render, setup, terraform, write};

#[path = "../../src/domain/containerd_config/cases.rs"]
mod cases;

use cases::{Case, CaseRelease, Outcome};

/// The cases are the shared list in src/domain/containerd_config/cases.toml, which the unit
/// harness runs too. Each must end with config_path = /etc/containerd/certs.d (config dump) and a containerd that
/// starts with its CRI plugin: on 1.6.20 the config.toml Debian's package ships
/// (e2e/node-configs/debian-bookworm-package.toml, the conffile of 1.6.20~ds1-1+deb12u3); on 2.x
/// the 1.6.20 `containerd config default` (a node upgraded from 1.x keeps its version 2 file,
/// which 2.x migrates); on every release no config.toml (created with the release's config
/// version: 2 for 1.x, 3 for 2.x), an empty one, one whose config_path points elsewhere.
/// Configs the enablement must refuse (CRI registry `mirrors` or `configs.<host>.tls`; a
/// version 1 config, which ignores the CRI plugin's full name) must be left byte-for-byte
/// unchanged, with a message. The first two refusals are judged by the release itself, with
/// config_path added by hand: with `mirrors` no release starts its CRI plugin; with
/// `configs.<host>.tls` 1.x does not, 2.x does and ignores the TLS settings.
#[test]
fn enablement_on_other_starting_configs() {
    let name = "enablement";
    let scratch = setup(name);
    let dir = scratch.path();
    let mut log = String::from("enablement\n");
    let mut failures = Vec::new();
    for release in releases::all().unwrap_or_else(|e| panic!("node_e2e releases: {e}")) {
        let rdir = dir.join(release.label());
        let cases = match cases(release) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("[{}] {e}", release.version));
                continue;
            }
        };
        let hosts = rdir.join("input/hosts/mirrors.registry.invalid");
        write(
            &hosts,
            "server = \"https://mirrors.registry.invalid\"\n\n[host.\"http://127.0.0.1:9\"]\n  capabilities = [\"pull\", \"resolve\"]\n",
        );
        let rendered = match render::render(&rdir, &[hosts], &[], Some(&release.version)) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("[{}] render: {e}", release.version));
                continue;
            }
        };
        log.push_str(&format!(" containerd {}\n", release.version));
        for case in &cases {
            match run_case(
                &rdir.join(&case.label),
                release,
                &rendered.cloud_config,
                case,
            ) {
                Ok(s) => log.push_str(&format!("  [{}] {s}\n", case.label)),
                Err(e) => failures.push(format!("[{} {}] {e}", release.version, case.label)),
            }
        }
        // Every release refuses mirrors with config_path; 1.x refuses configs.<host>.tls with
        // it too, 2.x starts and ignores those TLS settings (the refusal message says so).
        let judges: [(&str, AddTable, bool); 2] = [
            ("judge_mirrors", with_mirrors, false),
            ("judge_configs_tls", with_configs_tls, release.is_v2()),
        ];
        for (label, extra, cri_starts) in judges {
            match judge_refusal(&rdir.join(label), release, extra, cri_starts) {
                Ok(s) => log.push_str(&format!("  [{label}] {s}\n")),
                Err(e) => failures.push(format!("[{} {label}] {e}", release.version)),
            }
        }
    }
    eprintln!("{log}");
    assert!(failures.is_empty(), "{log}\n{}", failures.join("\n\n"));
}

/// The (empty) config_path line of the release's default config: 2.x writes literal strings.
fn empty_config_path(release: &Release) -> &'static str {
    if release.is_v2() {
        "config_path = ''"
    } else {
        "config_path = \"\""
    }
}

/// Adds a table to a release's default config.
type AddTable = fn(&Release, &str) -> String;

/// `default` with a CRI registry mirror for docker.io (a table appended at the end).
fn with_mirrors(release: &Release, default: &str) -> String {
    format!(
        "{}\n[plugins.\"{}\".registry.mirrors.\"docker.io\"]\n  endpoint = [\"https://mirror.invalid\"]\n",
        default.trim_end(),
        release.registry_plugin()
    )
}

/// `default` with CRI registry TLS settings for one host (a table appended at the end).
fn with_configs_tls(release: &Release, default: &str) -> String {
    format!(
        "{}\n[plugins.\"{}\".registry.configs.\"tls.registry.invalid\".tls]\n  insecure_skip_verify = true\n",
        default.trim_end(),
        release.registry_plugin()
    )
}

fn cases(release: &Release) -> Result<Vec<Case>, String> {
    let default = release.config_default()?;
    let root = terraform::repo_root();
    cases::cases(&CaseRelease {
        default: &default,
        registry_plugin: release.registry_plugin(),
        is_v2: release.is_v2(),
        root: &root,
    })
}

fn run_case(
    dir: &Path,
    release: &Release,
    cloud_config: &str,
    case: &Case,
) -> Result<String, String> {
    let mut node = Node::new(dir, &[], release)?;
    node.install_config(case.start.as_deref())?;
    let (_, runcmd) = node.cloud_init(cloud_config)?;
    let runcmd = runcmd.ok_or("no runcmd")?;
    let version = match &case.outcome {
        Outcome::Refused(message) => return refused(&mut node, &runcmd, case, message),
        Outcome::Enabled(version) => *version,
    };
    node.run_runcmd(&runcmd)?;
    let after = std::fs::read_to_string(node.etc.join("config.toml")).unwrap_or_default();
    node.run_runcmd(&runcmd)?;
    let again = std::fs::read_to_string(node.etc.join("config.toml")).unwrap_or_default();
    if again != after {
        return Err(format!("not idempotent:\n{after}\n--- then ---\n{again}"));
    }
    let doc: toml_edit::DocumentMut = after
        .parse()
        .map_err(|e| format!("config.toml is not TOML: {e}\n{after}"))?;
    if doc.get("version").and_then(|v| v.as_integer()) != Some(version) {
        return Err(format!(
            "config.toml is not `version = {version}`:\n{after}"
        ));
    }
    let (_, config_path) = node.config_dump()?;
    if config_path.as_deref() != Some(CERTS_D) {
        return Err(format!("config dump config_path {config_path:?}\n{after}"));
    }
    node.start_containerd()
        .map_err(|e| format!("{e}\n--- config.toml ---\n{after}"))?;
    Ok(format!(
        "version = {version}, config_path set, containerd and its CRI plugin start"
    ))
}

/// A refused edit fails the runcmd (cloud-init reports it) and never restarts containerd onto
/// a configuration it would reject.
fn refused(node: &mut Node, runcmd: &Path, case: &Case, message: &str) -> Result<String, String> {
    let said = match node.run_runcmd(runcmd) {
        Ok(out) => return Err(format!("the runcmd succeeded on a refused config: {out}")),
        Err(e) => e,
    };
    let after = std::fs::read_to_string(node.etc.join("config.toml")).unwrap_or_default();
    if Some(&after) != case.start.as_ref() {
        return Err(format!("config.toml was changed:\n{after}"));
    }
    if !said.contains("not changed") || !said.contains(message) {
        return Err(format!(
            "no message saying config.toml was not changed because of {message:?}: {said:?}"
        ));
    }
    if node.systemctl_calls.iter().any(|c| c.contains("restart")) {
        return Err(format!(
            "containerd was restarted after a refused edit: {:?}",
            node.systemctl_calls
        ));
    }
    let reason = said
        .lines()
        .find(|l| l.contains("not changed"))
        .unwrap_or_default();
    Ok(format!(
        "refused, unchanged, not restarted: {}",
        reason.trim()
    ))
}

/// The release's default config with `extra` (what the enablement refuses to combine with
/// config_path) and config_path set by hand: does containerd still start its CRI plugin?
/// Ok: it did what `cri_starts` says.
fn judge_refusal(
    dir: &Path,
    release: &Release,
    extra: AddTable,
    cri_starts: bool,
) -> Result<String, String> {
    let default = release.config_default()?;
    let forced = extra(release, &default).replace(
        empty_config_path(release),
        &format!("config_path = \"{CERTS_D}\""),
    );
    let mut node = Node::new(dir, &[], release)?;
    node.install_config(Some(&forced))?;
    match (node.start_containerd(), cri_starts) {
        (Ok(()), true) => Ok("with config_path by hand: the CRI plugin starts".into()),
        (Err(e), false) if e.contains("without its CRI plugin") => Ok(format!(
            "with config_path by hand: {}",
            crate::first_line(&e)
        )),
        (Ok(()), false) => Err(format!(
            "containerd {} started its CRI plugin with config_path and:\n{forced}",
            release.version
        )),
        (Err(e), _) => Err(format!("containerd {} failed: {e}", release.version)),
    }
}
