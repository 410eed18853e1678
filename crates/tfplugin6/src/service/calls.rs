//! The synchronous body of every call that decodes, runs provider code or encodes. The service
//! runs these on the blocking pool, so a heavy call never holds up the RPC runtime.

use super::{diagnosed, unknown_type, Surface};
use crate::convert::{self, decode, encode};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::proto::tfplugin6 as pb;
use crate::provider::{DataSource, Function, Provider, Resource, Signature};
use crate::requests::{
    ApplyRequest, CallRequest, ConfigureRequest, ImportRequest, PlanRequest, ReadDataRequest,
    ReadRequest, UpgradeStateRequest, ValidateRequest,
};
use crate::types::Type;
use crate::value::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(super) struct Calls {
    pub provider: Arc<dyn Provider>,
    pub provider_type: Type,
    pub data_sources: BTreeMap<String, Surface<dyn DataSource>>,
    pub resources: BTreeMap<String, Surface<dyn Resource>>,
    pub functions: BTreeMap<String, (Arc<dyn Function>, Signature)>,
}

fn decode_into(value: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, Diagnostics> {
    decode(value, ty).map_err(Diagnostics::from)
}

fn encode_into(value: &Value, ty: &Type) -> Result<pb::DynamicValue, Diagnostics> {
    encode(value, ty).map_err(Diagnostics::from)
}

/// Terraform sends only wholly known configuration to reads and applies; anything else would
/// reach the provider as a silently empty field.
fn require_known(config: &Value, call: &str) -> Result<(), Diagnostics> {
    match config.unknown_path() {
        None => Ok(()),
        Some(path) => Err(Diagnostic::error(
            "Unknown value in configuration",
            format!("{call} needs a wholly known configuration, but this value is not known yet."),
        )
        .at(path)
        .into()),
    }
}

fn state_error(detail: String) -> Diagnostics {
    Diagnostic::error("Cannot read stored state", detail).into()
}

impl Calls {
    fn data_source(&self, name: &str) -> Result<&Surface<dyn DataSource>, Diagnostics> {
        self.data_sources
            .get(name)
            .ok_or_else(|| unknown_type("data source", name))
    }

    fn resource(&self, name: &str) -> Result<&Surface<dyn Resource>, Diagnostics> {
        self.resources
            .get(name)
            .ok_or_else(|| unknown_type("resource", name))
    }

    pub fn validate_provider_config(
        &self,
        request: pb::validate_provider_config::Request,
    ) -> pb::validate_provider_config::Response {
        let (_, diagnostics) =
            diagnosed(|_| decode_into(request.config.as_ref(), &self.provider_type));
        pb::validate_provider_config::Response { diagnostics }
    }

    pub fn validate_resource_config(
        &self,
        request: pb::validate_resource_config::Request,
    ) -> pb::validate_resource_config::Response {
        let (_, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            let config = decode_into(request.config.as_ref(), &resource.ty)?;
            let response = resource.implementation.validate(ValidateRequest { config });
            diags.extend(response.diagnostics);
            Ok(())
        });
        pb::validate_resource_config::Response { diagnostics }
    }

    pub fn validate_data_resource_config(
        &self,
        request: pb::validate_data_resource_config::Request,
    ) -> pb::validate_data_resource_config::Response {
        let (_, diagnostics) = diagnosed(|diags| {
            let data_source = self.data_source(&request.type_name)?;
            let config = decode_into(request.config.as_ref(), &data_source.ty)?;
            let response = data_source
                .implementation
                .validate(ValidateRequest { config });
            diags.extend(response.diagnostics);
            Ok(())
        });
        pb::validate_data_resource_config::Response { diagnostics }
    }

    pub fn upgrade_resource_state(
        &self,
        request: pb::upgrade_resource_state::Request,
    ) -> pb::upgrade_resource_state::Response {
        let (upgraded_state, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            if !(0..=resource.version).contains(&request.version) {
                return Err(state_error(format!(
                    "The stored state of {} has schema version {}, but this provider \
                     reads versions 0 to {}. State written by a newer provider release \
                     needs that release or a newer one.",
                    request.type_name, request.version, resource.version
                )));
            }
            let raw = request.raw_state.unwrap_or_default();
            if raw.json.is_empty() {
                if !raw.flatmap.is_empty() {
                    return Err(state_error(format!(
                        "The stored state of {} is in the flatmap format of Terraform before \
                         0.12, which this provider cannot read. Remove it from state and \
                         apply again.",
                        request.type_name
                    )));
                }
                return encode_into(&Value::Null, &resource.ty);
            }
            let state = crate::codec::decode_json(&raw.json, &resource.ty)
                .map_err(|e| state_error(e.to_string()))?;
            let response = resource.implementation.upgrade_state(UpgradeStateRequest {
                from_version: request.version,
                state,
            });
            diags.extend(response.diagnostics);
            encode_into(&response.upgraded_state, &resource.ty)
        });
        pb::upgrade_resource_state::Response {
            upgraded_state,
            diagnostics,
        }
    }

    pub fn configure_provider(
        &self,
        request: pb::configure_provider::Request,
    ) -> pb::configure_provider::Response {
        log::debug!("configured by Terraform {}", request.terraform_version);
        let (_, diagnostics) = diagnosed(|diags| {
            let config = decode_into(request.config.as_ref(), &self.provider_type)?;
            let response = self.provider.configure(ConfigureRequest {
                config,
                terraform_version: request.terraform_version.clone(),
            });
            diags.extend(response.diagnostics);
            Ok(())
        });
        pb::configure_provider::Response { diagnostics }
    }

    pub fn read_resource(
        &self,
        request: pb::read_resource::Request,
    ) -> pb::read_resource::Response {
        let (new_state, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            let state = decode_into(request.current_state.as_ref(), &resource.ty)?;
            if state.is_null() {
                return encode_into(&state, &resource.ty);
            }
            let response = resource.implementation.read(ReadRequest {
                current_state: state,
            });
            diags.extend(response.diagnostics);
            encode_into(&response.new_state, &resource.ty)
        });
        pb::read_resource::Response {
            new_state,
            diagnostics,
            private: request.private,
            ..Default::default()
        }
    }

    pub fn plan_resource_change(
        &self,
        request: pb::plan_resource_change::Request,
    ) -> pb::plan_resource_change::Response {
        let mut requires_replace = Vec::new();
        let (planned_state, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            let prior_state = decode_into(request.prior_state.as_ref(), &resource.ty)?;
            let proposed = decode_into(request.proposed_new_state.as_ref(), &resource.ty)?;
            let config = decode_into(request.config.as_ref(), &resource.ty)?;
            if proposed.is_null() {
                // A destroy: nothing to compute.
                return encode_into(&Value::Null, &resource.ty);
            }
            let plan = resource.implementation.plan(PlanRequest {
                prior_state,
                proposed_new_state: proposed,
                config,
            });
            diags.extend(plan.diagnostics);
            requires_replace = plan
                .requires_replace
                .iter()
                .map(convert::attribute_path)
                .collect();
            encode_into(&plan.planned_state, &resource.ty)
        });
        pb::plan_resource_change::Response {
            planned_state,
            requires_replace,
            planned_private: request.prior_private,
            diagnostics,
            ..Default::default()
        }
    }

    pub fn apply_resource_change(
        &self,
        request: pb::apply_resource_change::Request,
    ) -> pb::apply_resource_change::Response {
        let (new_state, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            let planned = decode_into(request.planned_state.as_ref(), &resource.ty)?;
            if planned.is_null() {
                // A delete: the resource lives only in state, so forgetting it is enough.
                return encode_into(&Value::Null, &resource.ty);
            }
            let config = decode_into(request.config.as_ref(), &resource.ty)?;
            require_known(&config, "Apply")?;
            let prior_state = decode_into(request.prior_state.as_ref(), &resource.ty)?;
            let response = resource.implementation.apply(ApplyRequest {
                planned_state: planned,
                config,
                prior_state,
            });
            diags.extend(response.diagnostics);
            encode_into(&response.new_state, &resource.ty)
        });
        pb::apply_resource_change::Response {
            new_state,
            private: request.planned_private,
            diagnostics,
            ..Default::default()
        }
    }

    pub fn import_resource_state(
        &self,
        request: pb::import_resource_state::Request,
    ) -> pb::import_resource_state::Response {
        let (imported, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            let response = resource.implementation.import(ImportRequest {
                id: request.id.clone(),
            });
            let Some(state) = response.state else {
                return Err(response.diagnostics);
            };
            diags.extend(response.diagnostics);
            Ok(pb::import_resource_state::ImportedResource {
                type_name: request.type_name.clone(),
                state: Some(encode_into(&state, &resource.ty)?),
                ..Default::default()
            })
        });
        pb::import_resource_state::Response {
            imported_resources: imported.into_iter().collect(),
            diagnostics,
            deferred: None,
        }
    }

    pub fn read_data_source(
        &self,
        request: pb::read_data_source::Request,
    ) -> pb::read_data_source::Response {
        let (state, diagnostics) = diagnosed(|diags| {
            let data_source = self.data_source(&request.type_name)?;
            let config = decode_into(request.config.as_ref(), &data_source.ty)?;
            require_known(&config, "Reading a data source")?;
            let response = data_source.implementation.read(ReadDataRequest { config });
            diags.extend(response.diagnostics);
            encode_into(&response.state, &data_source.ty)
        });
        pb::read_data_source::Response {
            state,
            diagnostics,
            deferred: None,
        }
    }

    pub fn call_function(
        &self,
        request: pb::call_function::Request,
    ) -> pb::call_function::Response {
        let fail = |text: String, argument: Option<i64>| pb::call_function::Response {
            result: None,
            error: Some(pb::FunctionError {
                text,
                function_argument: argument,
            }),
        };
        let Some((function, signature)) = self.functions.get(&request.name) else {
            return fail(
                format!("this provider has no function {:?}", request.name),
                None,
            );
        };
        // Counted before anything is decoded: a call cannot make us decode extra arguments.
        if request.arguments.len() != signature.parameters.len() {
            return fail(
                format!(
                    "{} takes {} arguments, got {}",
                    request.name,
                    signature.parameters.len(),
                    request.arguments.len()
                ),
                None,
            );
        }
        let mut arguments = Vec::with_capacity(request.arguments.len());
        for (index, (raw, parameter)) in request
            .arguments
            .iter()
            .zip(&signature.parameters)
            .enumerate()
        {
            match decode(Some(raw), &parameter.ty) {
                Ok(value) if !value.is_wholly_known() => {
                    return fail(
                        format!(
                            "argument {} ({}) is not known yet",
                            index + 1,
                            parameter.name
                        ),
                        Some(index as i64),
                    )
                }
                Ok(value) => arguments.push(value),
                Err(e) => return fail(e.detail, Some(index as i64)),
            }
        }
        match function.call(CallRequest { arguments }).result {
            Ok(result) => match encode(&result, &signature.return_type) {
                Ok(result) => pb::call_function::Response {
                    result: Some(result),
                    error: None,
                },
                Err(e) => fail(e.detail, None),
            },
            Err(error) => fail(error.text, error.argument),
        }
    }
}
