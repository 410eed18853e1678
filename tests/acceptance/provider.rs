//! The provider under test: the binary cargo built, offered to the core through a CLI config
//! `dev_overrides`, or started with `--debug` for a reattach run.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const ADDRESS: &str = "registry.terraform.io/kaas-tools/containerd";

/// The provider binary cargo built for this test run.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-containerd"))
}

/// Writes a CLI config that installs the built provider through `dev_overrides`. No `direct {}`:
/// scenarios need no other provider, and without it `init` looks nothing up on the network
/// (with it, every core but Terraform 1.15 asks the registries for the overridden provider).
pub fn write_dev_overrides_config(path: &Path) -> std::io::Result<()> {
    let bin = binary();
    let dir = bin.parent().expect("provider binary has a directory");
    std::fs::write(
        path,
        format!(
            "provider_installation {{\n  dev_overrides {{\n    \"{ADDRESS}\" = {}\n  }}\n}}\n",
            serde_json::to_string(&dir.to_string_lossy()).unwrap()
        ),
    )
}

/// Writes a CLI config with no provider overrides (reattach runs: the provider must come from
/// TF_REATTACH_PROVIDERS, nowhere else).
pub fn write_plain_config(path: &Path) -> std::io::Result<()> {
    std::fs::write(path, "# no provider_installation overrides\n")
}

/// A provider started with `--debug`; killed when dropped.
pub struct DebugProvider {
    child: Child,
    /// The JSON value of TF_REATTACH_PROVIDERS it printed.
    pub reattach: String,
    pub stderr_log: PathBuf,
}

impl DebugProvider {
    /// Starts `terraform-provider-containerd --debug` in `cwd` and reads the
    /// `TF_REATTACH_PROVIDERS='…'` line it prints on stdout.
    pub fn start(cwd: &Path, stderr_log: PathBuf) -> Result<Self, String> {
        let mut cmd = Command::new(binary());
        cmd.arg("--debug")
            .current_dir(cwd)
            .env_remove("TF_PLUGIN_MAGIC_COOKIE")
            .env_remove("TF_REATTACH_PROVIDERS")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::create(&stderr_log).map_err(|e| e.to_string())?);
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start {} --debug: {e}", binary().display()))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel::<String>();
        // Keeps reading stdout for the provider's whole life, so it never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    // Nobody listens any more; keep draining.
                }
            }
        });
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(json) = parse_reattach_line(&line) {
                        return Ok(DebugProvider {
                            child,
                            reattach: json,
                            stderr_log,
                        });
                    }
                    seen.push(line);
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    let stderr = std::fs::read_to_string(&stderr_log).unwrap_or_default();
                    return Err(format!(
                        "`{} --debug` printed no TF_REATTACH_PROVIDERS='…' line within 30 s (or exited)\n\
                         --- stdout ---\n{}\n--- stderr ---\n{stderr}",
                        binary().display(),
                        seen.join("\n")
                    ));
                }
            }
        }
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_log).unwrap_or_default()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for DebugProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `TF_REATTACH_PROVIDERS='{"…":{…}}'` (maybe indented, maybe after `export `) → the JSON.
pub fn parse_reattach_line(line: &str) -> Option<String> {
    let rest = line.split_once("TF_REATTACH_PROVIDERS=")?.1.trim();
    let json = rest
        .strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .unwrap_or(rest);
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .filter(|v| v.is_object())
        .map(|_| json.to_string())
}
