//! The schema and rendering shared by the `containerd_registry_files` data source and
//! resource: reading the listed files, converting the structured input, handing both to the
//! domain layer, and turning its findings into diagnostics.

use super::findings::report;
use super::registry_files_input::{
    file_entry, RegistryFilesInput, CLOUD_INIT_MERGE, CONFIG_MODE, CONTAINERD_VERSION, GZIP,
    OUTPUT_FORMATS, SHA256,
};
use super::registry_files_output::{Computed, RegistryFilesOutput};
use super::registry_input::{registries_attribute, registries_from_value};
use crate::domain::bootstrap::{
    format_named, format_names, registries_model, render_formats, CloudConfigOptions, NodeSetup,
    Options, OutputFormat, RegistriesModel, Shape, DEFAULT_FORMATS, FORMATS,
};
use crate::domain::enumeration::{describe_choices, quoted_alternatives, Enumeration};
use crate::domain::hosts_toml::{ContainerdVersion, Rules};
use crate::domain::node_files::{render_node_files, InputKind, SourceFile};
use crate::domain::registry::versions::supported_lines;
use crate::domain::registry::{
    self, merge_files, parse_containerd_version, render_registries, ConfigMode, RenderOptions,
    DEFAULT_CONTAINERD_VERSION,
};
use tfplugin6::{
    Attribute, AttributePath, Block, Diagnostic, Diagnostics, Presence, Schema, Type, Value,
};

pub const DESCRIPTION: &str = "Validates containerd registry configuration by containerd's own \
rules and renders it into files for `/etc/containerd`, a `#cloud-config` document and Cluster \
API kubeadm `files`. Takes hand-written files in the shape of the SCS KaaS \
`containerd_registry_files` variable (`hosts` and `certs` path lists), registries declared as \
data (`registries`), or both.";

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
    // `hosts` and `certs` are lists, not sets: the core sorts a set's elements every time it
    // walks the value, which cost a 400-file plan a fifth of the core's CPU.
    let mut attributes = vec![
        Attribute::new(
            InputKind::Hosts.attribute(),
            Type::list(Type::String),
            Presence::Optional,
            "Paths of containerd registry host files (`hosts.toml` format). Each file's \
             basename is the registry namespace containerd looks up (`docker.io`, \
             `registry.example.com:5000`, `_default`) and the file is written to \
             `/etc/containerd/certs.d/<basename>/hosts.toml`. Relative paths resolve against \
             the working directory, as Terraform's `file()` does in the root module. A list \
             or a set (such as SCS's variable); a path listed twice counts once.",
        ),
        Attribute::new(
            InputKind::Certs.attribute(),
            Type::list(Type::String),
            Presence::Optional,
            "Paths of CA certificates, client certificates and client keys (PEM). Each is \
             written to `/etc/containerd/certs/<basename>`; files holding a private key get \
             mode `0600`, all others `0644`. A list or a set; a path listed twice counts once.",
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
            "Write every file in `write_files` and `cloud_config` as `gzip+base64`, and every \
             file in `ignition` gzip-compressed, to save user-data space. `kubeadm_files` \
             compresses only what needs it either way. Default false.",
        ),
        Attribute::new(
            CLOUD_INIT_MERGE,
            Type::Bool,
            Presence::Optional,
            "Add `merge_how: 'list(append)+dict(no_replace,recurse_list)+str()'` to \
             `cloud_config`, so cloud-init appends its `write_files` and `runcmd` to other \
             parts instead of replacing them. Default false.",
        ),
        formats_attribute(),
    ];
    attributes.extend(FORMATS.iter().map(|format| format_attribute(*format)));
    attributes.push(Attribute::new(
        SHA256,
        Type::String,
        Presence::Computed,
        "Hex SHA-256 fingerprint of the rendered files (paths, modes, owners and contents). \
         It changes exactly when a node file changes, so it can trigger a node rollout. \
         Always set, whatever the `formats`.",
    ));
    attributes
}

fn formats_attribute() -> Attribute {
    let default: Vec<String> = DEFAULT_FORMATS
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect();
    Attribute::new(
        OUTPUT_FORMATS,
        Type::set(Type::String),
        Presence::Optional,
        &format!(
            "The outputs to render, each named by its attribute. Only these are rendered \
             and kept in state, and only their limits apply (Cluster API's 10240 characters \
             per file binds `kubeadm_files` alone); every other output is null. \
             `sha256` is always set. Default: `[{}]`.",
            default.join(", ")
        ),
    )
    .one_of(format_names())
}

