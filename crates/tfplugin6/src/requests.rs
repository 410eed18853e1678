//! The request and response of every call into a provider's surfaces.
//!
//! Requests are built by the service (or a test) and read by surfaces; responses are built by
//! surfaces. Both are `#[non_exhaustive]` and built with their `new` constructors, so the
//! protocol can add a field (private data, deferral, identities) without breaking a provider.

use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use crate::value::Value;

/// `ConfigureProvider`: the core hands over the `provider` block before any other call.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ConfigureRequest {
    /// The `provider` block; may contain unknown values.
    pub config: Value,
    /// The version of the Terraform or OpenTofu core calling.
    pub terraform_version: String,
}

impl ConfigureRequest {
    pub fn new(config: Value, terraform_version: &str) -> ConfigureRequest {
        ConfigureRequest {
            config,
            terraform_version: terraform_version.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ConfigureResponse {
    pub diagnostics: Diagnostics,
}

impl ConfigureResponse {
    pub fn new(diagnostics: Diagnostics) -> ConfigureResponse {
        ConfigureResponse { diagnostics }
    }
}

/// Validation of a data source's or resource's configuration.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ValidateRequest {
    /// May contain unknown values.
    pub config: Value,
}

impl ValidateRequest {
    pub fn new(config: Value) -> ValidateRequest {
        ValidateRequest { config }
    }
}

#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ValidateResponse {
    pub diagnostics: Diagnostics,
}

impl ValidateResponse {
    pub fn new(diagnostics: Diagnostics) -> ValidateResponse {
        ValidateResponse { diagnostics }
    }
}

/// A data source read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadDataRequest {
    /// Wholly known.
    pub config: Value,
}

impl ReadDataRequest {
    pub fn new(config: Value) -> ReadDataRequest {
        ReadDataRequest { config }
    }
}

#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadDataResponse {
    pub state: Value,
    pub diagnostics: Diagnostics,
}

impl ReadDataResponse {
    pub fn new(state: Value, diagnostics: Diagnostics) -> ReadDataResponse {
        ReadDataResponse { state, diagnostics }
    }
}

/// A resource plan that is not a destroy.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PlanRequest {
    /// Null when the resource is being created.
    pub prior_state: Value,
    pub proposed_new_state: Value,
    pub config: Value,
}

impl PlanRequest {
    pub fn new(prior_state: Value, proposed_new_state: Value, config: Value) -> PlanRequest {
        PlanRequest {
            prior_state,
            proposed_new_state,
            config,
        }
    }
}

#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PlanResponse {
    pub planned_state: Value,
    pub requires_replace: Vec<AttributePath>,
    pub diagnostics: Diagnostics,
}

impl PlanResponse {
    pub fn new(planned_state: Value, diagnostics: Diagnostics) -> PlanResponse {
        PlanResponse {
            planned_state,
            requires_replace: Vec::new(),
            diagnostics,
        }
    }
}

/// A create or an update; deletes never reach the resource.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApplyRequest {
    pub planned_state: Value,
    pub config: Value,
    /// Null when the resource is being created.
    pub prior_state: Value,
}

impl ApplyRequest {
    pub fn new(planned_state: Value, config: Value, prior_state: Value) -> ApplyRequest {
        ApplyRequest {
            planned_state,
            config,
            prior_state,
        }
    }
}

#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApplyResponse {
    pub new_state: Value,
    pub diagnostics: Diagnostics,
}

impl ApplyResponse {
    pub fn new(new_state: Value, diagnostics: Diagnostics) -> ApplyResponse {
        ApplyResponse {
            new_state,
            diagnostics,
        }
    }
}

/// A resource refresh; never called with null state.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadRequest {
    pub current_state: Value,
}

impl ReadRequest {
    pub fn new(current_state: Value) -> ReadRequest {
        ReadRequest { current_state }
    }
}

#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadResponse {
    pub new_state: Value,
    pub diagnostics: Diagnostics,
}

impl ReadResponse {
    pub fn new(new_state: Value, diagnostics: Diagnostics) -> ReadResponse {
        ReadResponse {
            new_state,
            diagnostics,
        }
    }
}

/// Stored state of schema version `from_version`, decoded with the current type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UpgradeStateRequest {
    pub from_version: i64,
    pub state: Value,
}

impl UpgradeStateRequest {
    pub fn new(from_version: i64, state: Value) -> UpgradeStateRequest {
        UpgradeStateRequest {
            from_version,
            state,
        }
    }
}

#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UpgradeStateResponse {
    pub upgraded_state: Value,
    pub diagnostics: Diagnostics,
}

impl UpgradeStateResponse {
    pub fn new(upgraded_state: Value, diagnostics: Diagnostics) -> UpgradeStateResponse {
        UpgradeStateResponse {
            upgraded_state,
            diagnostics,
        }
    }
}

/// `terraform import` by id.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ImportRequest {
    pub id: String,
}

impl ImportRequest {
    pub fn new(id: &str) -> ImportRequest {
        ImportRequest { id: id.to_string() }
    }
}

#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ImportResponse {
    /// `None` when the import failed; `diagnostics` then say why.
    pub state: Option<Value>,
    pub diagnostics: Diagnostics,
}

impl ImportResponse {
    pub fn new(state: Value, diagnostics: Diagnostics) -> ImportResponse {
        ImportResponse {
            state: Some(state),
            diagnostics,
        }
    }

    pub fn failed(error: Diagnostic) -> ImportResponse {
        ImportResponse {
            state: None,
            diagnostics: error.into(),
        }
    }
}

/// A provider function call, with one wholly known argument per parameter.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CallRequest {
    pub arguments: Vec<Value>,
}

impl CallRequest {
    pub fn new(arguments: Vec<Value>) -> CallRequest {
        CallRequest { arguments }
    }
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CallResponse {
    pub result: Result<Value, FunctionError>,
}

impl From<Result<Value, FunctionError>> for CallResponse {
    fn from(result: Result<Value, FunctionError>) -> CallResponse {
        CallResponse { result }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionError {
    pub text: String,
    /// Zero-based index of the argument at fault.
    pub argument: Option<i64>,
}
