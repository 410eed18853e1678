//! Local registries on 127.0.0.1 (or `[::1]`): Debian's `docker-registry` (the CNCF distribution registry),
//! optionally behind nginx; images seeded with skopeo from the test's OCI layout.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::oci::Layout;
use crate::procs::{self, free_port, Daemon};

#[derive(Default)]
pub struct RegistryOptions {
    /// Server certificate and key (PEM files): serve HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// CA files whose client certificates the registry requires (mTLS).
    pub client_cas: Vec<PathBuf>,
    /// An htpasswd (bcrypt) file: basic auth.
    pub htpasswd: Option<PathBuf>,
    /// Listen on `[::1]` instead of 127.0.0.1.
    pub ipv6: bool,
}

pub struct Registry {
    pub daemon: Daemon,
    pub port: u16,
    pub tls: bool,
    /// The loopback address it listens on.
    pub ip: IpAddr,
}

impl Registry {
    /// Starts `docker-registry serve` with its storage and config under `dir`.
    pub fn start(dir: &Path, opts: &RegistryOptions) -> Result<Registry, String> {
        std::fs::create_dir_all(dir.join("storage")).map_err(|e| e.to_string())?;
        let port = free_port();
        let ip = if opts.ipv6 {
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        };
        let address = SocketAddr::new(ip, port);
        let q = |p: &Path| serde_json::to_string(&p.to_string_lossy()).unwrap();
        let mut yaml = format!(
            "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: {}\n  \
             delete:\n    enabled: true\nhttp:\n  addr: \"{address}\"\n  secret: node-e2e-not-a-secret\n",
            q(&dir.join("storage"))
        );
        if let Some((cert, key)) = &opts.tls {
            yaml.push_str(&format!(
                "  tls:\n    certificate: {}\n    key: {}\n",
                q(cert),
                q(key)
            ));
            if !opts.client_cas.is_empty() {
                yaml.push_str("    clientcas:\n");
                for ca in &opts.client_cas {
                    yaml.push_str(&format!("      - {}\n", q(ca)));
                }
            }
        }
        if let Some(h) = &opts.htpasswd {
            yaml.push_str(&format!(
                "auth:\n  htpasswd:\n    realm: node-e2e\n    path: {}\n",
                q(h)
            ));
        }
        let config = dir.join("config.yml");
        std::fs::write(&config, yaml).map_err(|e| e.to_string())?;
        let mut cmd = Command::new("/usr/bin/docker-registry");
        cmd.arg("serve").arg(&config);
        let mut daemon = Daemon::spawn(
            &format!("docker-registry on {address}"),
            cmd,
            &dir.join("registry.log"),
        )?;
        daemon.wait_until(&address.to_string(), Duration::from_secs(20), || {
            procs::port_open_at(address)
        })?;
        Ok(Registry {
            daemon,
            port,
            tls: opts.tls.is_some(),
            ip,
        })
    }

    pub fn authority(&self) -> String {
        SocketAddr::new(self.ip, self.port).to_string()
    }
}

/// How skopeo reaches a registry when seeding it.
#[derive(Default)]
pub struct Seed<'a> {
    /// `--dest-cert-dir`: ca.crt, and client.cert + client.key for mTLS.
    pub cert_dir: Option<&'a Path>,
    /// `--dest-creds user:pass`.
    pub creds: Option<&'a str>,
}

