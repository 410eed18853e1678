//! The containerd releases every scenario runs on: Debian's 1.6.20 (`/usr/bin`) and each 2.x
//! release in e2e/containerd2-versions, built from the Go module proxy by
//! scripts/install-containerd2 and linked under target/tools/containerd/<version>/bin.
//!
//! `NODE_E2E_RELEASES=2.4.2,1.6.20` narrows a local run to some of them; with `CI=true` that is
//! refused (nothing is skipped).

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use crate::procs;
use crate::terraform;

#[derive(Debug, Clone)]
pub struct Release {
    /// "1.6.20", "2.0.14", "2.4.2".
    pub version: String,
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
    pub containerd: PathBuf,
    pub ctr: PathBuf,
}

impl Release {
    /// "containerd-2.4.2": the directory the release's variants run in.
    pub fn label(&self) -> String {
        format!("containerd-{}", self.version)
    }

    pub fn is_v2(&self) -> bool {
        self.major >= 2
    }

    pub fn at_least(&self, major: u32, minor: u32, patch: u32) -> bool {
        (self.major, self.minor, self.patch) >= (major, minor, patch)
    }

    /// The plugin whose `registry` table holds `config_path` and the credentials: the CRI
    /// plugin on 1.x, the CRI images plugin (config version 3) on 2.x.
    pub fn registry_plugin(&self) -> &'static str {
        if self.is_v2() {
            "io.containerd.cri.v1.images"
        } else {
            "io.containerd.grpc.v1.cri"
        }
    }

    /// `containerd config default` of this release.
    pub fn config_default(&self) -> Result<String, String> {
        let mut c = Command::new(&self.containerd);
        c.args(["config", "default"]);
        let out = procs::run(c, Duration::from_secs(30))?;
        if !out.status.success() {
            return Err(procs::describe(
                &format!("{} config default", self.containerd.display()),
                &out,
            ));
        }
        String::from_utf8(out.stdout).map_err(|e| e.to_string())
    }
}

fn ci() -> bool {
    terraform::ci()
}

/// Every release, oldest first. Err: one is missing, with what to run.
pub fn all() -> Result<&'static [Release], String> {
    static ALL: OnceLock<Result<Vec<Release>, String>> = OnceLock::new();
    ALL.get_or_init(find)
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

fn find() -> Result<Vec<Release>, String> {
    let mut releases = vec![debian()?];
    let list = terraform::repo_root().join("e2e/containerd2-versions");
    let text = std::fs::read_to_string(&list).map_err(|e| format!("{}: {e}", list.display()))?;
    let wanted: Vec<&str> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    let bin = |v: &str| terraform::repo_root().join(format!("target/tools/containerd/{v}/bin"));
    let missing = |v: &str| !bin(v).join("containerd").is_file() || !bin(v).join("ctr").is_file();
    if wanted.iter().any(|v| missing(v)) && ci() {
        eprintln!("node_e2e: CI=true, building containerd 2.x: scripts/install-containerd2");
        let mut c = Command::new(terraform::repo_root().join("scripts/install-containerd2"));
        c.env("CI", "true");
        let out = procs::run(c, Duration::from_secs(3600))?;
        if !out.status.success() {
            return Err(procs::describe("scripts/install-containerd2", &out));
        }
    }
    for v in wanted {
        if missing(v) {
            return Err(format!(
                "containerd {v} is not built: {} has no containerd and ctr; run scripts/install-containerd2 \
                 (it builds them from the Go module proxy; scripts/install-test-tools runs it)",
                bin(v).display()
            ));
        }
        let dir = bin(v);
        let (version, numbers) = identify(&dir.join("containerd"))?;
        if format!("v{version}") != v {
            return Err(format!(
                "{} reports containerd {version}, but the directory is for {v}",
                dir.display()
            ));
        }
        releases.push(Release {
            version,
            major: numbers.0,
            minor: numbers.1,
            patch: numbers.2,
            containerd: dir.join("containerd"),
            ctr: dir.join("ctr"),
        });
    }
    filter(releases)
}

/// Debian's containerd (`containerd github.com/containerd/containerd 1.6.20~ds1 …`).
fn debian() -> Result<Release, String> {
    let containerd = PathBuf::from("/usr/bin/containerd");
    let (version, n) = identify(&containerd)?;
    Ok(Release {
        version,
        major: n.0,
        minor: n.1,
        patch: n.2,
        containerd,
        ctr: PathBuf::from("/usr/bin/ctr"),
    })
}

/// The release `containerd --version` names: ("2.4.2", (2, 4, 2)).
fn identify(containerd: &std::path::Path) -> Result<(String, (u32, u32, u32)), String> {
    let mut c = Command::new(containerd);
    c.arg("--version");
    let out = procs::run(c, Duration::from_secs(20))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let word = text
        .split_whitespace()
        .nth(2)
        .ok_or_else(|| format!("{} --version printed {text:?}", containerd.display()))?;
    let core = word
        .trim_start_matches('v')
        .split(['~', '-', '+'])
        .next()
        .unwrap_or("");
    let parts: Vec<u32> = core.split('.').filter_map(|p| p.parse().ok()).collect();
    match parts[..] {
        [major, minor, patch] => Ok((core.to_string(), (major, minor, patch))),
        _ => Err(format!(
            "{} --version printed {text:?}: no release number",
            containerd.display()
        )),
    }
}

fn filter(releases: Vec<Release>) -> Result<Vec<Release>, String> {
    let Some(only) = std::env::var("NODE_E2E_RELEASES")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        return Ok(releases);
    };
    if ci() {
        return Err(format!(
            "NODE_E2E_RELEASES={only} with CI=true: every release must run"
        ));
    }
    let wanted: Vec<&str> = only.split(',').map(str::trim).collect();
    let kept: Vec<Release> = releases
        .into_iter()
        .filter(|r| wanted.contains(&r.version.as_str()))
        .collect();
    if kept.is_empty() {
        return Err(format!("NODE_E2E_RELEASES={only} names no known release"));
    }
    Ok(kept)
}
