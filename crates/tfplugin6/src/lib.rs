//! Terraform's plugin protocol 6, served the way go-plugin clients (Terraform, OpenTofu)
//! expect: the handshake, AutoMTLS, the go-plugin services, the `Provider` gRPC service, the
//! msgpack/JSON value codec, schemas and cty types, diagnostics and hclog logging.
//!
//! A provider implements [`Provider`] and its surfaces ([`DataSource`], [`Resource`],
//! [`Function`]) over plain [`Value`]s, each call taking a request struct and returning a
//! response struct, and hands itself to [`run`] with [`ServeOptions`] naming it. Nothing here
//! knows any provider's domain: names in logs and certificates come from the options.
//!
//! Every DynamicValue is decoded under the [`limits`]: at most [`limits::MAX_DEPTH`] levels of
//! nesting, [`limits::MAX_COLLECTION_ELEMENTS`] elements per collection, [`limits::MAX_VALUES`]
//! values and [`limits::MAX_STRING_BYTES`] bytes per string. Each is checked before the memory
//! it guards is allocated, and an error names the limit; the encoder holds provider output to
//! the same limits. Decoding, provider calls and encoding run on tokio's blocking pool, so a
//! heavy call never delays other calls on the same connection.
//!
//! [`docs`] renders Registry-layout documentation from the same schemas. With the `client`
//! feature, `client` holds the generated gRPC clients, for tests that talk to a served
//! provider.

mod codec;
mod connection;
mod convert;
mod diagnostics;
pub mod docs;
mod error;
mod go_plugin;
mod handshake;
pub mod limits;
mod logging;
mod provider;
mod requests;
mod schema;
mod serve;
mod service;
mod tls;
mod types;
mod value;

pub use codec::{decode_json, decode_msgpack, encode_msgpack};
pub use diagnostics::{AttributePath, Diagnostic, Diagnostics, Severity, Step};
pub use error::{CodecError, Error, TlsError, TypeError};
pub use provider::{DataSource, Function, Parameter, Provider, Resource, Signature};
pub use requests::{
    ApplyRequest, ApplyResponse, CallRequest, CallResponse, ConfigureRequest, ConfigureResponse,
    FunctionError, ImportRequest, ImportResponse, PlanRequest, PlanResponse, ReadDataRequest,
    ReadDataResponse, ReadRequest, ReadResponse, UpgradeStateRequest, UpgradeStateResponse,
    ValidateRequest, ValidateResponse,
};
pub use schema::{
    Attribute, AttributeType, Block, BlockNesting, NestedBlock, NestedType, ObjectNesting,
    Presence, Schema,
};
pub use serve::{run, ServeOptions};
pub use tls::{auto_mtls, AutoMtls};
pub use types::{ObjectType, Type};
pub use value::{Number, Value};

/// Generated protobuf types and gRPC services.
mod proto {
    #![allow(clippy::all, clippy::pedantic, dead_code)]
    pub mod tfplugin6 {
        tonic::include_proto!("tfplugin6");
    }
    pub mod go_plugin {
        tonic::include_proto!("plugin");
    }
}

/// The generated protobuf messages and gRPC clients of tfplugin6 and go-plugin.
#[cfg(feature = "client")]
pub mod client {
    pub use crate::proto::go_plugin;
    pub use crate::proto::tfplugin6;
}
