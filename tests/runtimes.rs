//! Runtimes suite: the outputs for runtimes other than containerd, rendered from `registries`
//! through the provider by a real core (render.rs), put in place on a host in a private mount
//! namespace (host.rs) and judged by the programs that read them: Debian's skopeo and Podman
//! (containers/image: `/etc/containers/registries.conf`, its drop-ins,
//! `/etc/containers/certs.d` and `/etc/docker/certs.d`) and dockerd with the Docker CLI
//! (`/etc/docker/daemon.json`, `/etc/docker/certs.d`, the client's config.json):
//!
//! - `containers_registries_conf`: an image of a registry that does not exist is pulled through
//!   a TLS mirror with its own CA; control: another CA (x509 failure).
//! - `containers_registries_conf_d`: the drop-in next to the distribution's registries.conf, the
//!   mirror requiring a client certificate (`client.cert`/`client.key`, key 0600); control:
//!   no client certificate (the TLS handshake fails).
//! - hand-written `hosts`/`certs` files (read back into the registries model): the CA the hosts
//!   file names is copied into certs.d; control: another CA.
//! - a mirror without the `resolve` capability is digest-only: a pull by digest goes through
//!   it, a pull by tag must FAIL and never reach the mirror.
//! - a digest-only mirror before one with `resolve` (`pull-from-mirror = "digest-only"`): a
//!   pull by tag comes from the second (the images differ), never asking the first.
//! - `skip_fallback`: the only mirror down, the upstream live: the pull falls back and succeeds
//!   without it, and must FAIL with it.
//! - `docker_files` + `docker_config_json` (seed 004): `docker-registry:<port>` with a
//!   self-signed certificate and htpasswd; skopeo, Podman and dockerd trust the certificate from
//!   `/etc/docker/certs.d/docker-registry:<port>/ca.crt` and log in with the rendered pull
//!   secret (`--authfile`, the CLI's config.json); controls: another certificate (x509), a
//!   wrong password (401).
//! - a mirror's credentials in `docker_config_json`, keyed by the mirror's host: skopeo pulls
//!   through an htpasswd-protected mirror with it as `--authfile`; control: a wrong password.
//! - `docker_files`'s `daemon.json`: dockerd pulls a docker.io image through the rendered
//!   `registry-mirrors` mirror; control: another CA for it. A mirror of another namespace is a
//!   warning saying Docker mirrors only Docker Hub.
//!
//! dockerd skips certificate checks for registries in 127.0.0.0/8, so the Docker scenarios'
//! registries listen on `::1` under names the host's /etc/hosts gives (v6_registry.rs).
//!
//! Needs root (mount namespaces) and Debian's skopeo, docker-registry, apache2-utils, podman
//! and docker.io (scripts/install-test-tools installs them; with `CI=true` the node suite's
//! tools are installed when missing, elsewhere the test fails saying what to install), and a
//! Terraform core. Servers listen on 127.0.0.1 and ::1 only; Docker Hub's names resolve to
//! 127.0.0.1 on the host, where nothing listens on 443. `RUNTIMES_KEEP=1` keeps the temp dirs.
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
#[path = "runtimes/v6_registry.rs"]
mod v6_registry;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use host::Host;
use registry::{Registry, RegistryOptions, Seed};
use v6_registry::V6Registry;

/// The registry name every mirrored reference uses; it does not resolve.
const MIRRORED: &str = "mirrored.registry.invalid";

/// The judges besides skopeo (which the node suite's tools bring): (program, Debian package).
const JUDGES: &[(&str, &str)] = &[
    ("/usr/sbin/dockerd", "docker.io"),
    ("/usr/bin/docker", "docker.io"),
    ("/usr/bin/podman", "podman"),
];

struct Scratch(Option<tempfile::TempDir>);

