//! Node files as the structures bootstrap systems take: cloud-init
//! `write_files` entries, Cluster API KubeadmConfigSpec `files` entries,
//! and a whole `#cloud-config` document, with size checks.
//!
//! Everything is deterministic: gzip output carries mtime 0 and no file
//! name, so the same files always encode to the same bytes.

use std::io::Write;

use base64::Engine;
use flate2::{Compression, GzBuilder};

use crate::domain::node_files::NodeFile;
use crate::domain::yaml::{block_value, inline_scalar, single_quoted};
use crate::domain::{Finding, Findings, Location};

/// Cluster API's limit on `KubeadmConfigSpec.files[].content`.
pub const KUBEADM_CONTENT_LIMIT: usize = 10240;

/// The cloud-init merge type that appends this document's lists (e.g.
/// `write_files`) to earlier parts instead of replacing them.
pub const APPEND_MERGE_HOW: &str = "list(append)+dict(no_replace,recurse_list)+str()";

/// One cloud-init `write_files` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteFile {
    pub path: String,
    pub owner: String,
    pub permissions: String,
    /// Text, or base64 when `encoding` says so.
    pub content: String,
    /// `None` (text), `"b64"`, or `"gzip+base64"`.
    pub encoding: Option<String>,
}

/// One Cluster API `KubeadmConfigSpec.files` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeadmFile {
    pub path: String,
    pub owner: String,
    pub permissions: String,
    /// At most [`KUBEADM_CONTENT_LIMIT`] characters.
    pub content: String,
    /// `None` (text), `"base64"` or `"gzip+base64"`.
    pub encoding: Option<String>,
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

/// cloud-init `write_files` entries: text as is, other bytes base64; with
/// `compress`, every file gzip+base64.
pub fn write_files(files: &[NodeFile], compress: bool) -> Vec<WriteFile> {
    files
        .iter()
        .map(|f| {
            let (content, encoding) = if compress {
                (b64(&gzip(&f.content)), Some("gzip+base64"))
            } else {
                match std::str::from_utf8(&f.content) {
                    Ok(text) => (text.to_string(), None),
                    Err(_) => (b64(&f.content), Some("b64")),
                }
            };
            WriteFile {
                path: f.path.clone(),
                owner: f.owner.clone(),
                permissions: f.permissions.clone(),
                content,
                encoding: encoding.map(str::to_string),
            }
        })
        .collect()
}

/// KubeadmConfigSpec `files` entries: text when it fits in 10240
/// characters, else gzip+base64 (non-UTF-8: base64, or gzip+base64 when
/// that is too long); an error names files that do not fit even then.
pub fn kubeadm_files(files: &[NodeFile]) -> (Vec<KubeadmFile>, Findings) {
    let mut out = Vec::new();
    let mut problems = Findings::new();
    for f in files {
        let text = std::str::from_utf8(&f.content).ok();
        let (content, encoding) = match text {
            Some(t) if t.chars().count() <= KUBEADM_CONTENT_LIMIT => (t.to_string(), None),
            None if f.content.len().div_ceil(3) * 4 <= KUBEADM_CONTENT_LIMIT => {
                (b64(&f.content), Some("base64"))
            }
            _ => (b64(&gzip(&f.content)), Some("gzip+base64")),
        };
        if content.len() > KUBEADM_CONTENT_LIMIT {
            problems.push(Finding::error(
                Location::registry("", "kubeadm_files"),
                format!(
                    "{} is {} characters even gzip+base64 encoded; Cluster API accepts at most {KUBEADM_CONTENT_LIMIT} per file",
                    f.path,
                    content.len()
                ),
            ));
        }
        out.push(KubeadmFile {
            path: f.path.clone(),
            owner: f.owner.clone(),
            permissions: f.permissions.clone(),
            content,
            encoding: encoding.map(str::to_string),
        });
    }
    (out, problems)
}

