//! The tfplugin6 `Provider` gRPC service: decodes requests, dispatches to the provider's
//! surfaces, and encodes the answers. Protocol rules that hold for every resource live here:
//! destroy plans, deletes, schema caching, and "no such type" errors.

use crate::convert::{self, decode, encode};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server::Provider as ProviderRpc;
use crate::provider::{DataSource, Function, Provider, Resource, Signature};
use crate::requests::{
    ApplyRequest, CallRequest, ConfigureRequest, ImportRequest, PlanRequest, ReadDataRequest,
    ReadRequest, UpgradeStateRequest, ValidateRequest,
};
use crate::types::Type;
use crate::value::Value;
use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::Arc;
use tonic::{Request, Response, Status};

type RpcResult<T> = Result<Response<T>, Status>;
type EventStream<T> = Pin<Box<dyn tokio_stream::Stream<Item = Result<T, Status>> + Send>>;

struct Surface<T: ?Sized> {
    implementation: Arc<T>,
    ty: Type,
}

/// Serves one provider. Schemas are computed once, at start-up.
pub struct ProviderService {
    provider: Arc<dyn Provider>,
    provider_type: Type,
    data_sources: BTreeMap<String, Surface<dyn DataSource>>,
    resources: BTreeMap<String, Surface<dyn Resource>>,
    functions: BTreeMap<String, (Arc<dyn Function>, Signature)>,
    schema_response: pb::get_provider_schema::Response,
}

impl ProviderService {
    pub fn new(provider: Arc<dyn Provider>) -> ProviderService {
        let provider_schema = provider.schema();
        let mut schema_response = pb::get_provider_schema::Response {
            provider: Some(convert::schema(&provider_schema)),
            server_capabilities: Some(capabilities()),
            ..Default::default()
        };
        let mut data_sources = BTreeMap::new();
        for data_source in provider.data_sources() {
            let schema = data_source.schema();
            let name = data_source.type_name().to_string();
            schema_response
                .data_source_schemas
                .insert(name.clone(), convert::schema(&schema));
            data_sources.insert(
                name,
                Surface {
                    ty: schema.block.value_type(),
                    implementation: data_source,
                },
            );
        }
        let mut resources = BTreeMap::new();
        for resource in provider.resources() {
            let schema = resource.schema();
            let name = resource.type_name().to_string();
            schema_response
                .resource_schemas
                .insert(name.clone(), convert::schema(&schema));
            resources.insert(
                name,
                Surface {
                    ty: schema.block.value_type(),
                    implementation: resource,
                },
            );
        }
        let mut functions = BTreeMap::new();
        for function in provider.functions() {
            let name = function.name().to_string();
            let signature = function.signature();
            schema_response
                .functions
                .insert(name.clone(), convert::function(&signature));
            functions.insert(name, (function, signature));
        }
        ProviderService {
            provider_type: provider_schema.block.value_type(),
            provider,
            data_sources,
            resources,
            functions,
            schema_response,
        }
    }

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
}

fn capabilities() -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        plan_destroy: true,
        get_provider_schema_optional: true,
        move_resource_state: false,
        generate_resource_config: false,
    }
}

fn unknown_type(kind: &str, name: &str) -> Diagnostics {
    Diagnostic::error(
        format!("Unknown {kind} type"),
        format!("This provider has no {kind} named {name:?}."),
    )
    .into()
}

fn unsupported(what: &str) -> Vec<pb::Diagnostic> {
    convert::diagnostics(
        &Diagnostic::error(
            "Not supported",
            format!("This provider does not offer {what}."),
        )
        .into(),
    )
}