impl Scratch {
    fn new(name: &str) -> Scratch {
        if let Err(e) = tools::ensure() {
            panic!("runtimes prerequisites: {e}");
        }
        let missing: Vec<String> = JUDGES
            .iter()
            .filter(|(program, _)| !Path::new(program).is_file())
            .map(|(program, package)| format!("{program} (Debian package {package})"))
            .collect();
        assert!(
            missing.is_empty(),
            "runtimes prerequisites: missing {}; run scripts/install-test-tools as root (it \
             installs them), or apt-get install -y docker.io podman",
            missing.join(", ")
        );
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

/// A TLS registry on 127.0.0.1 with a certificate `ca` signed, serving `<repo>:ok` and
/// `<repo>:control`; with `client_ca`, it accepts only clients that CA signed.
struct TlsMirror {
    layout: oci::Layout,
    ca: pki::Ca,
    client: Option<pki::Pair>,
    reg: Registry,
}

impl TlsMirror {
    fn start(dir: &Path, name: &str, mtls: bool, repo: &str) -> TlsMirror {
        Self::start_with(dir, name, mtls, repo, None)
    }

    /// As [`TlsMirror::start`], with basic auth for `(user, password)` when given.
    fn start_with(
        dir: &Path,
        name: &str,
        mtls: bool,
        repo: &str,
        auth: Option<(&str, &str)>,
    ) -> TlsMirror {
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
                htpasswd: auth.map(|(user, password)| {
                    let path = sdir.join("htpasswd");
                    registry::htpasswd(&path, user, password).expect("htpasswd");
                    path
                }),
                ipv6: false,
            },
        )
        .expect("registry");
        let creds = auth.map(|(user, password)| format!("{user}:{password}"));
        let seed_certs = dir.join("seed-certs");
        write(&seed_certs.join("ca.crt"), &ca.cert);
        if let Some(c) = &client {
            write(&seed_certs.join("client.cert"), &c.cert);
            write(&seed_certs.join("client.key"), &c.key);
        }
        registry::seed(
            &layout,
            &reg,
            repo,
            &Seed {
                cert_dir: Some(&seed_certs),
                creds: creds.as_deref(),
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

/// skopeo and podman pull `reference` on `host`: with `expect`, both must get that image (by
/// config digest); without, both must fail for one of `because`.
fn containers_judge(
    host: &Host,
    what: &str,
    reference: &str,
    expect: Option<&str>,
    because: &[&str],
) {
    let judges = [
        ("skopeo", host.pull(reference, &[])),
        ("podman", host.podman_pull(reference, &[])),
    ];
    for (judge, pulled) in judges {
        let what = format!("{what}: {judge} pull {reference}");
        match expect {
            Some(digest) => {
                let got = pulled.unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(got, digest, "{what}: not the mirror's image");
                eprintln!("ok: {what}");
            }
            None => must_fail(&what, pulled, because),
        }
    }
}

#[test]
fn containers_registries_conf_mirror_with_own_ca() {
    let scratch = Scratch::new("conf");
    let mirror = TlsMirror::start(&scratch.sub("mirror"), "conf", false, "e2e/app");
    let other = pki::Ca::new("runtimes other CA");
    let url = format!("https://{}", mirror.reg.authority());
    let registries = mirrored(
        &url,
        "        ca  = [file(\"${path.module}/files/ca.crt\")]\n",
    );
    let certs_dir = format!("/etc/containers/certs.d/{}", mirror.reg.authority());
    let reference = format!("{MIRRORED}/e2e/app:ok");
    let digest = mirror.digest("ok");
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
        eprintln!("{variant}: rendered by {}", rendered.core);
        containers_judge(
            &host,
            variant,
            &reference,
            expect.then_some(digest.as_str()),
            &["x509", "certificate signed by unknown authority"],
        );
    }
}

#[test]
fn containers_drop_in_with_client_certificate() {
    let scratch = Scratch::new("drop-in");
    let mirror = TlsMirror::start(&scratch.sub("mirror"), "drop-in", true, "e2e/app");
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
    let digest = mirror.digest("ok");
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
        if expect {
            let mode = std::fs::metadata(host.local(&key_path).unwrap())
                .unwrap_or_else(|e| panic!("{key_path}: {e}"))
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{key_path}");
        }
        containers_judge(
            &host,
            variant,
            &reference,
            expect.then_some(digest.as_str()),
            &[
                "certificate required",
                "bad certificate",
                "remote error: tls",
            ],
        );
    }
}

#[test]
fn containers_mirror_without_resolve_is_digest_only() {
    let scratch = Scratch::new("digest-only");
    let mirror = TlsMirror::start(&scratch.sub("mirror"), "digest-only", false, "e2e/app");
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
    containers_judge(
        &host,
        "by digest",
        &by_digest,
        Some(&mirror.digest("ok")),
        &[],
    );
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
    let by_tag = format!("{MIRRORED}/e2e/app:ok");
    containers_judge(&host, "by tag", &by_tag, None, &[MIRRORED]);
    assert_eq!(
        tag_requests(),
        before,
        "the digest-only mirror was asked for the tag"
    );
}

/// Seed 004: a registry known as `docker-registry:<port>`, self-signed, htpasswd-protected
/// (on `[::1]`, see v6_registry.rs). Judges: skopeo and Podman (reading /etc/docker/certs.d,
/// the secret as `--authfile`) and dockerd with the Docker CLI (the secret as the client's config.json).
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
    let reg = V6Registry::start(
        &dir.join("registry"),
        "docker-registry",
        &dir.join("tls.crt"),
        &dir.join("tls.key"),
        Some(&dir.join("htpasswd")),
    )
    .expect("registry");
    reg.seed(
        &layout.dir,
        "ok",
        "e2e/app",
        Some(&format!("{user}:{pass}")),
    )
    .expect("seed");

    let namespace = format!("docker-registry:{}", reg.port);
    let registries = |password: &str| {
        format!(
            "{{\n    \"{namespace}\" = {{\n      ca          = [file(\"${{path.module}}/files/registry.crt\")]\n      \
             credentials = {{ username = \"{user}\", password = \"{password}\" }}\n    }}\n  }}"
        )
    };
    let reference = format!("{namespace}/e2e/app:ok");
    let image = layout.image("ok").config_digest.clone();
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
        let host =
            Host::new(&vdir.join("host"), false, &[("::1", "docker-registry")]).expect("host");
        host.install(&files).expect("install");
        let authfile = authfile.to_string_lossy().into_owned();
        let dockerd = host.start_dockerd().expect("dockerd");
        let judges = [
            ("skopeo", host.pull(&reference, &["--authfile", &authfile])),
            (
                "podman",
                host.podman_pull(&reference, &["--authfile", &authfile]),
            ),
            ("dockerd", dockerd.pull(&reference, Some(&secret))),
        ];
        for (judge, pulled) in judges {
            let what = format!("{variant}: {judge} pull {reference}");
            match fails_because {
                None => {
                    let got = pulled.unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert_eq!(got, image, "{what}");
                    eprintln!("ok: {what} (certs.d and the pull secret)");
                }
                Some(because) => must_fail(&what, pulled, because),
            }
        }
    }
}

