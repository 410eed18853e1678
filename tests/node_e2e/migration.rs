//! Migration from config.toml mirrors, on two old config.toml files (e2e/migration/), each
//! appended to the release's `containerd config default`:
//! - seed 001 (Gardener's docs): `mirrors."docker.io".endpoint` is a plain-HTTP mirror,
//!   `public-mirror.example.com:<port>`;
//! - Giant Swarm's design 1.c: docker.io through `giantswarm.azurecr.io:<port>` given without a
//!   scheme, Docker Hub credentials under `configs."registry-1.docker.io".auth`, and a mirror
//!   that needs its CA (`configs.<host>.tls.ca_file`) and credentials (`configs.<host>.auth`):
//!   an htpasswd registry behind TLS.
//!
//! The node's /etc/hosts maps both mirror names and registry-1.docker.io to 127.0.0.1; nothing
//! listens on 443, so the upstream is unreachable and only the mirror can serve a pull.
//!
//! 1. containerd 1.6.20 with the old config.toml (no `config_path`) pulls `docker.io/e2e/app:ok`
//!    through the CRI, and the mirror's log shows the request.
//! 2. `registries_from_config_toml(file(...))` of that same file, rendered by the data source,
//!    goes through the suite's stages on every release (from the stock config, whose runcmd
//!    enables `config_path`): the CRI pull succeeds and the mirror's log shows it. With 1.c's
//!    config.toml credentials `ctr` fails with 401 (it reads no config.toml).
//! 3. Control: the same file with the endpoint on a dead port, migrated: the pulls fail and the
//!    mirror never sees the image requested.
//! 4. For 1.c, the migrated registries delivered by the `ignition` output on every release:
//!    Ignition's files stage (`ignition-apply`, scripts/install-ignition) writes the files into
//!    the node's /etc/containerd, the script its unit runs enables `config_path` and restarts
//!    containerd, and the CRI pull goes through the mirror. Control: the same files without
//!    running the unit's script; the stock config.toml ignores them and the pull fails.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::node::Node;
use super::registry::{self, Registry, RegistryOptions, Seed};
use super::{
    oci, procs, provider, releases, run_scenario, setup, template, terraform, write, AuthRegistry,
    Variant, AUTH_FAILED, PULL_TIMEOUT,
};

const ETC_HOSTS: [(&str, &str); 3] = [
    ("127.0.0.1", "public-mirror.example.com"),
    ("127.0.0.1", "giantswarm.azurecr.io"),
    ("127.0.0.1", "registry-1.docker.io"),
];

