//! Node end-to-end suite: the provider's output, written by cloud-init, makes a real containerd
//! pull through the mirror, with the right CA, client certificate and credentials, with `ctr`
//! and on the path kubelet uses (CRI `runtime.v1.ImageService/PullImage`).
//!
//! Every scenario runs on every containerd release (releases.rs): Debian's 1.6.20 and each 2.x
//! release in e2e/containerd2-versions (2.0.14, the oldest supported 2.x line, and 2.4.2, the
//! newest), built from the Go module proxy by scripts/install-containerd2. Every variant of
//! every scenario goes through four stages on each:
//! 1. render: every Terraform core found (`terraform::cores()`) runs `e2e/render/main.tf` with
//!    the provider cargo built; they must render the same. Structured scenarios pin
//!    `containerd_version` to the release they run on (two_mirrors keeps the default, whose
//!    output every release must read); hand-written `hosts` files render unpinned (checked for
//!    every release from 1.6 on), so one rendering serves every release;
//! 2. cloud-init's own `write_files` writes the rendered files in a private mount namespace whose
//!    `/etc/containerd` is a scratch directory; modes are checked (keys 0600);
//! 3. the release's own `containerd config default` is the starting config.toml (config
//!    version 2 on 1.6, 3 on 2.0, 4 on 2.4), the rendered `runcmd` enables `config_path` (run
//!    twice: it must be idempotent), `containerd config dump` must report
//!    `/etc/containerd/certs.d` in the release's registry plugin (`io.containerd.grpc.v1.cri`
//!    on 1.x, `io.containerd.cri.v1.images` on 2.x);
//! 4. that containerd starts with that config.toml (own root, state and socket under a temp
//!    dir), the daemon must report the release, and the image is pulled with
//!    `ctr image pull --hosts-dir` and through the CRI. Images come from an OCI layout the test
//!    writes, seeded into local registries with skopeo; references name registries that do not
//!    exist, so only the configured hosts can serve them.
//!
//! Scenarios render either hand-written `hosts`/`certs` files (e2e/hosts) or structured
//! `registries` input (e2e/structured: credentials in config.toml or as a header, drop-in
//! config mode, ordered mirrors, inline PEM, a registry with no mirrors, the version rules in
//! version_rules.rs). The enablement on other starting configs is enablement.rs.
//!
//! Each scenario has a negative control on every release (a second rendering that differs in
//! the one setting under test, or the same rendering changed on the node to show what a release
//! needs) whose pulls must both FAIL. With config.toml credentials, which only the CRI uses,
//! `ctr` must fail while the CRI pull succeeds. Where the provider refuses a setting for a
//! release, a provider-side control checks the refusal at plan.
//!
//! Needs root and Debian's containerd, docker-registry, skopeo, nginx-light, apache2-utils,
//! cloud-init, and the 2.x builds; with `CI=true` they are installed or built when missing,
//! elsewhere the test fails saying what to install. Everything listens on 127.0.0.1 only.
//! `NODE_E2E_KEEP=1` keeps the temp dirs; `NODE_E2E_RELEASES=2.4.2,1.6.20` narrows a local run.
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
#[path = "node_e2e/enablement.rs"]
mod enablement;
#[path = "node_e2e/migration.rs"]
mod migration;
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
#[path = "node_e2e/releases.rs"]
mod releases;
#[path = "node_e2e/render.rs"]
mod render;
#[path = "../src/domain/containerd_config/systemctl_stand_in.rs"]
mod systemctl_stand_in;
#[path = "node_e2e/tools.rs"]
mod tools;
#[path = "node_e2e/version_rules.rs"]
mod version_rules;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use base64::Engine as _;

use node::{Node, CERTS_D};
use registry::{PathPrefixProxy, Registry, RegistryOptions, Seed};
use releases::Release;

/// How a pull with missing or wrong credentials fails: 1.x reports the registry's
/// `401 Unauthorized`; 2.x answers the Basic challenge itself and fails with
/// `authorization failed: no basic auth credentials` when it has none (a wrong password in an
/// `Authorization` header is not a credential it can retry with).
const AUTH_FAILED: &[&str] = &["401 Unauthorized", "no basic auth credentials"];

