//! Data source `containerd_registry_files`: SCS's `containerd_registry_files` variable, checked
//! by containerd's rules at plan time and rendered into node files and cloud-config.

use super::registry_files::{self, schema_attributes};
use tfplugin6::{
    Block, DataSource, ReadDataRequest, ReadDataResponse, Schema, ValidateRequest, ValidateResponse,
};

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

    fn validate(&self, request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::new(registry_files::validate_config(&request.config))
    }

    fn read(&self, request: ReadDataRequest) -> ReadDataResponse {
        let (state, diagnostics) = registry_files::render(&request.config);
        ReadDataResponse::new(state, diagnostics)
    }
}