/// Copies every image of `layout` to `authority`/`repo`:<tag> with skopeo.
pub fn seed(
    layout: &Layout,
    registry: &Registry,
    repo: &str,
    how: &Seed<'_>,
) -> Result<(), String> {
    for image in &layout.images {
        let mut cmd = Command::new("/usr/bin/skopeo");
        cmd.args(["--insecure-policy", "copy", "--quiet"]);
        if registry.tls {
            cmd.arg("--dest-tls-verify=true");
        } else {
            cmd.arg("--dest-tls-verify=false");
        }
        if let Some(d) = how.cert_dir {
            cmd.arg("--dest-cert-dir").arg(d);
        }
        if let Some(c) = how.creds {
            cmd.arg("--dest-creds").arg(c);
        }
        let src = format!("oci:{}:{}", layout.dir.display(), image.tag);
        let dst = format!("docker://{}/{repo}:{}", registry.authority(), image.tag);
        cmd.arg(&src).arg(&dst);
        let desc = format!("skopeo copy {src} {dst}");
        let out = procs::run(cmd, Duration::from_secs(60))?;
        if !out.status.success() {
            return Err(format!(
                "seeding failed:\n{}\n--- registry log ---\n{}",
                procs::describe(&desc, &out),
                procs::tail(&registry.daemon.log_text(), 30)
            ));
        }
    }
    Ok(())
}

/// The digest of `repo:tag`'s manifest as the registry stores it (skopeo compresses
/// uncompressed layers on the way to a registry, so it differs from the layout's).
pub fn manifest_digest(registry: &Registry, repo: &str, tag: &str) -> Result<String, String> {
    let mut cmd = Command::new("/usr/bin/skopeo");
    cmd.args([
        "--insecure-policy",
        "inspect",
        "--raw",
        "--tls-verify=false",
    ])
    .arg(format!("docker://{}/{repo}:{tag}", registry.authority()));
    let out = procs::run(cmd, Duration::from_secs(60))?;
    if !out.status.success() {
        return Err(procs::describe("skopeo inspect --raw", &out));
    }
    Ok(crate::oci::sha256(&out.stdout))
}

/// nginx serving a registry under a path prefix, as registry.scs.community (Harbor's
/// proxy-cache projects) does: `/v2/<prefix>/<repo>/…` -> the registry's `/v2/<repo>/…`.
pub struct PathPrefixProxy {
    /// Stopped on drop.
    _daemon: Daemon,
    pub port: u16,
    pub access_log: PathBuf,
}

impl PathPrefixProxy {
    pub fn start(dir: &Path, prefix: &str, backend: &Registry) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let port = free_port();
        let p = dir.display();
        let access_log = dir.join("access.log");
        let conf = format!(
            "daemon off;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log info;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n\
               access_log {p}/access.log;\n\
               client_body_temp_path {p}/body;\n  proxy_temp_path {p}/proxy;\n\
               fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n  scgi_temp_path {p}/scgi;\n\
               server {{\n\
                 listen 127.0.0.1:{port};\n\
                 client_max_body_size 0;\n\
                 location /v2/{prefix}/ {{ proxy_pass http://127.0.0.1:{backend}/v2/; }}\n\
                 location = /v2/ {{ proxy_pass http://127.0.0.1:{backend}/v2/; }}\n\
                 location / {{ return 404; }}\n\
               }}\n\
             }}\n",
            backend = backend.port
        );
        let conf_path = dir.join("nginx.conf");
        std::fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
        let mut cmd = Command::new("/usr/sbin/nginx");
        cmd.arg("-e")
            .arg(dir.join("error.log"))
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf_path);
        let mut daemon = Daemon::spawn(
            &format!("nginx on 127.0.0.1:{port}"),
            cmd,
            &dir.join("nginx.out"),
        )?;
        daemon
            .wait_for_port(port)
            .map_err(|e| format!("{e}\n--- error.log ---\n{}", read(&dir.join("error.log"))))?;
        Ok(PathPrefixProxy {
            _daemon: daemon,
            port,
            access_log,
        })
    }

    pub fn access_log(&self) -> String {
        read(&self.access_log)
    }
}

/// `htpasswd -Bbn user pass` (apache2-utils), written to `path`.
pub fn htpasswd(path: &Path, user: &str, pass: &str) -> Result<(), String> {
    let mut cmd = Command::new("/usr/bin/htpasswd");
    cmd.args(["-Bbn", user, pass]);
    let out = procs::run(cmd, Duration::from_secs(30))?;
    if !out.status.success() {
        return Err(procs::describe("htpasswd -Bbn", &out));
    }
    std::fs::write(path, &out.stdout).map_err(|e| e.to_string())
}

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}