/// A mirror serving `e2e/app:ok` and `:control`.
struct Mirror {
    layout: oci::Layout,
    registry: Registry,
    /// TLS and basic auth: the CA's absolute path and the credentials.
    secured: Option<(String, &'static str, String)>,
}

/// Seed 001's mirror: plain HTTP.
fn plain_mirror(dir: &Path, name: &str) -> Mirror {
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let registry =
        Registry::start(&dir.join("registry"), &RegistryOptions::default()).expect("registry");
    registry::seed(&layout, &registry, "e2e/app", &Seed::default()).expect("seed");
    Mirror {
        layout,
        registry,
        secured: None,
    }
}

/// 1.c's mirror: htpasswd behind TLS, the certificate naming `host` (and 127.0.0.1, for
/// seeding), its CA at an absolute path the nodes see.
fn secured_mirror(dir: &Path, name: &str, host: &str) -> Mirror {
    let auth = AuthRegistry::start_for(dir, name, &[host, "127.0.0.1"]);
    let ca_file = dir.join("pki/mirror-ca.crt");
    write(&ca_file, &auth.ca.cert);
    Mirror {
        layout: auth.layout,
        registry: auth.reg,
        secured: Some((ca_file.to_string_lossy().into_owned(), auth.user, auth.pass)),
    }
}

/// One old config.toml and what its migrated hosts.toml must say.
struct Case {
    name: &'static str,
    /// e2e/migration/<name>.toml.
    tables: &'static str,
    /// The mirror URL the migrated docker.io hosts.toml must hold, for a port.
    host_url: fn(u16) -> String,
}

/// The release's default config.toml with the case's tables for an endpoint on `port`.
fn old_config(default: &str, case: &Case, m: &Mirror, port: u16) -> String {
    let mut vars = vec![("PORT", port.to_string())];
    if let Some((ca_file, user, pass)) = &m.secured {
        vars.push(("CA_FILE", ca_file.clone()));
        vars.push(("USER", user.to_string()));
        vars.push(("PASSWORD", pass.clone()));
    }
    let tables = template(&format!("e2e/migration/{}.toml", case.tables), &vars);
    format!("{default}{tables}")
}

/// The mirror's log since `seen` (advanced to its end).
fn new_log(m: &Mirror, seen: &Cell<usize>) -> String {
    let log = m.registry.daemon.log_text();
    let mine = log.get(seen.get()..).unwrap_or_default().to_string();
    seen.set(log.len());
    mine
}

fn pulls_the_same_after_migration(case: &Case, m: &Mirror, dir: &Path) {
    let ok = m.layout.image("ok").config_digest.clone();
    let release = releases()
        .iter()
        .find(|r| r.version == "1.6.20")
        .expect("containerd 1.6.20 among the releases");
    let default = release.config_default().expect("containerd config default");
    let dead = procs::free_port();
    assert!(!procs::port_open(dead), "port {dead} should be closed");
    let seen = Cell::new(0usize);
    new_log(m, &seen);

    // 1. The old config on containerd 1.6.20.
    let old = old_config(&default, case, m, m.registry.port);
    let mut node = Node::new(&dir.join("old-config"), &ETC_HOSTS, release).expect("node");
    node.install_config(Some(&old)).expect("config.toml");
    node.start_containerd()
        .unwrap_or_else(|e| panic!("containerd 1.6.20 with the old config: {e}\n{old}"));
    let pulled = node.cri_pull("docker.io/e2e/app:ok", PULL_TIMEOUT);
    let log = new_log(m, &seen);
    assert_eq!(
        pulled.as_deref(),
        Ok(ok.as_str()),
        "[{}] the old config.toml must pull through the mirror\n--- containerd log ---\n{}",
        case.name,
        procs::tail(&node.containerd_log(), 40)
    );
    assert!(
        log.contains("/v2/e2e/app/manifests/ok"),
        "[{}] the mirror never saw the pull:\n{log}",
        case.name
    );
    drop(node);
    eprintln!(
        "{}: containerd 1.6.20 pulled docker.io/e2e/app:ok through the mirror with the old config.toml",
        case.name
    );

    // 2. and 3. The migrated config, and the control pointing elsewhere.
    let credentials_in_config_toml = m.secured.is_some();
    let variant = |vname: &'static str, port: u16, tag: &str, expect: bool| Variant {
        name: vname,
        structured: Some((
            template(
                "e2e/migration/migrated.tf",
                &[("FORMATS", "\"files\", \"cloud_config\"".into())],
            ),
            vec![("config.toml".into(), old_config(&default, case, m, port))],
        )),
        namespaces: vec!["docker.io".into()],
        etc_hosts: ETC_HOSTS.to_vec(),
        reference: format!("docker.io/e2e/app:{tag}"),
        expect: expect.then(|| m.layout.image(tag).config_digest.clone()),
        ctr_fails_because: (expect && credentials_in_config_toml).then_some(AUTH_FAILED),
        fail_because: if expect { &[] } else { &["connection refused"] },
        ..Default::default()
    };
    let variants = [
        variant("migrated", m.registry.port, "ok", true),
        variant("control_migrated_elsewhere", dead, "control", false),
    ];
    run_scenario(case.name, dir, &variants, |vname, out| {
        let log = new_log(m, &seen);
        let hosts = out.rendered_hosts("docker.io");
        if vname == "migrated" {
            let mut want = vec![format!("[host.\"{}\"]", (case.host_url)(m.registry.port))];
            if let Some((ca_file, _, _)) = &m.secured {
                want.push(format!("ca = [\"{ca_file}\"]"));
            }
            if let Some(missing) = want.iter().find(|w| !hosts.contains(w.as_str())) {
                return Err(format!("the migrated hosts.toml lacks {missing}:\n{hosts}"));
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

#[test]
fn seed_001_mirrors_pull_the_same_after_migration() {
    let case = Case {
        name: "migration_seed_001",
        tables: "seed-001",
        host_url: |port| format!("http://public-mirror.example.com:{port}"),
    };
    let scratch = setup(case.name);
    let m = plain_mirror(scratch.path(), case.name);
    pulls_the_same_after_migration(&case, &m, scratch.path());
}

#[test]
fn giant_swarm_1c_mirrors_pull_the_same_after_migration() {
    let case = Case {
        name: "migration_giant_swarm_1c",
        tables: "giant-swarm-1c",
        // Given without a scheme: containerd 1.6 used https.
        host_url: |port| format!("https://giantswarm.azurecr.io:{port}"),
    };
    let scratch = setup(case.name);
    let m = secured_mirror(scratch.path(), case.name, "giantswarm.azurecr.io");
    pulls_the_same_after_migration(&case, &m, scratch.path());
    delivered_by_ignition(&case, &m, scratch.path());
}

/// The `ignition` output of the migrated registries, rendered by the first Terraform core.
fn render_ignition(dir: &Path, config_toml: &str) -> String {
    let work = dir.join("tf");
    write(&work.join("files/config.toml"), config_toml);
    write(
        &work.join("registries.tf"),
        &template(
            "e2e/migration/migrated.tf",
            &[("FORMATS", "\"files\", \"ignition\"".into())],
        ),
    );
    write(
        &work.join("main.tf"),
        &format!(
            "terraform {{\n  required_providers {{\n    containerd = {{\n      source = \"{}\"\n    }}\n  }}\n}}\n\noutput \"ignition\" {{\n  value     = data.containerd_registry_files.node.ignition\n  sensitive = true\n}}\n",
            provider::ADDRESS
        ),
    );
    let cli_config = dir.join("cli.tfrc");
    provider::write_dev_overrides_config(&cli_config).expect("cli config");
    let core = &terraform::cores().unwrap_or_else(|e| panic!("{e}"))[0];
    let logs = dir.join("tf-logs");
    std::fs::create_dir_all(&logs).expect("mkdir");
    let mut session = terraform::Session::new(core, work, logs, false);
    session.use_cli_config(&cli_config);
    let (_, v) = session
        .apply_and_outputs()
        .unwrap_or_else(|e| panic!("{e}"));
    v["ignition"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no ignition output: {v}"))
        .to_string()
}

/// scripts/install-ignition's `ignition-apply` (built once, cached).
fn ignition_apply() -> PathBuf {
    let root = terraform::repo_root();
    let out = procs::run(
        Command::new(root.join("scripts/install-ignition")),
        std::time::Duration::from_secs(1800),
    )
    .expect("scripts/install-ignition");
    assert!(
        out.status.success(),
        "{}",
        procs::describe("scripts/install-ignition", &out)
    );
    root.join("target/tools/bin/ignition-apply")
}

/// Ignition's files stage writes `config` into a fresh root; its /etc/containerd is copied
/// (modes kept) into the node's.
fn apply_to_node(config: &str, dir: &Path, node: &Node) {
    let root = dir.join("ignition-root");
    write(&root.join("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    write(&root.join("etc/group"), "root:x:0:\n");
    let path = dir.join("node.ign");
    write(&path, config);
    let mut cmd = Command::new(ignition_apply());
    cmd.env("container", "node-e2e")
        .arg("--root")
        .arg(&root)
        .arg(&path);
    let out = procs::run(cmd, std::time::Duration::from_secs(60)).expect("ignition-apply");
    assert!(
        out.status.success(),
        "{}",
        procs::describe("ignition-apply", &out)
    );
    copy_tree(&root.join("etc/containerd"), &node.etc);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn delivered_by_ignition(case: &Case, m: &Mirror, dir: &Path) {
    let reference = "docker.io/e2e/app:ok";
    let ok = m.layout.image("ok").config_digest.clone();
    let mut failures = Vec::new();
    let mut config = None;
    for release in releases() {
        let rdir = dir.join("ignition").join(release.label());
        let default = release.config_default().expect("containerd config default");
        // One rendering serves every release: the input is the 1.6.20 node's config.toml.
        let config = config.get_or_insert_with(|| {
            let stock = releases()[0].config_default().expect("config default");
            render_ignition(
                &dir.join("ignition"),
                &old_config(&stock, case, m, m.registry.port),
            )
        });
        for (vname, enable) in [("control_unit_not_run", false), ("ignition", true)] {
            let mut node = Node::new(&rdir.join(vname), &ETC_HOSTS, release).expect("node");
            node.install_config(Some(&default)).expect("config.toml");
            apply_to_node(config, &rdir.join(vname), &node);
            if enable {
                let said = node
                    .run_runcmd(&node.etc.join("registry-config.sh"))
                    .unwrap_or_else(|e| panic!("[{}] the unit's script: {e}", release.version));
                let (_, config_path) = node.config_dump().expect("config dump");
                if config_path.as_deref() != Some(super::node::CERTS_D)
                    || node.systemctl_calls != ["restart containerd"]
                {
                    failures.push(format!(
                        "[{} {vname}] config_path {config_path:?}, systemctl {:?}: {said}",
                        release.version, node.systemctl_calls
                    ));
                    continue;
                }
            }
            node.start_containerd().expect("containerd");
            let pulled = node.cri_pull(reference, PULL_TIMEOUT);
            match (enable, &pulled) {
                (true, Ok(id)) if *id == ok => {}
                (false, Err(e)) if e.contains("connection refused") => {}
                _ => failures.push(format!(
                    "[{} {vname}] CRI pull: {pulled:?}\n{}",
                    release.version,
                    procs::tail(&node.containerd_log(), 20)
                )),
            }
            eprintln!(
                "{}: [{} {vname}] CRI pull: {pulled:?}",
                case.name, release.version
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
