//! Node end-to-end suite: the provider's output, written by cloud-init, makes a real containerd
//! pull through the mirror, with the right CA, client certificate and credentials, with `ctr`
//! and on the path kubelet uses (CRI `runtime.v1.ImageService/PullImage`).
//!
//! Every variant of every scenario goes through four stages:
//! 1. render: a real Terraform core runs `e2e/render/main.tf` with the provider cargo built;
//! 2. cloud-init's own `write_files` writes the rendered files in a private mount namespace whose
//!    `/etc/containerd` is a scratch directory; modes are checked (keys 0600);
//! 3. `containerd config default` is the starting config.toml, the rendered `runcmd` enables
//!    `config_path` (run twice: it must be idempotent), `containerd config dump` must report
//!    `/etc/containerd/certs.d`;
//! 4. containerd starts with that config.toml (own root, state and socket under a temp dir) and
//!    the image is pulled with `ctr image pull --hosts-dir` and through the CRI. Images come
//!    from an OCI layout the test writes, seeded into local registries with skopeo; references
//!    name registries that do not exist, so only the configured hosts can serve them.
//!
//! Scenarios render either hand-written `hosts`/`certs` files (e2e/hosts) or structured
//! `registries` input (e2e/structured: credentials in config.toml or as a header, drop-in
//! config mode, ordered mirrors, inline PEM, a registry with no mirrors).
//!
//! Each scenario has a negative control (a second rendering that differs in the one setting
//! under test) whose pulls must both FAIL. With config.toml credentials, which only the CRI
//! uses, `ctr` must fail (401) while the CRI pull succeeds.
//!
//! Needs root and Debian's containerd, docker-registry, skopeo, nginx-light, apache2-utils,
//! cloud-init; with `CI=true` they are installed when missing, elsewhere the test fails saying
//! what to install. Everything listens on 127.0.0.1 only. `NODE_E2E_KEEP=1` keeps the temp dirs.
//!
//! Run: `cargo test --test node_e2e` (as root).

#[allow(dead_code)]
#[path = "acceptance/provider.rs"]
mod provider;
#[allow(dead_code)]
#[path = "acceptance/terraform.rs"]
mod terraform;

#[path = "node_e2e/cri.rs"]
mod cri;
#[path = "node_e2e/no_fallback.rs"]
mod no_fallback;
#[path = "node_e2e/node.rs"]
mod node;
#[path = "node_e2e/oci.rs"]
mod oci;
#[path = "node_e2e/pki.rs"]
mod pki;
#[path = "node_e2e/procs.rs"]
mod procs;
#[path = "node_e2e/registry.rs"]
mod registry;
#[path = "node_e2e/render.rs"]
mod render;
#[path = "node_e2e/tools.rs"]
mod tools;

use std::path::Path;
use std::time::Instant;

use base64::Engine as _;

use node::{Node, CERTS_D};
use registry::{PathPrefixProxy, Registry, RegistryOptions, Seed};

