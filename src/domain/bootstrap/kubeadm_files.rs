//! Cluster API `KubeadmConfigSpec.files` entries.

use super::{format_location, b64, gzip, EncodedFile, NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::containerd_config::is_program;
use crate::domain::node_files::NodeFile;
use crate::domain::{Finding, Findings};

/// Cluster API's limit on `KubeadmConfigSpec.files[].content`.
pub const KUBEADM_CONTENT_LIMIT: usize = 10240;

/// The `kubeadm_files` format.
pub struct KubeadmFiles;

impl OutputFormat for KubeadmFiles {
    fn name(&self) -> &'static str {
        "kubeadm_files"
    }

    fn description(&self) -> &'static str {
        "Cluster API `KubeadmConfigSpec.files` entries, for KubeadmControlPlane(Template) \
         and KubeadmConfigTemplate (`encoding` empty, `base64` or `gzip+base64`; content \
         over 10240 characters is compressed, and so is the `config_path` program that \
         `cloud_config`'s `runcmd` calls)."
    }

    fn shape(&self) -> Shape {
        Shape::Files
    }

    fn render(&self, setup: NodeSetup, _: &Options) -> (Output, Findings) {
        let (files, problems) = kubeadm_files(setup.files);
        (Output::Files(files), problems)
    }
}

/// KubeadmConfigSpec `files` entries: text when it fits in 10240
/// characters, else gzip+base64 (non-UTF-8: base64, or gzip+base64 when
/// that is too long); an error names files that do not fit even then. The provider's own
/// programs are always gzip+base64: Cluster API writes these files into user data.
pub fn kubeadm_files(files: &[NodeFile]) -> (Vec<EncodedFile>, Findings) {
    let mut out = Vec::new();
    let mut problems = Findings::new();
    for f in files {
        let text = std::str::from_utf8(&f.content).ok();
        let (content, encoding) = match text {
            _ if is_program(f) => (b64(&gzip(&f.content)), Some("gzip+base64")),
            Some(t) if t.chars().count() <= KUBEADM_CONTENT_LIMIT => (t.to_string(), None),
            None if f.content.len().div_ceil(3) * 4 <= KUBEADM_CONTENT_LIMIT => {
                (b64(&f.content), Some("base64"))
            }
            _ => (b64(&gzip(&f.content)), Some("gzip+base64")),
        };
        if content.len() > KUBEADM_CONTENT_LIMIT {
            problems.push(Finding::error(
                format_location(KubeadmFiles.name()),
                format!(
                    "{} is {} characters even gzip+base64 encoded; Cluster API accepts at most {KUBEADM_CONTENT_LIMIT} per file",
                    f.path,
                    content.len()
                ),
            ).with_summary("File too long for Cluster API"));
        }
        out.push(EncodedFile::of(f, content, encoding));
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::super::tests::file;
    use super::*;

    #[test]
    fn kubeadm_files_respect_the_content_limit() {
        let small = "a".repeat(KUBEADM_CONTENT_LIMIT);
        let big = "a".repeat(KUBEADM_CONTENT_LIMIT + 1);
        let (files, problems) = kubeadm_files(&[
            file("/s", small.as_bytes(), "0644"),
            file("/b", big.as_bytes(), "0644"),
        ]);
        assert!(problems.is_empty());
        assert_eq!(files[0].encoding, None);
        assert_eq!(files[0].content, small);
        assert_eq!(files[1].encoding.as_deref(), Some("gzip+base64"));
        assert!(files[1].content.len() < 200);

        // Incompressible and too long: an error naming the file and figure.
        let mut noise = Vec::new();
        let mut x: u32 = 1;
        for _ in 0..20_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            noise.push((x >> 16) as u8);
        }
        let (_, problems) = kubeadm_files(&[file("/n", &noise, "0644")]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("/n") && problems[0].message.contains("10240"));
    }
}