/// How long one pull may take unless a variant says otherwise.
const PULL_TIMEOUT: Duration = Duration::from_secs(120);

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
    /// The node's config.toml before stage 2 (None: the release's `containerd config default`).
    starting_config: Option<String>,
    /// A provider-side control: rendering must FAIL with a message holding this text; the
    /// variant ends after stage 1.
    render_fails_because: Option<&'static str>,
    /// A bound on each pull (default [`PULL_TIMEOUT`]), for scenarios about timeouts.
    pull_timeout: Option<Duration>,
}

/// Renders already done in a scenario, by their inputs: a rendering depends only on them.
type RenderCache = HashMap<String, render::Rendered>;

/// What a variant showed.
struct Outcome {
    ctr: Result<String, String>,
    cri: Result<String, String>,
    node: Node,
    rendered: render::Rendered,
    /// Found before the pulls, not stopping them.
    problems: Vec<String>,
}

/// Stage 1 for one variant: from the cache when the same inputs were rendered before.
fn render_variant(
    dir: &Path,
    v: &Variant,
    host_paths: &[std::path::PathBuf],
    cert_paths: &[std::path::PathBuf],
    cache: &mut RenderCache,
) -> Result<(render::Rendered, bool), String> {
    let key = format!("{:?}|{:?}|{:?}", v.structured, v.hosts, v.certs);
    if let Some(r) = cache.get(&key) {
        return Ok((r.clone(), true));
    }
    let rendered = match &v.structured {
        Some((data_source, files)) => render::render_structured(dir, data_source, files)?,
        None => render::render(dir, host_paths, cert_paths, None)?,
    };
    cache.insert(key, rendered.clone());
    Ok((rendered, false))
}

/// Stages 1–4 for one variant on `release`, in `dir`. Ok(None): a provider-side control ended
/// after stage 1 as it must. Err: a stage before the pulls failed.
fn run_variant(
    dir: &Path,
    release: &Release,
    v: &Variant,
    log: &mut String,
    cache: &mut RenderCache,
) -> Result<Option<Outcome>, String> {
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
    let rendered = render_variant(dir, v, &host_paths, &cert_paths, cache);
    if let Some(want) = v.render_fails_because {
        return match rendered {
            Ok((r, _)) => Err(format!(
                "stage 1: rendering must FAIL (\"{want}\") but gave {} files",
                r.files.len()
            )),
            // Terraform wraps diagnostics at 76 columns: compare with blanks collapsed.
            Err(e)
                if !e
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .contains(want) =>
            {
                Err(format!(
                    "stage 1: rendering failed, but not saying \"{want}\":\n{e}"
                ))
            }
            Err(_) => {
                log.push_str(&format!(
                    "  [{}] 1 render refused as it must (\"{want}\")\n",
                    v.name
                ));
                Ok(None)
            }
        };
    }
    let (rendered, cached) = rendered?;
    log.push_str(&format!(
        "  [{}] 1 render ({}): {} files via {}{}\n",
        v.name,
        if v.structured.is_some() {
            "structured registries"
        } else {
            "hosts/certs files"
        },
        rendered.files.len(),
        rendered.core,
        if cached {
            " (same inputs as before)"
        } else {
            ""
        }
    ));

    // 2. cloud-init writes the files (after the node's stock config.toml is in place).
    let mut node = Node::new(&dir.join("node"), &v.etc_hosts, release)?;
    match &v.starting_config {
        None => node.install_default_config()?,
        Some(text) => node.install_config(Some(text))?,
    }
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
    let timeout = v.pull_timeout.unwrap_or(PULL_TIMEOUT);
    let ctr = node.ctr_pull(&v.reference, timeout);
    let cri = node.cri_pull(&v.reference, timeout);
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
    Ok(Some(Outcome {
        ctr,
        cri,
        node,
        rendered,
        problems,
    }))
}

