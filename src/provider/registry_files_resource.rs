//! Resource `containerd_registry_files`: the data source's inputs and outputs, kept in state.
//!
//! The files are rendered at plan time whenever the inputs are known, so `terraform plan` shows
//! which node file changes, and an input change is an in-place update. Nothing exists outside
//! Terraform's state, so delete and refresh have nothing to do.

use super::registry_files::{self, schema_attributes};
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::provider::{Plan, PlanRequest, Resource};
use crate::protocol::schema::{Block, Schema};
use crate::protocol::value::Value;

pub struct RegistryFilesResource;

impl Resource for RegistryFilesResource {
    fn type_name(&self) -> &'static str {
        "containerd_registry_files"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block {
                attributes: schema_attributes(),
                description: format!(
                    "{} The resource renders at plan time, like the data source, and keeps \
                     the result in state: a plan shows an in-place update with the \
                     `file_sha256` of each changed file, and the outputs stay as applied \
                     until the next apply.",
                    registry_files::DESCRIPTION
                ),
                ..Block::default()
            },
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        registry_files::validate_config(config)
    }

    fn plan(&self, request: PlanRequest) -> Plan {
        let (planned_state, diagnostics) = if request.proposed_new_state.is_wholly_known() {
            registry_files::render(request.proposed_new_state)
        } else {
            (
                registry_files::pending(request.proposed_new_state),
                Diagnostics::default(),
            )
        };
        Plan {
            planned_state,
            requires_replace: Vec::new(),
            diagnostics,
        }
    }

    fn apply(&self, planned_state: &Value, config: &Value) -> (Value, Diagnostics) {
        if planned_state.is_wholly_known() {
            // Rendered at plan: returning exactly that keeps apply consistent with the plan
            // even if a file changed in between (the next plan picks the change up).
            return (planned_state.clone(), Diagnostics::default());
        }
        registry_files::render(config)
    }
}
