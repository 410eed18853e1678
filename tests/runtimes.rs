//! Runtimes suite: the outputs for runtimes other than containerd, rendered from `registries`
//! through the provider by a real core (render.rs), put in place on a host in a private mount
//! namespace (host.rs) and judged by Debian's skopeo (containers/image), which reads
//! `/etc/containers/registries.conf`, its drop-ins, `/etc/containers/certs.d` and
//! `/etc/docker/certs.d` as CRI-O, Podman and Docker do:
//!
//! - `containers_registries_conf`: an image of a registry that does not exist is pulled through
//!   a TLS mirror with its own CA; control: another CA (x509 failure).
//! - `containers_registries_conf_d`: the drop-in next to the distribution's registries.conf, the
//!   mirror requiring a client certificate (`client.cert`/`client.key`, key 0600); control:
//!   no client certificate (the TLS handshake fails).
//! - a mirror without the `resolve` capability is digest-only: a pull by digest goes through
//!   it, a pull by tag must FAIL (only the registry that does not exist is asked).
//! - `docker_files` + `docker_config_json` (seed 004): `docker-registry:<port>` with a
//!   self-signed certificate and htpasswd; skopeo trusts the certificate from
//!   `/etc/docker/certs.d/docker-registry:<port>/ca.crt` and logs in with the rendered pull
//!   secret as `--authfile`; controls: another certificate (x509), a wrong password (401).
//! - `docker_files`'s `daemon.json`: Docker Hub mirrors go to `registry-mirrors`; a mirror of
//!   another namespace is a warning saying Docker mirrors only Docker Hub.
//!
//! Needs root (mount namespaces) and Debian's skopeo, docker-registry and apache2-utils (the
//! node suite's tools: with `CI=true` installed when missing, elsewhere the test fails saying
//! what to install), and a Terraform core (scripts/install-test-tools). Servers listen on
//! 127.0.0.1 only. `RUNTIMES_KEEP=1` keeps the temp dirs.
//!
//! Run: `cargo test --test runtimes` (as root).

#[allow(dead_code)]
#[path = "acceptance/provider.rs"]
mod provider;
#[allow(dead_code)]
#[path = "acceptance/terraform.rs"]
mod terraform;

#[path = "runtimes/host.rs"]
mod host;
#[allow(dead_code)]
#[path = "node_e2e/oci.rs"]
mod oci;
#[allow(dead_code)]
#[path = "node_e2e/pki.rs"]
mod pki;
#[allow(dead_code)]
#[path = "node_e2e/procs.rs"]
mod procs;
#[allow(dead_code)]
#[path = "node_e2e/registry.rs"]
mod registry;
#[path = "runtimes/render.rs"]
mod render;
#[allow(dead_code)]
#[path = "node_e2e/tools.rs"]
mod tools;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use host::Host;
use registry::{Registry, RegistryOptions, Seed};

/// The registry name every mirrored reference uses; it does not resolve.
const MIRRORED: &str = "mirrored.registry.invalid";

struct Scratch(Option<tempfile::TempDir>);

impl Scratch {
    fn new(name: &str) -> Scratch {
        if let Err(e) = tools::ensure() {
            panic!("runtimes prerequisites: {e}");
        }
        let t = tempfile::Builder::new()
            .prefix(&format!("runtimes-{name}-"))
            .tempdir()
            .expect("temp dir");
        Scratch(Some(t))
    }

    fn path(&self) -> &Path {
        self.0.as_ref().expect("temp dir").path()
    }

    fn sub(&self, name: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::create_dir_all(&p).expect("mkdir");
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::env::var_os("RUNTIMES_KEEP").is_some() {
            if let Some(t) = self.0.take() {
                eprintln!("RUNTIMES_KEEP: kept {}", t.keep().display());
            }
        }
    }
}

fn write(path: &Path, content: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, content).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A TLS registry on 127.0.0.1 with a certificate `ca` signed, serving `e2e/app:ok` and
/// `e2e/app:control`; with `client_ca`, it accepts only clients that CA signed.
struct TlsMirror {
    layout: oci::Layout,
    ca: pki::Ca,
    client: Option<pki::Pair>,
    reg: Registry,
}

