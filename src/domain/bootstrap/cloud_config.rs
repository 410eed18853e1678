//! A whole `#cloud-config` document writing the files and running the commands, with
//! user-data size checks.

use super::write_files::encode;
use super::{format_location, CloudConfigOptions, NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::node_files::NodeFile;
use crate::domain::yaml::{push_block_value, push_inline_scalar, push_single_quoted, single_quoted};
use crate::domain::{Finding, Findings};

/// The cloud-init merge type that appends this document's lists (e.g.
/// `write_files`) to earlier parts instead of replacing them.
pub const APPEND_MERGE_HOW: &str = "list(append)+dict(no_replace,recurse_list)+str()";

/// The `cloud_config` format.
pub struct CloudConfig;

impl CloudConfig {
    /// The document, with warnings for the platforms whose user-data limit it exceeds.
    pub fn document(setup: NodeSetup, options: &Options) -> (String, Findings) {
        let document = render_cloud_config_document(
            setup.files,
            options.gzip,
            setup.commands,
            &options.cloud_config,
        );
        let warnings = size_warnings(&document);
        (document, warnings)
    }
}

impl OutputFormat for CloudConfig {
    fn name(&self) -> &'static str {
        "cloud_config"
    }

    fn description(&self) -> &'static str {
        "A complete `#cloud-config` document: every file in `write_files` (with \
         `config_mode = \"append\"`, the config.toml program among them, always \
         `gzip+base64`), then in `runcmd` the `config_path` change for `config_mode` \
         followed by a containerd restart, which runs only when the change succeeded. \
         Sensitive, like `files`; wrap it in `nonsensitive()` where you know it holds no \
         keys or credentials."
    }

    fn shape(&self) -> Shape {
        Shape::Document
    }

    fn render(&self, setup: NodeSetup, options: &Options) -> (Output, Findings) {
        let (document, warnings) = Self::document(setup, options);
        (Output::Document(document), warnings)
    }
}

/// About the document's final size, so that most documents need one allocation: each entry's
/// keys and path take about 160 bytes, the block indentation about an eighth of the content,
/// the rest of the document 256.
fn capacity(files: &[NodeFile]) -> usize {
    let content: usize = files.iter().map(|f| f.content.len()).sum();
    content + content / 8 + 160 * files.len() + 256
}

/// One `write_files` entry: UTF-8 content as block text, gzip or binary content as `encoding`
/// and a one-line value.
fn push_write_file(out: &mut String, f: &NodeFile, compress: bool) {
    let (content, encoding) = encode(f, compress);
    out.push_str("  - path: ");
    push_inline_scalar(out, &f.path);
    out.push_str("\n    owner: ");
    push_inline_scalar(out, &f.owner);
    out.push_str("\n    permissions: ");
    push_single_quoted(out, &f.permissions);
    out.push('\n');
    match encoding {
        Some(encoding) => {
            out.push_str("    encoding: ");
            push_inline_scalar(out, encoding);
            out.push_str("\n    content: ");
            push_inline_scalar(out, &content);
            out.push('\n');
        }
        None => {
            out.push_str("    content:");
            push_block_value(out, &content, 4);
        }
    }
}

