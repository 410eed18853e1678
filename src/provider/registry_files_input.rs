//! The top-level attributes of `containerd_registry_files`, each name spelled once: the schema,
//! the typed input read from a configuration and the state built from the typed output all use
//! these constants (`hosts` and `certs` are [`InputKind::attribute`]).

use std::collections::HashSet;

use crate::domain::bootstrap::{DEFAULT_FORMATS, FORMATS_INPUT};
use crate::domain::node_files::InputKind;
use tfplugin6::Value;

pub const REGISTRIES: &str = "registries";
pub const CONTAINERD_VERSION: &str = "containerd_version";
pub const CONFIG_MODE: &str = "config_mode";
pub const GZIP: &str = "gzip";
pub const CLOUD_INIT_MERGE: &str = "cloud_init_merge";
/// The bootstrap formats to render, each named by its own attribute
/// ([`OutputFormat::name`](crate::domain::bootstrap::OutputFormat::name)).
pub const OUTPUT_FORMATS: &str = FORMATS_INPUT;

/// The per-file digests, a format like the others.
pub use crate::domain::bootstrap::FILE_SHA256;
/// The node files' fingerprint, computed whatever the formats.
pub const SHA256: &str = "sha256";

/// The fields of a file entry in `files` and in the bootstrap formats' file lists.
pub mod file_entry {
    pub const PATH: &str = "path";
    pub const CONTENT: &str = "content";
    pub const PERMISSIONS: &str = "permissions";
    pub const OWNER: &str = "owner";
    pub const ENCODING: &str = "encoding";
    /// In schema order.
    pub const FIELDS: [&str; 5] = [PATH, CONTENT, PERMISSIONS, OWNER, ENCODING];
}

/// A configuration read once. Unknown or null values read as absent, so validation before
/// apply sees only what is known.
pub struct RegistryFilesInput<'a> {
    /// The known `hosts` paths, in the order given, each once (the attribute is a list, so
    /// that the core does not sort a set on every pass over the value; a set such as SCS's
    /// variable arrives as its sorted list).
    pub hosts: Vec<&'a str>,
    /// The known `certs` paths, likewise.
    pub certs: Vec<&'a str>,
    /// Converted by [`registries_from_value`](super::registry_input::registries_from_value).
    pub registries: &'a Value,
    pub containerd_version: Option<&'a str>,
    pub config_mode: Option<&'a str>,
    pub gzip: bool,
    pub cloud_init_merge: bool,
    /// The known names in `formats`; `None` when it is null (the default formats).
    pub formats: Option<Vec<&'a str>>,
}

impl<'a> RegistryFilesInput<'a> {
    pub fn from_value(config: &'a Value) -> Self {
        let paths = |kind: InputKind| {
            let mut seen = HashSet::new();
            config
                .attr(kind.attribute())
                .elements()
                .unwrap_or_default()
                .iter()
                .filter_map(Value::as_str)
                .filter(|path| seen.insert(*path))
                .collect()
        };
        RegistryFilesInput {
            hosts: paths(InputKind::Hosts),
            certs: paths(InputKind::Certs),
            registries: config.attr(REGISTRIES),
            containerd_version: config.attr(CONTAINERD_VERSION).as_str(),
            config_mode: config.attr(CONFIG_MODE).as_str(),
            gzip: config.attr(GZIP).as_bool().unwrap_or(false),
            cloud_init_merge: config.attr(CLOUD_INIT_MERGE).as_bool().unwrap_or(false),
            formats: config
                .attr(OUTPUT_FORMATS)
                .elements()
                .map(|names| names.iter().filter_map(Value::as_str).collect()),
        }
    }

    /// The formats to render: those named in `formats`, or the default ones.
    pub fn requested_formats(&self) -> &[&'a str] {
        self.formats.as_deref().unwrap_or(&DEFAULT_FORMATS)
    }

    /// The known paths listed in `kind`'s attribute.
    pub fn paths(&self, kind: InputKind) -> &[&'a str] {
        match kind {
            InputKind::Hosts => &self.hosts,
            InputKind::Certs => &self.certs,
        }
    }
}