/// Docker Hub's mirror in daemon.json, trusted through /etc/docker/certs.d: dockerd pulls a
/// docker.io image through it (the mirror is `hub-mirror.test` on `[::1]`). The host's
/// /etc/hosts sends Docker Hub's names to 127.0.0.1, where nothing listens on 443, so nothing
/// but the mirror can serve and nothing leaves the machine. Control: another CA for the
/// mirror (dockerd logs the mirror's x509 failure, then fails on Docker Hub). A mirror for
/// another namespace is a warning saying Docker mirrors only Docker Hub.
#[test]
fn docker_daemon_json_mirrors_docker_hub_only() {
    let scratch = Scratch::new("daemon-json");
    let dir = scratch.sub("mirror");
    let layout = oci::build(&dir.join("oci"), &["ok"], "daemon-json");
    let ca = pki::Ca::new("runtimes mirror CA");
    let other = pki::Ca::new("runtimes other CA");
    let server = ca.server(&["hub-mirror.test"]);
    write(&dir.join("tls.crt"), &server.cert);
    write(&dir.join("tls.key"), &server.key);
    let mirror = V6Registry::start(
        &dir.join("registry"),
        "hub-mirror.test",
        &dir.join("tls.crt"),
        &dir.join("tls.key"),
        None,
    )
    .expect("mirror");
    mirror
        .seed(&layout.dir, "ok", "library/e2e", None)
        .expect("seed");
    assert!(!procs::port_open(443), "something listens on 127.0.0.1:443");
    let authority = format!("hub-mirror.test:{}", mirror.port);
    let url = format!("https://{authority}");
    let registries = format!(
        "{{\n    \"docker.io\" = {{\n      mirrors = [{{\n        url = \"{url}\"\n        \
         ca  = [file(\"${{path.module}}/files/ca.crt\")]\n      }}]\n    }}\n    \
         \"ghcr.io\" = {{\n      mirrors = [{{ url = \"https://ghcr-cache.example\" }}]\n    }}\n  }}"
    );
    let names = [
        ("::1", "hub-mirror.test"),
        ("127.0.0.1", "registry-1.docker.io"),
        ("127.0.0.1", "index.docker.io"),
        ("127.0.0.1", "auth.docker.io"),
        ("127.0.0.1", "docker.io"),
    ];
    let digest = layout.image("ok").config_digest.clone();
    for (variant, ca, expect) in [
        ("with_ca", &ca.cert, true),
        ("control_other_ca", &other.cert, false),
    ] {
        let vdir = scratch.sub(variant);
        let rendered = render::render(&vdir, &registries, &["docker_files"], &[("ca.crt", ca)])
            .unwrap_or_else(|e| panic!("{variant}: {e}"));
        let said = rendered
            .apply_output
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            said.contains("Docker Hub (docker.io) only")
                && said.contains("https://ghcr-cache.example"),
            "no warning about the ghcr.io mirror:\n{}",
            rendered.apply_output
        );
        let files = rendered.files("docker_files").expect("files");
        assert_eq!(
            paths(&files),
            [
                format!("/etc/docker/certs.d/{authority}/ca.crt").as_str(),
                "/etc/docker/daemon.json"
            ]
        );
        let host = Host::new(&vdir.join("host"), false, &names).expect("host");
        host.install(&files).expect("install");
        let dockerd = host.start_dockerd().expect("dockerd");
        let pulled = dockerd.pull("docker.io/library/e2e:ok", None);
        if expect {
            let got = pulled.unwrap_or_else(|e| panic!("{variant}: {e}"));
            assert_eq!(got, digest, "{variant}: the mirror's image");
            eprintln!("ok: {variant}: dockerd pulled docker.io/library/e2e:ok through {url}");
        } else {
            must_fail(
                &format!("{variant}: dockerd pull"),
                pulled,
                &["registry-1.docker.io"],
            );
            assert!(
                dockerd.log_text().contains("x509"),
                "{variant}: dockerd did not fail on the mirror's certificate:\n{}",
                dockerd.log_tail()
            );
        }
    }
}

