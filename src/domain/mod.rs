//! The domain layer: containerd registry configuration as plain data.
//!
//! Everything here is pure and deterministic — no I/O, no clock, no
//! gRPC or Terraform types — so the provider's behaviour can be tested
//! exhaustively with unit tests beside the code. The Terraform adapter reads
//! the user's files, passes their bytes in, and maps the results (problems
//! with file/line/key, rendered node files, the cloud-config text and its
//! fingerprint) to diagnostics and state.
//!
//! Flow: [`node_files::render_node_files`] validates hosts files
//! ([`hosts_toml`], [`namespace`]) and certificate files ([`certificate`])
//! and maps them to files on the node; [`cloud_config::render_cloud_config`]
//! turns those into a `#cloud-config` document that also points containerd
//! at `/etc/containerd/certs.d` ([`containerd_config`]);
//! [`fingerprint::fingerprint`] identifies a rendered set of files.

pub mod bootstrap;
pub mod certificate;
pub mod cloud_config;
pub mod containerd_config;
pub mod enumeration;
pub mod findings;
pub mod fingerprint;
pub mod go_duration;
pub mod go_url;
pub mod hosts_toml;
pub mod limits;
pub mod migrate;
pub mod namespace;
pub mod node_files;
mod parallel;
mod posix_path;
pub mod registry;
pub mod request_url;
mod yaml;

#[cfg(test)]
pub(crate) mod test_fixtures;

pub use findings::{Finding, Findings, Location, Reported, Severity};
