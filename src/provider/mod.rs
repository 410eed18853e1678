//! The Terraform surfaces of the provider: thin adapters between the protocol layer and the
//! domain layer, one file each.

mod findings;
mod functions;
mod registry_files;
mod registry_files_data_source;
mod registry_files_input;
mod registry_files_output;
mod registry_files_resource;
mod registry_input;

use std::sync::Arc;
use tfplugin6::{Block, DataSource, Function, Provider, Resource, Schema};

/// Where the provider is published; keys the reattach JSON of `--debug`.
pub const SOURCE_ADDRESS: &str = "registry.terraform.io/kaas-tools/containerd";

pub struct ContainerdProvider;

impl Provider for ContainerdProvider {
    fn type_name(&self) -> &'static str {
        "containerd"
    }

    fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block {
                description: "Validates containerd registry host configuration and renders it \
                              into node bootstrap data. The provider needs no configuration."
                    .into(),
                ..Block::default()
            },
        }
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSource>> {
        vec![Arc::new(
            registry_files_data_source::RegistryFilesDataSource,
        )]
    }

    fn resources(&self) -> Vec<Arc<dyn Resource>> {
        vec![Arc::new(registry_files_resource::RegistryFilesResource)]
    }

    fn functions(&self) -> Vec<Arc<dyn Function>> {
        functions::all()
    }
}

/// Seconds since the Unix epoch, for certificate expiry checks; the domain never reads the clock.
fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
