//! A host with the rendered files in place: `/etc/containers`, `/etc/docker` and `/etc/hosts`
//! are scratch copies bound over the real ones in a private mount namespace (`unshare -m`), and
//! skopeo runs there with a scratch `$HOME`, so only the rendered files configure it.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::procs;
use crate::render::File;

pub struct Host {
    dir: PathBuf,
    containers: PathBuf,
    docker: PathBuf,
    hosts: PathBuf,
    home: PathBuf,
}

/// How long one skopeo run may take.
const SKOPEO_TIMEOUT: Duration = Duration::from_secs(120);

impl Host {
    /// A host under `dir` whose /etc/containers holds only a policy accepting every image
    /// (with `distribution_conf`, also this machine's own registries.conf, as a distribution
    /// ships it) and whose /etc/hosts adds `extra_hosts` (ip, name).
    pub fn new(
        dir: &Path,
        distribution_conf: bool,
        extra_hosts: &[(&str, &str)],
    ) -> Result<Host, String> {
        let host = Host {
            dir: dir.to_path_buf(),
            containers: dir.join("etc-containers"),
            docker: dir.join("etc-docker"),
            hosts: dir.join("etc-hosts"),
            home: dir.join("home"),
        };
        for d in [&host.containers, &host.docker, &host.home] {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        std::fs::write(
            host.containers.join("policy.json"),
            r#"{"default":[{"type":"insecureAcceptAnything"}]}"#,
        )
        .map_err(|e| e.to_string())?;
        if distribution_conf {
            let system = Path::new("/etc/containers/registries.conf");
            std::fs::copy(system, host.containers.join("registries.conf"))
                .map_err(|e| format!("{}: {e}", system.display()))?;
        }
        let mut hosts = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
        for (ip, name) in extra_hosts {
            hosts.push_str(&format!("\n{ip} {name}\n"));
        }
        std::fs::write(&host.hosts, hosts).map_err(|e| e.to_string())?;
        for mount_point in ["/etc/containers", "/etc/docker"] {
            std::fs::create_dir_all(mount_point).map_err(|e| format!("{mount_point}: {e}"))?;
        }
        Ok(host)
    }

    /// Where `path` (under /etc/containers or /etc/docker) lives in the scratch directories.
    pub fn local(&self, path: &str) -> Result<PathBuf, String> {
        if let Some(rest) = path.strip_prefix("/etc/containers/") {
            return Ok(self.containers.join(rest));
        }
        if let Some(rest) = path.strip_prefix("/etc/docker/") {
            return Ok(self.docker.join(rest));
        }
        Err(format!("{path} is outside /etc/containers and /etc/docker"))
    }

    /// Writes `files` with their modes, as a bootstrap system would.
    pub fn install(&self, files: &[File]) -> Result<(), String> {
        for f in files {
            let local = self.local(&f.path)?;
            if let Some(parent) = local.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            std::fs::write(&local, &f.content).map_err(|e| format!("{}: {e}", local.display()))?;
            let mode = u32::from_str_radix(&f.permissions, 8)
                .map_err(|e| format!("{}: permissions {:?}: {e}", f.path, f.permissions))?;
            std::fs::set_permissions(&local, std::fs::Permissions::from_mode(mode))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// `skopeo ARGS…` in the host's mount namespace: Ok(stdout) or Err(what it said).
    pub fn skopeo(&self, args: &[&str]) -> Result<String, String> {
        let script = "set -e; mount --bind \"$RT_CONTAINERS\" /etc/containers; \
                      mount --bind \"$RT_DOCKER\" /etc/docker; \
                      mount --bind \"$RT_HOSTS\" /etc/hosts; exec \"$@\"";
        let mut cmd = Command::new("/usr/bin/unshare");
        cmd.args([
            "--mount",
            "--propagation",
            "private",
            "--",
            "/bin/sh",
            "-c",
            script,
        ])
        .arg("runtimes-ns")
        .arg("/usr/bin/skopeo")
        .args(args)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("HOME", &self.home)
        .env("RT_CONTAINERS", &self.containers)
        .env("RT_DOCKER", &self.docker)
        .env("RT_HOSTS", &self.hosts);
        let desc = format!("skopeo {}", args.join(" "));
        let out = procs::run(cmd, SKOPEO_TIMEOUT)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(procs::describe(&desc, &out))
        }
    }

    /// Copies `reference` into a fresh `dir:` directory; Ok(config digest of what arrived).
    pub fn pull(&self, reference: &str, extra: &[&str]) -> Result<String, String> {
        let out = self.dir.join(format!("pulled-{}", procs::free_port()));
        let source = format!("docker://{reference}");
        let dest = format!("dir:{}", out.display());
        let mut args = vec!["--insecure-policy", "copy", "--quiet"];
        args.extend_from_slice(extra);
        args.extend([source.as_str(), dest.as_str()]);
        self.skopeo(&args)?;
        let manifest = std::fs::read(out.join("manifest.json")).map_err(|e| e.to_string())?;
        let v: serde_json::Value =
            serde_json::from_slice(&manifest).map_err(|e| format!("manifest.json: {e}"))?;
        v["config"]["digest"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("manifest without config digest: {v}"))
    }
}
