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

/// How long one skopeo, podman or docker run may take.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

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

    /// `program ARGS…` in the host's mount namespace, with a scratch `$HOME` and nothing else
    /// of the caller's environment but `env`.
    fn ns_command(&self, program: &str, args: &[&str], env: &[(&str, &Path)]) -> Command {
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
        .arg(program)
        .args(args)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("HOME", &self.home)
        .env("RT_CONTAINERS", &self.containers)
        .env("RT_DOCKER", &self.docker)
        .env("RT_HOSTS", &self.hosts);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<String, String> {
        let cmd = self.ns_command(program, args, &[]);
        let desc = format!("{program} {}", args.join(" "));
        let out = procs::run(cmd, RUN_TIMEOUT)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(procs::describe(&desc, &out))
        }
    }

    /// `skopeo ARGS…` in the host's mount namespace: Ok(stdout) or Err(what it said).
    pub fn skopeo(&self, args: &[&str]) -> Result<String, String> {
        self.run("/usr/bin/skopeo", args)
    }

    /// `podman pull [EXTRA…] REFERENCE` in the host's mount namespace, with its own storage
    /// (vfs) under the host's directory; Ok(the image ID, `sha256:…`).
    pub fn podman_pull(&self, reference: &str, extra: &[&str]) -> Result<String, String> {
        let storage = self.dir.join(format!("podman-{}", procs::free_port()));
        // Podman refuses a runroot longer than 50 characters.
        let runroot = short_dir("rtp-")?;
        let root = storage.join("root").to_string_lossy().into_owned();
        let tmpdir = storage.join("tmp");
        std::fs::create_dir_all(&tmpdir).map_err(|e| e.to_string())?;
        let tmpdir = tmpdir.to_string_lossy().into_owned();
        let run = runroot.path().to_string_lossy().into_owned();
        let mut args = vec![
            "--root",
            &root,
            "--runroot",
            &run,
            "--tmpdir",
            &tmpdir,
            "--storage-driver",
            "vfs",
            "--cgroup-manager",
            "cgroupfs",
            "--events-backend",
            "file",
            "pull",
            "--quiet",
        ];
        args.extend_from_slice(extra);
        args.push(reference);
        let out = self.run("/usr/bin/podman", &args)?;
        let id = out.trim();
        if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("podman pull printed no image ID: {out:?}"));
        }
        Ok(format!("sha256:{id}"))
    }

    /// Starts Docker's daemon in the host's mount namespace (so it reads the host's
    /// /etc/docker/daemon.json and certs.d), with its data, state and socket under the host's
    /// directory, no networking of its own and vfs storage.
    pub fn start_dockerd(&self) -> Result<Dockerd, String> {
        let dir = self.dir.join(format!("dockerd-{}", procs::free_port()));
        std::fs::create_dir_all(dir.join("data")).map_err(|e| e.to_string())?;
        // containerd's sockets under the exec root must fit in 104 bytes.
        let exec_root = short_dir("rtd-")?;
        let socket = exec_root.path().join("docker.sock");
        let arg = |p: PathBuf| p.to_string_lossy().into_owned();
        let (data, exec, pid) = (
            arg(dir.join("data")),
            arg(exec_root.path().join("exec")),
            arg(dir.join("docker.pid")),
        );
        let host = format!("unix://{}", socket.display());
        let cmd = self.ns_command(
            "/usr/sbin/dockerd",
            &[
                "--data-root",
                &data,
                "--exec-root",
                &exec,
                "--pidfile",
                &pid,
                "-H",
                &host,
                "--iptables=false",
                "--ip-forward=false",
                "--ip-masq=false",
                "--bridge=none",
                "--storage-driver=vfs",
            ],
            &[],
        );
        let mut daemon = procs::Daemon::spawn("dockerd", cmd, &dir.join("dockerd.log"))?;
        let client = Dockerd {
            daemon: None,
            _exec_root: None,
            socket,
            config: dir.join("client-config"),
        };
        std::fs::create_dir_all(&client.config).map_err(|e| e.to_string())?;
        daemon.wait_until("the Docker API", Duration::from_secs(60), || {
            client
                .docker(&["info", "--format", "{{.ServerVersion}}"])
                .is_ok()
        })?;
        Ok(Dockerd {
            daemon: Some(daemon),
            _exec_root: Some(exec_root),
            ..client
        })
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

/// A running dockerd (stopped on drop) and a client for it.
pub struct Dockerd {
    /// Declared before the exec root, so the daemon stops before its directory goes.
    daemon: Option<procs::Daemon>,
    _exec_root: Option<tempfile::TempDir>,
    socket: PathBuf,
    /// The client's `DOCKER_CONFIG` directory.
    config: PathBuf,
}

impl Dockerd {
    fn docker(&self, args: &[&str]) -> Result<String, String> {
        let mut cmd = Command::new("/usr/bin/docker");
        cmd.arg("-H")
            .arg(format!("unix://{}", self.socket.display()))
            .args(args)
            .env("DOCKER_CONFIG", &self.config);
        let out = procs::run(cmd, RUN_TIMEOUT)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(procs::describe(&format!("docker {}", args.join(" ")), &out))
        }
    }

    /// `docker pull REFERENCE` with `config_json` (if any) as the client's config.json;
    /// Ok(the image ID).
    pub fn pull(&self, reference: &str, config_json: Option<&str>) -> Result<String, String> {
        let path = self.config.join("config.json");
        match config_json {
            Some(text) => std::fs::write(&path, text).map_err(|e| e.to_string())?,
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
        self.docker(&["pull", "--quiet", reference])
            .map_err(|e| format!("{e}\n--- dockerd log ---\n{}", self.log_tail()))?;
        let id = self.docker(&["image", "inspect", "--format", "{{.Id}}", reference])?;
        Ok(id.trim().to_string())
    }

    pub fn log_text(&self) -> String {
        self.daemon
            .as_ref()
            .map(|d| d.log_text())
            .unwrap_or_default()
    }

    pub fn log_tail(&self) -> String {
        procs::tail(&self.log_text(), 20)
    }
}

/// A fresh directory with a short path under /tmp, removed on drop.
fn short_dir(prefix: &str) -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in("/tmp")
        .map_err(|e| format!("temp dir in /tmp: {e}"))
}
