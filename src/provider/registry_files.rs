//! The schema and rendering shared by the `containerd_registry_files` data source and
//! resource: reading the listed files, handing them to the domain layer, and turning its
//! findings into diagnostics.

use crate::domain::cloud_config::render_cloud_config;
use crate::domain::fingerprint::fingerprint;
use crate::domain::hosts_toml::Rules;
use crate::domain::node_files::{render_node_files, InputKind, NodeFile, SourceFile};
use crate::domain::Severity;
use crate::protocol::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use crate::protocol::schema::{Attribute, Presence};
use crate::protocol::types::Type;
use crate::protocol::value::Value;
use base64::Engine;
use std::time::{SystemTime, UNIX_EPOCH};

pub const DESCRIPTION: &str = "Validates containerd registry host files (`hosts.toml`) and \
certificate files by containerd's own rules, and renders them into files for \
`/etc/containerd` and a `#cloud-config` document. Accepts the shape of the SCS KaaS \
`containerd_registry_files` variable: `hosts` and `certs` lists of file paths.";

pub fn schema_attributes() -> Vec<Attribute> {
    let file_object = Type::object([
        ("path", Type::String),
        ("content", Type::String),
        ("permissions", Type::String),
        ("owner", Type::String),
        ("encoding", Type::String),
    ]);
    vec![
        Attribute::new(
            "hosts",
            Type::set(Type::String),
            Presence::Optional,
            "Paths of containerd registry host files (`hosts.toml` format). Each file's \
             basename is the registry namespace containerd looks up (`docker.io`, \
             `registry.example.com:5000`, `_default`) and the file is written to \
             `/etc/containerd/certs.d/<basename>/hosts.toml`. Relative paths resolve against \
             the working directory, as Terraform's `file()` does in the root module.",
        ),
        Attribute::new(
            "certs",
            Type::set(Type::String),
            Presence::Optional,
            "Paths of CA certificates, client certificates and client keys (PEM). Each is \
             written to `/etc/containerd/certs/<basename>`; files holding a private key get \
             mode `0600`, all others `0644`.",
        ),
        Attribute::new(
            "files",
            Type::list(file_object),
            Presence::Computed,
            "The files to write on the node, sorted by path: `path`, `content`, `permissions` \
             (octal string), `owner` (`root:root`) and `encoding` (`text/plain`, or `b64` when \
             the content is not UTF-8 and `content` holds base64).",
        ),
        Attribute::new(
            "cloud_config",
            Type::String,
            Presence::Computed,
            "A complete `#cloud-config` document: every file in `write_files`, a command that \
             sets `config_path = \"/etc/containerd/certs.d\"` in `/etc/containerd/config.toml` \
             (containerd 1.x, config version 2) without duplicating tables, and a containerd \
             restart.",
        ),
        Attribute::new(
            "sha256",
            Type::String,
            Presence::Computed,
            "Hex SHA-256 fingerprint of the rendered files (paths, modes, owners and contents). \
             It changes exactly when a node file changes, so it can trigger a node rollout.",
        ),
    ]
}

/// Checks that can run on a configuration with unknown values: nothing here reads files.
pub fn validate_config(config: &Value) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for kind in [InputKind::Hosts, InputKind::Certs] {
        let attribute = kind.attribute();
        if let Some(paths) = config.attr(attribute).elements() {
            for path in paths {
                if path.as_str().is_some_and(|p| p.trim().is_empty()) {
                    diagnostics.push(
                        Diagnostic::error(
                            "Empty path",
                            format!("`{attribute}` lists an empty path."),
                        )
                        .at(AttributePath::root(attribute)),
                    );
                }
            }
        }
    }
    diagnostics
}

/// Reads the listed files and renders them; `config` is wholly known. Returns the new state:
/// the configuration with the computed attributes filled in (unknown when rendering failed).
pub fn render(config: &Value) -> (Value, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let hosts = read_sources(config, InputKind::Hosts, &mut diagnostics);
    let certs = read_sources(config, InputKind::Certs, &mut diagnostics);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let rendered = render_node_files(&hosts, &certs, &Rules::default(), now);
    for problem in &rendered.problems {
        let diagnostic = match problem.severity {
            Severity::Error => Diagnostic::error(&problem.summary, &problem.detail),
            Severity::Warning => Diagnostic::warning(&problem.summary, &problem.detail),
        };
        diagnostics.push(diagnostic.at(AttributePath::root(problem.input.attribute())));
    }
    if diagnostics.has_errors() {
        return (with_outputs(config, None), diagnostics);
    }
    (with_outputs(config, Some(&rendered.files)), diagnostics)
}

fn read_sources(config: &Value, kind: InputKind, diagnostics: &mut Diagnostics) -> Vec<SourceFile> {
    let attribute = kind.attribute();
    let mut sources = Vec::new();
    for path in config.attr(attribute).elements().unwrap_or_default() {
        let Some(path) = path.as_str() else { continue };
        match std::fs::read(path) {
            Ok(bytes) => sources.push(SourceFile {
                path: path.to_string(),
                bytes,
            }),
            Err(e) => diagnostics.push(
                Diagnostic::error(
                    "Cannot read file",
                    format!("{path}: {e} (listed in `{attribute}`; relative paths resolve against the working directory)."),
                )
                .at(AttributePath::root(attribute)),
            ),
        }
    }
    sources
}

/// `config` with the computed attributes unknown, for a plan whose inputs are not known yet.
pub fn pending(config: &Value) -> Value {
    let mut state = match config {
        Value::Object(attributes) => attributes.clone(),
        _ => Default::default(),
    };
    for computed in ["files", "cloud_config", "sha256"] {
        state.insert(computed.into(), Value::Unknown);
    }
    Value::Object(state)
}

/// `config` with `files`, `cloud_config` and `sha256` set from `files`, or null without them.
fn with_outputs(config: &Value, files: Option<&[NodeFile]>) -> Value {
    let mut state = match config {
        Value::Object(attributes) => attributes.clone(),
        _ => Default::default(),
    };
    let (files_value, cloud_config, sha256) = match files {
        Some(files) => (
            Value::List(files.iter().map(file_value).collect()),
            Value::String(render_cloud_config(files)),
            Value::String(fingerprint(files)),
        ),
        None => (Value::Null, Value::Null, Value::Null),
    };
    state.insert("files".into(), files_value);
    state.insert("cloud_config".into(), cloud_config);
    state.insert("sha256".into(), sha256);
    Value::Object(state)
}

fn file_value(file: &NodeFile) -> Value {
    let (content, encoding) = match std::str::from_utf8(&file.content) {
        Ok(text) => (text.to_string(), "text/plain"),
        Err(_) => (
            base64::engine::general_purpose::STANDARD.encode(&file.content),
            "b64",
        ),
    };
    Value::object([
        ("path", Value::string(&file.path)),
        ("content", Value::String(content)),
        ("permissions", Value::string(&file.permissions)),
        ("owner", Value::string(&file.owner)),
        ("encoding", Value::string(encoding)),
    ])
}
