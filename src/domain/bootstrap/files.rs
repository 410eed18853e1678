//! The node files themselves, as the provider's `files` attribute lists them.

use super::{b64, EncodedFile, NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::Findings;

/// The `files` format.
pub struct Files;

impl Files {
    pub const NAME: &'static str = "files";
}

impl OutputFormat for Files {
    fn name(&self) -> &'static str {
        Self::NAME
    }

    fn description(&self) -> &'static str {
        "The files to write on the node, sorted by path (the registry files, and with \
         `config_mode = \"append\"` the program `/etc/containerd/enable-config-path.sh` \
         that `cloud_config`'s `runcmd` calls): `path`, `content`, `permissions` \
         (octal string), `owner` (`root:root`) and `encoding` (`text/plain`, or `b64` when \
         the content is not UTF-8 and `content` holds base64). Sensitive, because it can \
         carry private keys and credentials; `file_sha256` shows which file changes."
    }

    fn shape(&self) -> Shape {
        Shape::Files
    }

    fn render(&self, setup: NodeSetup, _: &Options) -> (Output, Findings) {
        let files = setup.files.iter().map(|file| {
            let (content, encoding) = match std::str::from_utf8(&file.content) {
                Ok(text) => (text.to_string(), "text/plain"),
                Err(_) => (b64(&file.content), "b64"),
            };
            EncodedFile::of(file, content, Some(encoding))
        });
        (Output::Files(files.collect()), Findings::new())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::file;
    use super::*;

    #[test]
    fn text_as_is_other_bytes_base64() {
        let files = [
            file("/a", b"text\n", "0644"),
            file("/b", &[0xff, 0], "0600"),
        ];
        let (Output::Files(out), findings) =
            Files.render(NodeSetup::new(&files, &[]), &Options::default())
        else {
            panic!("files renders a file list");
        };
        assert!(findings.is_empty());
        assert_eq!(
            (out[0].content.as_str(), out[0].encoding.as_deref()),
            ("text\n", Some("text/plain"))
        );
        assert_eq!(
            (out[1].content.as_str(), out[1].encoding.as_deref()),
            ("/wA=", Some("b64"))
        );
        assert_eq!(out[1].permissions, "0600");
    }
}
