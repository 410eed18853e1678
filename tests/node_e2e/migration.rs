//! Migration from config.toml mirrors: the shape of seed 001's `registry.mirrors` and Giant
//! Swarm's design 1.c (docker.io through `giantswarm.azurecr.io`, no scheme, credentials under
//! `configs`), with a mirror that needs its CA (`configs.<host>.tls.ca_file`) and credentials
//! (`configs.<host>.auth`): an htpasswd registry behind TLS, reached as
//! `giantswarm.azurecr.io:<port>` (the node's /etc/hosts maps that name, and
//! registry-1.docker.io, to 127.0.0.1; nothing listens on 443, so the upstream is unreachable).
//!
//! 1. containerd 1.6.20 with the old config.toml (the release's `containerd config default`
//!    plus those tables, no `config_path`) pulls `docker.io/e2e/app:ok` through the CRI, and the
//!    mirror's log shows the request.
//! 2. `registries_from_config_toml(file(...))` of that same config.toml, rendered by the data
//!    source, goes through the suite's stages on every release (starting from the stock config,
//!    whose runcmd enables `config_path`): the CRI pull succeeds through the mirror (ctr fails
//!    with 401: the credentials stay in config.toml, which ctr does not read).
//! 3. Control: the same config.toml with the endpoint on a dead port, migrated: the pulls fail
//!    and the mirror never sees the image requested.

use std::cell::Cell;
use std::path::Path;

use super::node::Node;
use super::registry::{self, Registry, RegistryOptions, Seed};
use super::{
    oci, pki, procs, releases, run_scenario, setup, template, write, Variant, AUTH_FAILED,
    PULL_TIMEOUT,
};

const ETC_HOSTS: [(&str, &str); 2] = [
    ("127.0.0.1", "giantswarm.azurecr.io"),
    ("127.0.0.1", "registry-1.docker.io"),
];
const MIRROR: &str = "giantswarm.azurecr.io";

struct Mirror {
    layout: oci::Layout,
    registry: Registry,
    ca_file: String,
    user: &'static str,
    pass: String,
}

/// The htpasswd registry behind TLS, its certificate naming `giantswarm.azurecr.io` (and
/// 127.0.0.1, for seeding), its CA at an absolute path the nodes see.
fn mirror(dir: &Path, name: &str) -> Mirror {
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let ca = pki::Ca::new("node-e2e migration CA");
    let server = ca.server(&[MIRROR, "127.0.0.1"]);
    let sdir = dir.join("server");
    write(&sdir.join("tls.crt"), &server.cert);
    write(&sdir.join("tls.key"), &server.key);
    let (user, pass) = ("e2e-mirror", format!("pw-{}", std::process::id()));
    registry::htpasswd(&sdir.join("htpasswd"), user, &pass).expect("htpasswd");
    let registry = Registry::start(
        &dir.join("registry"),
        &RegistryOptions {
            tls: Some((sdir.join("tls.crt"), sdir.join("tls.key"))),
            htpasswd: Some(sdir.join("htpasswd")),
            ..Default::default()
        },
    )
    .expect("registry");
    let skopeo_certs = dir.join("skopeo-certs");
    write(&skopeo_certs.join("ca.crt"), &ca.cert);
    let creds = format!("{user}:{pass}");
    registry::seed(
        &layout,
        &registry,
        "e2e/app",
        &Seed {
            cert_dir: Some(&skopeo_certs),
            creds: Some(&creds),
        },
    )
    .expect("seed");
    let ca_file = dir.join("pki/mirror-ca.crt");
    write(&ca_file, &ca.cert);
    Mirror {
        layout,
        registry,
        ca_file: ca_file.to_string_lossy().into_owned(),
        user,
        pass,
    }
}

/// containerd 1.6.20's default config.toml with the mirror tables for an endpoint on `port`.
fn old_config(default: &str, m: &Mirror, port: u16) -> String {
    let tables = template(
        "e2e/migration/config.toml",
        &[
            ("PORT", port.to_string()),
            ("CA_FILE", m.ca_file.clone()),
            ("USER", m.user.to_string()),
            ("PASSWORD", m.pass.clone()),
        ],
    );
    format!("{default}{tables}")
}