/// The scenario's temp dir; kept with NODE_E2E_KEEP=1.
struct Scratch(Option<tempfile::TempDir>);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let t = tempfile::Builder::new()
            .prefix(&format!("node-e2e-{name}-"))
            .tempdir()
            .expect("temp dir");
        Scratch(Some(t))
    }
    fn path(&self) -> &Path {
        self.0.as_ref().expect("temp dir").path()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::env::var_os("NODE_E2E_KEEP").is_some() {
            if let Some(t) = self.0.take() {
                eprintln!("NODE_E2E_KEEP: kept {}", t.keep().display());
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

/// A hosts file template from e2e/hosts/<scenario>/<name>.toml with `{{KEY}}`s filled in.
fn hosts_template(scenario: &str, name: &str, vars: &[(&str, String)]) -> String {
    template(&format!("e2e/hosts/{scenario}/{name}.toml"), vars)
}

/// A structured-input data source block from e2e/structured/<scenario>/<name>.tf with
/// `{{KEY}}`s filled in.
fn structured_template(scenario: &str, name: &str, vars: &[(&str, String)]) -> String {
    template(&format!("e2e/structured/{scenario}/{name}.tf"), vars)
}

fn template(rel: &str, vars: &[(&str, String)]) -> String {
    let path = terraform::repo_root().join(rel);
    let mut s =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (k, v) in vars {
        s = s.replace(&format!("{{{{{k}}}}}"), v);
    }
    assert!(
        !s.contains("{{"),
        "{}: unfilled placeholder:\n{s}",
        path.display()
    );
    s
}

/// Runs on the node after stage 3, before containerd starts (containerd-side controls).
type NodeHook = Box<dyn Fn(&Node) -> Result<(), String>>;

/// One rendering of a scenario and what pulling must do with it.
#[derive(Default)]
struct Variant {
    name: &'static str,
    /// (namespace = file name, content).
    hosts: Vec<(String, String)>,
    /// (file name, content): shipped to /etc/containerd/certs/<name>.
    certs: Vec<(String, String)>,
    /// Extra /etc/hosts lines on the node: (ip, name).
    etc_hosts: Vec<(&'static str, &'static str)>,
    reference: String,
    /// Some(image ID): both pulls must succeed and the CRI must report this ID; None: both fail.
    expect: Option<String>,
    /// For a control: each failure must mention one of these (the reason under test).
    fail_because: &'static [&'static str],
    /// Structured input instead of `hosts`/`certs` files: the `data "containerd_registry_files"
    /// "node"` block and the (name, content) files it reads with `file("${path.module}/files/…")`.
    structured: Option<(String, Vec<(String, String)>)>,
    /// Namespaces the structured input must render `certs.d/<namespace>/hosts.toml` for.
    namespaces: Vec<String>,
    /// (namespace, PEM) given inline: each must be written under
    /// `/etc/containerd/certs/<namespace>/` and referenced from that namespace's hosts.toml.
    inline_pems: Vec<(String, String)>,
    /// With `expect` Some: ctr must FAIL for one of these reasons while the CRI pull succeeds
    /// (`ctr --hosts-dir` reads no config.toml credentials).
    ctr_fails_because: Option<&'static [&'static str]>,
    /// After stage 3, before containerd starts.
    after_enable: Option<NodeHook>,
}

/// What a variant showed.
struct Outcome {
    ctr: Result<String, String>,
    cri: Result<String, String>,
    node: Node,
    rendered: render::Rendered,
    /// Found before the pulls, not stopping them.
    problems: Vec<String>,
}

/// Stages 1–4 for one variant, in `dir`. Err: a stage before the pulls failed.
fn run_variant(dir: &Path, v: &Variant, log: &mut String) -> Result<Outcome, String> {
    let t0 = Instant::now();
    // The inputs, as a user would have them on disk.
    let mut host_paths = Vec::new();
    for (ns, content) in &v.hosts {
        let p = dir.join("input/hosts").join(ns);
        write(&p, content);
        host_paths.push(p);
    }
    let mut cert_paths = Vec::new();
    for (name, content) in &v.certs {
        let p = dir.join("input/certs").join(name);
        write(&p, content);
        cert_paths.push(p);
    }

    // 1. Render.
    let rendered = match &v.structured {
        Some((data_source, files)) => render::render_structured(dir, data_source, files)?,
        None => render::render(dir, &host_paths, &cert_paths)?,
    };
    log.push_str(&format!(
        "  [{}] 1 render ({}): {} files via {}\n",
        v.name,
        if v.structured.is_some() {
            "structured registries"
        } else {
            "hosts/certs files"
        },
        rendered.files.len(),
        rendered.core
    ));

    // 2. cloud-init writes the files (after the node's stock config.toml is in place).
    let mut node = Node::new(&dir.join("node"), &v.etc_hosts)?;
    node.install_default_config()?;
    let (written, runcmd) = node
        .cloud_init(&rendered.cloud_config)
        .map_err(|e| format!("stage 2 (cloud-init write_files): {e}"))?;
    check_written(&node, v, &rendered, &written)
        .map_err(|e| format!("stage 2 (files as written): {e}"))?;
    log.push_str(&format!(
        "  [{}] 2 cloud-init wrote {} files: {}\n",
        v.name,
        written.len(),
        written
            .iter()
            .map(|w| format!("{} {}", w.mode, w.path))
            .collect::<Vec<_>>()
            .join(", ")
    ));

    // 3. Enable config_path the way the output says.
    let runcmd = runcmd.ok_or_else(|| {
        format!(
            "stage 3: the rendered cloud_config has no runcmd to enable config_path:\n{}",
            rendered.cloud_config
        )
    })?;
    // cloud-init's runcmd script has no `set -e`: a failing command is only visible in its output.
    let said = node
        .run_runcmd(&runcmd)
        .map_err(|e| format!("stage 3 (runcmd): {e}"))?;
    let after_first = std::fs::read_to_string(node.etc.join("config.toml")).unwrap_or_default();
    node.run_runcmd(&runcmd)
        .map_err(|e| format!("stage 3 (runcmd, second run): {e}"))?;
    let after_second = std::fs::read_to_string(node.etc.join("config.toml")).unwrap_or_default();
    // Problems that do not stop the variant: it still goes on to the pulls.
    let mut problems = Vec::new();
    if after_first != after_second {
        let diff = format!(
            "config.toml changed on its second run\n\
             --- after the first run ---\n{after_first}\n--- after the second ---\n{after_second}"
        );
        let same_toml = match (
            after_first.parse::<toml_edit::DocumentMut>(),
            after_second.parse::<toml_edit::DocumentMut>(),
        ) {
            (Ok(a), Ok(b)) => toml_value(a.as_table()) == toml_value(b.as_table()),
            _ => false,
        };
        if !same_toml {
            return Err(format!("stage 3: the runcmd is not idempotent: {diff}"));
        }
        // Same settings, different bytes: the node works, but the file grows on every run.
        problems.push(format!(
            "stage 3: the runcmd is not byte-for-byte idempotent (same TOML, different text): {diff}"
        ));
    }
    if !node
        .systemctl_calls
        .iter()
        .any(|c| c.split_whitespace().eq(["restart", "containerd"]))
        && !node
            .systemctl_calls
            .iter()
            .any(|c| c.split_whitespace().eq(["restart", "containerd.service"]))
    {
        return Err(format!(
            "stage 3: the runcmd never ran `systemctl restart containerd` (calls: {:?})",
            node.systemctl_calls
        ));
    }
    let (dump, config_path) = node
        .config_dump()
        .map_err(|e| format!("stage 3 (config dump): {e}\n--- config.toml ---\n{after_second}"))?;
    if config_path.as_deref() != Some(CERTS_D) {
        return Err(format!(
            "stage 3: `containerd config dump` reports config_path {config_path:?}, want {CERTS_D:?}\n\
             --- runcmd said ---\n{said}\n\
             --- config.toml after runcmd ---\n{after_second}\n--- dump ---\n{dump}"
        ));
    }
    log.push_str(&format!(
        "  [{}] 3 runcmd (twice, idempotent; systemctl {:?}) -> config dump config_path = {CERTS_D}\n",
        v.name, node.systemctl_calls
    ));

    if let Some(hook) = &v.after_enable {
        hook(&node).map_err(|e| format!("after stage 3: {e}"))?;
    }

    // 4. containerd with that config, then the pulls.
    node.start_containerd().map_err(|e| {
        format!("stage 4 (containerd start): {e}\n--- config.toml ---\n{after_second}")
    })?;
    let ctr = node.ctr_pull(&v.reference);
    let cri = node.cri_pull(&v.reference);
    log.push_str(&format!(
        "  [{}] 4 ctr pull {}: {}; CRI PullImage: {} ({:.1}s)\n",
        v.name,
        v.reference,
        if ctr.is_ok() { "ok" } else { "FAILED" },
        match &cri {
            Ok(id) => format!("ok {id}"),
            Err(e) => format!("FAILED ({})", first_line(e)),
        },
        t0.elapsed().as_secs_f64()
    ));
    Ok(Outcome {
        ctr,
        cri,
        node,
        rendered,
        problems,
    })
}

/// A TOML table as JSON, to compare documents by value (not by layout).
fn toml_value(t: &toml_edit::Table) -> serde_json::Value {
    fn item(i: &toml_edit::Item) -> serde_json::Value {
        match i {
            toml_edit::Item::None => serde_json::Value::Null,
            toml_edit::Item::Value(v) => value(v),
            toml_edit::Item::Table(t) => toml_value(t),
            toml_edit::Item::ArrayOfTables(a) => a.iter().map(toml_value).collect(),
        }
    }
    fn value(v: &toml_edit::Value) -> serde_json::Value {
        match v {
            toml_edit::Value::Array(a) => a.iter().map(value).collect(),
            toml_edit::Value::InlineTable(t) => t
                .iter()
                .map(|(k, v)| (k.to_string(), value(v)))
                .collect::<serde_json::Map<_, _>>()
                .into(),
            other => serde_json::Value::String(other.to_string().trim().to_string()),
        }
    }
    t.iter()
        .map(|(k, i)| (k.to_string(), item(i)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// Every rendered file was written where the output says, owned root:root, with the rendered
/// permissions; private keys 0600; hosts files under certs.d/<namespace>/hosts.toml.
fn check_written(
    node: &Node,
    v: &Variant,
    rendered: &render::Rendered,
    written: &[node::Written],
) -> Result<(), String> {
    let mut problems = Vec::new();
    if written.len() != rendered.files.len() {
        problems.push(format!(
            "cloud_config write_files has {} entries, the files output {}",
            written.len(),
            rendered.files.len()
        ));
    }
    for f in &rendered.files {
        let path = f["path"].as_str().unwrap_or_default();
        let Some(w) = written.iter().find(|w| w.path == path) else {
            problems.push(format!("{path} (in files) was not written by cloud-init"));
            continue;
        };
        if let Some(perm) = f["permissions"].as_str() {
            if w.mode.trim_start_matches('0') != perm.trim_start_matches('0') {
                problems.push(format!("{path}: mode {} but rendered {perm}", w.mode));
            }
        }
        if (w.uid, w.gid) != (0, 0) {
            problems.push(format!("{path}: owner {}:{} not root:root", w.uid, w.gid));
        }
    }
    for w in written {
        let on_host = node.etc.join(w.path.trim_start_matches("/etc/containerd/"));
        if !w.path.starts_with("/etc/containerd/") || !on_host.is_file() {
            problems.push(format!("{} is not a file under /etc/containerd", w.path));
        }
        let is_key = w.path.ends_with(".key")
            || std::fs::read_to_string(&on_host).is_ok_and(|c| c.contains("PRIVATE KEY"));
        if is_key && w.mode != "0600" {
            problems.push(format!(
                "{}: private key with mode {}, want 0600",
                w.path, w.mode
            ));
        }
    }
    for (ns, _) in &v.hosts {
        let p = format!("{CERTS_D}/{ns}/hosts.toml");
        if !written.iter().any(|w| w.path == p) {
            problems.push(format!("{p} was not written"));
        }
    }
    for ns in &v.namespaces {
        let p = format!("{CERTS_D}/{ns}/hosts.toml");
        if !written.iter().any(|w| w.path == p) {
            problems.push(format!("{p} was not written"));
        }
    }
    for (ns, pem) in &v.inline_pems {
        let dir = format!("/etc/containerd/certs/{ns}/");
        let hosts = std::fs::read_to_string(node.etc.join(format!("certs.d/{ns}/hosts.toml")))
            .unwrap_or_default();
        let found = written.iter().find(|w| {
            w.path.starts_with(&dir)
                && std::fs::read_to_string(
                    node.etc.join(w.path.trim_start_matches("/etc/containerd/")),
                )
                .is_ok_and(|c| c.trim_end() == pem.trim_end())
        });
        match found {
            None => problems.push(format!(
                "an inline PEM of {ns} was not written to a file under {dir} ({})",
                first_line(pem)
            )),
            Some(w) => {
                if !hosts.contains(&format!("\"{}\"", w.path)) {
                    problems.push(format!(
                        "{}: written, but not referenced from certs.d/{ns}/hosts.toml:\n{hosts}",
                        w.path
                    ));
                }
                if pem.contains("PRIVATE KEY") && w.mode != "0600" {
                    problems.push(format!("{}: inline key with mode {}", w.path, w.mode));
                }
            }
        }
    }
    for (name, content) in &v.certs {
        let on_host = node.etc.join("certs").join(name);
        if std::fs::read_to_string(&on_host).ok().as_deref() != Some(content.as_str()) {
            problems.push(format!(
                "/etc/containerd/certs/{name} does not hold the certs input's content"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Runs the variants and checks each against its expectation; panics with everything needed.
/// containerd's log names the dead mirror on `port`: it was tried before the live one served.
fn dead_mirror_was_tried(out: &Outcome, port: u16) -> Result<(), String> {
    let dead_addr = format!("127.0.0.1:{port}");
    if out.node.containerd_log().contains(&dead_addr) {
        Ok(())
    } else {
        Err(format!(
            "containerd's log never mentions the dead mirror {dead_addr}: was it tried first?"
        ))
    }
}

fn run_scenario(
    name: &str,
    dir: &Path,
    variants: &[Variant],
    extra: impl Fn(&str, &Outcome) -> Result<(), String>,
) {
    let mut log = format!("scenario {name}\n");
    let mut failures = Vec::new();
    for v in variants {
        let vdir = dir.join(v.name);
        match run_variant(&vdir, v, &mut log) {
            Err(e) => failures.push(format!("[{}] {e}", v.name)),
            Ok(out) => {
                for p in &out.problems {
                    failures.push(format!("[{}] {p}", v.name));
                }
                let ctx = || {
                    format!(
                        "--- containerd log (tail) ---\n{}",
                        procs::tail(&out.node.containerd_log(), 40)
                    )
                };
                if let Ok(ver) = out.node.containerd_version() {
                    log.push_str(&format!("  [{}] containerd {ver}\n", v.name));
                }
                match &v.expect {
                    Some(id) => {
                        match (&out.ctr, v.ctr_fails_because) {
                            (Err(e), None) => failures.push(format!(
                                "[{}] ctr pull must succeed:\n{e}\n{}",
                                v.name,
                                ctx()
                            )),
                            (Ok(_), Some(_)) => failures.push(format!(
                                "[{}] ctr pull must FAIL (it reads no config.toml credentials) but succeeded",
                                v.name
                            )),
                            (Err(e), Some(want)) if !want.iter().any(|w| e.contains(w)) => {
                                failures.push(format!(
                                    "[{}] ctr pull failed, but not for one of {want:?}:\n{e}",
                                    v.name
                                ))
                            }
                            _ => {}
                        }
                        match &out.cri {
                            Err(e) => failures.push(format!(
                                "[{}] CRI PullImage must succeed: {e}\n{}",
                                v.name,
                                ctx()
                            )),
                            Ok(got) if got != id => failures.push(format!(
                                "[{}] CRI PullImage returned image {got}, want {id}",
                                v.name
                            )),
                            Ok(_) => {}
                        }
                    }
                    None => {
                        for (how, r) in [("ctr pull", &out.ctr), ("CRI PullImage", &out.cri)] {
                            if let Err(e) = r {
                                if !v.fail_because.is_empty()
                                    && !v.fail_because.iter().any(|want| e.contains(want))
                                {
                                    failures.push(format!(
                                        "[{}] negative control: {how} failed, but not for the reason \
                                         under test (want one of {:?}):\n{e}",
                                        v.name, v.fail_because
                                    ));
                                }
                            }
                        }
                        if out.ctr.is_ok() {
                            failures.push(format!(
                                "[{}] negative control: ctr pull of {} must FAIL but succeeded",
                                v.name, v.reference
                            ));
                        }
                        if let Ok(id) = &out.cri {
                            failures.push(format!(
                                "[{}] negative control: CRI PullImage of {} must FAIL but returned {id}",
                                v.name, v.reference
                            ));
                        }
                    }
                }
                if let Err(e) = extra(v.name, &out) {
                    failures.push(format!("[{}] {e}", v.name));
                }
            }
        }
    }
    eprintln!("{log}");
    assert!(
        failures.is_empty(),
        "{log}\n{} problem(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn setup(name: &str) -> Scratch {
    if let Err(e) = tools::ensure() {
        panic!("node_e2e prerequisites: {e}");
    }
    Scratch::new(name)
}

/// SCS's shipped docker.io host file (4-space indent, `capabilities = ["pull"]`,
/// `override_path = true`), its mirror being nginx serving a registry under `/v2/docker.io/` as
/// registry.scs.community does. A pull-only mirror is used for by-digest references (tags are
/// resolved upstream), so the reference is `docker.io/library/e2e@sha256:…`.
/// Control: the same file without `override_path` (containerd appends /v2: 404, then upstream,
/// unreachable).
#[test]
fn scs_path_prefixed_mirror_with_override_path() {
    let name = "scs_override_path";
    let scratch = setup(name);
    let dir = scratch.path();
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let backend =
        Registry::start(&dir.join("registry"), &RegistryOptions::default()).expect("registry");
    registry::seed(&layout, &backend, "library/e2e", &Seed::default()).expect("seed");
    let proxy = PathPrefixProxy::start(&dir.join("nginx"), "docker.io", &backend).expect("nginx");
    let vars = [("MIRROR_PORT", proxy.port.to_string())];
    let ok = layout.image("ok");
    // By digest: the manifest as stored in the registry (skopeo compressed the layer).
    let ok_digest = registry::manifest_digest(&backend, "library/e2e", "ok").expect("digest");
    let control_digest =
        registry::manifest_digest(&backend, "library/e2e", "control").expect("digest");
    let variants = [
        Variant {
            name: "with_override_path",
            hosts: vec![(
                "docker.io".into(),
                hosts_template(name, "with_override_path", &vars),
            )],
            certs: vec![],
            etc_hosts: vec![],
            reference: format!("docker.io/library/e2e@{ok_digest}"),
            expect: Some(ok.config_digest.clone()),
            fail_because: &[],
            ..Default::default()
        },
        Variant {
            name: "control_without_override_path",
            hosts: vec![(
                "docker.io".into(),
                hosts_template(name, "control_without_override_path", &vars),
            )],
            certs: vec![],
            etc_hosts: vec![],
            reference: format!("docker.io/library/e2e@{control_digest}"),
            expect: None,
            fail_because: &[],
            ..Default::default()
        },
    ];
    run_scenario(name, dir, &variants, |variant, _| {
        let log = proxy.access_log();
        if variant == "with_override_path" {
            let want = format!("/v2/docker.io/library/e2e/manifests/{ok_digest}?ns=docker.io");
            if !log.contains(&want) {
                return Err(format!("nginx never saw {want}; access.log:\n{log}"));
            }
        } else {
            let want = "/v2/docker.io/v2/library/e2e/manifests/";
            if !log.contains(want) {
                return Err(format!(
                    "without override_path containerd should have asked nginx for {want}…; access.log:\n{log}"
                ));
            }
        }
        Ok(())
    });
}

/// Seed 004: a private registry on host:port with a self-signed certificate (CN and SAN
/// `docker-registry`, CA:TRUE like `openssl req -x509`), the hosts directory named
/// `docker-registry:<port>` and the CA shipped to /etc/containerd/certs/tls.crt. The node's
/// /etc/hosts maps docker-registry to 127.0.0.1. Control: a different self-signed CA.
#[test]
fn private_registry_host_port_self_signed_ca() {
    let name = "private_registry_ca";
    let scratch = setup(name);
    let dir = scratch.path();
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let pair = pki::self_signed_registry("docker-registry");
    let other = pki::self_signed_registry("docker-registry");
    let (cert, key) = (dir.join("server/tls.crt"), dir.join("server/tls.key"));
    write(&cert, &pair.cert);
    write(&key, &pair.key);
    let reg = Registry::start(
        &dir.join("registry"),
        &RegistryOptions {
            tls: Some((cert, key)),
            ..Default::default()
        },
    )
    .expect("registry");
    // The certificate names docker-registry, not 127.0.0.1: skopeo seeds without verifying.
    seed_insecure(&layout, &reg, "e2e/app");
    let ns = format!("docker-registry:{}", reg.port);
    let vars = [("PORT", reg.port.to_string())];
    let variant = |vname: &'static str, tag: &str, ca: &str, expect: Option<String>| Variant {
        name: vname,
        hosts: vec![(ns.clone(), hosts_template(name, vname, &vars))],
        certs: vec![("tls.crt".into(), ca.to_string())],
        etc_hosts: vec![("127.0.0.1", "docker-registry")],
        reference: format!("{ns}/e2e/app:{tag}"),
        fail_because: if expect.is_some() { &[] } else { &["x509"] },
        expect,
        ..Default::default()
    };
    let variants = [
        variant(
            "with_ca",
            "ok",
            &pair.cert,
            Some(layout.image("ok").config_digest.clone()),
        ),
        variant("control_other_ca", "control", &other.cert, None),
    ];
    run_scenario(name, dir, &variants, |_, _| Ok(()));
}

fn seed_insecure(layout: &oci::Layout, reg: &Registry, repo: &str) {
    for image in &layout.images {
        let mut cmd = std::process::Command::new("/usr/bin/skopeo");
        cmd.args([
            "--insecure-policy",
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
        ])
        .arg(format!("oci:{}:{}", layout.dir.display(), image.tag))
        .arg(format!("docker://{}/{repo}:{}", reg.authority(), image.tag));
        let out = procs::run(cmd, std::time::Duration::from_secs(60)).expect("skopeo");
        assert!(
            out.status.success(),
            "{}",
            procs::describe("skopeo copy (no TLS verification)", &out)
        );
    }
}

/// A TLS registry on loopback whose certificate `ca` signed and that accepts only clients `ca`
/// signed (`http.tls.clientcas`), seeded with `layout` as `e2e/app` using `client`.
fn mtls_registry(dir: &Path, layout: &oci::Layout, ca: &pki::Ca, client: &pki::Pair) -> Registry {
    let server = ca.server(&["127.0.0.1"]);
    let sdir = dir.join("server");
    write(&sdir.join("tls.crt"), &server.cert);
    write(&sdir.join("tls.key"), &server.key);
    write(&sdir.join("ca.crt"), &ca.cert);
    let reg = Registry::start(
        &dir.join("registry"),
        &RegistryOptions {
            tls: Some((sdir.join("tls.crt"), sdir.join("tls.key"))),
            client_cas: vec![sdir.join("ca.crt")],
            ..Default::default()
        },
    )
    .expect("registry");
    let skopeo_certs = dir.join("skopeo-certs");
    write(&skopeo_certs.join("ca.crt"), &ca.cert);
    write(&skopeo_certs.join("client.cert"), &client.cert);
    write(&skopeo_certs.join("client.key"), &client.key);
    registry::seed(
        layout,
        &reg,
        "e2e/app",
        &Seed {
            cert_dir: Some(&skopeo_certs),
            ..Default::default()
        },
    )
    .expect("seed");
    reg
}

/// A registry that requires client certificates (`http.tls.clientcas`); the hosts file names the
/// CA and the client pair the provider ships to /etc/containerd/certs (key 0600).
/// Control: the same without the client certificate.
#[test]
fn mtls_registry_with_client_certificate() {
    let name = "mtls";
    let scratch = setup(name);
    let dir = scratch.path();
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let ca = pki::Ca::new("node-e2e mTLS CA");
    let client = ca.client("node-e2e-node");
    let reg = mtls_registry(dir, &layout, &ca, &client);
    let ns = "mtls.registry.invalid".to_string();
    let vars = [("PORT", reg.port.to_string())];
    let variants = [
        Variant {
            name: "with_client_cert",
            hosts: vec![(ns.clone(), hosts_template(name, "with_client_cert", &vars))],
            certs: vec![
                ("mtls-ca.crt".into(), ca.cert.clone()),
                ("mtls-client.crt".into(), client.cert.clone()),
                ("mtls-client.key".into(), client.key.clone()),
            ],
            etc_hosts: vec![],
            reference: format!("{ns}/e2e/app:ok"),
            expect: Some(layout.image("ok").config_digest.clone()),
            fail_because: &[],
            ..Default::default()
        },
        Variant {
            name: "control_without_client_cert",
            hosts: vec![(
                ns.clone(),
                hosts_template(name, "control_without_client_cert", &vars),
            )],
            certs: vec![("mtls-ca.crt".into(), ca.cert.clone())],
            etc_hosts: vec![],
            reference: format!("{ns}/e2e/app:control"),
            expect: None,
            fail_because: &["bad certificate", "certificate required"],
            ..Default::default()
        },
    ];
    run_scenario(name, dir, &variants, |_, _| Ok(()));
}

/// An htpasswd (bcrypt) registry behind TLS (its CA from a fresh CA), seeded with "ok" and
/// "control".
struct AuthRegistry {
    layout: oci::Layout,
    ca: pki::Ca,
    reg: Registry,
    user: &'static str,
    pass: String,
}

impl AuthRegistry {
    fn start(dir: &Path, name: &str) -> AuthRegistry {
        let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
        let ca = pki::Ca::new("node-e2e auth CA");
        let server = ca.server(&["127.0.0.1"]);
        let sdir = dir.join("server");
        write(&sdir.join("tls.crt"), &server.cert);
        write(&sdir.join("tls.key"), &server.key);
        let (user, pass) = ("e2e-user", format!("pw-{}", std::process::id()));
        registry::htpasswd(&sdir.join("htpasswd"), user, &pass).expect("htpasswd");
        let reg = Registry::start(
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
            &reg,
            "e2e/app",
            &Seed {
                cert_dir: Some(&skopeo_certs),
                creds: Some(&creds),
            },
        )
        .expect("seed");
        AuthRegistry {
            layout,
            ca,
            reg,
            user,
            pass,
        }
    }
}

/// A registry with htpasswd (bcrypt) basic auth; the credentials reach containerd as a
/// `[host."…".header] Authorization = "Basic …"` in the hosts file, which both ctr and the CRI
/// send. Control: a wrong password.
#[test]
fn htpasswd_basic_auth_via_authorization_header() {
    let name = "basic_auth";
    let scratch = setup(name);
    let dir = scratch.path();
    let AuthRegistry {
        layout,
        ca,
        reg,
        user,
        pass,
    } = AuthRegistry::start(dir, name);
    let basic = |p: &str| base64::engine::general_purpose::STANDARD.encode(format!("{user}:{p}"));
    let ns = "auth.registry.invalid".to_string();
    let variant = |vname: &'static str, tag: &str, password: &str, expect: Option<String>| {
        let vars = [("PORT", reg.port.to_string()), ("BASIC", basic(password))];
        Variant {
            name: vname,
            hosts: vec![(ns.clone(), hosts_template(name, vname, &vars))],
            certs: vec![("auth-ca.crt".into(), ca.cert.clone())],
            etc_hosts: vec![],
            reference: format!("{ns}/e2e/app:{tag}"),
            fail_because: if expect.is_some() {
                &[]
            } else {
                &["401 Unauthorized"]
            },
            expect,
            ..Default::default()
        }
    };
    let variants = [
        variant(
            "with_header",
            "ok",
            &pass,
            Some(layout.image("ok").config_digest.clone()),
        ),
        variant(
            "control_wrong_password",
            "control",
            "not-the-password",
            None,
        ),
    ];
    run_scenario(name, dir, &variants, |_, _| Ok(()));
}

/// The htpasswd registry with credentials declared as structured `registries` input (its CA
/// inline), in each credentials mode:
/// - `config_toml`: the rendered runcmd writes
///   `[plugins."io.containerd.grpc.v1.cri".registry.configs."127.0.0.1:<port>".auth]` into
///   config.toml. CRI PullImage, which carries no credentials in the request, succeeds because
///   containerd answers the Basic challenge with them; `ctr --hosts-dir` reads no config.toml
///   credentials and gets 401 (they are not in hosts.toml).
/// - `authorization_header`: an `Authorization: Basic …` header in hosts.toml; ctr and CRI pull.
///
/// Controls: a wrong password in either mode; both pulls fail with 401.
#[test]
fn htpasswd_basic_auth_via_config_toml_auth_cri() {
    basic_auth_structured(
        "basic_auth_structured",
        &[
            ("config_toml", true, true),
            ("control_config_toml_wrong_password", false, true),
            ("authorization_header", true, false),
            ("control_authorization_header_wrong_password", false, false),
        ],
    );
}

/// `config_mode = "drop_in"` on containerd 1.6 with config.toml credentials: the drop-in
/// /etc/containerd/conf.d/99-registry.toml (0600: it holds the auth table) and `imports` in
/// `containerd config default`'s config.toml must give config_path = /etc/containerd/certs.d;
/// containerd must start with its CRI plugin (the provider warns that on 1.x the drop-in
/// replaces the CRI section) and CRI PullImage must authenticate with the drop-in's credentials.
#[test]
fn drop_in_config_mode_on_1_6_with_config_toml_auth() {
    basic_auth_structured("basic_auth_drop_in", &[("config_toml_drop_in", true, true)]);
}

/// The htpasswd registry rendered from e2e/structured/basic_auth/<variant>.tf; each variant is
/// (name, must pull, ctr must fail because the credentials are CRI-only).
fn basic_auth_structured(name: &str, cases: &[(&'static str, bool, bool)]) {
    let scratch = setup(name);
    let dir = scratch.path();
    let AuthRegistry {
        layout,
        ca,
        reg,
        user,
        pass,
    } = AuthRegistry::start(dir, name);
    let ns = "auth.registry.invalid".to_string();
    let mirror_host = reg.authority();
    let variant = |vname: &'static str, password: &str, expect: bool, cri_only: bool| {
        let vars = [
            ("PORT", reg.port.to_string()),
            ("USER", user.to_string()),
            ("PASSWORD", password.to_string()),
        ];
        Variant {
            name: vname,
            structured: Some((
                structured_template("basic_auth", vname, &vars),
                vec![("auth-ca.crt".into(), ca.cert.clone())],
            )),
            namespaces: vec![ns.clone()],
            inline_pems: vec![(ns.clone(), ca.cert.clone())],
            reference: format!("{ns}/e2e/app:{}", if expect { "ok" } else { "control" }),
            expect: expect.then(|| layout.image("ok").config_digest.clone()),
            fail_because: if expect { &[] } else { &["401 Unauthorized"] },
            ctr_fails_because: (expect && cri_only).then_some(&["401 Unauthorized"][..]),
            ..Default::default()
        }
    };
    let variants: Vec<Variant> = cases
        .iter()
        .map(|&(vname, expect, cri_only)| {
            let password = if expect {
                pass.as_str()
            } else {
                "not-the-password"
            };
            variant(vname, password, expect, cri_only)
        })
        .collect();
    let auth_table =
        format!("[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"{mirror_host}\".auth]");
    run_scenario(name, dir, &variants, |vname, out| {
        let etc = &out.node.etc;
        let read = |rel: &str| std::fs::read_to_string(etc.join(rel)).unwrap_or_default();
        let hosts = read(&format!("certs.d/{ns}/hosts.toml"));
        let config = read("config.toml");
        let drop_in = read("conf.d/99-registry.toml");
        let mut problems = Vec::new();
        if vname.contains("config_toml") {
            if hosts.contains("Authorization") || hosts.contains(user) {
                problems.push(format!(
                    "config_toml credentials must not reach hosts.toml:\n{hosts}"
                ));
            }
            let (file, text) = if vname.ends_with("drop_in") {
                ("conf.d/99-registry.toml", &drop_in)
            } else {
                ("config.toml", &config)
            };
            if !text.contains(&auth_table) {
                problems.push(format!(
                    "{file} has no {auth_table} (the host containerd contacts):\n{text}"
                ));
            }
        } else if !hosts.contains("Authorization = \"Basic ") {
            problems.push(format!("no Authorization header in hosts.toml:\n{hosts}"));
        }
        if vname.ends_with("drop_in") {
            if !config.contains("imports") {
                problems.push(format!("config.toml does not import conf.d:\n{config}"));
            }
            if !out
                .rendered
                .apply_output
                .contains("replaces a whole plugin section")
            {
                problems.push(format!(
                    "no drop-in warning for containerd 1.6 in terraform apply's output:\n{}",
                    out.rendered.apply_output
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    });
}

/// Giant Swarm's RFC shape (decision 7.b), rendered from structured `registries`: docker.io
/// with two schemeless mirror endpoints in order, the first a closed port, the second a live
/// registry; containerd_version left at the provider's default. registry-1.docker.io is mapped
/// to 127.0.0.1 on the node (nothing listens on 443), so only the mirrors can serve.
/// Control: only the dead mirror.
#[test]
fn structured_two_mirrors_first_down_second_serves() {
    let name = "structured_two_mirrors";
    let scratch = setup(name);
    let dir = scratch.path();
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let live =
        Registry::start(&dir.join("registry"), &RegistryOptions::default()).expect("registry");
    registry::seed(&layout, &live, "e2e/app", &Seed::default()).expect("seed");
    let dead = procs::free_port();
    assert!(!procs::port_open(dead), "port {dead} should be closed");
    let vars = [
        ("DEAD_PORT", dead.to_string()),
        ("LIVE_PORT", live.port.to_string()),
    ];
    let variant = |vname: &'static str, expect: bool| Variant {
        name: vname,
        structured: Some((structured_template("two_mirrors", vname, &vars), vec![])),
        namespaces: vec!["docker.io".into()],
        etc_hosts: vec![("127.0.0.1", "registry-1.docker.io")],
        reference: format!(
            "docker.io/e2e/app:{}",
            if expect { "ok" } else { "control" }
        ),
        expect: expect.then(|| layout.image("ok").config_digest.clone()),
        fail_because: if expect { &[] } else { &["connection refused"] },
        ..Default::default()
    };
    let variants = [
        variant("dead_then_live", true),
        variant("control_dead_only", false),
    ];
    let dead_url = format!("[host.\"http://127.0.0.1:{dead}\"]");
    let live_url = format!("[host.\"http://127.0.0.1:{}\"]", live.port);
    run_scenario(name, dir, &variants, |vname, out| {
        let hosts = std::fs::read_to_string(out.node.etc.join("certs.d/docker.io/hosts.toml"))
            .unwrap_or_default();
        if !hosts.contains("server = \"https://registry-1.docker.io\"") {
            return Err(format!(
                "docker.io's server is not registry-1.docker.io:\n{hosts}"
            ));
        }
        if vname == "dead_then_live" {
            match (hosts.find(&dead_url), hosts.find(&live_url)) {
                (Some(d), Some(l)) if d < l => {}
                _ => {
                    return Err(format!(
                        "hosts.toml must hold {dead_url} then {live_url}:\n{hosts}"
                    ))
                }
            }
            dead_mirror_was_tried(out, dead)?;
        }
        Ok(())
    });
}

/// mTLS with every certificate given inline as PEM in structured `registries` (`ca =
/// [file(…)]`, `client_cert`, `client_key`): the provider writes them under
/// /etc/containerd/certs/<namespace>/ (key 0600) and references them from hosts.toml; containerd
/// must use them. Controls: no client certificate (the registry refuses the handshake); a CA
/// that did not sign the registry's certificate (x509).
#[test]
fn structured_mtls_inline_pem() {
    let name = "structured_mtls";
    let scratch = setup(name);
    let dir = scratch.path();
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let ca = pki::Ca::new("node-e2e structured mTLS CA");
    let other = pki::Ca::new("node-e2e other CA");
    let client = ca.client("node-e2e-structured-node");
    let reg = mtls_registry(dir, &layout, &ca, &client);
    let ns = "mtls.registry.invalid".to_string();
    let vars = [("PORT", reg.port.to_string())];
    let files = vec![
        ("ca.crt".to_string(), ca.cert.clone()),
        ("other-ca.crt".to_string(), other.cert.clone()),
        ("client.crt".to_string(), client.cert.clone()),
        ("client.key".to_string(), client.key.clone()),
    ];
    let variant = |vname: &'static str,
                   pems: &[&str],
                   expect: bool,
                   because: &'static [&'static str]| Variant {
        name: vname,
        structured: Some((structured_template("mtls", vname, &vars), files.clone())),
        namespaces: vec![ns.clone()],
        inline_pems: pems.iter().map(|p| (ns.clone(), p.to_string())).collect(),
        reference: format!("{ns}/e2e/app:{}", if expect { "ok" } else { "control" }),
        expect: expect.then(|| layout.image("ok").config_digest.clone()),
        fail_because: because,
        ..Default::default()
    };
    let variants = [
        variant(
            "with_client_cert",
            &[&ca.cert, &client.cert, &client.key],
            true,
            &[],
        ),
        variant(
            "control_without_client_cert",
            &[&ca.cert],
            false,
            &["bad certificate", "certificate required"],
        ),
        variant(
            "control_other_ca",
            &[&other.cert, &client.cert, &client.key],
            false,
            &["x509"],
        ),
    ];
    run_scenario(name, dir, &variants, |_, _| Ok(()));
}

/// A structured registry with no mirrors, only `server`, rendered for containerd 1.6: the
/// provider writes an empty `[host]` table, which containerd 1.6 needs to read the file at all.
/// The upstream is a live registry on 127.0.0.1 (the namespace itself does not resolve), so the
/// pull proves containerd read `server` from the file.
/// Control: the same rendering with the `[host]` line deleted from the written hosts.toml
/// before containerd starts (a containerd-side control: the provider refuses that form).
/// containerd 1.6.20 then logs `failed to decode hosts.toml: invalid `host` tree`, ignores the
/// file and pulls from `https://<namespace>`, which does not resolve.
#[test]
fn structured_upstream_only_empty_host_table_on_1_6() {
    let name = "structured_upstream_only";
    let scratch = setup(name);
    let dir = scratch.path();
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let upstream =
        Registry::start(&dir.join("registry"), &RegistryOptions::default()).expect("registry");
    registry::seed(&layout, &upstream, "e2e/app", &Seed::default()).expect("seed");
    let ns = "upstream.registry.invalid";
    let vars = [("PORT", upstream.port.to_string())];
    let hosts_rel = format!("certs.d/{ns}/hosts.toml");
    let variant = |vname: &'static str, expect: bool| Variant {
        name: vname,
        structured: Some((structured_template("upstream_only", vname, &vars), vec![])),
        namespaces: vec![ns.into()],
        reference: format!("{ns}/e2e/app:{}", if expect { "ok" } else { "control" }),
        expect: expect.then(|| layout.image("ok").config_digest.clone()),
        fail_because: if expect {
            &[]
        } else {
            &["https://upstream.registry.invalid/v2/"]
        },
        after_enable: (!expect).then(|| {
            let rel = hosts_rel.clone();
            Box::new(move |node: &Node| {
                let p = node.etc.join(&rel);
                let text = std::fs::read_to_string(&p).map_err(|e| e.to_string())?;
                let without: String = text
                    .lines()
                    .filter(|l| l.trim() != "[host]")
                    .map(|l| format!("{l}\n"))
                    .collect();
                if without == text {
                    return Err(format!("no [host] line to delete in:\n{text}"));
                }
                std::fs::write(&p, without).map_err(|e| e.to_string())
            }) as NodeHook
        }),
        ..Default::default()
    };
    let variants = [
        variant("no_mirrors", true),
        variant("control_host_table_removed", false),
    ];
    run_scenario(name, dir, &variants, |vname, out| {
        let log = out.node.containerd_log();
        let rejected = log.contains("failed to decode hosts.toml");
        if vname == "no_mirrors" {
            let hosts = std::fs::read_to_string(out.node.etc.join(&hosts_rel)).unwrap_or_default();
            if !hosts.lines().any(|l| l.trim() == "[host]") {
                return Err(format!("no empty [host] table rendered:\n{hosts}"));
            }
            if rejected {
                return Err("containerd logged `failed to decode hosts.toml`".into());
            }
        } else if !log.contains("invalid `host` tree") {
            return Err(format!(
                "containerd never logged `invalid `host` tree` for the file without [host]:\n{}",
                procs::tail(&log, 30)
            ));
        }
        Ok(())
    });
}

/// Two mirrors in order: the first is down (a closed port), the second serves.
/// Control: only the dead mirror.
#[test]
fn two_mirrors_first_down_second_serves() {
    let name = "two_mirrors";
    let scratch = setup(name);
    let dir = scratch.path();
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let live =
        Registry::start(&dir.join("registry"), &RegistryOptions::default()).expect("registry");
    registry::seed(&layout, &live, "e2e/app", &Seed::default()).expect("seed");
    let dead = procs::free_port();
    assert!(!procs::port_open(dead), "port {dead} should be closed");
    let vars = [
        ("DEAD_PORT", dead.to_string()),
        ("LIVE_PORT", live.port.to_string()),
    ];
    let ns = "mirrors.registry.invalid".to_string();
    let variants = [
        Variant {
            name: "dead_then_live",
            hosts: vec![(ns.clone(), hosts_template(name, "dead_then_live", &vars))],
            certs: vec![],
            etc_hosts: vec![],
            reference: format!("{ns}/e2e/app:ok"),
            expect: Some(layout.image("ok").config_digest.clone()),
            fail_because: &[],
            ..Default::default()
        },
        Variant {
            name: "control_dead_only",
            hosts: vec![(ns.clone(), hosts_template(name, "control_dead_only", &vars))],
            certs: vec![],
            etc_hosts: vec![],
            reference: format!("{ns}/e2e/app:control"),
            expect: None,
            fail_because: &["connection refused"],
            ..Default::default()
        },
    ];
    run_scenario(name, dir, &variants, |vname, out| {
        if vname == "dead_then_live" {
            dead_mirror_was_tried(out, dead)?;
        }
        Ok(())
    });
}

/// Stage 3 on other starting points than `containerd config default`: the config.toml Debian's
/// package ships (e2e/node-configs/debian-bookworm-package.toml, the conffile of containerd
/// 1.6.20~ds1-1+deb12u3), no config.toml, an empty one, one whose config_path points elsewhere.
/// Each must end with config_path = /etc/containerd/certs.d (config dump) and a containerd that
/// starts with its CRI plugin. Configs the enablement must refuse (CRI `mirrors`, which containerd
/// rejects together with config_path; a version 1 config, which ignores the CRI plugin's full
/// name) must be left byte-for-byte unchanged, with a message.
#[test]
fn enablement_on_other_starting_configs() {
    let name = "enablement";
    let scratch = setup(name);
    let dir = scratch.path();
    let hosts = dir.join("input/hosts/mirrors.registry.invalid");
    write(
        &hosts,
        "server = \"https://mirrors.registry.invalid\"\n\n[host.\"http://127.0.0.1:9\"]\n  capabilities = [\"pull\", \"resolve\"]\n",
    );
    let rendered = render::render(dir, &[hosts], &[]).expect("render");
    let default = {
        let out = std::process::Command::new("/usr/bin/containerd")
            .args(["config", "default"])
            .output()
            .expect("containerd config default");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let debian = std::fs::read_to_string(
        terraform::repo_root().join("e2e/node-configs/debian-bookworm-package.toml"),
    )
    .expect("fixture");
    let elsewhere = default.replace(
        "config_path = \"\"",
        "config_path = \"/etc/docker/certs.d\"",
    );
    assert_ne!(
        elsewhere, default,
        "containerd config default has no config_path line"
    );
    let with_mirrors = default.replace(
        "[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors]\n",
        "[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors]\n        [plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"docker.io\"]\n          endpoint = [\"https://mirror.invalid\"]\n",
    );
    assert_ne!(
        with_mirrors, default,
        "containerd config default has no mirrors table"
    );
    let version1 = "[plugins.cri]\n  sandbox_image = \"registry.k8s.io/pause:3.6\"\n".to_string();
    let cases: [(&str, Option<String>, bool); 6] = [
        ("debian_package_conffile", Some(debian), true),
        ("no_config_toml", None, true),
        ("empty_config_toml", Some(String::new()), true),
        ("config_path_elsewhere", Some(elsewhere), true),
        ("refuse_cri_mirrors", Some(with_mirrors), false),
        ("refuse_version_1", Some(version1), false),
    ];
    let mut log = String::from("enablement\n");
    let mut failures = Vec::new();
    for (label, start, enable) in cases {
        let result = (|| -> Result<String, String> {
            let mut node = Node::new(&dir.join(label), &[])?;
            node.install_config(start.as_deref())?;
            let (_, runcmd) = node.cloud_init(&rendered.cloud_config)?;
            let runcmd = runcmd.ok_or("no runcmd")?;
            if !enable {
                // A refused edit fails the runcmd (cloud-init reports it) and never restarts
                // containerd onto a configuration it would reject.
                let said = match node.run_runcmd(&runcmd) {
                    Ok(out) => {
                        return Err(format!("the runcmd succeeded on a refused config: {out}"))
                    }
                    Err(e) => e,
                };
                let after =
                    std::fs::read_to_string(node.etc.join("config.toml")).unwrap_or_default();
                if Some(&after) != start.as_ref() {
                    return Err(format!("config.toml was changed:\n{after}"));
                }
                if !said.contains("not changed") {
                    return Err(format!(
                        "no message saying config.toml was not changed: {said:?}"
                    ));
                }
                if node.systemctl_calls.iter().any(|c| c.contains("restart")) {
                    return Err(format!(
                        "containerd was restarted after a refused edit: {:?}",
                        node.systemctl_calls
                    ));
                }
                let reason = said
                    .lines()
                    .find(|l| l.contains("not changed"))
                    .unwrap_or_default();
                return Ok(format!(
                    "refused, unchanged, not restarted: {}",
                    reason.trim()
                ));
            }
            node.run_runcmd(&runcmd)?;
            let after = std::fs::read_to_string(node.etc.join("config.toml")).unwrap_or_default();
            node.run_runcmd(&runcmd)?;
            let again = std::fs::read_to_string(node.etc.join("config.toml")).unwrap_or_default();
            if again != after {
                return Err(format!("not idempotent:\n{after}\n--- then ---\n{again}"));
            }
            let (_, config_path) = node.config_dump()?;
            if config_path.as_deref() != Some(CERTS_D) {
                return Err(format!("config dump config_path {config_path:?}\n{after}"));
            }
            node.start_containerd()
                .map_err(|e| format!("{e}\n--- config.toml ---\n{after}"))?;
            Ok("config_path set, containerd and its CRI plugin start".into())
        })();
        match result {
            Ok(s) => log.push_str(&format!("  [{label}] {s}\n")),
            Err(e) => failures.push(format!("[{label}] {e}")),
        }
    }
    eprintln!("{log}");
    assert!(failures.is_empty(), "{log}\n{}", failures.join("\n\n"));
}
