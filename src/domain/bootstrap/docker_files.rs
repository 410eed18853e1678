//! Docker Engine: the registries model as `/etc/docker/certs.d/<host:port>/` (`ca.crt`,
//! `client.cert`, `client.key`) and `/etc/docker/daemon.json` (`registry-mirrors`,
//! `insecure-registries`).
//!
//! Docker differs from containerd in ways that shape this output:
//! - `registry-mirrors` serve Docker Hub only: mirrors of any other namespace are not used
//!   (a warning names them), and Docker always falls back to Docker Hub (`skip_fallback` is
//!   a warning);
//! - a mirror is a URL without a path (Harbor's `/v2/<project>` proxy paths cannot be one), and
//!   is used for tags and digests alike (a mirror without `resolve` is left out);
//! - Docker pulls an image from the host its reference names: a `server` other than the
//!   namespace's host is not used (a warning);
//! - `certs.d` is looked up by the host Docker contacts: the reference's `host:port` for the
//!   upstream, the mirror's for a mirror.

use serde_json::{Map, Value};

use super::runtime_hosts::{
    certs_d_files, runtime_registries, unsupported_warnings, Endpoint, RuntimeRegistry,
};
use super::{write_files, NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::node_files::{NodeFile, MODE_PUBLIC, OWNER};
use crate::domain::registry::Registry;
use crate::domain::{Finding, Findings, Location};

/// Docker's per-registry certificate directories.
pub const CERTS_D: &str = "/etc/docker/certs.d";
/// The daemon's configuration file.
pub const DAEMON_JSON: &str = "/etc/docker/daemon.json";

const SUMMARY: &str = "Registry configuration note for Docker";

/// The `docker_files` format.
pub struct DockerFiles;

impl OutputFormat for DockerFiles {
    fn name(&self) -> &'static str {
        "docker_files"
    }

    fn description(&self) -> &'static str {
        "Files for Docker Engine: `/etc/docker/certs.d/<host:port>/` with `ca.crt`, \
         `client.cert` and `client.key` (key 0600) for each registry and mirror host, and \
         `/etc/docker/daemon.json` with `registry-mirrors` (Docker Hub's mirrors) and \
         `insecure-registries` (`http://` or `skip_verify` hosts), written only when one of \
         them is set; it replaces an existing daemon.json. Docker mirrors Docker Hub only: a \
         mirror of any other namespace is a warning saying so. Entries as in `write_files`; \
         see the [other runtimes guide](../guides/other-runtimes.md)."
    }

    fn shape(&self) -> Shape {
        Shape::Files
    }

    fn reads_registries(&self) -> bool {
        true
    }

    fn render(&self, setup: NodeSetup, options: &Options) -> (Output, Findings) {
        let mut findings = setup.registries_findings(self.name());
        let (files, more) = docker_files(setup.registries, setup.files);
        findings.extend(more);
        (Output::Files(write_files(&files, options.gzip)), findings)
    }
}