/// Runs `body`, turning its error diagnostics into the response's diagnostics.
fn diagnosed<T>(
    body: impl FnOnce(&mut Diagnostics) -> Result<T, Diagnostics>,
) -> (Option<T>, Vec<pb::Diagnostic>) {
    let mut diagnostics = Diagnostics::default();
    let result = match body(&mut diagnostics) {
        Ok(value) => Some(value),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    (result, convert::diagnostics(&diagnostics))
}

fn decode_into(value: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, Diagnostics> {
    decode(value, ty).map_err(Diagnostics::from)
}

fn encode_into(value: &Value, ty: &Type) -> Result<pb::DynamicValue, Diagnostics> {
    encode(value, ty).map_err(Diagnostics::from)
}

#[tonic::async_trait]
impl ProviderRpc for ProviderService {
    async fn get_metadata(
        &self,
        _request: Request<pb::get_metadata::Request>,
    ) -> RpcResult<pb::get_metadata::Response> {
        use pb::get_metadata as m;
        Ok(Response::new(m::Response {
            server_capabilities: Some(capabilities()),
            data_sources: self
                .data_sources
                .keys()
                .map(|n| m::DataSourceMetadata {
                    type_name: n.clone(),
                })
                .collect(),
            resources: self
                .resources
                .keys()
                .map(|n| m::ResourceMetadata {
                    type_name: n.clone(),
                })
                .collect(),
            functions: self
                .functions
                .keys()
                .map(|n| m::FunctionMetadata { name: n.clone() })
                .collect(),
            ..Default::default()
        }))
    }

    async fn get_provider_schema(
        &self,
        _request: Request<pb::get_provider_schema::Request>,
    ) -> RpcResult<pb::get_provider_schema::Response> {
        Ok(Response::new(self.schema_response.clone()))
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> RpcResult<pb::validate_provider_config::Response> {
        let request = request.into_inner();
        let (_, diagnostics) =
            diagnosed(|_| decode_into(request.config.as_ref(), &self.provider_type));
        Ok(Response::new(pb::validate_provider_config::Response {
            diagnostics,
        }))
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> RpcResult<pb::validate_resource_config::Response> {
        let request = request.into_inner();
        let (_, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            let config = decode_into(request.config.as_ref(), &resource.ty)?;
            let response = resource.implementation.validate(ValidateRequest { config });
            diags.extend(response.diagnostics);
            Ok(())
        });
        Ok(Response::new(pb::validate_resource_config::Response {
            diagnostics,
        }))
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> RpcResult<pb::validate_data_resource_config::Response> {
        let request = request.into_inner();
        let (_, diagnostics) = diagnosed(|diags| {
            let data_source = self.data_source(&request.type_name)?;
            let config = decode_into(request.config.as_ref(), &data_source.ty)?;
            let response = data_source
                .implementation
                .validate(ValidateRequest { config });
            diags.extend(response.diagnostics);
            Ok(())
        });
        Ok(Response::new(pb::validate_data_resource_config::Response {
            diagnostics,
        }))
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> RpcResult<pb::upgrade_resource_state::Response> {
        let request = request.into_inner();
        let (upgraded_state, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            let raw = request.raw_state.unwrap_or_default();
            if raw.json.is_empty() {
                return encode_into(&Value::Null, &resource.ty);
            }
            let state = crate::codec::decode_json(&raw.json, &resource.ty).map_err(|e| {
                Diagnostics::from(Diagnostic::error("Cannot read stored state", e.to_string()))
            })?;
            let response = resource.implementation.upgrade_state(UpgradeStateRequest {
                from_version: request.version,
                state,
            });
            diags.extend(response.diagnostics);
            encode_into(&response.upgraded_state, &resource.ty)
        });
        Ok(Response::new(pb::upgrade_resource_state::Response {
            upgraded_state,
            diagnostics,
        }))
    }

    async fn get_resource_identity_schemas(
        &self,
        _request: Request<pb::get_resource_identity_schemas::Request>,
    ) -> RpcResult<pb::get_resource_identity_schemas::Response> {
        Ok(Response::new(Default::default()))
    }

    async fn upgrade_resource_identity(
        &self,
        _request: Request<pb::upgrade_resource_identity::Request>,
    ) -> RpcResult<pb::upgrade_resource_identity::Response> {
        Ok(Response::new(pb::upgrade_resource_identity::Response {
            upgraded_identity: None,
            diagnostics: unsupported("resource identities"),
        }))
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> RpcResult<pb::configure_provider::Response> {
        let request = request.into_inner();
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
        Ok(Response::new(pb::configure_provider::Response {
            diagnostics,
        }))
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> RpcResult<pb::read_resource::Response> {
        let request = request.into_inner();
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
        Ok(Response::new(pb::read_resource::Response {
            new_state,
            diagnostics,
            private: request.private,
            ..Default::default()
        }))
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> RpcResult<pb::plan_resource_change::Response> {
        let request = request.into_inner();
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
        Ok(Response::new(pb::plan_resource_change::Response {
            planned_state,
            requires_replace,
            planned_private: request.prior_private,
            diagnostics,
            ..Default::default()
        }))
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> RpcResult<pb::apply_resource_change::Response> {
        let request = request.into_inner();
        let (new_state, diagnostics) = diagnosed(|diags| {
            let resource = self.resource(&request.type_name)?;
            let planned = decode_into(request.planned_state.as_ref(), &resource.ty)?;
            if planned.is_null() {
                // A delete: the resource lives only in state, so forgetting it is enough.
                return encode_into(&Value::Null, &resource.ty);
            }
            let config = decode_into(request.config.as_ref(), &resource.ty)?;
            let prior_state = decode_into(request.prior_state.as_ref(), &resource.ty)?;
            let response = resource.implementation.apply(ApplyRequest {
                planned_state: planned,
                config,
                prior_state,
            });
            diags.extend(response.diagnostics);
            encode_into(&response.new_state, &resource.ty)
        });
        Ok(Response::new(pb::apply_resource_change::Response {
            new_state,
            private: request.planned_private,
            diagnostics,
            ..Default::default()
        }))
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> RpcResult<pb::import_resource_state::Response> {
        let request = request.into_inner();
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
        Ok(Response::new(pb::import_resource_state::Response {
            imported_resources: imported.into_iter().collect(),
            diagnostics,
            deferred: None,
        }))
    }

    async fn move_resource_state(
        &self,
        _request: Request<pb::move_resource_state::Request>,
    ) -> RpcResult<pb::move_resource_state::Response> {
        Ok(Response::new(pb::move_resource_state::Response {
            diagnostics: unsupported("moving state between resource types"),
            ..Default::default()
        }))
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> RpcResult<pb::read_data_source::Response> {
        let request = request.into_inner();
        let (state, diagnostics) = diagnosed(|diags| {
            let data_source = self.data_source(&request.type_name)?;
            let config = decode_into(request.config.as_ref(), &data_source.ty)?;
            let response = data_source.implementation.read(ReadDataRequest { config });
            diags.extend(response.diagnostics);
            encode_into(&response.state, &data_source.ty)
        });
        Ok(Response::new(pb::read_data_source::Response {
            state,
            diagnostics,
            deferred: None,
        }))
    }

    async fn generate_resource_config(
        &self,
        _request: Request<pb::generate_resource_config::Request>,
    ) -> RpcResult<pb::generate_resource_config::Response> {
        Ok(Response::new(pb::generate_resource_config::Response {
            config: None,
            diagnostics: unsupported("configuration generation"),
        }))
    }

    async fn validate_ephemeral_resource_config(
        &self,
        _request: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> RpcResult<pb::validate_ephemeral_resource_config::Response> {
        Ok(Response::new(
            pb::validate_ephemeral_resource_config::Response {
                diagnostics: unsupported("ephemeral resources"),
            },
        ))
    }

    async fn open_ephemeral_resource(
        &self,
        _request: Request<pb::open_ephemeral_resource::Request>,
    ) -> RpcResult<pb::open_ephemeral_resource::Response> {
        Ok(Response::new(pb::open_ephemeral_resource::Response {
            diagnostics: unsupported("ephemeral resources"),
            ..Default::default()
        }))
    }

    async fn renew_ephemeral_resource(
        &self,
        _request: Request<pb::renew_ephemeral_resource::Request>,
    ) -> RpcResult<pb::renew_ephemeral_resource::Response> {
        Ok(Response::new(pb::renew_ephemeral_resource::Response {
            diagnostics: unsupported("ephemeral resources"),
            ..Default::default()
        }))
    }

    async fn close_ephemeral_resource(
        &self,
        _request: Request<pb::close_ephemeral_resource::Request>,
    ) -> RpcResult<pb::close_ephemeral_resource::Response> {
        Ok(Response::new(pb::close_ephemeral_resource::Response {
            diagnostics: unsupported("ephemeral resources"),
        }))
    }

    type ListResourceStream = EventStream<pb::list_resource::Event>;

    async fn list_resource(
        &self,
        _request: Request<pb::list_resource::Request>,
    ) -> RpcResult<Self::ListResourceStream> {
        Err(Status::unimplemented("this provider has no list resources"))
    }

    async fn validate_list_resource_config(
        &self,
        _request: Request<pb::validate_list_resource_config::Request>,
    ) -> RpcResult<pb::validate_list_resource_config::Response> {
        Ok(Response::new(pb::validate_list_resource_config::Response {
            diagnostics: unsupported("list resources"),
        }))
    }

    async fn get_functions(
        &self,
        _request: Request<pb::get_functions::Request>,
    ) -> RpcResult<pb::get_functions::Response> {
        Ok(Response::new(pb::get_functions::Response {
            functions: self.schema_response.functions.clone(),
            diagnostics: Vec::new(),
        }))
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> RpcResult<pb::call_function::Response> {
        let request = request.into_inner();
        let fail = |text: String, argument: Option<i64>| {
            Ok(Response::new(pb::call_function::Response {
                result: None,
                error: Some(pb::FunctionError {
                    text,
                    function_argument: argument,
                }),
            }))
        };
        let Some((function, signature)) = self.functions.get(&request.name) else {
            return fail(
                format!("this provider has no function {:?}", request.name),
                None,
            );
        };
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
                Ok(value) => arguments.push(value),
                Err(e) => return fail(e.detail, Some(index as i64)),
            }
        }
        match function.call(CallRequest { arguments }).result {
            Ok(result) => match encode(&result, &signature.return_type) {
                Ok(result) => Ok(Response::new(pb::call_function::Response {
                    result: Some(result),
                    error: None,
                })),
                Err(e) => fail(e.detail, None),
            },
            Err(error) => fail(error.text, error.argument),
        }
    }

    async fn validate_state_store_config(
        &self,
        _request: Request<pb::validate_state_store::Request>,
    ) -> RpcResult<pb::validate_state_store::Response> {
        Ok(Response::new(pb::validate_state_store::Response {
            diagnostics: unsupported("state stores"),
        }))
    }

    async fn configure_state_store(
        &self,
        _request: Request<pb::configure_state_store::Request>,
    ) -> RpcResult<pb::configure_state_store::Response> {
        Ok(Response::new(pb::configure_state_store::Response {
            diagnostics: unsupported("state stores"),
            capabilities: None,
        }))
    }

    type ReadStateBytesStream = EventStream<pb::read_state_bytes::Response>;

    async fn read_state_bytes(
        &self,
        _request: Request<pb::read_state_bytes::Request>,
    ) -> RpcResult<Self::ReadStateBytesStream> {
        Err(Status::unimplemented("this provider has no state stores"))
    }

    async fn write_state_bytes(
        &self,
        _request: Request<tonic::Streaming<pb::write_state_bytes::RequestChunk>>,
    ) -> RpcResult<pb::write_state_bytes::Response> {
        Err(Status::unimplemented("this provider has no state stores"))
    }

    async fn lock_state(
        &self,
        _request: Request<pb::lock_state::Request>,
    ) -> RpcResult<pb::lock_state::Response> {
        Err(Status::unimplemented("this provider has no state stores"))
    }

    async fn unlock_state(
        &self,
        _request: Request<pb::unlock_state::Request>,
    ) -> RpcResult<pb::unlock_state::Response> {
        Err(Status::unimplemented("this provider has no state stores"))
    }

    async fn get_states(
        &self,
        _request: Request<pb::get_states::Request>,
    ) -> RpcResult<pb::get_states::Response> {
        Err(Status::unimplemented("this provider has no state stores"))
    }

    async fn delete_state(
        &self,
        _request: Request<pb::delete_state::Request>,
    ) -> RpcResult<pb::delete_state::Response> {
        Err(Status::unimplemented("this provider has no state stores"))
    }

    async fn plan_action(
        &self,
        _request: Request<pb::plan_action::Request>,
    ) -> RpcResult<pb::plan_action::Response> {
        Ok(Response::new(pb::plan_action::Response {
            diagnostics: unsupported("actions"),
            deferred: None,
        }))
    }

    type InvokeActionStream = EventStream<pb::invoke_action::Event>;

    async fn invoke_action(
        &self,
        _request: Request<pb::invoke_action::Request>,
    ) -> RpcResult<Self::InvokeActionStream> {
        Err(Status::unimplemented("this provider has no actions"))
    }

    async fn validate_action_config(
        &self,
        _request: Request<pb::validate_action_config::Request>,
    ) -> RpcResult<pb::validate_action_config::Response> {
        Ok(Response::new(pb::validate_action_config::Response {
            diagnostics: unsupported("actions"),
        }))
    }

    async fn stop_provider(
        &self,
        _request: Request<pb::stop_provider::Request>,
    ) -> RpcResult<pb::stop_provider::Response> {
        // Every call finishes quickly and holds nothing to cancel.
        Ok(Response::new(pb::stop_provider::Response::default()))
    }
}

#[cfg(test)]
mod tests;
