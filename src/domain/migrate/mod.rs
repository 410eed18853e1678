//! Migration from containerd's deprecated config.toml registry settings
//! (`registry.mirrors` / `registry.configs`) to the structured registries model, which renders
//! hosts.toml files.
//!
//! The mapping follows what containerd 1.6's CRI plugin does with those settings
//! (`pkg/cri/server/image_pull.go`, without `config_path`):
//! - `mirrors."<host>".endpoint` is tried in order; an endpoint without a scheme gets `http://`
//!   for a loopback host, else `https://`; an endpoint without a path gets `/v2`, one with a path
//!   uses it as the API root (hosts.toml's `override_path`);
//! - then the upstream (`https://registry-1.docker.io` for docker.io, else `https://<host>`,
//!   `http://` for loopback), unless an endpoint's host already is the pulled host;
//! - `mirrors."*"` serves every host without an entry of its own (hosts.toml's `_default`);
//! - `configs."<host>"` (`tls`, `auth`) applies to every endpoint on that host:port, whichever
//!   registry it serves.
//!
//! The result keeps those places and that order: endpoints become mirrors, with their host's
//! `tls` and `auth`; the upstream gets its host's. A `configs` host that no mirror list names
//! becomes a registry of its own (with the `*` endpoints, which containerd would use for it).
//! Credentials stay in config.toml mode; since containerd keeps one auth table per host, a host
//! serving several registries carries its credentials once.

mod config_toml;
mod mapping;

pub use config_toml::{registries_from_config_toml, MigrationError};

#[cfg(test)]
mod tests;
