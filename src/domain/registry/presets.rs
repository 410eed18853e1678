//! SCS's proxy-cache host files (k8s-cluster-api-provider
//! `terraform/files/containerd/`) as structured registries.
//!
//! Each upstream is mirrored by the Harbor project
//! `https://registry.scs.community/v2/<name>` with `capabilities = ["pull"]`
//! and `override_path = true`; the server is the upstream itself
//! (`https://registry-1.docker.io` for docker.io).

use super::model::{Capability, Mirror, Registry};
use super::normalize::default_server;
use super::render::{render_registry, RenderOptions};
use super::versions::default_containerd_version;

/// The namespaces SCS ships files for.
pub const SCS_PRESETS: [&str; 5] = [
    "docker.io",
    "ghcr.io",
    "quay.io",
    "registry.gitlab.com",
    "registry.k8s.io",
];

/// SCS's registry for `name` (one of [`SCS_PRESETS`]).
pub fn scs_preset(name: &str) -> Option<Registry> {
    if !SCS_PRESETS.contains(&name) {
        return None;
    }
    let mut mirror = Mirror::new(format!("https://registry.scs.community/v2/{name}"));
    mirror.capabilities = vec![Capability::Pull];
    mirror.override_path = Some(true);
    Some(Registry {
        namespace: name.to_string(),
        server: default_server(name),
        mirrors: vec![mirror],
        ..Registry::default()
    })
}

/// SCS's shipped file for `name`, byte for byte.
pub fn render_scs_file(name: &str) -> Option<String> {
    let registry = scs_preset(name)?;
    let rendered = render_registry(
        &registry,
        &RenderOptions {
            version: default_containerd_version(),
            now_unix: 0,
        },
    );
    (!rendered.problems.has_errors()).then_some(rendered.hosts_toml)
}
