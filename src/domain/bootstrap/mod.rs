//! The last rendering stage: node files and commands turned into the structures bootstrap
//! systems take, and the per-file digests (`file_sha256`) that show a plan which file
//! changes. Each format is one module behind [`OutputFormat`], listed once in
//! [`FORMATS`]; the provider's schema, its state and the docs iterate that list. Only the
//! formats a user asks for are rendered ([`render_formats`]), so a format's limits bind only
//! users of that format.
//!
//! Everything is deterministic: gzip output carries mtime 0 and no file name, so the same
//! files always encode to the same bytes.

use std::collections::BTreeMap;
use std::io::Write;

use base64::Engine;
use flate2::{Compression, GzBuilder};

pub use cloud_config::{
    render_cloud_config_document, size_warnings, CloudConfig, UserDataLimit, APPEND_MERGE_HOW,
    USER_DATA_LIMITS,
};
pub use file_sha256::FILE_SHA256;
pub use files::Files;
pub use kubeadm_files::{kubeadm_files, KubeadmFiles, KUBEADM_CONTENT_LIMIT};
pub use registries_model::{registries_model, RegistriesModel};
pub use write_files::{write_files, WriteFiles};

use crate::domain::node_files::NodeFile;
use crate::domain::registry::Registry;
use crate::domain::{Finding, Findings, Location};

mod registries_model;

/// What the earlier stages produce: the files to write and the commands (argv lists) to run
/// after writing them, and the registries they configure.
#[derive(Debug, Clone, Copy)]
pub struct NodeSetup<'a> {
    pub files: &'a [NodeFile],
    pub commands: &'a [Vec<String>],
    /// The registries model, for formats that describe registries rather than write
    /// containerd's files (CRI-O, Docker, pull secrets, Ignition): every structured
    /// `registries` entry in input order, then every hand-written `hosts` file that
    /// [`parse_hosts_toml`](crate::domain::registry::parse_hosts_toml) reads back, by
    /// namespace ([`registries_model`]). Certificate references of hand-written files stay
    /// node paths ([`CertSource::Path`](crate::domain::registry::CertSource)).
    ///
    /// The provider reads hand-written files back only when a requested format
    /// [`reads_registries`](OutputFormat::reads_registries); otherwise only the structured
    /// entries are here.
    pub registries: &'a [Registry],
    /// What reading the hand-written files back found: an error for each file that cannot be
    /// read back (it is then missing from `registries`), a warning for each setting the model
    /// drops. Nothing reports these on its own: a format that reads `registries` must return
    /// [`NodeSetup::registries_findings`] with its output, so they fail (or warn) only when
    /// that format is requested.
    pub unread: &'a [Finding],
}

impl<'a> NodeSetup<'a> {
    /// Files and commands with no registries model (for formats that write files only).
    pub fn new(files: &'a [NodeFile], commands: &'a [Vec<String>]) -> Self {
        Self {
            files,
            commands,
            registries: &[],
            unread: &[],
        }
    }

    /// The same setup with the registries model `model`.
    pub fn with_registries(self, model: &'a RegistriesModel) -> Self {
        Self {
            registries: &model.registries,
            unread: &model.findings,
            ..self
        }
    }

    /// [`NodeSetup::unread`] as the findings of the format `format`, which reads
    /// `registries`: each message says that `format` needs the file.
    pub fn registries_findings(&self, format: &str) -> Findings {
        self.unread
            .iter()
            .map(|finding| Finding {
                message: format!("`{format}` needs the registries: {}", finding.message),
                ..finding.clone()
            })
            .collect()
    }
}

/// The user's choices that formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Encode every file gzip+base64 where the format allows it.
    pub gzip: bool,
    pub cloud_config: CloudConfigOptions,
}

/// Options of [`render_cloud_config_document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CloudConfigOptions {
    /// Add `merge_how` so that cloud-init appends this part's lists to
    /// other parts instead of replacing them.
    pub append_merge: bool,
}

/// One file entry of a bootstrap format (cloud-init `write_files`, Cluster API
/// `KubeadmConfigSpec.files`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedFile {
    pub path: String,
    pub owner: String,
    pub permissions: String,
    /// Text, or the encoded bytes when `encoding` says so.
    pub content: String,
    /// `None` for text, else the format's name for the encoding.
    pub encoding: Option<String>,
}

impl EncodedFile {
    fn of(file: &NodeFile, content: String, encoding: Option<&str>) -> Self {
        EncodedFile {
            path: file.path.clone(),
            owner: file.owner.clone(),
            permissions: file.permissions.clone(),
            content,
            encoding: encoding.map(str::to_string),
        }
    }
}

/// The shape of a format's output, which fixes its schema type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A list of file entries.
    Files,
    /// One text document.
    Document,
    /// A string per node file, keyed by the file's path.
    Digests,
}

/// A format's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Files(Vec<EncodedFile>),
    Document(String),
    Digests(BTreeMap<String, String>),
}

/// One bootstrap output format.
pub trait OutputFormat: Sync {
    /// The computed attribute holding this format.
    fn name(&self) -> &'static str;
    /// The attribute's description (Markdown).
    fn description(&self) -> &'static str;
    fn shape(&self) -> Shape;
    /// Whether the attribute is sensitive: it is, unless the output shows no file content.
    fn sensitive(&self) -> bool {
        true
    }
    /// Whether the format reads [`NodeSetup::registries`]; such a format returns
    /// [`NodeSetup::registries_findings`] among its findings.
    fn reads_registries(&self) -> bool {
        false
    }
    /// The output, and errors or warnings about it (each at this format's name).
    fn render(&self, setup: NodeSetup, options: &Options) -> (Output, Findings);
}