impl Outcome {
    /// The hosts.toml rendered for `namespace` (from the `files` output: the control hooks
    /// may have changed or removed the written one).
    fn rendered_hosts(&self, namespace: &str) -> String {
        let path = format!("{CERTS_D}/{namespace}/hosts.toml");
        self.rendered
            .files
            .iter()
            .find(|f| f["path"].as_str() == Some(path.as_str()))
            .and_then(|f| f["content"].as_str())
            .unwrap_or_default()
            .to_string()
    }
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

/// version_rules::dial_timeout_per_release. Defined here because the harness starts tests in
/// name order: `version_rules::…` would start last and, as the longest test, end the suite
/// alone.
#[test]
fn dial_timeout_per_release() {
    version_rules::dial_timeout_per_release();
}

/// Runs the same `variants` on every containerd release; `extra` checks more about each
/// outcome. Panics with everything needed when anything failed.
fn run_scenario(
    name: &str,
    dir: &Path,
    variants: &[Variant],
    extra: impl Fn(&str, &Outcome) -> Result<(), String>,
) {
    run_on_releases(
        name,
        dir,
        |_, run| variants.iter().for_each(run),
        |_, vname, out| extra(vname, out),
    );
}

/// Runs the scenario on every containerd release: `variants` gives each release's variants
/// (what they render or expect depends on it); `extra` checks more about each outcome.
fn run_scenario_per_release(
    name: &str,
    dir: &Path,
    variants: impl Fn(&Release) -> Vec<Variant>,
    extra: impl Fn(&Release, &str, &Outcome) -> Result<(), String>,
) {
    run_on_releases(
        name,
        dir,
        |release, run| variants(release).iter().for_each(run),
        extra,
    );
}

/// Each release in turn: `for_each_variant` hands each of the release's variants to `run`.
fn run_on_releases(
    name: &str,
    dir: &Path,
    for_each_variant: impl Fn(&Release, &mut dyn FnMut(&Variant)),
    extra: impl Fn(&Release, &str, &Outcome) -> Result<(), String>,
) {
    let mut log = format!("scenario {name}\n");
    let mut failures = Vec::new();
    let mut cache = RenderCache::new();
    let t0 = Instant::now();
    for release in releases() {
        log.push_str(&format!(" containerd {}\n", release.version));
        for_each_variant(release, &mut |v: &Variant| {
            let vdir = dir.join(release.label()).join(v.name);
            match run_variant(&vdir, release, v, &mut log, &mut cache) {
                Err(e) => failures.push(format!("[{} {}] {e}", release.version, v.name)),
                Ok(None) => {}
                Ok(Some(out)) => {
                    let mut found = Vec::new();
                    check_outcome(v, &out, &mut log, &mut found);
                    if let Err(e) = extra(release, v.name, &out) {
                        found.push(format!("[{}] {e}", v.name));
                    }
                    failures.extend(
                        found
                            .into_iter()
                            .map(|f| format!("[{}] {f}", release.version)),
                    );
                }
            }
        });
    }
    log.push_str(&format!(" ({:.1}s)\n", t0.elapsed().as_secs_f64()));
    eprintln!("{log}");
    assert!(
        failures.is_empty(),
        "{log}\n{} problem(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The variant's expectations against what its pulls did.
fn check_outcome(v: &Variant, out: &Outcome, log: &mut String, failures: &mut Vec<String>) {
    for p in &out.problems {
        failures.push(format!("[{}] {p}", v.name));
    }
    let ctx = || {
        format!(
            "--- containerd log (tail) ---\n{}",
            procs::tail(&out.node.containerd_log(), 40)
        )
    };
    // The daemon that pulled must be the release under test.
    match out.node.containerd_version() {
        Ok(ver)
            if ver
                .trim_start_matches('v')
                .starts_with(&out.node.release.version) =>
        {
            log.push_str(&format!("  [{}] containerd {ver}\n", v.name));
        }
        Ok(ver) => failures.push(format!(
            "[{}] the daemon reports containerd {ver}, want {}",
            v.name, out.node.release.version
        )),
        Err(e) => failures.push(format!("[{}] {e}", v.name)),
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
}

/// Every release, after the prerequisites (tools::ensure) are in place.
fn releases() -> &'static [Release] {
    releases::all().unwrap_or_else(|e| panic!("node_e2e containerd releases: {e}"))
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
    // The access log grows over every variant on every release: each check reads what was
    // added since the previous variant.
    let seen = std::cell::Cell::new(0);
    run_scenario(name, dir, &variants, |variant, _| {
        let all = proxy.access_log();
        let log = all.get(seen.get()..).unwrap_or_default().to_string();
        seen.set(all.len());
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

/// An OCI layout tagged "ok" and "control" under `dir`, served as `e2e/app` by a plain HTTP
/// registry on loopback.
fn plain_registry(dir: &Path, name: &str) -> (oci::Layout, Registry) {
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let reg =
        Registry::start(&dir.join("registry"), &RegistryOptions::default()).expect("registry");
    registry::seed(&layout, &reg, "e2e/app", &Seed::default()).expect("seed");
    (layout, reg)
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
        Self::start_for(dir, name, &["127.0.0.1"])
    }

    /// Like [`AuthRegistry::start`], with a server certificate for `hosts`.
    fn start_for(dir: &Path, name: &str, hosts: &[&str]) -> AuthRegistry {
        let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
        let ca = pki::Ca::new("node-e2e auth CA");
        let server = ca.server(hosts);
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
            fail_because: if expect.is_some() { &[] } else { AUTH_FAILED },
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
/// inline), in each credentials mode (on 2.x also `config_toml` on a node upgraded from 1.6
/// that kept 1.6's version 2 config.toml: the auth table goes under the CRI plugin there, and
/// 2.x migrates it to the CRI images plugin):
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
            (UPGRADED_CONFIG_TOML, true, true),
            ("authorization_header", true, false),
            ("control_authorization_header_wrong_password", false, false),
        ],
    );
}

/// `config_mode = "drop_in"` with config.toml credentials: the drop-in
/// /etc/containerd/conf.d/99-registry.toml (0600: it holds the auth table) and `imports` in
/// the release's `containerd config default` config.toml must give config_path =
/// /etc/containerd/certs.d; containerd must start with its CRI plugin and CRI PullImage must
/// authenticate with the drop-in's credentials. How the drop-in merges is checked too, with a
/// setting of the same plugin changed in config.toml (`stats_collect_period = 17`): containerd
/// 1.x replaces the whole plugin section with the drop-in's, so the setting is back at its
/// default, and the provider warns; 2.x merges deeply, keeps it, and the provider does not warn.
#[test]
fn drop_in_config_mode_with_config_toml_auth() {
    basic_auth_structured("basic_auth_drop_in", &[("config_toml_drop_in", true, true)]);
}

/// A basic_auth variant rendered like `config_toml`, on 2.x only, whose node starts from
/// 1.6.20's `containerd config default` (version 2).
const UPGRADED_CONFIG_TOML: &str = "config_toml_on_1_6_config_toml";

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
    let variant =
        |release: &Release, vname: &'static str, password: &str, expect: bool, cri_only: bool| {
            let vars = [
                ("PORT", reg.port.to_string()),
                ("USER", user.to_string()),
                ("PASSWORD", password.to_string()),
                ("CONTAINERD_VERSION", release.version.clone()),
            ];
            let upgraded = vname == UPGRADED_CONFIG_TOML;
            let template = if upgraded { "config_toml" } else { vname };
            Variant {
                name: vname,
                structured: Some((
                    structured_template("basic_auth", template, &vars),
                    vec![("auth-ca.crt".into(), ca.cert.clone())],
                )),
                starting_config: upgraded.then(|| {
                    include_str!("../src/domain/containerd_config/default-1.6.20.toml").to_string()
                }),
                namespaces: vec![ns.clone()],
                inline_pems: vec![(ns.clone(), ca.cert.clone())],
                reference: format!("{ns}/e2e/app:{}", if expect { "ok" } else { "control" }),
                expect: expect.then(|| layout.image("ok").config_digest.clone()),
                fail_because: if expect { &[] } else { AUTH_FAILED },
                ctr_fails_because: (expect && cri_only).then_some(AUTH_FAILED),
                after_enable: vname.ends_with("drop_in").then(|| {
                    let plugin = release.registry_plugin();
                    Box::new(move |node: &Node| set_stats_collect_period(node, plugin)) as NodeHook
                }),
                ..Default::default()
            }
        };
    let variants = |release: &Release| -> Vec<Variant> {
        cases
            .iter()
            .filter(|(vname, _, _)| *vname != UPGRADED_CONFIG_TOML || release.is_v2())
            .map(|&(vname, expect, cri_only)| {
                let password = if expect {
                    pass.as_str()
                } else {
                    "not-the-password"
                };
                variant(release, vname, password, expect, cri_only)
            })
            .collect()
    };
    run_scenario_per_release(name, dir, variants, |release, vname, out| {
        // The table of the file's config version: a version 2 file keeps the CRI plugin's.
        let plugin = if vname == UPGRADED_CONFIG_TOML {
            "io.containerd.grpc.v1.cri"
        } else {
            release.registry_plugin()
        };
        let auth_table = format!("[plugins.\"{plugin}\".registry.configs.\"{mirror_host}\".auth]");
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
            let warned = out
                .rendered
                .apply_output
                .contains("replaces a whole plugin section");
            if warned == release.is_v2() {
                problems.push(format!(
                    "containerd {}: the drop-in warning must {}appear in terraform apply's output:\n{}",
                    release.version,
                    if release.is_v2() { "not " } else { "" },
                    out.rendered.apply_output
                ));
            }
            if let Err(e) = drop_in_merge(out, release) {
                problems.push(e);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    });
}

/// Changes `stats_collect_period` (default 10) to 17 in the `plugin` section of the node's
/// config.toml: a setting the drop-in does not name, to see how containerd merges the drop-in.
fn set_stats_collect_period(node: &Node, plugin: &str) -> Result<(), String> {
    let path = node.etc.join("config.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let section = doc["plugins"][plugin]
        .as_table_like_mut()
        .ok_or_else(|| format!("config.toml has no [plugins.\"{plugin}\"] section:\n{text}"))?;
    if section
        .get("stats_collect_period")
        .and_then(|v| v.as_integer())
        != Some(10)
    {
        return Err(format!(
            "[plugins.\"{plugin}\"] has no stats_collect_period = 10:\n{text}"
        ));
    }
    section.insert("stats_collect_period", toml_edit::value(17));
    std::fs::write(&path, doc.to_string()).map_err(|e| e.to_string())
}

/// What `config dump` says of the setting [`set_stats_collect_period`] changed: kept (17) on
/// 2.x, which merges a drop-in into config.toml deeply; back at 10 on 1.x, whose drop-in
/// replaces the plugin's whole section (as the provider's warning says).
fn drop_in_merge(out: &Outcome, release: &Release) -> Result<(), String> {
    let (dump, config_path) = out.node.config_dump()?;
    if config_path.as_deref() != Some(CERTS_D) {
        return Err(format!("config dump config_path {config_path:?}"));
    }
    let doc: toml_edit::DocumentMut = dump.parse().map_err(|e| format!("{e}"))?;
    let got = doc
        .get("plugins")
        .and_then(|p| p.get(release.registry_plugin()))
        .and_then(|c| c.get("stats_collect_period"))
        .and_then(|v| v.as_integer());
    let want = if release.is_v2() { 17 } else { 10 };
    if got == Some(want) {
        Ok(())
    } else {
        Err(format!(
            "containerd {}: config dump has stats_collect_period {got:?} in {}, want {want} \
             (config.toml set 17; the drop-in does not name it)",
            release.version,
            release.registry_plugin()
        ))
    }
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
    let (layout, live) = plain_registry(dir, name);
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
    let files = vec![
        ("ca.crt".to_string(), ca.cert.clone()),
        ("other-ca.crt".to_string(), other.cert.clone()),
        ("client.crt".to_string(), client.cert.clone()),
        ("client.key".to_string(), client.key.clone()),
    ];
    let variant = |release: &Release,
                   vname: &'static str,
                   pems: &[&str],
                   expect: bool,
                   because: &'static [&'static str]| Variant {
        name: vname,
        structured: Some((
            structured_template(
                "mtls",
                vname,
                &[
                    ("PORT", reg.port.to_string()),
                    ("CONTAINERD_VERSION", release.version.clone()),
                ],
            ),
            files.clone(),
        )),
        namespaces: vec![ns.clone()],
        inline_pems: pems.iter().map(|p| (ns.clone(), p.to_string())).collect(),
        reference: format!("{ns}/e2e/app:{}", if expect { "ok" } else { "control" }),
        expect: expect.then(|| layout.image("ok").config_digest.clone()),
        fail_because: because,
        ..Default::default()
    };
    let variants = |r: &Release| {
        vec![
            variant(
                r,
                "with_client_cert",
                &[&ca.cert, &client.cert, &client.key],
                true,
                &[],
            ),
            variant(
                r,
                "control_without_client_cert",
                &[&ca.cert],
                false,
                &["bad certificate", "certificate required"],
            ),
            variant(
                r,
                "control_other_ca",
                &[&other.cert, &client.cert, &client.key],
                false,
                &["x509"],
            ),
        ]
    };
    run_scenario_per_release(name, dir, variants, |_, _, _| Ok(()));
}

/// A structured registry with no mirrors, only `server`, rendered for each release. For 1.x
/// the provider writes an empty `[host]` table, which containerd 1.6 needs to read the file at
/// all; for 2.x, which reads a file without one, it writes none. The upstream is a live registry
/// on 127.0.0.1 (the namespace itself does not resolve), so the pull proves containerd read
/// `server` from the file.
/// Controls (containerd-side, the rendering is the positive one's):
/// - 1.x: the `[host]` line deleted from the written hosts.toml before containerd starts (the
///   provider refuses that form for 1.x). containerd 1.6.20 then logs `failed to decode
///   hosts.toml: invalid `host` tree`, ignores the file and pulls from `https://<namespace>`,
///   which does not resolve.
/// - 2.x: the hosts.toml deleted: without the `[host]`-less file, the pull goes to
///   `https://<namespace>` too; so that file was what served.
#[test]
fn structured_upstream_only_host_table_per_release() {
    let name = "structured_upstream_only";
    let scratch = setup(name);
    let dir = scratch.path();
    let (layout, upstream) = plain_registry(dir, name);
    let ns = "upstream.registry.invalid";
    let hosts_rel = format!("certs.d/{ns}/hosts.toml");
    let variant = |release: &Release, vname: &'static str, expect: bool| {
        let vars = [
            ("PORT", upstream.port.to_string()),
            ("CONTAINERD_VERSION", release.version.clone()),
        ];
        let rel = hosts_rel.clone();
        let v2 = release.is_v2();
        Variant {
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
                Box::new(move |node: &Node| {
                    let p = node.etc.join(&rel);
                    if v2 {
                        return std::fs::remove_file(&p)
                            .map_err(|e| format!("{}: {e}", p.display()));
                    }
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
        }
    };
    let variants = |r: &Release| {
        let control = if r.is_v2() {
            "control_hosts_file_removed"
        } else {
            "control_host_table_removed"
        };
        vec![variant(r, "no_mirrors", true), variant(r, control, false)]
    };
    run_scenario_per_release(name, dir, variants, |release, vname, out| {
        let log = out.node.containerd_log();
        let rejected = log.contains("failed to decode hosts.toml");
        if vname == "no_mirrors" {
            let hosts = out.rendered_hosts(ns);
            let has_table = hosts.lines().any(|l| l.trim() == "[host]");
            if has_table == release.is_v2() {
                return Err(format!(
                    "containerd {}: the rendering must {} an empty [host] table:\n{hosts}",
                    release.version,
                    if release.is_v2() { "not have" } else { "have" }
                ));
            }
            if rejected {
                return Err("containerd logged `failed to decode hosts.toml`".into());
            }
        } else if !release.is_v2() && !log.contains("invalid `host` tree") {
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
    let (layout, live) = plain_registry(dir, name);
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
