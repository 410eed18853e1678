//! Each node file's content digest, keyed by path: what a plan shows of a change while the
//! contents stay hidden.

use super::{NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::fingerprint::content_sha256;
use crate::domain::Findings;

/// The `file_sha256` format.
pub struct FileSha256;

/// Its attribute's name.
pub const FILE_SHA256: &str = "file_sha256";

impl OutputFormat for FileSha256 {
    fn name(&self) -> &'static str {
        FILE_SHA256
    }

    fn description(&self) -> &'static str {
        "Hex SHA-256 of each node file's content, keyed by path. Not sensitive, so a plan \
         shows which file changes while the contents stay hidden. One entry per file, so at \
         hundreds of files it is a large part of the state: leave it out of `formats` when \
         nothing reads it (`sha256` changes with any file all the same)."
    }

    fn shape(&self) -> Shape {
        Shape::Digests
    }

    fn sensitive(&self) -> bool {
        false
    }

    fn render(&self, setup: NodeSetup, _: &Options) -> (Output, Findings) {
        let digests = setup
            .files
            .iter()
            .map(|file| (file.path.clone(), content_sha256(&file.content)));
        (Output::Digests(digests.collect()), Findings::new())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::file;
    use super::*;

    #[test]
    fn one_digest_per_file_keyed_by_path() {
        let files = [file("/b", b"abc", "0644"), file("/a", b"", "0600")];
        let (Output::Digests(digests), findings) =
            FileSha256.render(NodeSetup::new(&files, &[]), &Options::default())
        else {
            panic!("file_sha256 renders digests");
        };
        assert!(findings.is_empty());
        // Known SHA-256 values of "abc" and of the empty string.
        assert_eq!(
            digests.get("/b").map(String::as_str),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(
            digests.get("/a").map(String::as_str),
            Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(digests.len(), 2);
    }
}
