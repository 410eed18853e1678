//! A user-data document through cloud-init as a node boots it: `e2e/cloud_init_compose.py` in a
//! private mount namespace whose /etc is a scratch copy of the host's and /var/log a scratch
//! directory, so cloud-init's write_files and the runcmd script change nothing on the host.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::terraform::repo_root;

/// What the boot left behind.
#[derive(Debug)]
pub struct Boot {
    /// The instance's cloud-config.txt: the parts as cloud-init merged them.
    pub merged: String,
    /// The runcmd script cloud-init wrote, if the merged config has a runcmd.
    pub runcmd: Option<String>,
    /// `systemctl …` and `sysctl …` calls the runcmd script made (recorded, not executed).
    pub calls: Vec<String>,
    /// The scratch /etc (host path).
    pub etc: PathBuf,
}

impl Boot {
    /// The content of `path` (absolute, under /etc) as the boot wrote it, if it exists.
    pub fn file(&self, path: &str) -> Option<String> {
        let rel = path
            .strip_prefix("/etc/")
            .unwrap_or_else(|| panic!("{path} is not under /etc"));
        std::fs::read_to_string(self.etc.join(rel)).ok()
    }
}

/// Boots `user_data` in `dir` (which must be empty). Err: what failed, with its output.
pub fn boot(user_data: &str, dir: &Path) -> Result<Boot, String> {
    let etc = dir.join("etc");
    let var_log = dir.join("var-log");
    let work = dir.join("work");
    std::fs::create_dir_all(&var_log).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let copy = Command::new("cp")
        .arg("-a")
        .arg("/etc")
        .arg(&etc)
        .output()
        .map_err(|e| format!("cannot run cp: {e}"))?;
    if !copy.status.success() {
        return Err(format!(
            "cp -a /etc {}: {}",
            etc.display(),
            String::from_utf8_lossy(&copy.stderr)
        ));
    }
    let user_data_file = dir.join("user-data");
    std::fs::write(&user_data_file, user_data).map_err(|e| e.to_string())?;
    let helper = repo_root().join("e2e/cloud_init_compose.py");
    let out = Command::new("/usr/bin/unshare")
        .args(["--mount", "--propagation", "private", "--", "/bin/sh", "-c"])
        .arg(
            "set -e; mount --bind \"$BOOT_ETC\" /etc; mount --bind \"$BOOT_VAR_LOG\" /var/log; \
             exec \"$@\"",
        )
        .arg("boot-ns")
        .arg("/usr/bin/python3")
        .arg(&helper)
        .arg(&user_data_file)
        .arg(&work)
        .env("BOOT_ETC", &etc)
        .env("BOOT_VAR_LOG", &var_log)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run unshare (needs root and util-linux): {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "{} failed (exit {:?}; it needs root for the mount namespace and Debian's cloud-init):\n{}\n{stdout}",
            helper.display(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let v: serde_json::Value = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("{} printed no JSON ({e}): {stdout}", helper.display()))?;
    Ok(Boot {
        merged: v["merged"].as_str().unwrap_or_default().to_string(),
        runcmd: v["runcmd"].as_str().map(str::to_string),
        calls: v["calls"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        etc,
    })
}

/// `cloud-init devel make-mime` of `parts` (each a text/cloud-config document), in `dir`.
pub fn make_mime(parts: &[&str], dir: &Path) -> Result<String, String> {
    let mut cmd = Command::new("cloud-init");
    cmd.args(["devel", "make-mime"]);
    for (i, part) in parts.iter().enumerate() {
        let file = dir.join(format!("part-{i}.yaml"));
        std::fs::write(&file, part).map_err(|e| e.to_string())?;
        cmd.arg("-a")
            .arg(format!("{}:cloud-config", file.display()));
    }
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cloud-init devel make-mime: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cloud-init devel make-mime failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}
