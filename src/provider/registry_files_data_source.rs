//! Data source `containerd_registry_files`: SCS's `containerd_registry_files` variable, checked
//! by containerd's rules at plan time and rendered into node files and cloud-config.

use super::registry_files::{self, schema_attributes};
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::provider::DataSource;
use crate::protocol::schema::{Block, Schema};
use crate::protocol::value::Value;

pub struct RegistryFilesDataSource;

impl DataSource for RegistryFilesDataSource {
    fn type_name(&self) -> &'static str {
        "containerd_registry_files"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block {
                attributes: schema_attributes(),
                description: registry_files::DESCRIPTION.to_string(),
                ..Block::default()
            },
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        registry_files::validate_config(config)
    }

    fn read(&self, config: &Value) -> (Value, Diagnostics) {
        registry_files::render(config)
    }
}
