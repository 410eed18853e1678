//! The programs the suite needs. With `CI=true` (as root) missing Debian packages are installed;
//! elsewhere a missing program fails the test with the exact command to run. Never skipped.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use crate::procs;

/// (program, Debian package).
const NEEDED: &[(&str, &str)] = &[
    ("/usr/bin/containerd", "containerd"),
    ("/usr/bin/ctr", "containerd"),
    ("/usr/bin/docker-registry", "docker-registry"),
    ("/usr/bin/skopeo", "skopeo"),
    ("/usr/sbin/nginx", "nginx-light"),
    ("/usr/bin/htpasswd", "apache2-utils"),
    ("/usr/bin/cloud-init", "cloud-init"),
    ("/usr/bin/python3", "python3"),
    ("/usr/bin/unshare", "util-linux"),
    ("/usr/bin/mount", "mount"),
];

pub const APT_PACKAGES: &str =
    "containerd docker-registry skopeo nginx-light apache2-utils cloud-init";

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn is_root() -> bool {
    // /proc/self/status "Uid:\treal\teffective…"
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

fn missing() -> Vec<(&'static str, &'static str)> {
    NEEDED
        .iter()
        .copied()
        .filter(|(p, _)| !Path::new(p).is_file())
        .collect()
}

/// Ok once every program is there (installing them under CI). Checked once per process.
pub fn ensure() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(check_and_install).clone()
}

fn check_and_install() -> Result<(), String> {
    if !is_root() {
        return Err(
            "the node end-to-end suite must run as root (it uses mount namespaces, bind mounts \
             and a real containerd); run `cargo test --test node_e2e` as root"
                .into(),
        );
    }
    let miss = missing();
    if miss.is_empty() {
        return Ok(());
    }
    let mut pkgs: Vec<&str> = miss.iter().map(|(_, p)| *p).collect();
    pkgs.dedup();
    let cmd = format!("apt-get install -y {}", pkgs.join(" "));
    let listing: Vec<String> = miss
        .iter()
        .map(|(p, pkg)| format!("{p} (Debian package {pkg})"))
        .collect();
    if !ci() {
        return Err(format!(
            "missing programs: {}\ninstall them with:\n  {cmd}\n(the whole set: apt-get install -y {APT_PACKAGES})",
            listing.join(", ")
        ));
    }
    eprintln!("node_e2e: CI=true, installing: {cmd}");
    // Keep package maintainer scripts from starting services (nginx would bind 0.0.0.0:80).
    let policy = Path::new("/usr/sbin/policy-rc.d");
    let made_policy = !policy.exists()
        && std::fs::write(policy, "#!/bin/sh\nexit 101\n").is_ok()
        && Command::new("chmod")
            .args(["0755", "/usr/sbin/policy-rc.d"])
            .status()
            .is_ok();
    let apt = |args: &[&str]| {
        let mut c = Command::new("apt-get");
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        procs::run(c, Duration::from_secs(900))
    };
    let mut install_args = vec!["install", "-y", "--no-install-recommends"];
    install_args.extend(pkgs.iter().copied());
    let mut result = apt(&install_args);
    if !matches!(&result, Ok(o) if o.status.success()) {
        let _ = apt(&["update"]);
        result = apt(&install_args);
    }
    if made_policy {
        let _ = std::fs::remove_file(policy);
    }
    match result {
        Ok(o) if o.status.success() => {}
        Ok(o) => return Err(procs::describe(&cmd, &o)),
        Err(e) => return Err(e),
    }
    let still = missing();
    if still.is_empty() {
        Ok(())
    } else {
        Err(format!("still missing after `{cmd}`: {still:?}"))
    }
}