/// A format's computed attribute; sensitive when the format shows file contents, which can
/// carry keys and credentials.
fn format_attribute(format: &dyn OutputFormat) -> Attribute {
    let ty = match format.shape() {
        Shape::Files => Type::list(file_object()),
        Shape::Document => Type::String,
        Shape::Digests => Type::map(Type::String),
    };
    let attribute = Attribute::new(format.name(), ty, Presence::Computed, format.description());
    if format.sensitive() {
        attribute.sensitive()
    } else {
        attribute
    }
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
    for name in input.formats.iter().flatten() {
        if format_named(name).is_none() {
            let names: Vec<&str> = format_names().collect();
            diagnostics.push(
                Diagnostic::error(
                    "Unknown output format",
                    format!(
                        "{name:?} is not an output format; use {}.",
                        quoted_alternatives(&names)
                    ),
                )
                .at(AttributePath::root(OUTPUT_FORMATS)),
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
        return (Computed::Failed.into_state(config), diagnostics);
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
        return (Computed::Failed.into_state(config), diagnostics);
    }

    let (files, clashes) = merge_files(&structured.files, &from_files.files);
    report(&clashes, version, &mut diagnostics);
    let requested = input.requested_formats();
    let reads_registries = requested
        .iter()
        .filter_map(|name| format_named(name))
        .any(|format| format.reads_registries());
    // Reading hand-written files back costs a second parse: only for formats that need it.
    let model = if reads_registries {
        registries_model(&registries, &from_files.files, &rules)
    } else {
        RegistriesModel {
            registries,
            ..RegistriesModel::default()
        }
    };
    let setup = NodeSetup::new(&files, &structured.commands).with_registries(&model);
    let options = Options {
        gzip: input.gzip,
        cloud_config: CloudConfigOptions {
            append_merge: input.cloud_init_merge,
        },
    };
    let formats = render_formats(setup, &options, requested);
    report(&formats.problems, version, &mut diagnostics);
    if diagnostics.has_errors() {
        return (Computed::Failed.into_state(config), diagnostics);
    }
    let output = RegistryFilesOutput::new(&files, formats.outputs);
    (Computed::Rendered(output).into_state(config), diagnostics)
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
    Computed::Pending.into_state(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::registry_files_input::FILE_SHA256;
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

    /// A hosts file of `hosts` mirror tables with pseudo-random names: about 100 bytes a
    /// table that gzip cannot shrink much.
    fn many_mirrors(hosts: usize) -> String {
        let mut text = String::from("server = \"https://registry.example.com\"\n");
        let mut x: u64 = 14;
        for _ in 0..hosts {
            let name: String = (0..32)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[(x >> 33) as usize % 36])
                })
                .collect();
            text.push_str(&format!(
                "\n[host.\"https://{name}.mirror.example\"]\n  capabilities = [\"pull\", \"resolve\"]\n"
            ));
        }
        text
    }

    fn hosts_config(dir: &std::path::Path, text: &str, formats: Option<&[&str]>) -> Value {
        let path = dir.join("registry.example.com");
        std::fs::write(&path, text).expect("write hosts file");
        let mut config = Value::object([(
            "hosts",
            Value::Set(vec![Value::string(path.to_string_lossy())]),
        )]);
        if let (Value::Object(attributes), Some(formats)) = (&mut config, formats) {
            let names = formats.iter().map(|name| Value::string(*name)).collect();
            attributes.insert(OUTPUT_FORMATS.into(), Value::Set(names));
        }
        config
    }

    fn errors(diagnostics: &Diagnostics) -> Vec<&Diagnostic> {
        diagnostics
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }

    #[test]
    fn only_requested_formats_are_in_state() {
        let dir = tempfile::tempdir().expect("tmp");
        let text = "server = \"https://registry.example.com\"\n\n[host.\"https://m.example\"]\n";
        let (state, diagnostics) = render(&hosts_config(dir.path(), text, None));
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let set: Vec<&str> = format_names()
            .filter(|name| !state.attr(name).is_null())
            .collect();
        assert_eq!(set, ["files", FILE_SHA256], "the default");
        let paths: Vec<&str> = state
            .attr("files")
            .elements()
            .unwrap_or_default()
            .iter()
            .filter_map(|f| f.attr(file_entry::PATH).as_str())
            .collect();
        assert_eq!(
            paths,
            [
                "/etc/containerd/certs.d/registry.example.com/hosts.toml",
                crate::domain::containerd_config::PROGRAM_PATH
            ]
        );
        assert!(state.attr(SHA256).as_str().is_some());
        assert!(state.attr(FILE_SHA256).entries().is_some());

        let (state, diagnostics) = render(&hosts_config(
            dir.path(),
            text,
            Some(&["cloud_config", "kubeadm_files"]),
        ));
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let set: Vec<&str> = format_names()
            .filter(|name| !state.attr(name).is_null())
            .collect();
        assert_eq!(set, ["kubeadm_files", "cloud_config"]);
        assert!(state
            .attr("cloud_config")
            .as_str()
            .is_some_and(|doc| doc.contains("https://m.example")));

        let (state, diagnostics) = render(&hosts_config(dir.path(), text, Some(&[])));
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        assert!(format_names().all(|name| state.attr(name).is_null()));
        assert!(state.attr(SHA256).as_str().is_some(), "hashes stay");
    }

    #[test]
    fn a_path_listed_twice_counts_once() {
        let dir = tempfile::tempdir().expect("tmp");
        let text = "server = \"https://registry.example.com\"\n\n[host.\"https://m.example\"]\n";
        let once = hosts_config(dir.path(), text, Some(&["files"]));
        let path = once.attr("hosts").elements().expect("hosts")[0].clone();
        let twice = Value::object([
            ("hosts", Value::List(vec![path.clone(), path])),
            (OUTPUT_FORMATS, Value::Set(vec![Value::string("files")])),
        ]);
        let (state, diagnostics) = render(&twice);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        assert_eq!(state.attr("files"), render(&once).0.attr("files"));
        assert_eq!(state.attr("files").elements().map(<[Value]>::len), Some(2));
    }

    /// `hosts` and `certs` were sets before they were lists; both are JSON arrays in state, so
    /// a resource's state written by an earlier release reads as it is.
    #[test]
    fn state_written_with_path_sets_reads_as_lists() {
        let ty = schema(String::new()).block.value_type();
        let state = tfplugin6::decode_json(
            br#"{"hosts":["/b/docker.io","/a/ghcr.io"],"certs":[],"sha256":"x"}"#,
            &ty,
        )
        .expect("state decodes");
        assert_eq!(
            state.attr("hosts"),
            &Value::List(vec![
                Value::string("/b/docker.io"),
                Value::string("/a/ghcr.io")
            ])
        );
        assert_eq!(state.attr("certs"), &Value::List(Vec::new()));
    }

    #[test]
    fn kubeadm_limit_binds_only_kubeadm_files() {
        let dir = tempfile::tempdir().expect("tmp");
        let text = many_mirrors(400);
        let (state, diagnostics) =
            render(&hosts_config(dir.path(), &text, Some(&["cloud_config"])));
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        assert!(state.attr("cloud_config").as_str().is_some());

        let (state, diagnostics) =
            render(&hosts_config(dir.path(), &text, Some(&["kubeadm_files"])));
        let errors = errors(&diagnostics);
        assert_eq!(errors.len(), 1, "{diagnostics:?}");
        assert!(errors[0].detail.contains("10240"), "{:?}", errors[0]);
        assert_eq!(
            errors[0].attribute.as_ref().map(|p| p.0.clone()),
            Some(vec![Step::Attribute(OUTPUT_FORMATS.into())])
        );
        assert!(state.attr("kubeadm_files").is_null());
    }

    #[test]
    fn unknown_format_names_are_refused_with_the_choices() {
        let config = Value::object([(
            OUTPUT_FORMATS,
            Value::Set(vec![Value::string("cloud-config"), Value::Unknown]),
        )]);
        let diagnostics = validate_config(&config);
        let errors = errors(&diagnostics);
        assert_eq!(errors.len(), 1, "{diagnostics:?}");
        assert!(errors[0]
            .detail
            .contains("\"cloud-config\" is not an output format"));
        assert!(errors[0].detail.contains("\"cloud_config\""));
        let declared = declared(&schema_attributes(), &[OUTPUT_FORMATS]).allowed_values;
        assert_eq!(declared, format_names().collect::<Vec<_>>());
        for name in declared {
            let config = Value::object([(OUTPUT_FORMATS, Value::Set(vec![Value::string(&name)]))]);
            assert!(!validate_config(&config).has_errors(), "{name}");
        }
    }

    /// The `cloud_config` of an example's hosts files, as the provider renders it.
    fn example_cloud_config(example: &str, gzip: bool) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(example)
            .join("files/containerd");
        let mut hosts: Vec<Value> = std::fs::read_dir(&dir)
            .expect("example hosts files")
            .map(|entry| Value::string(entry.expect("entry").path().to_string_lossy()))
            .collect();
        hosts.sort_by_key(|v| v.as_str().map(str::to_string));
        let config = Value::object([
            ("hosts", Value::Set(hosts)),
            (GZIP, Value::Bool(gzip)),
            (
                OUTPUT_FORMATS,
                Value::Set(vec![Value::string("cloud_config")]),
            ),
        ]);
        let (state, diagnostics) = render(&config);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        state
            .attr("cloud_config")
            .as_str()
            .expect("cloud_config")
            .to_string()
    }

    /// User data is capped at 16 KiB on some clouds and paid once per node part: the SCS
    /// documents stay within a few KB (they were 5.7 and 6.8 KB with the program inlined in
    /// `runcmd`), with and without `gzip`.
    #[test]
    fn scs_user_data_is_small() {
        for (example, budget) in [("scs-default", 3_072), ("scs-proxy-cache", 4_352)] {
            for gzip in [false, true] {
                let document = example_cloud_config(example, gzip);
                eprintln!(
                    "{example}, gzip = {gzip}: cloud_config {} bytes",
                    document.len()
                );
                assert!(
                    document.len() <= budget,
                    "{example}, gzip = {gzip}: {document}"
                );
            }
        }
    }
}