/// Options of [`render_cloud_config_document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CloudConfigOptions {
    /// Add `merge_how` so that cloud-init appends this part's lists to
    /// other parts instead of replacing them.
    pub append_merge: bool,
}

/// A `#cloud-config` document writing `files` and then running
/// `commands` (argv lists) in `runcmd`.
pub fn render_cloud_config_document(
    files: &[WriteFile],
    commands: &[Vec<String>],
    options: &CloudConfigOptions,
) -> String {
    let mut out = String::from("#cloud-config\n");
    if options.append_merge {
        out.push_str(&format!("merge_how: {}\n", single_quoted(APPEND_MERGE_HOW)));
    }
    if files.is_empty() {
        out.push_str("write_files: []\n");
    } else {
        out.push_str("write_files:\n");
        for f in files {
            out.push_str(&format!("  - path: {}\n", inline_scalar(&f.path)));
            out.push_str(&format!("    owner: {}\n", inline_scalar(&f.owner)));
            out.push_str(&format!(
                "    permissions: {}\n",
                single_quoted(&f.permissions)
            ));
            match &f.encoding {
                Some(encoding) => {
                    out.push_str(&format!("    encoding: {}\n", inline_scalar(encoding)));
                    out.push_str(&format!("    content: {}\n", inline_scalar(&f.content)));
                }
                None => {
                    out.push_str("    content:");
                    out.push_str(&block_value(&f.content, 4));
                }
            }
        }
    }
    if !commands.is_empty() {
        out.push_str("runcmd:\n");
        for command in commands {
            let mut first = true;
            for arg in command {
                out.push_str(if first { "  - -" } else { "    -" });
                first = false;
                if arg.contains('\n') {
                    out.push_str(&block_value(arg, 4));
                } else {
                    out.push_str(&format!(" {}\n", inline_scalar(arg)));
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
            Location::registry("", "cloud_config"),
            format!(
                "the cloud-config is {raw} bytes ({encoded} base64-encoded); {} accepts at most {} of user data; consider gzip compression or fewer files",
                l.platform, l.figure
            ),
        ))
        .collect()
}

/// Every output format for one set of files and commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeOutputs {
    pub write_files: Vec<WriteFile>,
    pub kubeadm_files: Vec<KubeadmFile>,
    pub cloud_config: String,
    /// Kubeadm content-limit errors and user-data size warnings.
    pub problems: Findings,
}

/// Builds `write_files` (gzip+base64 when `compress`), `kubeadm_files` and
/// the `#cloud-config` (whose size is checked against [`USER_DATA_LIMITS`]).
pub fn node_outputs(
    files: &[NodeFile],
    commands: &[Vec<String>],
    compress: bool,
    options: &CloudConfigOptions,
) -> NodeOutputs {
    let write_files = write_files(files, compress);
    let (kubeadm_files, mut problems) = kubeadm_files(files);
    let cloud_config = render_cloud_config_document(&write_files, commands, options);
    problems.extend(size_warnings(&cloud_config));
    NodeOutputs {
        write_files,
        kubeadm_files,
        cloud_config,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    fn file(path: &str, content: &[u8], permissions: &str) -> NodeFile {
        NodeFile {
            path: path.into(),
            content: content.to_vec(),
            permissions: permissions.into(),
            owner: "root:root".into(),
        }
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
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
        let gz = write_files(&files, true);
        assert_eq!(gz[0].encoding.as_deref(), Some("gzip+base64"));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&gz[0].content)
            .expect("b64");
        assert_eq!(gunzip(&bytes), b"text\n");
    }

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
        let files = write_files(
            &[file(
                "/etc/containerd/certs.d/docker.io/hosts.toml",
                b"server = \"https://registry-1.docker.io\"\n",
                "0644",
            )],
            false,
        );
        let doc = render_cloud_config_document(
            &files,
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
                &write_files(&rendered.files, compress),
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
