//! The last rendering stage: node files and commands turned into the structures bootstrap
//! systems take. Each format is one module behind [`OutputFormat`], listed once in
//! [`FORMATS`]; the provider's schema, its state and the docs iterate that list.
//!
//! Everything is deterministic: gzip output carries mtime 0 and no file name, so the same
//! files always encode to the same bytes.

use std::io::Write;

use base64::Engine;
use flate2::{Compression, GzBuilder};

pub use cloud_config::{
    render_cloud_config_document, size_warnings, CloudConfig, UserDataLimit, APPEND_MERGE_HOW,
    USER_DATA_LIMITS,
};
pub use kubeadm_files::{kubeadm_files, KubeadmFiles, KUBEADM_CONTENT_LIMIT};
pub use write_files::{write_files, WriteFiles};

use crate::domain::node_files::NodeFile;
use crate::domain::Findings;

/// What the earlier stages produce: the files to write and the commands (argv lists) to run
/// after writing them.
#[derive(Debug, Clone, Copy)]
pub struct NodeSetup<'a> {
    pub files: &'a [NodeFile],
    pub commands: &'a [Vec<String>],
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
}

/// A format's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Files(Vec<EncodedFile>),
    Document(String),
}

/// One bootstrap output format.
pub trait OutputFormat: Sync {
    /// The computed attribute holding this format.
    fn name(&self) -> &'static str;
    /// The attribute's description (Markdown).
    fn description(&self) -> &'static str;
    fn shape(&self) -> Shape;
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

// One line per format.
formats![
    write_files::WriteFiles,
    kubeadm_files::KubeadmFiles,
    cloud_config::CloudConfig,
    ignition::Ignition,
];

/// Every format's output, in [`FORMATS`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFormats {
    pub outputs: Vec<(&'static str, Output)>,
    /// Every format's findings, in [`FORMATS`] order.
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

/// Renders every format in [`FORMATS`].
pub fn render_formats(setup: NodeSetup, options: &Options) -> RenderedFormats {
    let mut problems = Findings::new();
    let outputs = FORMATS
        .iter()
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
    fn gzip_is_deterministic_and_round_trips() {
        let a = gzip(b"server = \"x\"\n");
        assert_eq!(a, gzip(b"server = \"x\"\n"));
        assert_eq!(&a[4..8], &[0, 0, 0, 0], "mtime 0");
        assert_eq!(gunzip(&a), b"server = \"x\"\n");
    }
}
