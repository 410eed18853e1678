//! Provider functions (Terraform 1.8+, OpenTofu 1.7+), one file each.

mod arguments;
mod hosts_toml;
mod parse_hosts_toml;
mod scs_mirror;

use std::sync::Arc;
use tfplugin6::{Diagnostics, Function, FunctionError, Severity};

pub fn all() -> Vec<Arc<dyn Function>> {
    vec![
        Arc::new(hosts_toml::HostsToml),
        Arc::new(parse_hosts_toml::ParseHostsToml),
        Arc::new(scs_mirror::ScsMirror),
    ]
}

/// The first error among `diagnostics` as a function error on `argument`.
fn first_error(diagnostics: &Diagnostics, argument: i64) -> Option<FunctionError> {
    diagnostics
        .0
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map(|d| FunctionError {
            text: format!("{}: {}", d.summary, d.detail),
            argument: Some(argument),
        })
}
