//! Rendering node files as a `#cloud-config` document.
//!
//! The document writes every file with `write_files` (byte for byte: UTF-8
//! text as a YAML scalar that reads back unchanged, anything else base64
//! with `encoding: b64`), then in `runcmd` sets containerd's `config_path`
//! (see [`containerd_config`](super::containerd_config)) and restarts
//! containerd so the new path takes effect. The output depends only on the
//! files, so identical input renders byte-identical documents.

use super::bootstrap::{CloudConfig, NodeSetup, Options};
use super::node_files::NodeFile;
use super::registry::versions::default_containerd_version;
use super::registry::{config_change, merge_files, ConfigMode};

/// Renders the complete cloud-config document for hand-written files: the same renderer the
/// provider uses, with the default containerd version and the in-place config.toml edit (and
/// the program it runs).
pub fn render_cloud_config(files: &[NodeFile]) -> String {
    let change = config_change(default_containerd_version(), ConfigMode::AppendEdit, &[]);
    let (files, _) = merge_files(files, &change.files);
    CloudConfig::document(
        NodeSetup::new(&files, &change.commands),
        &Options::default(),
    )
    .0
}

#[cfg(test)]
mod tests;