/// Hand-written `hosts` and `certs` files (the SCS shape) instead of `registries`: the
/// provider reads the hosts file back into the registries model and copies the CA the file
/// names from the node files into certs.d. Control: another CA in the same file.
#[test]
fn containers_from_hand_written_hosts_file() {
    let scratch = Scratch::new("hand-written");
    let mirror = TlsMirror::start(&scratch.sub("mirror"), "hand-written", false, "e2e/app");
    let other = pki::Ca::new("runtimes other CA");
    let hosts = format!(
        "server = \"https://{MIRRORED}\"\n\n[host.\"https://{}\"]\n  capabilities = [\"pull\", \
         \"resolve\"]\n  ca = \"/etc/containerd/certs/mirror-ca.crt\"\n",
        mirror.reg.authority()
    );
    let hosts_name = format!("hosts/{MIRRORED}");
    let inputs = format!(
        "hosts = [\"${{path.module}}/files/{hosts_name}\"]\n  \
         certs = [\"${{path.module}}/files/mirror-ca.crt\"]"
    );
    let reference = format!("{MIRRORED}/e2e/app:ok");
    let digest = mirror.digest("ok");
    for (variant, ca, expect) in [
        ("with_ca", &mirror.ca.cert, true),
        ("control_other_ca", &other.cert, false),
    ] {
        let dir = scratch.sub(variant);
        let rendered = render::render_with(
            &dir,
            &inputs,
            &["containers_registries_conf"],
            &[(hosts_name.as_str(), hosts.as_str()), ("mirror-ca.crt", ca)],
        )
        .unwrap_or_else(|e| panic!("{variant}: {e}"));
        let files = rendered.files("containers_registries_conf").expect("files");
        let ca_path = format!("/etc/containers/certs.d/{}/ca.crt", mirror.reg.authority());
        let copied = files.iter().find(|f| f.path == ca_path);
        assert_eq!(
            copied.map(|f| f.content.as_slice()),
            Some(ca.as_bytes()),
            "{variant}: the CA the hosts file names, copied: {:?}",
            paths(&files)
        );
        let host = Host::new(&dir.join("host"), false, &[]).expect("host");
        host.install(&files).expect("install");
        containers_judge(
            &host,
            variant,
            &reference,
            expect.then_some(digest.as_str()),
            &["x509", "certificate signed by unknown authority"],
        );
    }
}

