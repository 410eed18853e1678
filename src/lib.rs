//! terraform-provider-containerd: containerd registry configuration as validated, plan-time
//! Terraform data, rendered into node bootstrap files.
//!
//! - [`domain`]: registry namespaces, hosts.toml rules, certificates and output formats, as pure
//!   functions over plain types.
//! - [`provider`]: the Terraform surfaces (data source, resource, functions), thin adapters
//!   between the domain and the protocol layer.
//!
//! The protocol layer is the workspace crate [`tfplugin6`] (`crates/tfplugin6`): handshake,
//! TLS, gRPC, values, schemas and the docs generator. It knows nothing of containerd.

pub mod domain;
pub mod provider;
