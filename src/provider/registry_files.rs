//! The schema and rendering shared by the `containerd_registry_files` data source and
//! resource: reading the listed files, converting the structured input, handing both to the
//! domain layer, and turning its findings into diagnostics.

use super::findings::report;
use super::registry_files_input::{
    file_entry, RegistryFilesInput, CLOUD_INIT_MERGE, CONFIG_MODE, CONTAINERD_VERSION, FILES,
    FILE_SHA256, GZIP, SHA256,
};
use super::registry_input::{registries_attribute, registries_from_value};
use crate::domain::bootstrap::{
    render_formats, CloudConfigOptions, NodeSetup, Options, Output, OutputFormat, Shape, FORMATS,
};
use crate::domain::enumeration::{describe_choices, quoted_alternatives, Enumeration};
use crate::domain::fingerprint::{content_sha256, fingerprint};
use crate::domain::hosts_toml::{ContainerdVersion, Rules};
use crate::domain::node_files::{render_node_files, InputKind, NodeFile, SourceFile};
use crate::domain::registry::versions::supported_lines;
use crate::domain::registry::{
    self, merge_files, parse_containerd_version, render_registries, ConfigMode, RenderOptions,
    DEFAULT_CONTAINERD_VERSION,
};
use base64::Engine;
use tfplugin6::{
    Attribute, AttributePath, Block, Diagnostic, Diagnostics, Presence, Schema, Type, Value,
};

pub const DESCRIPTION: &str = "Validates containerd registry configuration by containerd's own \
rules and renders it into files for `/etc/containerd`, a `#cloud-config` document and Cluster \
API kubeadm `files`. Takes hand-written files in the shape of the SCS KaaS \
`containerd_registry_files` variable (`hosts` and `certs` path lists), registries declared as \
data (`registries`), or both.";

/// The computed attributes besides the bootstrap formats.
const NODE_FILE_OUTPUTS: [&str; 3] = [FILES, FILE_SHA256, SHA256];

/// Every computed attribute.
fn computed() -> impl Iterator<Item = &'static str> {
    NODE_FILE_OUTPUTS
        .into_iter()
        .chain(FORMATS.iter().map(|format| format.name()))
}

fn file_object() -> Type {
    Type::object(file_entry::FIELDS.map(|field| (field, Type::String)))
}

/// The type name the data source and the resource share.
pub const TYPE_NAME: &str = "containerd_registry_files";

/// The schema the data source and the resource share, with a description of their own.
pub fn schema(description: String) -> Schema {
    Schema {
        version: 0,
        block: Block {
            attributes: schema_attributes(),
            description,
            ..Block::default()
        },
    }
}

