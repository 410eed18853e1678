//! The tfplugin6 `Provider` gRPC service: decodes requests, dispatches to the provider's
//! surfaces, and encodes the answers. Protocol rules that hold for every resource live here:
//! destroy plans, deletes, schema caching, state versions, and "no such type" errors.
//!
//! Every call that decodes values, runs provider code or encodes values runs on tokio's
//! blocking pool ([`calls`]): the RPC runtime stays free, so a heavy call on one stream never
//! delays `GetMetadata` or another call on the same connection.

mod calls;

use crate::convert;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server::Provider as ProviderRpc;
use crate::provider::Provider;
use crate::types::Type;
use calls::Calls;
use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::Arc;
use tonic::{Request, Response, Status};

type RpcResult<T> = Result<Response<T>, Status>;
type EventStream<T> = Pin<Box<dyn tokio_stream::Stream<Item = Result<T, Status>> + Send>>;

struct Surface<T: ?Sized> {
    implementation: Arc<T>,
    ty: Type,
    /// The schema version: stored state may be of this version or older.
    version: i64,
}

/// Serves one provider. Schemas are computed once, at start-up.
pub struct ProviderService {
    calls: Arc<Calls>,
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
                    version: schema.version,
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
                    version: schema.version,
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
        let calls = Calls {
            provider_type: provider_schema.block.value_type(),
            provider,
            data_sources,
            resources,
            functions,
        };
        ProviderService {
            calls: Arc::new(calls),
            schema_response,
        }
    }

    /// Runs `call` on the blocking pool.
    async fn offload<Req: Send + 'static, Resp: Send + 'static>(
        &self,
        request: Request<Req>,
        call: fn(&Calls, Req) -> Resp,
    ) -> RpcResult<Resp> {
        let calls = Arc::clone(&self.calls);
        let request = request.into_inner();
        match tokio::task::spawn_blocking(move || call(&calls, request)).await {
            Ok(response) => Ok(Response::new(response)),
            Err(error) => {
                log::error!("a provider call failed: {error}");
                Err(Status::internal(
                    "the provider failed while handling this call",
                ))
            }
        }
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
                .calls
                .data_sources
                .keys()
                .map(|n| m::DataSourceMetadata {
                    type_name: n.clone(),
                })
                .collect(),
            resources: self
                .calls
                .resources
                .keys()
                .map(|n| m::ResourceMetadata {
                    type_name: n.clone(),
                })
                .collect(),
            functions: self
                .calls
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
        self.offload(request, Calls::validate_provider_config).await
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> RpcResult<pb::validate_resource_config::Response> {
        self.offload(request, Calls::validate_resource_config).await
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> RpcResult<pb::validate_data_resource_config::Response> {
        self.offload(request, Calls::validate_data_resource_config)
            .await
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> RpcResult<pb::upgrade_resource_state::Response> {
        self.offload(request, Calls::upgrade_resource_state).await
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
        self.offload(request, Calls::configure_provider).await
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> RpcResult<pb::read_resource::Response> {
        self.offload(request, Calls::read_resource).await
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> RpcResult<pb::plan_resource_change::Response> {
        self.offload(request, Calls::plan_resource_change).await
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> RpcResult<pb::apply_resource_change::Response> {
        self.offload(request, Calls::apply_resource_change).await
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> RpcResult<pb::import_resource_state::Response> {
        self.offload(request, Calls::import_resource_state).await
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
        self.offload(request, Calls::read_data_source).await
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
        self.offload(request, Calls::call_function).await
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
