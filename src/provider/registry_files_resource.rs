//! Resource `containerd_registry_files`: the data source's inputs and outputs, kept in state.
//!
//! The files are rendered at plan time whenever the inputs are known, so `terraform plan` shows
//! which node file changes, and an input change is an in-place update. Nothing exists outside
//! Terraform's state, so delete and refresh have nothing to do.

use super::registry_files;
use tfplugin6::{
    ApplyRequest, ApplyResponse, Diagnostics, PlanRequest, PlanResponse, Resource, Schema,
    ValidateRequest, ValidateResponse,
};

pub struct RegistryFilesResource;

impl Resource for RegistryFilesResource {
    fn type_name(&self) -> &'static str {
        registry_files::TYPE_NAME
    }

    fn schema(&self) -> Schema {
        registry_files::schema(format!(
            "{} The resource renders at plan time, like the data source, and keeps \
                     the result in state: a plan shows an in-place update with the \
                     `file_sha256` of each changed file, and the outputs stay as applied \
                     until the next apply.",
            registry_files::DESCRIPTION
        ))
    }

    fn validate(&self, request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::new(registry_files::validate_config(&request.config))
    }

    fn plan(&self, request: PlanRequest) -> PlanResponse {
        let (planned_state, diagnostics) = if request.proposed_new_state.is_wholly_known() {
            registry_files::render(&request.proposed_new_state)
        } else {
            (
                registry_files::pending(&request.proposed_new_state),
                Diagnostics::default(),
            )
        };
        PlanResponse::new(planned_state, diagnostics)
    }

    fn apply(&self, request: ApplyRequest) -> ApplyResponse {
        if request.planned_state.is_wholly_known() {
            // Rendered at plan: returning exactly that keeps apply consistent with the plan
            // even if a file changed in between (the next plan picks the change up).
            return ApplyResponse::new(request.planned_state, Diagnostics::default());
        }
        let (new_state, diagnostics) = registry_files::render(&request.config);
        ApplyResponse::new(new_state, diagnostics)
    }
}