/// A digest-only mirror before one that also resolves tags: `pull-from-mirror =
/// "digest-only"` on the first only. A pull by tag must skip the first and come from the
/// second (their images differ, so the config digest says which served); a pull by the first's
/// manifest digest comes from the first.
#[test]
fn containers_mixed_digest_only_and_tag_mirrors() {
    let scratch = Scratch::new("mixed");
    let digests = TlsMirror::start(&scratch.sub("digests"), "mixed-digests", false, "e2e/app");
    let tags = TlsMirror::start(&scratch.sub("tags"), "mixed-tags", false, "e2e/app");
    let registries = format!(
        "{{\n    \"{MIRRORED}\" = {{\n      mirrors = [\n        {{\n          url          = \
         \"https://{}\"\n          ca           = [file(\"${{path.module}}/files/digests.crt\")]\n          \
         capabilities = [\"pull\"]\n        }},\n        {{\n          url = \"https://{}\"\n          \
         ca  = [file(\"${{path.module}}/files/tags.crt\")]\n        }},\n      ]\n    }}\n  }}",
        digests.reg.authority(),
        tags.reg.authority()
    );
    let dir = scratch.sub("render");
    let rendered = render::render(
        &dir,
        &registries,
        &["containers_registries_conf_d"],
        &[
            ("digests.crt", &digests.ca.cert),
            ("tags.crt", &tags.ca.cert),
        ],
    )
    .expect("render");
    let host = Host::new(&dir.join("host"), true, &[]).expect("host");
    host.install(
        &rendered
            .files("containers_registries_conf_d")
            .expect("files"),
    )
    .expect("install");
    let tag_requests = |mirror: &TlsMirror| {
        mirror
            .reg
            .daemon
            .log_text()
            .matches("http.request.uri=\"/v2/e2e/app/manifests/ok\"")
            .count()
    };
    let before = tag_requests(&digests);
    let by_tag = format!("{MIRRORED}/e2e/app:ok");
    containers_judge(&host, "by tag", &by_tag, Some(&tags.digest("ok")), &[]);
    assert_eq!(
        tag_requests(&digests),
        before,
        "the digest-only mirror was asked for the tag"
    );
    let manifest = registry::manifest_digest(&digests.reg, "e2e/app", "ok").expect("digest");
    let by_digest = format!("{MIRRORED}/e2e/app@{manifest}");
    containers_judge(
        &host,
        "by digest",
        &by_digest,
        Some(&digests.digest("ok")),
        &[],
    );
}

