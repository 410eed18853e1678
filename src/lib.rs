//! terraform-provider-containerd: containerd registry configuration as validated, plan-time
//! Terraform data, rendered into node bootstrap files.
//!
//! - [`protocol`]: Terraform's plugin protocol (handshake, TLS, gRPC, values, schemas). It knows
//!   nothing of containerd.
//! - [`domain`]: registry namespaces, hosts.toml rules, certificates and output formats, as pure
//!   functions over plain types.
//! - [`provider`]: the Terraform surfaces (data source, resource, functions), thin adapters
//!   between the two.

pub mod docs;
pub mod domain;
pub mod protocol;
pub mod provider;