pub fn schema_attributes() -> Vec<Attribute> {
    let mut attributes = vec![
        Attribute::new(
            InputKind::Hosts.attribute(),
            Type::set(Type::String),
            Presence::Optional,
            "Paths of containerd registry host files (`hosts.toml` format). Each file's \
             basename is the registry namespace containerd looks up (`docker.io`, \
             `registry.example.com:5000`, `_default`) and the file is written to \
             `/etc/containerd/certs.d/<basename>/hosts.toml`. Relative paths resolve against \
             the working directory, as Terraform's `file()` does in the root module.",
        ),
        Attribute::new(
            InputKind::Certs.attribute(),
            Type::set(Type::String),
            Presence::Optional,
            "Paths of CA certificates, client certificates and client keys (PEM). Each is \
             written to `/etc/containerd/certs/<basename>`; files holding a private key get \
             mode `0600`, all others `0644`.",
        ),
        registries_attribute(),
        Attribute::new(
            CONTAINERD_VERSION,
            Type::String,
            Presence::Optional,
            &format!(
                "containerd release on the nodes, {} or a full release such \
                 as `\"2.0.7\"`. Drives which fields are allowed and how `config_path` is \
                 enabled (config version 2 for 1.x, 3 for 2.x). Default for structured \
                 registries: `\"{DEFAULT_CONTAINERD_VERSION}\"`, whose output every later \
                 release also reads; hand-written `hosts` files are then checked against every \
                 release from 1.6 on.",
                supported_lines("`")
            ),
        ),
        Attribute::new(
            CONFIG_MODE,
            Type::String,
            Presence::Optional,
            &format!(
                "How containerd is pointed at `/etc/containerd/certs.d`: {}.",
                describe_choices(ConfigMode::default(), "; ")
            ),
        )
        .one_of(ConfigMode::names()),
        Attribute::new(
            GZIP,
            Type::Bool,
            Presence::Optional,
            "Write every file in `write_files` and `cloud_config` as `gzip+base64` to save \
             user-data space. Default false.",
        ),
        Attribute::new(
            CLOUD_INIT_MERGE,
            Type::Bool,
            Presence::Optional,
            "Add `merge_how: 'list(append)+dict(no_replace,recurse_list)+str()'` to \
             `cloud_config`, so cloud-init appends its `write_files` and `runcmd` to other \
             parts instead of replacing them. Default false.",
        ),
        Attribute::new(
            FILES,
            Type::list(file_object()),
            Presence::Computed,
            "The files to write on the node, sorted by path: `path`, `content`, `permissions` \
             (octal string), `owner` (`root:root`) and `encoding` (`text/plain`, or `b64` when \
             the content is not UTF-8 and `content` holds base64). Sensitive, because it can \
             carry private keys and credentials; `file_sha256` shows which file changes.",
        )
        .sensitive(),
    ];
    attributes.extend(FORMATS.iter().map(|format| format_attribute(*format)));
    attributes.extend([
        Attribute::new(
            FILE_SHA256,
            Type::map(Type::String),
            Presence::Computed,
            "Hex SHA-256 of each node file's content, keyed by path. Not sensitive, so a plan \
             shows which file changes while the contents stay hidden.",
        ),
        Attribute::new(
            SHA256,
            Type::String,
            Presence::Computed,
            "Hex SHA-256 fingerprint of the rendered files (paths, modes, owners and contents). \
             It changes exactly when a node file changes, so it can trigger a node rollout.",
        ),
    ]);
    attributes
}

/// A bootstrap format's computed attribute; sensitive, as the files can carry keys and
/// credentials.
fn format_attribute(format: &dyn OutputFormat) -> Attribute {
    let ty = match format.shape() {
        Shape::Files => Type::list(file_object()),
        Shape::Document => Type::String,
    };
    Attribute::new(format.name(), ty, Presence::Computed, format.description()).sensitive()
}

/// Checks that can run on a configuration with unknown values: nothing here reads files.
pub fn validate_config(config: &Value) -> Diagnostics {
    let input = RegistryFilesInput::from_value(config);
    let mut diagnostics = Diagnostics::default();
    // Capability names and credential modes are checked while converting; unknown parts are
    // skipped, so this also works before apply.
    let (_, version) = target_version(&input);
    registries_from_value(input.registries, version, &mut diagnostics);
    check_settings(&input, &mut diagnostics);
    diagnostics
}

/// The containerd version the user names (when known and valid), and the one rendered for.
fn target_version(input: &RegistryFilesInput) -> (Option<ContainerdVersion>, ContainerdVersion) {
    let explicit = input
        .containerd_version
        .and_then(|v| parse_containerd_version(v).ok());
    let version = explicit.unwrap_or_else(registry::versions::default_containerd_version);
    (explicit, version)
}

