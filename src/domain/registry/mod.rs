//! Registries declared as data, rendered into everything a node needs.
//!
//! Flow: a [`Registry`] per namespace → [`render_registry`] (k3s-style
//! [`normalize`]ation, version rules from [`versions`], inline certificates
//! as files per [`certs`], canonical hosts.toml checked with containerd's
//! rules) → [`render_registries`] adds the config.toml change
//! ([`config_change`](crate::domain::containerd_config::change)) → [`bootstrap`](crate::domain::bootstrap) turns the files into `write_files`,
//! KubeadmConfigSpec `files` or a `#cloud-config`. [`parse_hosts_toml`]
//! reads a hosts.toml back into a [`Registry`]: for every registry `x`,
//! `parse_hosts_toml(render_registry(x).hosts_toml) == render_registry(x).parsed_form`.
//!
//! Credentials never appear in problems, and `Credentials`' `Debug` hides them. Rendered
//! files and hosts.toml text can hold them (a drop-in with auth, a Basic header, a key), so
//! never log `RenderedRegistry`, `RenderedRegistries` or `NodeFile`.

pub mod certs;
pub mod model;
pub mod normalize;
pub mod parse;
pub mod presets;
pub mod render;
pub mod versions;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use crate::domain::containerd_config::{config_change, ConfigChange, ConfigMode, HostAuth};
pub use model::{
    default_capabilities, Capability, CertSource, ClientPair, Credentials, CredentialsMode, Mirror,
    Registry,
};
pub use parse::{parse_hosts_toml, ParsedRegistry};
pub use presets::{render_scs_file, scs_preset, SCS_PRESETS};
pub use render::{render_registry, RenderOptions, RenderedRegistry};
pub use versions::{parse_containerd_version, DEFAULT_CONTAINERD_VERSION};

use super::namespace::{canonical_namespace, DEFAULT_NAMESPACE};
use super::node_files::NodeFile;
use super::{Finding, Findings, Location, Reported};

/// The result of [`render_registries`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenderedRegistries {
    /// Each registry's rendering, in input order.
    pub registries: Vec<RenderedRegistry>,
    /// All node files (hosts.toml, certificates, drop-in), sorted by path;
    /// empty while there are errors.
    pub files: Vec<NodeFile>,
    /// Commands to run after writing the files (argv lists); empty while
    /// there are errors.
    pub commands: Vec<Vec<String>>,
    /// Each at its registry's namespace ([`Location::registry`]).
    pub problems: Findings,
}

impl Reported for RenderedRegistries {
    fn findings(&self) -> &Findings {
        &self.problems
    }
}

/// Renders every registry plus the config change for `mode`. A namespace
/// given twice, or a node path produced twice, is an error.
pub fn render_registries(
    registries: &[Registry],
    options: &RenderOptions,
    mode: ConfigMode,
) -> RenderedRegistries {
    let mut out = RenderedRegistries::default();
    let mut seen = BTreeMap::new();
    for registry in registries {
        let namespace = canonical_namespace(&registry.namespace);
        if seen.insert(namespace.to_string(), ()).is_some() {
            out.problems.push(Finding::error(
                Location::registry(&registry.namespace, "namespace"),
                format!(
                    "the namespace \"{namespace}\" is configured twice (\"*\" is \"_default\")"
                ),
            ));
            continue;
        }
        let rendered = render_registry(registry, options);
        out.problems.extend(rendered.problems.iter().cloned());
        out.registries.push(rendered);
    }
    out.problems.extend(default_mirrors_hidden(&out.registries));
    let auth: Vec<HostAuth> = out
        .registries
        .iter()
        .flat_map(|r| r.auth.iter().cloned())
        .collect();
    let mut auth_hosts = BTreeMap::new();
    for a in &auth {
        if auth_hosts.insert(a.host.clone(), ()).is_some() {
            out.problems.push(Finding::error(
                Location::registry("", "credentials"),
                format!("two registries give config.toml credentials for {}; containerd keeps one set per host", a.host),
            ));
        }
    }
    let change = config_change(options.version, mode, &auth);
    out.problems.extend(change.problems.iter().cloned());
    let files: Vec<NodeFile> = out
        .registries
        .iter()
        .flat_map(|r| r.files.iter().cloned())
        .chain(change.files.iter().cloned())
        .collect();
    let (files, problems) = merge_files(&files, &[]);
    out.problems.extend(problems);
    if !out.has_errors() {
        out.files = files;
        out.commands = change.commands;
    }
    out
}

/// containerd reads the first hosts directory it finds for a registry and never `_default`'s
/// after it: each namespace that writes a hosts.toml of its own loses `_default`'s mirrors.
fn default_mirrors_hidden(registries: &[RenderedRegistry]) -> Vec<Finding> {
    let Some(default) = registries
        .iter()
        .find(|r| r.namespace == DEFAULT_NAMESPACE && !r.hosts_toml.is_empty())
    else {
        return Vec::new();
    };
    let mirrors: Vec<&str> = default
        .parsed_form
        .mirrors
        .iter()
        .map(|m| m.url.as_str())
        .collect();
    if mirrors.is_empty() {
        return Vec::new();
    }
    registries
        .iter()
        .filter(|r| r.namespace != DEFAULT_NAMESPACE && !r.hosts_toml.is_empty())
        .map(|r| Finding::warning(
            Location::registry(&r.namespace, ""),
            format!(
                "containerd reads this namespace's hosts.toml instead of _default's, so _default's mirrors ({}) are not tried for {}; list them in its mirrors if they should be",
                mirrors.join(", "),
                r.namespace
            ),
        ))
        .collect()
}

/// Merges structured-registry files with files from other sources (the
/// hand-written `hosts`/`certs` inputs): sorted by path; a path produced
/// twice — e.g. one namespace from two sources — is an error naming it.
pub fn merge_files(a: &[NodeFile], b: &[NodeFile]) -> (Vec<NodeFile>, Findings) {
    let mut by_path: BTreeMap<String, NodeFile> = BTreeMap::new();
    let mut problems = Findings::new();
    for file in a.iter().chain(b) {
        if by_path.contains_key(&file.path) {
            let namespace = file
                .path
                .strip_prefix(super::node_files::CERTS_D_DIR)
                .and_then(|rest| rest.trim_start_matches('/').split('/').next())
                .unwrap_or("")
                .to_string();
            let message = if namespace.is_empty() {
                format!("{} would be written twice", file.path)
            } else {
                format!("the namespace \"{namespace}\" is configured twice (both would write {}); keep one source", file.path)
            };
            problems.push(Finding::error(Location::registry(&namespace, ""), message));
            continue;
        }
        by_path.insert(file.path.clone(), file.clone());
    }
    (by_path.into_values().collect(), problems)
}
