//! A `systemctl` that records its arguments instead of running. The config.toml programs end
//! with `systemctl restart containerd`, and their tests check whether it was called. The one
//! harness for running them: the unit tests (`harness.rs` beside this file) and the node suite
//! (`tests/node_e2e/node.rs`) both put it first on `PATH`. Only `std`, so both crates can
//! include this file.

use std::path::{Path, PathBuf};

pub struct SystemctlStandIn {
    bin: PathBuf,
    log: PathBuf,
}

impl SystemctlStandIn {
    /// Writes the stand-in to `dir/fake-bin/systemctl`; it appends each call to
    /// `dir/systemctl.log`.
    pub fn new(dir: &Path) -> Result<Self, String> {
        let bin = dir.join("fake-bin");
        std::fs::create_dir_all(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
        let stub = bin.join("systemctl");
        std::fs::write(
            &stub,
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$SYSTEMCTL_STAND_IN_LOG\"\n",
        )
        .map_err(|e| format!("{}: {e}", stub.display()))?;
        std::fs::set_permissions(&stub, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .map_err(|e| format!("{}: {e}", stub.display()))?;
        Ok(Self {
            bin,
            log: dir.join("systemctl.log"),
        })
    }

    /// What a command needs to call the stand-in: `PATH` with it first, and its log.
    pub fn env(&self) -> [(&'static str, String); 2] {
        let path = std::env::var("PATH").unwrap_or_else(|_| "/usr/sbin:/usr/bin:/sbin:/bin".into());
        [
            ("PATH", format!("{}:{path}", self.bin.display())),
            ("SYSTEMCTL_STAND_IN_LOG", self.log.display().to_string()),
        ]
    }

    /// The arguments of every call so far, in order.
    pub fn calls(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}
