//! CRI-O, Podman, Buildah and skopeo (containers/image): the registries model as a
//! containers-registries.conf(5) version 2 file plus `/etc/containers/certs.d/<host[:port]>/`
//! (containers-certs.d(5)). Two formats render it: `containers_registries_conf` (the whole
//! `/etc/containers/registries.conf`) and `containers_registries_conf_d` (a drop-in under
//! `/etc/containers/registries.conf.d/` that leaves the distribution's file, with its search
//! registries and short-name settings, in place).
//!
//! Mapping from containerd's model:
//! - a namespace becomes a `[[registry]]` with `prefix` = the registry host of image
//!   references and `location` = the upstream (`docker.io` for Docker Hub);
//! - pull mirrors become `[[registry.mirror]]` tables in order; a mirror path
//!   `/v2/<ns>` with `override_path` (Harbor's proxy cache) becomes `location = "host/<ns>"`,
//!   since containers/image always puts `/v2` first; other paths cannot be expressed;
//! - `http://` or `skip_verify` becomes `insecure = true`;
//! - a mirror without the `resolve` capability, which containerd asks for blobs and manifests
//!   by digest but never for tags, is a digest-only mirror: `mirror-by-digest-only = true` on the
//!   registry when every mirror is one, otherwise `pull-from-mirror = "digest-only"` on it;
//! - `skip_fallback` makes the last mirror the `location`, as containerd makes it the server;
//! - `_default`, headers, dial timeouts and credentials have no counterpart (warnings);
//!   credentials go into an auth file: the `docker_config_json` format.

use super::runtime_hosts::{
    certs_d_files, runtime_registries, unsupported_warnings, Endpoint, RuntimeRegistry,
};
use super::{write_files, NodeSetup, Options, Output};
use crate::domain::node_files::{NodeFile, MODE_PUBLIC, OWNER};
use crate::domain::registry::Registry;
use crate::domain::{Finding, Findings, Location};

/// The main configuration file.
pub const REGISTRIES_CONF: &str = "/etc/containers/registries.conf";
/// The drop-in (drop-ins are read in lexical order after the main file; a `[[registry]]` with
/// the same prefix replaces the earlier one).
pub const REGISTRIES_CONF_DROP_IN: &str =
    "/etc/containers/registries.conf.d/50-containerd-registry-files.conf";
/// containers-certs.d(5).
pub const CERTS_D: &str = "/etc/containers/certs.d";

const SUMMARY: &str = "Registry configuration note for CRI-O and Podman (registries.conf)";

/// A containers format's output: [`containers_files`] of the setup's registries as
/// `write_files` entries, with the registries model's findings for `format`.
pub(super) fn render_containers(
    setup: NodeSetup,
    options: &Options,
    conf_path: &str,
    format: &str,
) -> (Output, Findings) {
    let mut findings = setup.registries_findings(format);
    let (files, more) = containers_files(setup.registries, setup.files, conf_path);
    findings.extend(more);
    (Output::Files(write_files(&files, options.gzip)), findings)
}

/// The registries.conf (at `conf_path`) and certs.d files for `registries`; `node_files` are
/// where certificates given as node paths are found. Sorted by path.
pub fn containers_files(
    registries: &[Registry],
    node_files: &[NodeFile],
    conf_path: &str,
) -> (Vec<NodeFile>, Findings) {
    let (runtime, mut findings) = runtime_registries(registries, node_files, SUMMARY);
    let mut text = String::from(
        "# containers-registries.conf(5) version 2, rendered by terraform-provider-containerd \
         from the same registries as containerd's hosts.toml files.\n",
    );
    for registry in &runtime {
        findings.extend(unsupported_warnings(registry, "registries.conf", SUMMARY));
        findings.extend(credentials_warnings(registry));
        text.push_str(&registry_table(registry, &mut findings));
    }
    let (mut files, certs_findings) = certs_d_files(&runtime, CERTS_D, SUMMARY, |r| {
        r.mirrors.iter().chain(r.upstream.as_ref()).collect()
    });
    findings.extend(certs_findings);
    files.push(NodeFile {
        path: conf_path.to_string(),
        content: text.into_bytes(),
        permissions: MODE_PUBLIC.to_string(),
        owner: OWNER.to_string(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, findings)
}

fn credentials_warnings(registry: &RuntimeRegistry) -> Vec<Finding> {
    registry
        .mirrors
        .iter()
        .chain(registry.upstream.as_ref())
        .filter(|e| e.credentials.is_some())
        .map(|e| {
            let at = if e.attribute.is_empty() {
                "credentials".to_string()
            } else {
                format!("{}.credentials", e.attribute)
            };
            Finding::warning(
                Location::registry(&registry.namespace, &at),
                format!(
                    "containers/image reads credentials for {} from an auth file \
                     (containers-auth.json(5)), not from registries.conf: use the \
                     docker_config_json output as that file (e.g. CRI-O's global_auth_file, or \
                     REGISTRY_AUTH_FILE for Podman and skopeo)",
                    e.host
                ),
            )
            .with_summary(SUMMARY)
        })
        .collect()
}

fn quoted(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

/// One `[[registry]]` table with its mirrors.
fn registry_table(registry: &RuntimeRegistry, findings: &mut Findings) -> String {
    let warn = |findings: &mut Findings, attribute: &str, message: String| {
        findings.push(
            Finding::warning(Location::registry(&registry.namespace, attribute), message)
                .with_summary(SUMMARY),
        );
    };
    let mut mirrors: Vec<(&Endpoint, String)> = Vec::new();
    for mirror in &registry.mirrors {
        match &mirror.location {
            Ok(location) => mirrors.push((mirror, location.clone())),
            Err(why) => warn(
                findings,
                &mirror.attribute,
                format!("{why}; this mirror is left out of registries.conf"),
            ),
        }
    }
    let mut primary = match &registry.upstream {
        Some(upstream) => match &upstream.location {
            Ok(location) => Some((location.clone(), upstream.insecure)),
            Err(why) => {
                warn(
                    findings,
                    "server",
                    format!(
                        "{why}; registries.conf sends what no mirror serves to {} instead",
                        registry.reference_host
                    ),
                );
                None
            }
        },
        None => None,
    };
    if registry.skip_fallback {
        if let Some((last, location)) = mirrors.pop() {
            primary = Some((location, last.insecure));
        }
    }
    let (location, insecure) = primary.unwrap_or_else(|| (registry.reference_host.clone(), false));
    let digest_only: Vec<bool> = mirrors.iter().map(|(m, _)| m.digest_only).collect();
    let all_digest_only = !digest_only.is_empty() && digest_only.iter().all(|d| *d);

    let mut text = format!(
        "\n[[registry]]\nprefix = {}\nlocation = {}\n",
        quoted(&registry.reference_host),
        quoted(&location)
    );
    if insecure {
        text.push_str("insecure = true\n");
    }
    if all_digest_only {
        text.push_str("mirror-by-digest-only = true\n");
    }
    for (mirror, location) in &mirrors {
        text.push_str(&format!(
            "\n[[registry.mirror]]\nlocation = {}\n",
            quoted(location)
        ));
        if mirror.insecure {
            text.push_str("insecure = true\n");
        }
        if mirror.digest_only && !all_digest_only {
            text.push_str("pull-from-mirror = \"digest-only\"\n");
        }
    }
    text
}

#[cfg(test)]
#[path = "containers_registries_tests.rs"]
mod tests;