/// The certs.d files and, when there are mirrors or insecure registries, daemon.json; sorted
/// by path.
pub fn docker_files(registries: &[Registry], node_files: &[NodeFile]) -> (Vec<NodeFile>, Findings) {
    let (mut runtime, mut findings) = runtime_registries(registries, node_files, SUMMARY);
    let mut mirrors: Vec<String> = Vec::new();
    let mut insecure: Vec<String> = Vec::new();
    for registry in &mut runtime {
        findings.extend(unsupported_warnings(registry, "Docker", SUMMARY));
        findings.extend(registry_warnings(registry));
        // Docker contacts the reference's host, whatever the server says.
        if let Some(upstream) = &mut registry.upstream {
            if !registry.docker_hub {
                upstream.host = registry.reference_host.clone();
                if upstream.insecure {
                    insecure.push(registry.reference_host.clone());
                }
            }
        }
        let mut kept = Vec::new();
        for mirror in std::mem::take(&mut registry.mirrors) {
            if let Some(url) = docker_mirror(registry, &mirror, &mut findings) {
                if mirror.insecure {
                    insecure.push(mirror.host.clone());
                }
                mirrors.push(url);
                kept.push(mirror);
            }
        }
        registry.mirrors = kept;
    }
    let (mut files, certs_findings) = certs_d_files(&runtime, CERTS_D, SUMMARY, |r| {
        r.mirrors.iter().chain(r.upstream.as_ref()).collect()
    });
    findings.extend(certs_findings);
    if let Some(json) = daemon_json(&mirrors, &insecure) {
        files.push(NodeFile {
            path: DAEMON_JSON.to_string(),
            content: json.into_bytes(),
            permissions: MODE_PUBLIC.to_string(),
            owner: OWNER.to_string(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, findings)
}

fn warning(registry: &RuntimeRegistry, attribute: &str, message: String) -> Finding {
    Finding::warning(Location::registry(&registry.namespace, attribute), message)
        .with_summary(SUMMARY)
}

/// What Docker cannot take of the entry as a whole.
fn registry_warnings(registry: &RuntimeRegistry) -> Vec<Finding> {
    let mut out = Vec::new();
    if !registry.docker_hub && !registry.mirrors.is_empty() {
        let urls: Vec<&str> = registry.mirrors.iter().map(|m| m.origin.as_str()).collect();
        out.push(warning(
            registry,
            "mirrors",
            format!(
                "Docker's registry-mirrors serve Docker Hub (docker.io) only, so Docker does not \
                 use the mirrors of {} ({}) and pulls its images from {} itself",
                registry.namespace,
                urls.join(", "),
                registry.reference_host
            ),
        ));
    }
    if registry.docker_hub && registry.skip_fallback {
        out.push(warning(
            registry,
            "skip_fallback",
            "Docker always falls back to Docker Hub when its mirrors fail".to_string(),
        ));
    }
    if let Some(upstream) = &registry.upstream {
        if !registry.docker_hub && upstream.host != registry.reference_host {
            out.push(warning(
                registry,
                "server",
                format!(
                    "Docker pulls {} images from {} itself; the server {} is not used",
                    registry.reference_host, registry.reference_host, upstream.origin
                ),
            ));
        }
    }
    for endpoint in registry.mirrors.iter().chain(registry.upstream.as_ref()) {
        if endpoint.credentials.is_some() {
            let attribute = if endpoint.attribute.is_empty() {
                "credentials".to_string()
            } else {
                format!("{}.credentials", endpoint.attribute)
            };
            out.push(warning(
                registry,
                &attribute,
                format!(
                    "Docker keeps credentials for {} in the client's config.json (`docker \
                     login`), not in the daemon's files: use the docker_config_json output as \
                     ~/.docker/config.json",
                    endpoint.host
                ),
            ));
        }
    }
    out
}

/// The `registry-mirrors` entry of a Docker Hub mirror, or `None` (with a warning when it is
/// a Docker Hub mirror Docker cannot use).
fn docker_mirror(
    registry: &RuntimeRegistry,
    mirror: &Endpoint,
    findings: &mut Findings,
) -> Option<String> {
    if !registry.docker_hub {
        return None;
    }
    if mirror.location.as_deref() != Ok(mirror.host.as_str()) {
        findings.push(warning(
            registry,
            &mirror.attribute,
            format!(
                "a Docker registry mirror is a URL without a path; this mirror ({}) needs one, \
                 so it is left out of daemon.json",
                mirror.origin
            ),
        ));
        return None;
    }
    if mirror.digest_only {
        findings.push(warning(
            registry,
            &format!("{}.capabilities", mirror.attribute),
            format!(
                "Docker uses a registry mirror for tags too, but this mirror ({}) has no \
                 `resolve` capability, so it is left out of daemon.json",
                mirror.origin
            ),
        ));
        return None;
    }
    Some(mirror.origin.clone())
}

/// daemon.json with the mirrors and insecure registries, or `None` when both are empty.
fn daemon_json(mirrors: &[String], insecure: &[String]) -> Option<String> {
    let mut object = Map::new();
    let mut list = |key: &str, values: &[String]| {
        let mut unique: Vec<&String> = Vec::new();
        for v in values {
            if !unique.contains(&v) {
                unique.push(v);
            }
        }
        if !unique.is_empty() {
            object.insert(
                key.to_string(),
                Value::Array(unique.into_iter().map(|v| Value::String(v.clone())).collect()),
            );
        }
    };
    list("registry-mirrors", mirrors);
    list("insecure-registries", insecure);
    if object.is_empty() {
        return None;
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(object)).ok()?;
    text.push('\n');
    Some(text)
}

#[cfg(test)]
#[path = "docker_files_tests.rs"]
mod tests;
