//! What a provider implements: the traits the gRPC service dispatches to.
//!
//! Surfaces work on decoded `Value`s and answer with diagnostics; they never see protobuf types.
//! Each call takes one request struct and returns one response struct (`ReadDataRequest`, …),
//! so a new protocol field is a new struct field, not a new trait signature. Generic protocol
//! behaviour (destroy plans, deletes, "no such type") lives in the service, not here. Functions
//! declare no unknown or null arguments, so Terraform itself answers calls with unknown
//! arguments and never sends them.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::requests::{
    ApplyRequest, ApplyResponse, CallRequest, CallResponse, ConfigureRequest, ConfigureResponse,
    ImportRequest, ImportResponse, PlanRequest, PlanResponse, ReadDataRequest, ReadDataResponse,
    ReadRequest, ReadResponse, UpgradeStateRequest, UpgradeStateResponse, ValidateRequest,
    ValidateResponse,
};
use crate::schema::Schema;
use crate::types::Type;
use std::sync::Arc;

pub trait Provider: Send + Sync + 'static {
    /// The provider type name, the prefix of its surfaces' names.
    fn type_name(&self) -> &'static str;
    fn version(&self) -> &'static str;
    /// Schema of the `provider` block.
    fn schema(&self) -> Schema;
    fn configure(&self, _request: ConfigureRequest) -> ConfigureResponse {
        ConfigureResponse::default()
    }
    fn data_sources(&self) -> Vec<Arc<dyn DataSource>>;
    fn resources(&self) -> Vec<Arc<dyn Resource>>;
    fn functions(&self) -> Vec<Arc<dyn Function>>;
}

pub trait DataSource: Send + Sync {
    /// Full type name, `<provider>_<name>`.
    fn type_name(&self) -> &'static str;
    fn schema(&self) -> Schema;
    /// Called with a configuration that may contain unknown values.
    fn validate(&self, request: ValidateRequest) -> ValidateResponse;
    /// Called with a wholly known configuration; returns the new state.
    fn read(&self, request: ReadDataRequest) -> ReadDataResponse;
}

pub trait Resource: Send + Sync {
    fn type_name(&self) -> &'static str;
    fn schema(&self) -> Schema;
    fn validate(&self, request: ValidateRequest) -> ValidateResponse;
    /// Plans a create or an update; destroy plans are handled by the service.
    fn plan(&self, request: PlanRequest) -> PlanResponse;
    /// Creates or updates; deletes are handled by the service.
    fn apply(&self, request: ApplyRequest) -> ApplyResponse;
    /// Refresh. Resources that live only in state return it unchanged.
    fn read(&self, request: ReadRequest) -> ReadResponse {
        ReadResponse::new(request.current_state, Diagnostics::default())
    }
    /// Upgrades raw state of an older schema version, already decoded with the current type.
    fn upgrade_state(&self, request: UpgradeStateRequest) -> UpgradeStateResponse {
        UpgradeStateResponse::new(request.state, Diagnostics::default())
    }
    /// Import by id. Without an implementation, import is refused with an error.
    fn import(&self, _request: ImportRequest) -> ImportResponse {
        ImportResponse::failed(Diagnostic::error(
            "Import not supported",
            format!("{} cannot be imported.", self.type_name()),
        ))
    }
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub ty: Type,
    /// Markdown.
    pub description: String,
    pub allow_null: bool,
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub parameters: Vec<Parameter>,
    pub return_type: Type,
    pub summary: String,
    /// Markdown.
    pub description: String,
}

pub trait Function: Send + Sync {
    fn name(&self) -> &'static str;
    fn signature(&self) -> Signature;
    /// Called with wholly known arguments, one per parameter.
    fn call(&self, request: CallRequest) -> CallResponse;
}
