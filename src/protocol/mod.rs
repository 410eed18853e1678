//! Terraform's plugin protocol 6, served the way go-plugin clients (Terraform, OpenTofu)
//! expect. Nothing here knows about containerd.

pub mod codec;
mod connection;
mod convert;
pub mod diagnostics;
mod go_plugin;
pub mod handshake;
pub mod logging;
pub mod provider;
pub mod schema;
pub mod serve;
pub mod service;
pub mod tls;
pub mod types;
pub mod value;

/// Generated protobuf types and gRPC services.
pub mod proto {
    #![allow(clippy::all, clippy::pedantic)]
    pub mod tfplugin6 {
        tonic::include_proto!("tfplugin6");
    }
    pub mod go_plugin {
        tonic::include_proto!("plugin");
    }
}