/// Empty paths, the containerd version and the config mode.
fn check_settings(input: &RegistryFilesInput, diagnostics: &mut Diagnostics) {
    for kind in [InputKind::Hosts, InputKind::Certs] {
        let attribute = kind.attribute();
        for path in input.paths(kind) {
            if path.trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error("Empty path", format!("`{attribute}` lists an empty path."))
                        .at(AttributePath::root(attribute)),
                );
            }
        }
    }
    if let Some(text) = input.containerd_version {
        if let Err(e) = parse_containerd_version(text) {
            diagnostics.push(
                Diagnostic::error("Unsupported containerd version", e)
                    .at(AttributePath::root(CONTAINERD_VERSION)),
            );
        }
    }
    if let Some(mode) = input.config_mode {
        if ConfigMode::parse(mode).is_none() {
            diagnostics.push(
                Diagnostic::error(
                    format!("Unknown {CONFIG_MODE}"),
                    format!(
                        "{mode:?} is not a mode; use {}.",
                        quoted_alternatives(&ConfigMode::names())
                    ),
                )
                .at(AttributePath::root(CONFIG_MODE)),
            );
        }
    }
}

/// Reads the listed files and renders everything; `config` is wholly known. Returns the new
/// state: the configuration with the computed attributes filled in (null when rendering
/// failed).
pub fn render(config: &Value) -> (Value, Diagnostics) {
    let input = RegistryFilesInput::from_value(config);
    let mut diagnostics = Diagnostics::default();
    let (explicit_version, version) = target_version(&input);
    let registries = registries_from_value(input.registries, version, &mut diagnostics);
    check_settings(&input, &mut diagnostics);
    if diagnostics.has_errors() {
        return (with_outputs(config, None), diagnostics);
    }
    let mode = input
        .config_mode
        .and_then(ConfigMode::parse)
        .unwrap_or_default();
    let now = super::now_unix();

    let hosts = read_sources(&input, InputKind::Hosts, &mut diagnostics);
    let certs = read_sources(&input, InputKind::Certs, &mut diagnostics);
    let rules = explicit_version.map(Rules::for_version).unwrap_or_default();
    let from_files = render_node_files(&hosts, &certs, &rules, now);
    report(&from_files.problems, version, &mut diagnostics);

    let options = RenderOptions {
        version,
        now_unix: now,
    };
    let structured = render_registries(&registries, &options, mode);
    report(&structured.problems, version, &mut diagnostics);
    if diagnostics.has_errors() {
        return (with_outputs(config, None), diagnostics);
    }

    let (files, clashes) = merge_files(&structured.files, &from_files.files);
    report(&clashes, version, &mut diagnostics);
    let setup = NodeSetup {
        files: &files,
        commands: &structured.commands,
    };
    let options = Options {
        gzip: input.gzip,
        cloud_config: CloudConfigOptions {
            append_merge: input.cloud_init_merge,
        },
    };
    let formats = render_formats(setup, &options);
    report(&formats.problems, version, &mut diagnostics);
    if diagnostics.has_errors() {
        return (with_outputs(config, None), diagnostics);
    }
    let rendered = Rendered {
        files: &files,
        formats: &formats.outputs,
    };
    (with_outputs(config, Some(rendered)), diagnostics)
}

fn read_sources(
    input: &RegistryFilesInput,
    kind: InputKind,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceFile> {
    let attribute = kind.attribute();
    let mut sources = Vec::new();
    if let Some(diagnostic) = crate::domain::limits::too_many_files(input.paths(kind).len()) {
        diagnostics.push(
            Diagnostic::error("Too many files", diagnostic).at(AttributePath::root(attribute)),
        );
        return sources;
    }
    for &path in input.paths(kind) {
        match read_small_file(path) {
            Ok(bytes) => sources.push(SourceFile {
                path: path.to_string(),
                bytes,
            }),
            Err(e) => diagnostics.push(
                Diagnostic::error(
                    "Cannot read file",
                    format!(
                        "{path}: {e} (listed in `{attribute}`; relative paths resolve against \
                         the working directory)."
                    ),
                )
                .at(AttributePath::root(attribute)),
            ),
        }
    }
    sources
}

/// Registry files are a few kilobytes; a device or a huge file is a mistake, not input. The
/// size is counted while reading, since procfs files and pipes report none.
fn read_small_file(path: &str) -> std::io::Result<Vec<u8>> {
    use crate::domain::limits::MAX_FILE_BYTES;
    use std::io::Read;
    // Checked before opening: opening a FIFO would wait for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is larger than the limit MAX_FILE_BYTES = {MAX_FILE_BYTES} bytes"
        )));
    }
    Ok(bytes)
}

