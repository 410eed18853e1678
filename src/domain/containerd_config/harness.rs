//! Runs a rendered config.toml command as a node would, with `/etc/containerd` moved into
//! temporary paths and `systemctl` recorded instead of run (by the stand-in the node suite
//! uses too). Every unit test of the config.toml programs goes through here.

use std::path::Path;
use std::process::Command;

use super::systemctl_stand_in::SystemctlStandIn;
use super::{node_program, sh_quote, CONFIG_FILE, PROGRAM_PATH};
use crate::domain::containerd_config::change::CONF_D_DIR;
use crate::domain::node_files::CERTS_D_DIR;

pub(crate) struct Outcome {
    pub status: i32,
    pub stderr: String,
    /// The arguments of each `systemctl` call.
    pub systemctl: Vec<String>,
}

/// Runs `script` (as rendered for the real paths) with config.toml at `config`, the hosts
/// directory at `certs_d` and the drop-in directory at `conf_d`; the node's program file is
/// written to a scratch directory, as the bootstrap formats write it.
pub(crate) fn run_rendered(script: &str, config: &Path, certs_d: &Path, conf_d: &Path) -> Outcome {
    let scratch = tempfile::tempdir().expect("tempdir for a systemctl stand-in");
    let program = scratch.path().join("enable-config-path.sh");
    std::fs::write(&program, node_program()).expect("the node's program file");
    let mut script = script.to_string();
    for (real, moved) in [
        (CONFIG_FILE, config),
        (CERTS_D_DIR, certs_d),
        (CONF_D_DIR, conf_d),
        (PROGRAM_PATH, program.as_path()),
    ] {
        script = script.replace(&sh_quote(real), &sh_quote(path_str(moved)));
    }
    let systemctl = SystemctlStandIn::new(scratch.path()).expect("systemctl stand-in");
    let output = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .envs(systemctl.env())
        .output()
        .expect("run sh");
    Outcome {
        status: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        systemctl: systemctl.calls(),
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}