/// A `#cloud-config` document writing `files` and then running
/// `commands` (argv lists) in `runcmd`.
pub fn render_cloud_config_document(
    files: &[NodeFile],
    compress: bool,
    commands: &[Vec<String>],
    options: &CloudConfigOptions,
) -> String {
    let mut out = String::with_capacity(capacity(files));
    out.push_str("#cloud-config\n");
    if options.append_merge {
        out.push_str("merge_how: ");
        out.push_str(&single_quoted(APPEND_MERGE_HOW));
        out.push('\n');
    }
    if files.is_empty() {
        out.push_str("write_files: []\n");
    } else {
        out.push_str("write_files:\n");
        files
            .iter()
            .for_each(|f| push_write_file(&mut out, f, compress));
    }
    if !commands.is_empty() {
        out.push_str("runcmd:\n");
        for command in commands {
            let mut first = true;
            for arg in command {
                out.push_str(if first { "  - -" } else { "    -" });
                first = false;
                if arg.contains('\n') {
                    push_block_value(&mut out, arg, 4);
                } else {
                    out.push(' ');
                    push_inline_scalar(&mut out, arg);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// A platform's user-data limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserDataLimit {
    pub platform: &'static str,
    pub bytes: usize,
    /// Whether the limit applies to the base64-encoded form.
    pub base64: bool,
    pub figure: &'static str,
}

/// Known user-data limits, smallest first.
pub const USER_DATA_LIMITS: [UserDataLimit; 4] = [
    UserDataLimit {
        platform: "AWS EC2",
        bytes: 16_384,
        base64: false,
        figure: "16 KiB raw",
    },
    UserDataLimit {
        platform: "OpenStack",
        bytes: 65_535,
        base64: true,
        figure: "65535 bytes base64-encoded",
    },
    UserDataLimit {
        platform: "Azure",
        bytes: 65_536,
        base64: true,
        figure: "64 KiB base64-encoded",
    },
    UserDataLimit {
        platform: "GCP",
        bytes: 262_144,
        base64: false,
        figure: "256 KiB per metadata value",
    },
];

/// Warnings for each platform whose user-data limit `document` exceeds.
pub fn size_warnings(document: &str) -> Findings {
    let raw = document.len();
    let encoded = raw.div_ceil(3) * 4;
    USER_DATA_LIMITS
        .iter()
        .filter(|l| (if l.base64 { encoded } else { raw }) > l.bytes)
        .map(|l| Finding::warning(
            format_location(CloudConfig.name()),
            format!(
                "the cloud-config is {raw} bytes ({encoded} base64-encoded); {} accepts at most {} of user data; consider gzip compression or fewer files",
                l.platform, l.figure
            ),
        ).with_summary("User data too large for a platform"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::file;
    use super::*;

    #[test]
    fn size_warnings_name_the_figures() {
        assert!(size_warnings(&"a".repeat(16_384)).is_empty());
        let w = size_warnings(&"a".repeat(16_385));
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("AWS EC2") && w[0].message.contains("16 KiB raw"));
        let w = size_warnings(&"a".repeat(50_000));
        let names: Vec<_> = w
            .iter()
            .map(|p| p.message.split("; ").nth(1).unwrap_or("").to_string())
            .collect();
        assert_eq!(w.len(), 3, "{names:?}");
        assert_eq!(size_warnings(&"a".repeat(262_145)).len(), 4);
    }

    #[test]
    fn cloud_config_document_layout() {
        let files = [file(
            "/etc/containerd/certs.d/docker.io/hosts.toml",
            b"server = \"https://registry-1.docker.io\"\n",
            "0644",
        )];
        let doc = render_cloud_config_document(
            &files,
            false,
            &[
                vec!["sh".into(), "-c".into(), "echo a\necho b\n".into()],
                vec!["systemctl".into(), "restart".into(), "containerd".into()],
            ],
            &CloudConfigOptions { append_merge: true },
        );
        assert_eq!(
            doc,
            "#cloud-config\nmerge_how: 'list(append)+dict(no_replace,recurse_list)+str()'\nwrite_files:\n  - path: /etc/containerd/certs.d/docker.io/hosts.toml\n    owner: root:root\n    permissions: '0644'\n    content: |\n      server = \"https://registry-1.docker.io\"\nruncmd:\n  - - sh\n    - \"-c\"\n    - |\n      echo a\n      echo b\n  - - systemctl\n    - restart\n    - containerd\n"
        );
        let parsed = yaml_rust2::YamlLoader::load_from_str(&doc).expect("yaml");
        assert_eq!(parsed[0]["runcmd"][0][2].as_str(), Some("echo a\necho b\n"));
        assert_eq!(
            parsed[0]["write_files"][0]["permissions"].as_str(),
            Some("0644")
        );
    }
}

#[cfg(test)]
mod schema_tests {
    use super::*;
    use crate::domain::registry::{render_registries, scs_preset, ConfigMode, RenderOptions};

    /// The full document, gzip and merge_how included, passes
    /// `cloud-init schema` where cloud-init is installed.
    #[test]
    fn cloud_init_schema_accepts_the_document() {
        let Ok(status) = std::process::Command::new("cloud-init")
            .arg("--version")
            .output()
        else {
            return;
        };
        if !status.status.success() {
            return;
        }
        let rendered = render_registries(
            &[scs_preset("docker.io").expect("preset")],
            &RenderOptions {
                version: crate::domain::registry::versions::default_containerd_version(),
                now_unix: 0,
            },
            ConfigMode::AppendEdit,
        );
        for compress in [false, true] {
            let doc = render_cloud_config_document(
                &rendered.files,
                compress,
                &rendered.commands,
                &CloudConfigOptions { append_merge: true },
            );
            let dir = tempfile::tempdir().expect("tmp");
            let path = dir.path().join("user-data");
            std::fs::write(&path, &doc).expect("write");
            let out = std::process::Command::new("cloud-init")
                .args(["schema", "-c"])
                .arg(&path)
                .output()
                .expect("cloud-init");
            assert!(
                out.status.success(),
                "{}{}\n{doc}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