/// `config` with the computed attributes unknown, for a plan whose inputs are not known yet.
pub fn pending(config: &Value) -> Value {
    let mut state = match config {
        Value::Object(attributes) => attributes.clone(),
        _ => Default::default(),
    };
    for computed in computed() {
        state.insert(computed.into(), Value::Unknown);
    }
    Value::Object(state)
}

struct Rendered<'a> {
    files: &'a [NodeFile],
    formats: &'a [(&'static str, Output)],
}

/// `config` with the computed attributes set, or null without a rendering.
fn with_outputs(config: &Value, rendered: Option<Rendered>) -> Value {
    let mut state = match config {
        Value::Object(attributes) => attributes.clone(),
        _ => Default::default(),
    };
    let Some(rendered) = rendered else {
        for computed in computed() {
            state.insert(computed.into(), Value::Null);
        }
        return Value::Object(state);
    };
    let entry = |path: &str, owner: &str, permissions: &str, content: String, encoding: &str| {
        Value::object([
            (file_entry::PATH, Value::string(path)),
            (file_entry::CONTENT, Value::String(content)),
            (file_entry::PERMISSIONS, Value::string(permissions)),
            (file_entry::OWNER, Value::string(owner)),
            (file_entry::ENCODING, Value::string(encoding)),
        ])
    };
    let files = rendered.files.iter().map(|f| {
        let (content, encoding) = match std::str::from_utf8(&f.content) {
            Ok(text) => (text.to_string(), "text/plain"),
            Err(_) => (
                base64::engine::general_purpose::STANDARD.encode(&f.content),
                "b64",
            ),
        };
        entry(&f.path, &f.owner, &f.permissions, content, encoding)
    });
    state.insert(FILES.into(), Value::List(files.collect()));
    for (name, output) in rendered.formats {
        let value = match output {
            Output::Files(files) => Value::List(
                files
                    .iter()
                    .map(|f| {
                        let encoding = f.encoding.as_deref().unwrap_or_default();
                        entry(
                            &f.path,
                            &f.owner,
                            &f.permissions,
                            f.content.clone(),
                            encoding,
                        )
                    })
                    .collect(),
            ),
            Output::Document(text) => Value::string(text),
        };
        state.insert((*name).into(), value);
    }
    let file_sha256 = rendered
        .files
        .iter()
        .map(|f| (f.path.clone(), Value::String(content_sha256(&f.content))))
        .collect();
    state.insert(FILE_SHA256.into(), Value::Map(file_sha256));
    state.insert(SHA256.into(), Value::String(fingerprint(rendered.files)));
    Value::Object(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfplugin6::{Severity, Step};

    fn config_with_mirror(mirror: Value) -> Value {
        Value::object([(
            "registries",
            Value::Map(
                [(
                    "docker.io".to_string(),
                    Value::object([("mirrors", Value::List(vec![mirror]))]),
                )]
                .into(),
            ),
        )])
    }

    #[test]
    fn validate_catches_bad_capabilities_and_modes_before_plan() {
        let config = config_with_mirror(Value::object([
            ("url", Value::Unknown),
            (
                "capabilities",
                Value::List(vec![Value::string("pul"), Value::Unknown]),
            ),
            (
                "credentials",
                Value::object([
                    ("username", Value::Unknown),
                    ("password", Value::Unknown),
                    ("mode", Value::string("basic")),
                ]),
            ),
        ]));
        let diagnostics = validate_config(&config);
        let errors: Vec<_> = diagnostics
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 2, "{diagnostics:?}");
        assert!(errors[0].detail.contains("\"pul\""));
        assert_eq!(
            errors[0].attribute.as_ref().map(|p| p.0.clone()),
            Some(vec![
                Step::Attribute("registries".into()),
                Step::Key("docker.io".into()),
                Step::Attribute("mirrors".into()),
                Step::Index(0),
                Step::Attribute("capabilities".into()),
            ])
        );
        assert!(errors[1].detail.contains("`mode` is not a mode"));
    }

    #[test]
    fn unknown_capability_lists_what_the_target_version_accepts() {
        let mirror = Value::object([("capabilities", Value::List(vec![Value::string("pul")]))]);
        let details = |version: Option<&str>| {
            let mut config = config_with_mirror(mirror.clone());
            if let (Value::Object(attributes), Some(version)) = (&mut config, version) {
                attributes.insert("containerd_version".into(), Value::string(version));
            }
            let diagnostics = validate_config(&config);
            diagnostics
                .0
                .iter()
                .map(|d| d.detail.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            details(None),
            ["\"pul\" is not a containerd capability (pull, resolve, push)."]
        );
        assert_eq!(
            details(Some("2.1")),
            ["\"pul\" is not a containerd capability (pull, resolve, push)."]
        );
        assert_eq!(
            details(Some("2.2")),
            ["\"pul\" is not a containerd capability (pull, resolve, push, referrers)."]
        );
    }

    /// The schema attribute at `path`, through nested attributes.
    fn declared(attributes: &[Attribute], path: &[&str]) -> Attribute {
        let (first, rest) = path.split_first().expect("a path");
        let attribute = attributes
            .iter()
            .find(|a| a.name == *first)
            .unwrap_or_else(|| panic!("no attribute {first}"));
        match (&attribute.ty, rest.is_empty()) {
            (_, true) => attribute.clone(),
            (tfplugin6::AttributeType::Nested(nested), false) => declared(&nested.attributes, rest),
            _ => panic!("{first} has no nested attributes"),
        }
    }

    #[test]
    fn every_declared_allowed_value_passes_validation() {
        let schema = schema_attributes();
        let allowed = |path: &[&str]| {
            let values = declared(&schema, path).allowed_values;
            assert!(!values.is_empty(), "{path:?} declares no allowed values");
            values
        };
        for mode in allowed(&["config_mode"]) {
            let config = Value::object([("config_mode", Value::string(&mode))]);
            let diagnostics = validate_config(&config);
            assert!(!diagnostics.has_errors(), "{mode}: {diagnostics:?}");
        }
        let capabilities = allowed(&["registries", "mirrors", "capabilities"]);
        for mode in allowed(&["registries", "mirrors", "credentials", "mode"]) {
            let mut config = config_with_mirror(Value::object([
                ("url", Value::string("https://mirror.example")),
                (
                    "capabilities",
                    Value::List(capabilities.iter().map(Value::string).collect()),
                ),
                (
                    "credentials",
                    Value::object([
                        ("username", Value::string("u")),
                        ("password", Value::string("p")),
                        ("mode", Value::string(&mode)),
                    ]),
                ),
            ]));
            if let Value::Object(attributes) = &mut config {
                let newest =
                    crate::domain::enumeration::release_name(registry::versions::NEWEST_LINE);
                attributes.insert("containerd_version".into(), Value::string(newest));
            }
            let diagnostics = validate_config(&config);
            assert!(!diagnostics.has_errors(), "{mode}: {diagnostics:?}");
        }
    }

    #[test]
    fn validate_accepts_unknown_registries() {
        let config = Value::object([("registries", Value::Unknown)]);
        assert!(!validate_config(&config).has_errors());
        let config = config_with_mirror(Value::Unknown);
        assert!(!validate_config(&config).has_errors());
    }
}
