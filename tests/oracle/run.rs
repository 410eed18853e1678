//! Running the oracle: releases, hosts directories, answers.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;
use terraform_provider_containerd::domain::hosts_toml::{self, ContainerdVersion, Rules};
use terraform_provider_containerd::domain::node_files::CERTS_D_DIR;
use terraform_provider_containerd::domain::registry::{
    parse_hosts_toml, render_registries, ConfigMode, RenderOptions,
};
use terraform_provider_containerd::domain::Reported;

use super::cases::{Case, Query};
use super::expect::{expected_endpoints, Endpoint};

/// One containerd release the oracle links.
#[derive(Debug, Clone)]
pub struct Release {
    pub name: String,
    pub version: ContainerdVersion,
    pub binary: PathBuf,
}

/// What the oracle printed.
#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    pub endpoints: Vec<Endpoint>,
    #[serde(default)]
    pub decode_error: String,
    #[serde(default)]
    pub error: String,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every release in tools/hosts-oracle/variants/list, built by scripts/install-oracle (run once
/// per test process; a warm run builds nothing). A failed build fails the test.
pub fn oracle_releases() -> Vec<Release> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    let root = repo_root();
    let built = BUILT.get_or_init(|| {
        let out = Command::new(root.join("scripts/install-oracle"))
            .output()
            .map_err(|e| format!("cannot run scripts/install-oracle: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    });
    if let Err(e) = built {
        panic!("scripts/install-oracle failed (the oracle needs Go and the Go module proxy):\n{e}");
    }
    let list = std::fs::read_to_string(root.join("tools/hosts-oracle/variants/list"))
        .expect("tools/hosts-oracle/variants/list");
    let releases: Vec<Release> = list
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let name = l.split_whitespace().next().expect("release").to_string();
            Release {
                version: ContainerdVersion::parse(&name).expect("release version"),
                binary: root.join(format!("target/tools/bin/hosts-oracle-{name}")),
                name,
            }
        })
        .collect();
    assert!(
        releases.len() >= 4,
        "expected 1.6, 1.7 and two 2.x releases: {releases:?}"
    );
    releases
}

impl Release {
    pub fn resolve(&self, hosts_dir: &Path, host: &str) -> Answer {
        let out = Command::new(&self.binary)
            .arg("resolve")
            .arg(hosts_dir)
            .arg(host)
            .output()
            .expect("run hosts-oracle");
        assert!(
            out.status.success(),
            "hosts-oracle-{} resolve {host} failed: {}",
            self.name,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("oracle JSON")
    }

    /// containerd's endpoints for `namespace` with `text` as its hosts.toml.
    pub fn resolve_text(&self, text: &str, namespace: &str) -> Answer {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join(namespace)).expect("mkdir");
        std::fs::write(dir.path().join(namespace).join("hosts.toml"), text).expect("write");
        self.resolve(dir.path(), &namespace_host(namespace))
    }

    /// containerd's parser on one hosts.toml text.
    pub fn load(&self, text: &str) -> Answer {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("hosts.toml");
        std::fs::write(&file, text).expect("write");
        let out = Command::new(&self.binary)
            .arg("load")
            .arg(&file)
            .output()
            .expect("run hosts-oracle");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("oracle JSON")
    }
}

/// Renders a case for `release`, writes its files under a temporary root (node paths below
/// /etc/containerd are moved under it, in the hosts.toml text too, so containerd reads the
/// certificates) and compares containerd's answer for every query with the expectation.
pub fn check_case(release: &Release, case: &Case) -> Result<(), String> {
    let options = RenderOptions {
        version: release.version,
        now_unix: now(),
    };
    let rendered = render_registries(&case.registries, &options, ConfigMode::AppendEdit);
    if release.version < case.min_version {
        // The release cannot read this input; the provider must say so at plan.
        return match rendered.has_errors() {
            true => Ok(()),
            false => Err(format!(
                "the provider renders it although containerd {} cannot read it",
                release.name
            )),
        };
    }
    if rendered.has_errors() {
        return Err(format!(
            "the provider refused the case: {:?}",
            rendered.problems
        ));
    }
    let root = tempfile::tempdir().expect("tempdir");
    let base = root.path().to_str().expect("utf-8 path").to_string();
    for file in rendered
        .files
        .iter()
        .filter(|f| f.path.starts_with("/etc/containerd/cert"))
    {
        let target = PathBuf::from(format!("{base}{}", file.path));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        let content = String::from_utf8(file.content.clone()).expect("utf-8 file");
        std::fs::write(
            &target,
            content.replace("\"/etc/containerd/", &format!("\"{base}/etc/containerd/")),
        )
        .expect("write");
    }
    let hosts_dir = PathBuf::from(format!("{base}{CERTS_D_DIR}"));
    std::fs::create_dir_all(&hosts_dir).expect("mkdir");
    let mut errors = Vec::new();
    if let Some(want) = &case.warning {
        if !rendered
            .problems
            .iter()
            .any(|p| p.message.contains(want.as_str()))
        {
            errors.push(format!(
                "no warning containing {want:?}: {:?}",
                rendered.problems
            ));
        }
    }
    if let Some(banned) = &case.no_warning {
        if let Some(p) = rendered
            .problems
            .iter()
            .find(|p| p.message.contains(banned.as_str()))
        {
            errors.push(format!("a warning says {banned:?}: {}", p.message));
        }
    }
    for query in &case.queries {
        let answer = release.resolve(&hosts_dir, &query.host);
        if !answer.decode_error.is_empty() || !answer.error.is_empty() {
            errors.push(format!(
                "{}: containerd refused the rendered file: {} {}",
                query.host, answer.decode_error, answer.error
            ));
            continue;
        }
        let want = expectation(release, query, &rendered.registries, &base);
        if answer.endpoints != want {
            errors.push(format!(
                "{}:\n  containerd: {}\n  provider:   {}",
                query.host,
                describe(&answer.endpoints),
                describe(&want)
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// The literal answer, or the model of the file containerd picks for the query (its own
/// directory, `host_port_` form first, else `_default`), or containerd's no-file default.
fn expectation(
    release: &Release,
    query: &Query,
    rendered: &[terraform_provider_containerd::domain::registry::RenderedRegistry],
    base: &str,
) -> Vec<Endpoint> {
    if let Some(literal) = &query.literal {
        return literal(release.version);
    }
    let dir_name = match query.host.rsplit_once(':') {
        Some((host, port)) => format!("{host}_{port}_"),
        None => query.host.clone(),
    };
    let with_file: Vec<_> = rendered
        .iter()
        .filter(|r| !r.hosts_toml.is_empty())
        .collect();
    let chosen = with_file
        .iter()
        .find(|r| r.namespace == dir_name)
        .or_else(|| with_file.iter().find(|r| r.namespace == query.host))
        .or_else(|| with_file.iter().find(|r| r.namespace == "_default"));
    match chosen {
        Some(r) => expected_endpoints(&r.parsed_form, &query.host, release.version, base),
        None => super::expect::no_file(&query.host, release.version),
    }
}

fn describe(endpoints: &[Endpoint]) -> String {
    serde_json::to_string(endpoints).expect("json")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

/// Without a pinned version the provider must accept only files every release loads, and refuse
/// every file some release refuses.
pub fn check_unpinned(releases: &[Release]) -> Vec<String> {
    let rules = Rules::default();
    let mut failures = Vec::new();
    for (name, text) in hand_written_files() {
        let provider_accepts = !hosts_toml::validate(&text, &rules).has_errors();
        let refused_by: Vec<&str> = releases
            .iter()
            .filter(|r| !r.load(&text).decode_error.is_empty())
            .map(|r| r.name.as_str())
            .collect();
        if provider_accepts && !refused_by.is_empty() {
            failures.push(format!(
                "[unpinned] {name}: the provider accepts it, containerd {} refuses it",
                refused_by.join(", ")
            ));
        }
    }
    failures
}

/// The hand-written hosts files of the scenarios and examples, and the parser cases.
pub fn check_hand_written(release: &Release) -> Vec<String> {
    let files = hand_written_files();
    let rules = Rules::for_version(release.version);
    let mut failures = Vec::new();
    for (name, text) in &files {
        let validation = hosts_toml::validate(text, &rules);
        let provider_accepts = !validation.has_errors();
        let answer = release.load(text);
        let containerd_accepts = answer.decode_error.is_empty();
        if provider_accepts && containerd_accepts {
            failures.extend(check_resolution(release, name, text, &rules));
        }
        if provider_accepts != containerd_accepts {
            failures.push(format!(
                "[containerd {}] {name}: provider {} ({:?}), containerd {} ({})",
                release.name,
                if provider_accepts {
                    "accepts"
                } else {
                    "refuses"
                },
                validation
                    .problems
                    .iter()
                    .filter(|p| p.is_error())
                    .map(|p| &p.message)
                    .collect::<Vec<_>>(),
                if containerd_accepts {
                    "loads it"
                } else {
                    "refuses it"
                },
                answer.decode_error
            ));
        }
    }
    failures
}

/// How many hand-written files were resolved (the test checks that some were).
pub static RESOLVED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// `host_port_` → `host:port`.
fn namespace_host(namespace: &str) -> String {
    terraform_provider_containerd::domain::registry::normalize::namespace_host(namespace)
}

/// A hand-written file of the repository that both accept: containerd's endpoints must be the
/// ones its parsed form means (files naming certificates are skipped: the paths are node paths).
fn check_resolution(release: &Release, name: &str, text: &str, rules: &Rules) -> Option<String> {
    let namespace = name.rsplit('/').next()?;
    if name.starts_with("parser case") {
        return None;
    }
    let model = parse_hosts_toml(text, namespace, rules).registry?;
    let names_files = !model.ca.is_empty()
        || model.client.is_some()
        || model
            .mirrors
            .iter()
            .any(|m| !m.ca.is_empty() || m.client.is_some());
    if names_files {
        return None;
    }
    RESOLVED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let answer = release.resolve_text(text, namespace);
    let want = expected_endpoints(&model, &namespace_host(namespace), release.version, "");
    (answer.endpoints != want).then(|| {
        format!(
            "[containerd {}] {name}:\n  containerd: {}\n  provider:   {}",
            release.name,
            describe(&answer.endpoints),
            describe(&want)
        )
    })
}

fn hand_written_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    let root = repo_root();
    for top in ["acceptance", "examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(top)) else {
            continue;
        };
        for entry in entries.flatten() {
            let dir = entry.path().join("files/containerd");
            let Ok(hosts) = std::fs::read_dir(&dir) else {
                continue;
            };
            for host in hosts.flatten() {
                if host.path().is_file() {
                    let text = std::fs::read_to_string(host.path()).unwrap_or_default();
                    let name = host
                        .path()
                        .strip_prefix(&root)
                        .expect("in repo")
                        .display()
                        .to_string();
                    files.push((name, text));
                }
            }
        }
    }
    for (name, text) in super::cases::parser_cases() {
        files.push((format!("parser case {name}"), text.to_string()));
    }
    files.sort();
    files
}
