//! Debian's `docker-registry` on `[::1]`, for Docker: dockerd treats every registry whose
//! address is in 127.0.0.0/8 as insecure (it skips verifying its certificate), so a CA
//! control against a registry on 127.0.0.1 could never fail. A name in the host's /etc/hosts
//! points at `::1` instead, which Docker verifies like any other address.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::procs;
use crate::registry::{Registry, RegistryOptions};

pub struct V6Registry {
    pub registry: Registry,
    pub port: u16,
    /// The name clients use for `::1`.
    pub name: String,
    dir: std::path::PathBuf,
}

impl V6Registry {
    /// Serves HTTPS on `[::1]:<free port>` as `name` with `cert` and `key` (PEM files), with
    /// basic auth when `htpasswd` is given; storage and config under `dir`.
    pub fn start(
        dir: &Path,
        name: &str,
        cert: &Path,
        key: &Path,
        htpasswd: Option<&Path>,
    ) -> Result<V6Registry, String> {
        let registry = Registry::start(
            dir,
            &RegistryOptions {
                tls: Some((cert.to_path_buf(), key.to_path_buf())),
                htpasswd: htpasswd.map(Path::to_path_buf),
                ipv6: true,
                ..Default::default()
            },
        )?;
        Ok(V6Registry {
            port: registry.port,
            registry,
            name: name.to_string(),
            dir: dir.to_path_buf(),
        })
    }

    /// Copies `layout_dir`'s image tagged `tag` to `<name>:<port>/repo:tag`, without verifying
    /// the certificate; image references cannot name `[::1]`, so skopeo runs in a mount
    /// namespace whose /etc/hosts maps the name to `::1`.
    pub fn seed(
        &self,
        layout_dir: &Path,
        tag: &str,
        repo: &str,
        creds: Option<&str>,
    ) -> Result<(), String> {
        let hosts = self.dir.join("seed-hosts");
        let mut text = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
        text.push_str(&format!("\n::1 {}\n", self.name));
        std::fs::write(&hosts, text).map_err(|e| e.to_string())?;
        let mut cmd = Command::new("/usr/bin/unshare");
        cmd.args(["--mount", "--propagation", "private", "--", "/bin/sh", "-c"])
            .arg("set -e; mount --bind \"$1\" /etc/hosts; shift; exec \"$@\"")
            .arg("seed")
            .arg(&hosts)
            .args([
                "/usr/bin/skopeo",
                "--insecure-policy",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
            ]);
        if let Some(c) = creds {
            cmd.arg(format!("--dest-creds={c}"));
        }
        cmd.arg(format!("oci:{}:{tag}", layout_dir.display()))
            .arg(format!("docker://{}:{}/{repo}:{tag}", self.name, self.port));
        let out = procs::run(cmd, Duration::from_secs(60))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{}\n--- registry log ---\n{}",
                procs::describe("skopeo copy (seed)", &out),
                procs::tail(&self.registry.daemon.log_text(), 30)
            ))
        }
    }
}
