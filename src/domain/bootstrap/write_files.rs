//! cloud-init `write_files` entries.

use std::borrow::Cow;

use super::{b64, gzip, EncodedFile, NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::containerd_config::is_program;
use crate::domain::node_files::NodeFile;
use crate::domain::Findings;

/// The `write_files` format.
pub struct WriteFiles;

impl OutputFormat for WriteFiles {
    fn name(&self) -> &'static str {
        "write_files"
    }

    fn description(&self) -> &'static str {
        "cloud-init `write_files` entries (`encoding` is empty for plain text), to merge \
         into a cloud-config of your own. The `config_path` program that `cloud_config`'s \
         `runcmd` calls is always `gzip+base64`."
    }

    fn shape(&self) -> Shape {
        Shape::Files
    }

    fn render(&self, setup: NodeSetup, options: &Options) -> (Output, Findings) {
        (
            Output::Files(write_files(setup.files, options.gzip)),
            Findings::new(),
        )
    }
}

/// cloud-init `write_files` entries, each encoded by [`encode`].
pub fn write_files(files: &[NodeFile], compress: bool) -> Vec<EncodedFile> {
    files
        .iter()
        .map(|f| {
            let (content, encoding) = encode(f, compress);
            EncodedFile::of(f, content.into_owned(), encoding)
        })
        .collect()
}

/// A file's `write_files` content and encoding: text as is, other bytes base64; with
/// `compress`, gzip+base64. The provider's own programs are always gzip+base64.
pub fn encode(file: &NodeFile, compress: bool) -> (Cow<'_, str>, Option<&'static str>) {
    if compress || is_program(file) {
        return (Cow::Owned(b64(&gzip(&file.content))), Some("gzip+base64"));
    }
    match std::str::from_utf8(&file.content) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(_) => (Cow::Owned(b64(&file.content)), Some("b64")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{file, gunzip};
    use super::*;
    use base64::Engine;

    #[test]
    fn write_files_encodings() {
        let files = [
            file("/a", b"text\n", "0644"),
            file("/b", &[0xff, 0], "0600"),
        ];
        let plain = write_files(&files, false);
        assert_eq!(plain[0].content, "text\n");
        assert_eq!(plain[0].encoding, None);
        assert_eq!(plain[1].content, "/wA=");
        assert_eq!(plain[1].encoding.as_deref(), Some("b64"));
        let program = crate::domain::containerd_config::program_file();
        let shipped = write_files(std::slice::from_ref(&program), false);
        assert_eq!(shipped[0].encoding.as_deref(), Some("gzip+base64"));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&shipped[0].content)
            .expect("b64");
        assert_eq!(gunzip(&bytes), program.content);
        let gz = write_files(&files, true);
        assert_eq!(gz[0].encoding.as_deref(), Some("gzip+base64"));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&gz[0].content)
            .expect("b64");
        assert_eq!(gunzip(&bytes), b"text\n");
    }
}