/// Declares each format's module and lists the formats in [`FORMATS`].
macro_rules! formats {
    ($($module:ident::$format:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every output format, in schema order.
        pub const FORMATS: &[&dyn OutputFormat] = &[$(&$module::$format),*];
    };
}

mod containers_registries;
mod runtime_hosts;

// One line per format.
formats![
    files::Files,
    write_files::WriteFiles,
    kubeadm_files::KubeadmFiles,
    cloud_config::CloudConfig,
    containers_registries_conf::ContainersRegistriesConf,
    containers_registries_conf_d::ContainersRegistriesConfD,
    docker_files::DockerFiles,
    docker_config_json::DockerConfigJson,
    ignition::Ignition,
    file_sha256::FileSha256,
];

/// The input that names the formats to render (the provider's attribute).
pub const FORMATS_INPUT: &str = "formats";

/// Where a format's own finding is: the [`FORMATS_INPUT`], at the format's name.
pub fn format_location(format: &str) -> Location {
    Location {
        input: Some(FORMATS_INPUT),
        attribute: Some(format.to_string()),
        ..Location::default()
    }
}

/// The formats a user gets when they name none.
pub const DEFAULT_FORMATS: [&str; 2] = [Files::NAME, FILE_SHA256];

/// The format called `name`.
pub fn format_named(name: &str) -> Option<&'static dyn OutputFormat> {
    FORMATS.iter().copied().find(|format| format.name() == name)
}

/// Every format's name, in [`FORMATS`] order.
pub fn format_names() -> impl Iterator<Item = &'static str> {
    FORMATS.iter().map(|format| format.name())
}

/// The requested formats' outputs, in [`FORMATS`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFormats {
    pub outputs: Vec<(&'static str, Output)>,
    /// The requested formats' findings, in [`FORMATS`] order.
    pub problems: Findings,
}

impl RenderedFormats {
    /// The document of the format `name`, if it renders one.
    pub fn document(&self, name: &str) -> Option<&str> {
        self.outputs.iter().find_map(|(n, output)| match output {
            Output::Document(text) if *n == name => Some(text.as_str()),
            _ => None,
        })
    }
}

/// Renders the formats named in `requested` (names not in [`FORMATS`] are ignored; the
/// provider refuses them before rendering), each once, in [`FORMATS`] order.
pub fn render_formats(setup: NodeSetup, options: &Options, requested: &[&str]) -> RenderedFormats {
    let mut problems = Findings::new();
    let outputs = FORMATS
        .iter()
        .filter(|format| requested.contains(&format.name()))
        .map(|format| {
            let (output, findings) = format.render(setup, options);
            problems.extend(findings);
            (format.name(), output)
        })
        .collect();
    RenderedFormats { outputs, problems }
}

/// gzip with a fixed header (mtime 0, no name), best compression.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    pub(super) fn file(path: &str, content: &[u8], permissions: &str) -> NodeFile {
        NodeFile {
            path: path.into(),
            content: content.to_vec(),
            permissions: permissions.into(),
            owner: "root:root".into(),
        }
    }

    pub(super) fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        GzDecoder::new(bytes).read_to_end(&mut out).expect("gunzip");
        out
    }

    #[test]
    fn only_requested_formats_render() {
        let big = "a".repeat(KUBEADM_CONTENT_LIMIT + 1);
        let mut x: u32 = 1;
        let noise: Vec<u8> = (0..20_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        let files = [
            file("/big", big.as_bytes(), "0644"),
            file("/n", &noise, "0644"),
        ];
        let setup = NodeSetup::new(&files, &[]);
        let options = Options::default();
        let cloud = render_formats(setup, &options, &["cloud_config", "files"]);
        let names: Vec<_> = cloud.outputs.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["files", "cloud_config"], "FORMATS order, each once");
        assert!(!cloud.problems.has_errors(), "{:?}", cloud.problems);
        let kubeadm = render_formats(setup, &options, &["kubeadm_files"]);
        assert!(kubeadm.problems.has_errors(), "the noise file is too long");
        assert!(render_formats(setup, &options, &[]).outputs.is_empty());
    }

    #[test]
    fn registries_findings_name_the_format() {
        let model = RegistriesModel {
            registries: Vec::new(),
            findings: [Finding::error(
                crate::domain::Location::file("hosts", "/x"),
                "/x cannot be read back",
            )]
            .into_iter()
            .collect(),
        };
        let files: [NodeFile; 0] = [];
        let setup = NodeSetup::new(&files, &[]);
        assert!(setup.registries_findings("crio").is_empty());
        let findings = setup.with_registries(&model).registries_findings("crio");
        assert_eq!(findings.len(), 1);
        assert!(findings[0].is_error());
        assert_eq!(
            findings[0].message,
            "`crio` needs the registries: /x cannot be read back"
        );
    }

    #[test]
    fn gzip_is_deterministic_and_round_trips() {
        let a = gzip(b"server = \"x\"\n");
        assert_eq!(a, gzip(b"server = \"x\"\n"));
        assert_eq!(&a[4..8], &[0, 0, 0, 0], "mtime 0");
        assert_eq!(gunzip(&a), b"server = \"x\"\n");
    }
}
