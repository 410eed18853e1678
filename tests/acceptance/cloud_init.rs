//! `cloud-init schema -c FILE`: the real cloud-init judges every rendered `#cloud-config`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::terraform::{which, INSTALL_HINT};

/// The cloud-init binary, or what to do to get it.
pub fn cloud_init() -> Result<PathBuf, String> {
    which("cloud-init")
        .or_else(|| {
            let p = PathBuf::from("/usr/bin/cloud-init");
            p.is_file().then_some(p)
        })
        .ok_or_else(|| {
            format!(
                "cloud-init not found: install it (Debian: apt-get install cloud-init); {INSTALL_HINT}"
            )
        })
}

/// Validates `doc` (written to `file`) with `cloud-init schema -c`. Ok: cloud-init's output.
/// Fails on a non-zero exit, on output without "Valid cloud-config"/"Valid schema", and on
/// deprecation notices (cloud-init prints those with exit code 0).
pub fn validate(doc: &str, file: &Path) -> Result<String, String> {
    let ci = cloud_init()?;
    std::fs::write(file, doc).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let out = Command::new(&ci)
        .args(["schema", "-c"])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {} schema -c: {e}", ci.display()))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let valid = text.contains("Valid cloud-config") || text.contains("Valid schema");
    if !out.status.success() || !valid {
        return Err(format!(
            "`cloud-init schema -c {}` rejected the document (exit {:?}):\n{}\n--- document ---\n{doc}",
            file.display(),
            out.status.code(),
            text.trim_end()
        ));
    }
    if text.to_lowercase().contains("deprecat") {
        return Err(format!(
            "`cloud-init schema -c {}` reports deprecated keys:\n{}\n--- document ---\n{doc}",
            file.display(),
            text.trim_end()
        ));
    }
    Ok(text)
}
