//! A simulated node: every node-side program runs in a private mount namespace where
//! `/etc/containerd` is a scratch directory (and `/etc/hosts` a scratch copy), so absolute paths
//! in the rendered files mean what they mean on a node and the host's /etc is never touched.
//!
//! Stages 2–4 of a scenario: cloud-init writes the files, the rendered enablement turns on
//! `config_path` in `containerd config default`'s config, containerd starts with that very
//! config (own root, state and socket under the node directory), images are pulled with `ctr`
//! and through the CRI.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::cri;
use crate::procs::{self, Daemon};
use crate::releases::Release;
use crate::systemctl_stand_in::SystemctlStandIn;

pub const CERTS_D: &str = "/etc/containerd/certs.d";

/// A file as cloud-init left it.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: String,
    pub mode: String,
    pub uid: u64,
    pub gid: u64,
}

pub struct Node {
    /// The containerd release this node runs.
    pub release: Release,
    pub dir: PathBuf,
    /// Mounted on /etc/containerd inside the namespace.
    pub etc: PathBuf,
    hosts: PathBuf,
    pub socket: PathBuf,
    containerd: Option<Daemon>,
    /// Holds the socket: unix socket paths are limited to 108 bytes (containerd 1.6 checks
    /// 104 for `<socket>.ttrpc`), too few for the node directory.
    _socket_dir: tempfile::TempDir,
    /// Commands the rendered runcmd gave `systemctl`.
    pub systemctl_calls: Vec<String>,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Node {
    /// A fresh node under `dir`; `extra_hosts` are (ip, name) lines for its /etc/hosts.
    pub fn new(
        dir: &Path,
        extra_hosts: &[(&str, &str)],
        release: &Release,
    ) -> Result<Node, String> {
        if !Path::new("/etc/containerd").is_dir() {
            return Err(
                "/etc/containerd does not exist (it is the mount point the node's scratch \
                        directory is bound on; Debian's containerd package creates it)"
                    .into(),
            );
        }
        let etc = dir.join("etc-containerd");
        std::fs::create_dir_all(&etc).map_err(|e| e.to_string())?;
        let mut hosts = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
        for (ip, name) in extra_hosts {
            hosts.push_str(&format!("\n{ip} {name}\n"));
        }
        let hosts_path = dir.join("etc-hosts");
        std::fs::write(&hosts_path, hosts).map_err(|e| e.to_string())?;
        let socket_dir = tempfile::Builder::new()
            .prefix("ne2e-")
            .tempdir_in("/tmp")
            .map_err(|e| format!("socket dir: {e}"))?;
        Ok(Node {
            release: release.clone(),
            dir: dir.to_path_buf(),
            etc,
            hosts: hosts_path,
            socket: socket_dir.path().join("c.sock"),
            containerd: None,
            _socket_dir: socket_dir,
            systemctl_calls: Vec::new(),
        })
    }

    /// `program args…` inside the node's mount namespace.
    pub fn command(&self, program: &str) -> Command {
        self.ns_command(program, false)
    }

    /// With `daemon_dirs`, /opt, /var/lib and /run are scratch directories too: containerd
    /// creates its `opt` plugin's directory there (/opt/containerd with `containerd config
    /// default`, /var/lib/containerd/opt with Debian's packaged config.toml) and 2.x's NRI plugin
    /// its socket (/var/run/nri/nri.sock); nothing else of theirs is needed (root, state and
    /// socket are given by flags).
    fn ns_command(&self, program: &str, daemon_dirs: bool) -> Command {
        let mut script = String::from(
            "set -e; mount --bind \"$NODE_E2E_ETC\" /etc/containerd; \
             mount --bind \"$NODE_E2E_HOSTS\" /etc/hosts; ",
        );
        if daemon_dirs {
            script.push_str(
                "mkdir -p \"$NODE_E2E_DIR/opt\" \"$NODE_E2E_DIR/var-lib\" \"$NODE_E2E_DIR/run\"; \
                 mount --bind \"$NODE_E2E_DIR/opt\" /opt; \
                 mount --bind \"$NODE_E2E_DIR/var-lib\" /var/lib; \
                 mount --bind \"$NODE_E2E_DIR/run\" /run; ",
            );
        }
        script.push_str("exec \"$@\"");
        let mut c = Command::new("/usr/bin/unshare");
        c.args(["--mount", "--propagation", "private", "--", "/bin/sh", "-c"])
            .arg(script)
            .arg("node-ns")
            .arg(program)
            .env("NODE_E2E_ETC", &self.etc)
            .env("NODE_E2E_HOSTS", &self.hosts)
            .env("NODE_E2E_DIR", &self.dir);
        c
    }

    fn run_in_ns(&self, what: &str, cmd: Command, timeout: Duration) -> Result<String, String> {
        let out = procs::run(cmd, timeout)?;
        if !out.status.success() {
            return Err(procs::describe(what, &out));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Stage 3a: the config.toml a node with this release starts from (its own
    /// `containerd config default`).
    pub fn install_default_config(&self) -> Result<(), String> {
        let text = self.release.config_default()?;
        std::fs::write(self.etc.join("config.toml"), text).map_err(|e| e.to_string())
    }

    /// Another starting config.toml (None: no file at all).
    pub fn install_config(&self, content: Option<&str>) -> Result<(), String> {
        let path = self.etc.join("config.toml");
        match content {
            Some(c) => std::fs::write(&path, c).map_err(|e| e.to_string()),
            None => match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.to_string()),
                _ => Ok(()),
            },
        }
    }

    /// Stage 2: cloud-init's write_files (and runcmd's script) for `user_data`, in the namespace.
    /// Returns the files as written and the runcmd script (host path), if any.
    pub fn cloud_init(&self, user_data: &str) -> Result<(Vec<Written>, Option<PathBuf>), String> {
        let ud = self.dir.join("user-data");
        std::fs::write(&ud, user_data).map_err(|e| e.to_string())?;
        let scripts = self.dir.join("scripts");
        std::fs::create_dir_all(&scripts).map_err(|e| e.to_string())?;
        let helper = repo_root().join("e2e/cloud_init_node.py");
        let mut cmd = self.command("/usr/bin/python3");
        cmd.arg(&helper).arg(&ud).arg(&scripts);
        let stdout = self.run_in_ns(
            &format!("python3 {} (cloud-init write_files)", helper.display()),
            cmd,
            Duration::from_secs(120),
        )?;
        let v: serde_json::Value = serde_json::from_str(stdout.trim())
            .map_err(|e| format!("cloud-init helper printed no JSON ({e}): {stdout}"))?;
        let files = v["files"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|f| Written {
                path: f["path"].as_str().unwrap_or_default().to_string(),
                mode: f["mode"].as_str().unwrap_or_default().to_string(),
                uid: f["uid"].as_u64().unwrap_or(u64::MAX),
                gid: f["gid"].as_u64().unwrap_or(u64::MAX),
            })
            .collect();
        let runcmd = v["runcmd"].as_str().map(PathBuf::from);
        Ok((files, runcmd))
    }

    /// Stage 3b: runs cloud-init's runcmd script in the namespace, with a `systemctl` that only
    /// records what it is asked (there is no systemd here; containerd is started by the test).
    /// Ok: stdout and stderr; Err: it exited non-zero.
    pub fn run_runcmd(&mut self, script: &Path) -> Result<String, String> {
        let systemctl = SystemctlStandIn::new(&self.dir)?;
        let mut cmd = self.command(&script.to_string_lossy());
        cmd.envs(systemctl.env());
        let out = procs::run(cmd, Duration::from_secs(60))?;
        self.systemctl_calls = systemctl.calls();
        if !out.status.success() {
            return Err(procs::describe("runcmd", &out));
        }
        Ok(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }

    /// `containerd --config /etc/containerd/config.toml config dump` in the namespace, and the
    /// CRI registry `config_path` it reports (under the release's registry plugin).
    pub fn config_dump(&self) -> Result<(String, Option<String>), String> {
        let mut cmd = self.command(&self.release.containerd.to_string_lossy());
        cmd.args(["--config", "/etc/containerd/config.toml", "config", "dump"]);
        let dump = self.run_in_ns(
            "containerd --config /etc/containerd/config.toml config dump",
            cmd,
            Duration::from_secs(30),
        )?;
        let doc: toml_edit::DocumentMut = dump
            .parse()
            .map_err(|e| format!("config dump is not TOML: {e}\n{dump}"))?;
        let config_path = doc
            .get("plugins")
            .and_then(|p| p.get(self.release.registry_plugin()))
            .and_then(|c| c.get("registry"))
            .and_then(|r| r.get("config_path"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        Ok((dump, config_path))
    }

    /// Stage 4a: containerd with the node's /etc/containerd/config.toml, its root, state and
    /// socket moved under the node directory by flags (the config file itself is as rendered).
    pub fn start_containerd(&mut self) -> Result<(), String> {
        let mut cmd = self.ns_command(&self.release.containerd.to_string_lossy(), true);
        cmd.args([
            "--config",
            "/etc/containerd/config.toml",
            "--log-level",
            "debug",
        ])
        .arg("--root")
        .arg(self.dir.join("root"))
        .arg("--state")
        .arg(self.dir.join("state"))
        .arg("--address")
        .arg(&self.socket);
        let mut d = Daemon::spawn("containerd", cmd, &self.dir.join("containerd.log"))?;
        let sock = self.socket.clone();
        d.wait_until("its socket", Duration::from_secs(30), || sock.exists())?;
        let log = d.log.clone();
        d.wait_until("the CRI plugin", Duration::from_secs(30), || {
            let l = std::fs::read_to_string(&log).unwrap_or_default();
            l.contains("Start subscribing containerd event") || cri_failure(&l).is_some()
        })?;
        if let Some(line) = cri_failure(&d.log_text()) {
            return Err(format!("containerd started without its CRI plugin: {line}"));
        }
        self.containerd = Some(d);
        Ok(())
    }

    pub fn containerd_log(&self) -> String {
        self.containerd
            .as_ref()
            .map(Daemon::log_text)
            .unwrap_or_default()
    }

    /// containerd's version as the running daemon reports it (`ctr version`).
    pub fn containerd_version(&self) -> Result<String, String> {
        let mut cmd = Command::new(&self.release.ctr);
        cmd.arg("--address").arg(&self.socket).arg("version");
        let out = procs::run(cmd, Duration::from_secs(20))?;
        if !out.status.success() {
            return Err(procs::describe("ctr version", &out));
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let server = text.split("Server:").nth(1).unwrap_or(&text);
        Ok(server
            .lines()
            .find_map(|l| l.trim().strip_prefix("Version:"))
            .map(|v| v.trim().to_string())
            .unwrap_or(text))
    }

    /// Stage 4b: `ctr image pull --hosts-dir /etc/containerd/certs.d REF`, in the namespace.
    /// 1.x's ctr resolves on the client side, reading hosts.toml and the certificates itself;
    /// 2.x's hands the hosts directory to the daemon's transfer service (same namespace binds).
    pub fn ctr_pull(&self, reference: &str, timeout: Duration) -> Result<String, String> {
        let mut cmd = self.command(&self.release.ctr.to_string_lossy());
        cmd.arg("--address")
            .arg(&self.socket)
            .args([
                "--namespace",
                "node-e2e",
                "image",
                "pull",
                "--hosts-dir",
                CERTS_D,
            ])
            .arg(reference);
        let desc = format!("ctr image pull --hosts-dir {CERTS_D} {reference}");
        let out = procs::run(cmd, timeout)?;
        if !out.status.success() {
            return Err(procs::describe(&desc, &out));
        }
        // The image must now be there.
        let mut ls = Command::new(&self.release.ctr);
        ls.arg("--address").arg(&self.socket).args([
            "--namespace",
            "node-e2e",
            "image",
            "ls",
            "-q",
        ]);
        let listed = procs::run(ls, Duration::from_secs(20))?;
        let names = String::from_utf8_lossy(&listed.stdout).into_owned();
        if !names.lines().any(|l| l.trim() == reference) {
            return Err(format!(
                "{desc} exited 0 but `ctr image ls -q` does not list it:\n{names}"
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Stage 4c: CRI `runtime.v1.ImageService/PullImage` on the containerd socket.
    /// Retries while the CRI service says it is still initializing (it serves before that).
    pub fn cri_pull(&self, reference: &str, timeout: Duration) -> Result<String, String> {
        let start = std::time::Instant::now();
        loop {
            let r = cri::pull_image(&self.socket, reference, timeout);
            match &r {
                Err(e)
                    if e.contains("not initialized")
                        && start.elapsed() < Duration::from_secs(20) =>
                {
                    std::thread::sleep(Duration::from_millis(200));
                }
                _ => return r,
            }
        }
    }
}

/// The log line saying a CRI plugin failed to load: 1.x writes
/// `failed to load plugin io.containerd.grpc.v1.cri`, 2.x `msg="failed to load plugin"` with
/// `id=io.containerd.…` (its CRI is several plugins: cri.v1.images, cri.v1.runtime, grpc.v1.cri).
fn cri_failure(log: &str) -> Option<&str> {
    log.lines().find(|l| {
        l.contains("failed to load plugin")
            && (l.contains("io.containerd.grpc.v1.cri") || l.contains("io.containerd.cri.v1."))
    })
}
