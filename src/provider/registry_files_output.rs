//! The computed attributes of `containerd_registry_files`, built from one typed struct: this is
//! the only place where their names meet their values.

use std::collections::BTreeMap;

use super::registry_files_input::{file_entry, SHA256};
use crate::domain::bootstrap::{format_names, EncodedFile, Output};
use crate::domain::fingerprint::fingerprint;
use crate::domain::node_files::NodeFile;
use tfplugin6::Value;

/// What a rendering puts into state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Computed {
    /// The inputs are not known yet (plan): every computed attribute is unknown.
    Pending,
    /// Rendering failed: every computed attribute is null.
    Failed,
    Rendered(RegistryFilesOutput),
}

/// The computed attributes of a successful rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryFilesOutput {
    /// Each format of [`FORMATS`](crate::domain::bootstrap::FORMATS), in order: its output when requested, else `None` (null).
    pub formats: Vec<(&'static str, Option<Output>)>,
    /// The fingerprint of every node file.
    pub sha256: String,
}

impl RegistryFilesOutput {
    /// `files` and the requested formats' outputs.
    pub fn new(files: &[NodeFile], rendered: Vec<(&'static str, Output)>) -> Self {
        let mut rendered: BTreeMap<&str, Output> = rendered.into_iter().collect();
        Self {
            formats: format_names()
                .map(|name| (name, rendered.remove(name)))
                .collect(),
            sha256: fingerprint(files),
        }
    }
}

impl Computed {
    /// Each computed attribute with its value.
    fn attributes(self) -> Vec<(&'static str, Value)> {
        let rendered = match self {
            Computed::Pending => return every_computed(Value::Unknown),
            Computed::Failed => return every_computed(Value::Null),
            Computed::Rendered(rendered) => rendered,
        };
        let mut attributes: Vec<(&'static str, Value)> = rendered
            .formats
            .into_iter()
            .map(|(name, output)| (name, output.map_or(Value::Null, output_value)))
            .collect();
        attributes.push((SHA256, Value::String(rendered.sha256)));
        attributes
    }

    /// `config` with the computed attributes set.
    pub fn into_state(self, config: &Value) -> Value {
        let mut state = match config {
            Value::Object(attributes) => attributes.clone(),
            _ => Default::default(),
        };
        for (name, value) in self.attributes() {
            state.insert(name.into(), value);
        }
        Value::Object(state)
    }
}

/// Every computed attribute set to `value`.
fn every_computed(value: Value) -> Vec<(&'static str, Value)> {
    computed_names().map(|name| (name, value.clone())).collect()
}

/// The names of every computed attribute: one per format, then the fingerprint.
pub fn computed_names() -> impl Iterator<Item = &'static str> {
    format_names().chain([SHA256])
}

fn output_value(output: Output) -> Value {
    match output {
        Output::Files(files) => Value::List(files.into_iter().map(file_value).collect()),
        Output::Document(text) => Value::String(text),
        Output::Digests(digests) => Value::Map(
            digests
                .into_iter()
                .map(|(path, digest)| (path, Value::String(digest)))
                .collect(),
        ),
    }
}

fn file_value(file: EncodedFile) -> Value {
    Value::object([
        (file_entry::PATH, Value::String(file.path)),
        (file_entry::CONTENT, Value::String(file.content)),
        (file_entry::PERMISSIONS, Value::String(file.permissions)),
        (file_entry::OWNER, Value::String(file.owner)),
        (
            file_entry::ENCODING,
            Value::String(file.encoding.unwrap_or_default()),
        ),
    ])
}
