//! Data source `containerd_registry_files`: SCS's `containerd_registry_files` variable, checked
//! by containerd's rules at plan time and rendered into node files and cloud-config.

use super::registry_files;
use tfplugin6::{
    DataSource, ReadDataRequest, ReadDataResponse, Schema, ValidateRequest, ValidateResponse,
};

pub struct RegistryFilesDataSource;

impl DataSource for RegistryFilesDataSource {
    fn type_name(&self) -> &'static str {
        registry_files::TYPE_NAME
    }

    fn schema(&self) -> Schema {
        registry_files::schema(registry_files::DESCRIPTION.to_string())
    }

    fn validate(&self, request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::new(registry_files::validate_config(&request.config))
    }

    fn read(&self, request: ReadDataRequest) -> ReadDataResponse {
        let (state, diagnostics) = registry_files::render(&request.config);
        ReadDataResponse::new(state, diagnostics)
    }
}