impl TlsMirror {
    fn start(dir: &Path, name: &str, mtls: bool) -> TlsMirror {
        let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
        let ca = pki::Ca::new("runtimes mirror CA");
        let server = ca.server(&["127.0.0.1"]);
        let sdir = dir.join("server");
        write(&sdir.join("tls.crt"), &server.cert);
        write(&sdir.join("tls.key"), &server.key);
        write(&sdir.join("ca.crt"), &ca.cert);
        let client = mtls.then(|| ca.client("runtimes client"));
        let reg = Registry::start(
            &dir.join("registry"),
            &RegistryOptions {
                tls: Some((sdir.join("tls.crt"), sdir.join("tls.key"))),
                client_cas: if mtls {
                    vec![sdir.join("ca.crt")]
                } else {
                    vec![]
                },
                ..Default::default()
            },
        )
        .expect("registry");
        let seed_certs = dir.join("seed-certs");
        write(&seed_certs.join("ca.crt"), &ca.cert);
        if let Some(c) = &client {
            write(&seed_certs.join("client.cert"), &c.cert);
            write(&seed_certs.join("client.key"), &c.key);
        }
        registry::seed(
            &layout,
            &reg,
            "e2e/app",
            &Seed {
                cert_dir: Some(&seed_certs),
                ..Default::default()
            },
        )
        .expect("seed");
        TlsMirror {
            layout,
            ca,
            client,
            reg,
        }
    }

    fn digest(&self, tag: &str) -> String {
        self.layout.image(tag).config_digest.clone()
    }
}

/// `result` must be an error saying one of `because`.
fn must_fail(what: &str, result: Result<String, String>, because: &[&str]) {
    match result {
        Ok(out) => panic!("{what}: must FAIL but succeeded:\n{out}"),
        Err(e) if because.iter().any(|b| e.contains(b)) => {
            eprintln!("ok: {what} failed as it must ({because:?})");
        }
        Err(e) => panic!("{what}: failed, but not for {because:?}:\n{e}"),
    }
}

/// The single mirror `url` for `MIRRORED`, with `extra` HCL attributes.
fn mirrored(url: &str, extra: &str) -> String {
    format!("{{\n    \"{MIRRORED}\" = {{\n      mirrors = [{{\n        url = \"{url}\"\n{extra}      }}]\n    }}\n  }}")
}

