//! Runs a rendered config.toml command as a node would, with `/etc/containerd` moved into
//! temporary paths and `systemctl` recorded instead of run. Every test of the config.toml
//! programs goes through here.

use std::path::Path;
use std::process::Command;

use super::{sh_quote, CONFIG_FILE};
use crate::domain::node_files::CERTS_D_DIR;
use crate::domain::registry::config::CONF_D_DIR;

pub(crate) struct Outcome {
    pub status: i32,
    pub stderr: String,
    /// The arguments of each `systemctl` call.
    pub systemctl: Vec<String>,
}

/// Runs `script` (as rendered for the real paths) with config.toml at `config`, the hosts
/// directory at `certs_d` and the drop-in directory at `conf_d`.
pub(crate) fn run_rendered(script: &str, config: &Path, certs_d: &Path, conf_d: &Path) -> Outcome {
    let mut script = script.to_string();
    for (real, moved) in [
        (CONFIG_FILE, config),
        (CERTS_D_DIR, certs_d),
        (CONF_D_DIR, conf_d),
    ] {
        script = script.replace(&sh_quote(real), &sh_quote(path_str(moved)));
    }
    let bin = tempfile::tempdir().expect("tempdir for a systemctl stand-in");
    let calls = bin.path().join("systemctl.calls");
    let stub = bin.path().join("systemctl");
    std::fs::write(
        &stub,
        format!("#!/bin/sh\necho \"$*\" >> {}\n", sh_quote(path_str(&calls))),
    )
    .expect("write systemctl stand-in");
    std::fs::set_permissions(&stub, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod systemctl stand-in");
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .env("PATH", path)
        .output()
        .expect("run sh");
    Outcome {
        status: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        systemctl: std::fs::read_to_string(&calls)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect(),
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}
