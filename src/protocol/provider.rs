//! What a provider implements: the traits the gRPC service dispatches to.
//!
//! Surfaces work on decoded `Value`s and return `Diagnostics`; they never see protobuf types.
//! Generic protocol behaviour (destroy plans, deletes, "no such type") lives in the service,
//! not here. Functions declare no unknown or null arguments, so Terraform itself answers
//! calls with unknown arguments and never sends them.

use super::diagnostics::{AttributePath, Diagnostics};
use super::schema::Schema;
use super::types::Type;
use super::value::Value;
use std::sync::Arc;

pub trait Provider: Send + Sync + 'static {
    /// The provider type name, e.g. `containerd`.
    fn type_name(&self) -> &'static str;
    fn version(&self) -> &'static str;
    /// Schema of the `provider` block.
    fn schema(&self) -> Schema;
    fn configure(&self, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }
    fn data_sources(&self) -> Vec<Arc<dyn DataSource>>;
    fn resources(&self) -> Vec<Arc<dyn Resource>>;
    fn functions(&self) -> Vec<Arc<dyn Function>>;
}

pub trait DataSource: Send + Sync {
    /// Full type name, e.g. `containerd_registry_files`.
    fn type_name(&self) -> &'static str;
    fn schema(&self) -> Schema;
    /// Called with a configuration that may contain unknown values.
    fn validate(&self, config: &Value) -> Diagnostics;
    /// Called with a wholly known configuration; returns the new state.
    fn read(&self, config: &Value) -> (Value, Diagnostics);
}

/// The input of a resource plan that is not a destroy.
pub struct PlanRequest<'a> {
    /// Null when the resource is being created.
    pub prior_state: &'a Value,
    pub proposed_new_state: &'a Value,
    pub config: &'a Value,
}

pub struct Plan {
    pub planned_state: Value,
    pub requires_replace: Vec<AttributePath>,
    pub diagnostics: Diagnostics,
}

pub trait Resource: Send + Sync {
    fn type_name(&self) -> &'static str;
    fn schema(&self) -> Schema;
    fn validate(&self, config: &Value) -> Diagnostics;
    fn plan(&self, request: PlanRequest) -> Plan;
    /// Creates or updates; deletes are handled by the service.
    fn apply(&self, planned_state: &Value, config: &Value) -> (Value, Diagnostics);
    /// Refresh. Resources that live only in state return it unchanged.
    fn read(&self, state: &Value) -> (Value, Diagnostics) {
        (state.clone(), Diagnostics::default())
    }
    /// Upgrades raw state of an older schema version, already decoded with the current type.
    fn upgrade_state(&self, _from_version: i64, state: Value) -> (Value, Diagnostics) {
        (state, Diagnostics::default())
    }
    /// Import by id; `None` means import is not supported.
    fn import(&self, _id: &str) -> Option<(Value, Diagnostics)> {
        None
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionError {
    pub text: String,
    /// Zero-based index of the argument at fault.
    pub argument: Option<i64>,
}

pub trait Function: Send + Sync {
    fn name(&self) -> &'static str;
    fn signature(&self) -> Signature;
    /// Called with wholly known arguments.
    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError>;
}