fn paths(files: &[render::File]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn containers_registries_conf_mirror_with_own_ca() {
    let scratch = Scratch::new("conf");
    let mirror = TlsMirror::start(&scratch.sub("mirror"), "conf", false);
    let other = pki::Ca::new("runtimes other CA");
    let url = format!("https://{}", mirror.reg.authority());
    let registries = mirrored(
        &url,
        "        ca  = [file(\"${path.module}/files/ca.crt\")]\n",
    );
    let certs_dir = format!("/etc/containers/certs.d/{}", mirror.reg.authority());
    let reference = format!("{MIRRORED}/e2e/app:ok");
    for (variant, ca, expect) in [
        ("with_ca", &mirror.ca.cert, true),
        ("control_other_ca", &other.cert, false),
    ] {
        let dir = scratch.sub(variant);
        let rendered = render::render(
            &dir,
            &registries,
            &["containers_registries_conf"],
            &[("ca.crt", ca)],
        )
        .unwrap_or_else(|e| panic!("{variant}: {e}"));
        let files = rendered.files("containers_registries_conf").expect("files");
        assert_eq!(
            paths(&files),
            [
                format!("{certs_dir}/ca.crt").as_str(),
                "/etc/containers/registries.conf"
            ],
            "{variant}"
        );
        let host = Host::new(&dir.join("host"), false, &[]).expect("host");
        host.install(&files).expect("install");
        let pulled = host.pull(&reference, &[]);
        if expect {
            let digest = pulled.unwrap_or_else(|e| panic!("{variant} via {}: {e}", rendered.core));
            assert_eq!(digest, mirror.digest("ok"), "{variant}: the mirror's image");
            eprintln!(
                "ok: {variant}: skopeo pulled {reference} through {url} ({})",
                rendered.core
            );
        } else {
            must_fail(
                variant,
                pulled,
                &["x509", "certificate signed by unknown authority"],
            );
        }
    }
}

#[test]
fn containers_drop_in_with_client_certificate() {
    let scratch = Scratch::new("drop-in");
    let mirror = TlsMirror::start(&scratch.sub("mirror"), "drop-in", true);
    let client = mirror.client.as_ref().expect("client");
    let url = format!("https://{}", mirror.reg.authority());
    let with_client = "        ca          = [file(\"${path.module}/files/ca.crt\")]\n        \
                       client_cert = file(\"${path.module}/files/client.crt\")\n        \
                       client_key  = file(\"${path.module}/files/client.key\")\n";
    let without_client = "        ca = [file(\"${path.module}/files/ca.crt\")]\n";
    let reference = format!("{MIRRORED}/e2e/app:ok");
    let key_path = format!(
        "/etc/containers/certs.d/{}/client.key",
        mirror.reg.authority()
    );
    for (variant, extra, expect) in [
        ("with_client_cert", with_client, true),
        ("control_without_client_cert", without_client, false),
    ] {
        let dir = scratch.sub(variant);
        let rendered = render::render(
            &dir,
            &mirrored(&url, extra),
            &["containers_registries_conf_d"],
            &[
                ("ca.crt", &mirror.ca.cert),
                ("client.crt", &client.cert),
                ("client.key", &client.key),
            ],
        )
        .unwrap_or_else(|e| panic!("{variant}: {e}"));
        let files = rendered
            .files("containers_registries_conf_d")
            .expect("files");
        assert!(
            !paths(&files).contains(&"/etc/containers/registries.conf"),
            "the drop-in leaves the distribution's file alone: {:?}",
            paths(&files)
        );
        assert!(
            files
                .iter()
                .any(|f| f.path.starts_with("/etc/containers/registries.conf.d/")
                    && f.path.ends_with(".conf")),
            "{variant}: no drop-in among {:?}",
            paths(&files)
        );
        let host = Host::new(&dir.join("host"), true, &[]).expect("host");
        host.install(&files).expect("install");
        let pulled = host.pull(&reference, &[]);
        if expect {
            let mode = std::fs::metadata(host.local(&key_path).unwrap())
                .unwrap_or_else(|e| panic!("{key_path}: {e}"))
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{key_path}");
            let digest = pulled.unwrap_or_else(|e| panic!("{variant}: {e}"));
            assert_eq!(digest, mirror.digest("ok"));
            eprintln!("ok: {variant}: pulled through the drop-in with the client certificate");
        } else {
            must_fail(
                variant,
                pulled,
                &[
                    "certificate required",
                    "bad certificate",
                    "remote error: tls",
                ],
            );
        }
    }
}

#[test]
fn containers_mirror_without_resolve_is_digest_only() {
    let scratch = Scratch::new("digest-only");
    let mirror = TlsMirror::start(&scratch.sub("mirror"), "digest-only", false);
    let url = format!("https://{}", mirror.reg.authority());
    let extra = "        ca           = [file(\"${path.module}/files/ca.crt\")]\n        \
                 capabilities = [\"pull\"]\n";
    let dir = scratch.sub("render");
    let rendered = render::render(
        &dir,
        &mirrored(&url, extra),
        &["containers_registries_conf"],
        &[("ca.crt", &mirror.ca.cert)],
    )
    .expect("render");
    let host = Host::new(&dir.join("host"), false, &[]).expect("host");
    host.install(&rendered.files("containers_registries_conf").expect("files"))
        .expect("install");
    let manifest = registry::manifest_digest(&mirror.reg, "e2e/app", "ok").expect("digest");
    let by_digest = format!("{MIRRORED}/e2e/app@{manifest}");
    let digest = host
        .pull(&by_digest, &[])
        .unwrap_or_else(|e| panic!("by digest: {e}"));
    assert_eq!(digest, mirror.digest("ok"));
    eprintln!("ok: {by_digest} came through the digest-only mirror");
    // containerd would not resolve the tag through this mirror: neither may containers/image,
    // so only the registry that does not exist is asked, and the mirror never sees the tag.
    let tag_requests = || {
        mirror
            .reg
            .daemon
            .log_text()
            .matches("http.request.uri=\"/v2/e2e/app/manifests/ok\"")
            .count()
    };
    let before = tag_requests();
    must_fail(
        "pull by tag",
        host.pull(&format!("{MIRRORED}/e2e/app:ok"), &[]),
        &[MIRRORED],
    );
    assert_eq!(
        tag_requests(),
        before,
        "the digest-only mirror was asked for the tag"
    );
}

/// Seed 004: a registry known as `docker-registry:<port>`, self-signed, htpasswd-protected.
#[test]
fn docker_certs_d_and_pull_secret() {
    let scratch = Scratch::new("docker");
    let dir = scratch.sub("registry");
    let layout = oci::build(&dir.join("oci"), &["ok"], "docker");
    let pair = pki::self_signed_registry("docker-registry");
    let other = pki::self_signed_registry("docker-registry");
    write(&dir.join("tls.crt"), &pair.cert);
    write(&dir.join("tls.key"), &pair.key);
    let (user, pass) = ("myuser", format!("pw-{}", std::process::id()));
    registry::htpasswd(&dir.join("htpasswd"), user, &pass).expect("htpasswd");
    let reg = Registry::start(
        &dir.join("registry"),
        &RegistryOptions {
            tls: Some((dir.join("tls.crt"), dir.join("tls.key"))),
            htpasswd: Some(dir.join("htpasswd")),
            ..Default::default()
        },
    )
    .expect("registry");
    // The certificate names docker-registry, not 127.0.0.1: seed without verifying it.
    let mut seed = Command::new("/usr/bin/skopeo");
    seed.args([
        "--insecure-policy",
        "copy",
        "--quiet",
        "--dest-tls-verify=false",
    ])
    .arg(format!("--dest-creds={user}:{pass}"))
    .arg(format!("oci:{}:ok", layout.dir.display()))
    .arg(format!("docker://{}/e2e/app:ok", reg.authority()));
    let out = procs::run(seed, Duration::from_secs(60)).expect("skopeo");
    assert!(out.status.success(), "{}", procs::describe("seed", &out));

    let namespace = format!("docker-registry:{}", reg.port);
    let registries = |password: &str| {
        format!(
            "{{\n    \"{namespace}\" = {{\n      ca          = [file(\"${{path.module}}/files/registry.crt\")]\n      \
             credentials = {{ username = \"{user}\", password = \"{password}\" }}\n    }}\n  }}"
        )
    };
    let reference = format!("{namespace}/e2e/app:ok");
    let variants = [
        (
            "with_ca_and_secret",
            pair.cert.as_str(),
            pass.as_str(),
            None,
        ),
        (
            "control_other_ca",
            other.cert.as_str(),
            pass.as_str(),
            Some(&["x509"][..]),
        ),
        (
            "control_wrong_password",
            pair.cert.as_str(),
            "not-the-password",
            Some(&["unauthorized", "401"][..]),
        ),
    ];
    for (variant, cert, password, fails_because) in variants {
        let vdir = scratch.sub(variant);
        let rendered = render::render(
            &vdir,
            &registries(password),
            &["docker_files", "docker_config_json"],
            &[("registry.crt", cert)],
        )
        .unwrap_or_else(|e| panic!("{variant}: {e}"));
        let files = rendered.files("docker_files").expect("docker_files");
        assert_eq!(
            paths(&files),
            [format!("/etc/docker/certs.d/{namespace}/ca.crt").as_str()]
        );
        let secret = rendered
            .document("docker_config_json")
            .expect("pull secret");
        let v: serde_json::Value = serde_json::from_str(&secret).expect("JSON");
        assert_eq!(v["auths"][&namespace]["username"], user, "seed 004's shape");
        let authfile = vdir.join("dockerconfig.json");
        std::fs::write(&authfile, &secret).expect("authfile");
        let host = Host::new(
            &vdir.join("host"),
            false,
            &[("127.0.0.1", "docker-registry")],
        )
        .expect("host");
        host.install(&files).expect("install");
        let authfile = authfile.to_string_lossy().into_owned();
        let pulled = host.pull(&reference, &["--authfile", &authfile]);
        match fails_because {
            None => {
                let digest = pulled.unwrap_or_else(|e| panic!("{variant}: {e}"));
                assert_eq!(digest, layout.image("ok").config_digest);
                eprintln!("ok: {variant}: /etc/docker/certs.d and the pull secret let skopeo in");
            }
            Some(because) => must_fail(variant, pulled, because),
        }
    }
}

#[test]
fn docker_daemon_json_mirrors_docker_hub_only() {
    let scratch = Scratch::new("daemon-json");
    let registries = "{\n    \"docker.io\" = {\n      mirrors = [{ url = \"https://mirror.gcr.io\" }]\n    }\n    \
                      \"ghcr.io\" = {\n      mirrors = [{ url = \"https://ghcr-cache.example\" }]\n    }\n  }";
    let rendered =
        render::render(scratch.path(), registries, &["docker_files"], &[]).expect("render");
    let files = rendered.files("docker_files").expect("files");
    let daemon = files
        .iter()
        .find(|f| f.path == "/etc/docker/daemon.json")
        .unwrap_or_else(|| panic!("no daemon.json among {:?}", paths(&files)));
    let v: serde_json::Value = serde_json::from_slice(&daemon.content).expect("JSON");
    assert_eq!(
        v["registry-mirrors"],
        serde_json::json!(["https://mirror.gcr.io"])
    );
    let said = rendered
        .apply_output
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        said.contains("Docker Hub (docker.io) only") && said.contains("https://ghcr-cache.example"),
        "no warning about the ghcr.io mirror:\n{}",
        rendered.apply_output
    );
}