/// A mirror's credentials in the pull secret are keyed by the mirror's host, where
/// containers/image looks them up when it pulls through that mirror: skopeo pulls through an
/// htpasswd-protected mirror with the rendered registries.conf, certs.d and `--authfile`.
/// Control: a wrong password.
#[test]
fn pull_secret_mirror_credentials() {
    let scratch = Scratch::new("mirror-auth");
    let (user, pass) = ("robot", format!("pw-{}", std::process::id()));
    let mirror = TlsMirror::start_with(
        &scratch.sub("mirror"),
        "mirror-auth",
        false,
        "e2e/app",
        Some((user, &pass)),
    );
    let url = format!("https://{}", mirror.reg.authority());
    let reference = format!("{MIRRORED}/e2e/app:ok");
    let digest = mirror.digest("ok");
    for (variant, password, expect) in [
        ("with_credentials", pass.as_str(), true),
        ("control_wrong_password", "not-the-password", false),
    ] {
        let extra = format!(
            "        ca          = [file(\"${{path.module}}/files/ca.crt\")]\n        \
             credentials = {{ username = \"{user}\", password = \"{password}\" }}\n"
        );
        let dir = scratch.sub(variant);
        let rendered = render::render(
            &dir,
            &mirrored(&url, &extra),
            &["containers_registries_conf", "docker_config_json"],
            &[("ca.crt", &mirror.ca.cert)],
        )
        .unwrap_or_else(|e| panic!("{variant}: {e}"));
        let secret = rendered.document("docker_config_json").expect("secret");
        let authfile = dir.join("auth.json");
        std::fs::write(&authfile, &secret).expect("authfile");
        let host = Host::new(&dir.join("host"), false, &[]).expect("host");
        host.install(&rendered.files("containers_registries_conf").expect("files"))
            .expect("install");
        let authfile = authfile.to_string_lossy().into_owned();
        let pulled = host.pull(&reference, &["--authfile", &authfile]);
        let what = format!("{variant}: skopeo pull {reference}");
        if expect {
            let got = pulled.unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(got, digest, "{what}");
            eprintln!("ok: {what} (mirror credentials from the pull secret)");
        } else {
            must_fail(&what, pulled, &["unauthorized", "401"]);
        }
    }
}

/// `skip_fallback`: the upstream is a live registry (a loopback namespace, plain HTTP as
/// containerd defaults it), the only mirror a closed port. Without `skip_fallback` the pull
/// falls back to the upstream and succeeds; with it, the mirror is the `location` and nothing
/// else is tried, so the pull must FAIL.
#[test]
fn containers_skip_fallback_never_reaches_the_upstream() {
    let scratch = Scratch::new("skip-fallback");
    let dir = scratch.sub("upstream");
    let layout = oci::build(&dir.join("oci"), &["ok"], "skip-fallback");
    let upstream =
        Registry::start(&dir.join("registry"), &RegistryOptions::default()).expect("registry");
    registry::seed(&layout, &upstream, "e2e/app", &Seed::default()).expect("seed");
    let dead = procs::free_port();
    assert!(!procs::port_open(dead), "port {dead} should be closed");
    let namespace = upstream.authority();
    let reference = format!("{namespace}/e2e/app:ok");
    let digest = layout.image("ok").config_digest.clone();
    for (variant, skip_fallback, expect) in [
        ("fallback", false, true),
        ("control_skip_fallback", true, false),
    ] {
        let registries = format!(
            "{{\n    \"{namespace}\" = {{\n      mirrors       = [{{ url = \"http://127.0.0.1:{dead}\" }}]\n      \
             skip_fallback = {skip_fallback}\n    }}\n  }}"
        );
        let vdir = scratch.sub(variant);
        let rendered = render::render(&vdir, &registries, &["containers_registries_conf"], &[])
            .unwrap_or_else(|e| panic!("{variant}: {e}"));
        let host = Host::new(&vdir.join("host"), false, &[]).expect("host");
        host.install(&rendered.files("containers_registries_conf").expect("files"))
            .expect("install");
        containers_judge(
            &host,
            variant,
            &reference,
            expect.then_some(digest.as_str()),
            &["connection refused"],
        );
    }
}