/// The mirror's log since `seen` (advanced to its end).
fn new_log(m: &Mirror, seen: &Cell<usize>) -> String {
    let log = m.registry.daemon.log_text();
    let mine = log.get(seen.get()..).unwrap_or_default().to_string();
    seen.set(log.len());
    mine
}

#[test]
fn config_toml_mirrors_pull_the_same_after_migration() {
    let name = "migration";
    let scratch = setup(name);
    let dir = scratch.path();
    let m = mirror(dir, name);
    let ok = m.layout.image("ok").config_digest.clone();
    let release = releases()
        .iter()
        .find(|r| r.version == "1.6.20")
        .expect("containerd 1.6.20 among the releases");
    let default = release.config_default().expect("containerd config default");
    let dead = procs::free_port();
    assert!(!procs::port_open(dead), "port {dead} should be closed");
    let seen = Cell::new(0usize);
    new_log(&m, &seen);

    // 1. The old config on containerd 1.6.20.
    let old = old_config(&default, &m, m.registry.port);
    let mut node = Node::new(&dir.join("old-config"), &ETC_HOSTS, release).expect("node");
    node.install_config(Some(&old)).expect("config.toml");
    node.start_containerd()
        .unwrap_or_else(|e| panic!("containerd 1.6.20 with the old config: {e}\n{old}"));
    let pulled = node.cri_pull("docker.io/e2e/app:ok", PULL_TIMEOUT);
    let log = new_log(&m, &seen);
    assert_eq!(
        pulled.as_deref(),
        Ok(ok.as_str()),
        "the old config.toml must pull through the mirror\n--- containerd log ---\n{}",
        procs::tail(&node.containerd_log(), 40)
    );
    assert!(
        log.contains("/v2/e2e/app/manifests/ok"),
        "the mirror never saw the pull:\n{log}"
    );
    drop(node);
    eprintln!("migration: containerd 1.6.20 pulled docker.io/e2e/app:ok through the mirror with the old config.toml");

    // 2. and 3. The migrated config, and the control pointing elsewhere.
    let variant = |vname: &'static str, port: u16, tag: &str, expect: bool| Variant {
        name: vname,
        structured: Some((
            template("e2e/migration/migrated.tf", &[]),
            vec![("config.toml".into(), old_config(&default, &m, port))],
        )),
        namespaces: vec!["docker.io".into()],
        etc_hosts: ETC_HOSTS.to_vec(),
        reference: format!("docker.io/e2e/app:{tag}"),
        expect: expect.then(|| m.layout.image(tag).config_digest.clone()),
        ctr_fails_because: expect.then_some(AUTH_FAILED),
        fail_because: if expect { &[] } else { &["connection refused"] },
        ..Default::default()
    };
    let variants = [
        variant("migrated", m.registry.port, "ok", true),
        variant("control_migrated_elsewhere", dead, "control", false),
    ];
    run_scenario(name, dir, &variants, |vname, out| {
        let log = new_log(&m, &seen);
        let hosts = out.rendered_hosts("docker.io");
        if vname == "migrated" {
            let host = format!("[host.\"https://{MIRROR}:{}\"]", m.registry.port);
            let ca = format!("ca = [\"{}\"]", m.ca_file);
            if !hosts.contains(&host) || !hosts.contains(&ca) {
                return Err(format!(
                    "the migrated hosts.toml lacks {host} or {ca}:\n{hosts}"
                ));
            }
            if !log.contains("/v2/e2e/app/manifests/ok") {
                return Err(format!("the mirror never saw the pull:\n{log}"));
            }
        } else if log.contains("/v2/e2e/app/manifests/control") {
            return Err(format!(
                "control: the mirror served a pull although the migrated config points elsewhere:\n{log}\n{hosts}"
            ));
        }
        Ok(())
    });
}
