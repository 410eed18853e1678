//! The document is parsed back with a YAML parser to prove that every file
//! arrives byte for byte.

use base64::Engine;
use yaml_rust2::{Yaml, YamlLoader};

use super::*;
use crate::domain::bootstrap::{render_cloud_config_document, CloudConfigOptions};
use crate::domain::containerd_config::harness::run_rendered;
use crate::domain::containerd_config::{node_program, PROGRAM_PATH};
use crate::domain::node_files::{MODE_PRIVATE, MODE_PUBLIC, OWNER};

fn node_file(path: &str, content: &[u8], permissions: &str) -> NodeFile {
    NodeFile {
        path: path.to_string(),
        content: content.to_vec(),
        permissions: permissions.to_string(),
        owner: OWNER.to_string(),
    }
}

fn parse(document: &str) -> Yaml {
    let mut docs =
        YamlLoader::load_from_str(document).unwrap_or_else(|e| panic!("{e}\n{document}"));
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// (path, owner, permissions, content bytes) as read back from the YAML.
fn read_back(document: &str) -> Vec<(String, String, String, Vec<u8>)> {
    let doc = parse(document);
    let entries = doc["write_files"].as_vec().expect("write_files list");
    entries
        .iter()
        .map(|e| {
            let content = e["content"].as_str().expect("content string");
            let base64 = |text: &str| {
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .expect("base64")
            };
            let bytes = match e["encoding"].as_str() {
                Some("b64") => base64(content),
                Some("gzip+base64") => {
                    let mut out = Vec::new();
                    std::io::Read::read_to_end(
                        &mut flate2::read::GzDecoder::new(base64(content).as_slice()),
                        &mut out,
                    )
                    .expect("gzip");
                    out
                }
                None => content.as_bytes().to_vec(),
                Some(other) => panic!("unexpected encoding {other}"),
            };
            (
                e["path"].as_str().expect("path").to_string(),
                e["owner"].as_str().expect("owner").to_string(),
                e["permissions"]
                    .as_str()
                    .expect("permissions is a string")
                    .to_string(),
                bytes,
            )
        })
        .collect()
}

const TRICKY: [&str; 22] = [
    "server = \"https://registry-1.docker.io\"\n\n[host.\"https://registry.scs.community/v2/docker.io\"]\n    capabilities = [\"pull\"]\n    override_path = true\n",
    "    leading spaces\nnext\n",
    "  \n  spaces-only first line\n",
    "no trailing newline",
    "two trailing newlines\n\n",
    "three\n\n\n",
    "\n\nleading empty lines\n",
    "quotes ' and \" and \\ backslash\n",
    "# comment\nkey: value\n- item\n---\n...\n",
    "unicode: äöü € 日本 😀\n",
    "\ttab first\nmid\ttab\n",
    "trailing spaces   \n   \n",
    "windows\r\nline endings\r\n",
    "\u{feff}bom first\n",
    "control \u{1} \u{1b} \u{7f} \u{85} \u{2028}\n",
    "",
    "\n",
    "\n\n\n",
    " ",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    "a: |\n  nested block\n",
    "%YAML 1.1\n&anchor *alias !tag\n",
];

#[test]
fn every_text_file_reads_back_byte_for_byte() {
    let files: Vec<NodeFile> = TRICKY
        .iter()
        .enumerate()
        .map(|(i, text)| {
            node_file(
                &format!("/etc/containerd/certs/f{i:02}"),
                text.as_bytes(),
                MODE_PUBLIC,
            )
        })
        .collect();
    let document = render_cloud_config(&files);
    let mut back = read_back(&document);
    let program = back.pop().expect("the program, last by path");
    assert_eq!(program.0, PROGRAM_PATH);
    assert_eq!(back.len(), TRICKY.len());
    for ((path, owner, permissions, bytes), (file, text)) in
        back.iter().zip(files.iter().zip(TRICKY))
    {
        assert_eq!(path, &file.path);
        assert_eq!(owner, "root:root");
        assert_eq!(permissions, "0644");
        assert_eq!(String::from_utf8_lossy(bytes), text, "{path}");
    }
}

/// A thousand files, private and public, read back in order, with or without gzip.
#[test]
fn many_files_read_back_in_order() {
    let files: Vec<NodeFile> = (0..1_000)
        .map(|i| {
            let text = TRICKY[i % TRICKY.len()];
            let mode = if i % 3 == 0 {
                MODE_PRIVATE
            } else {
                MODE_PUBLIC
            };
            node_file(
                &format!("/etc/containerd/certs/f{i:04}"),
                text.as_bytes(),
                mode,
            )
        })
        .collect();
    for compress in [false, true] {
        let document =
            render_cloud_config_document(&files, compress, &[], &CloudConfigOptions::default());
        let back = read_back(&document);
        assert_eq!(back.len(), files.len());
        for ((path, owner, permissions, bytes), file) in back.iter().zip(&files) {
            assert_eq!(path, &file.path);
            assert_eq!(owner, OWNER);
            assert_eq!(permissions, &file.permissions);
            assert_eq!(bytes, &file.content, "{path}, gzip {compress}");
        }
    }
}

#[test]
fn binary_files_are_base64() {
    let binary = vec![0u8, 0xff, 0xfe, b'\n', 0x80, 0x30];
    let files = [node_file(
        "/etc/containerd/certs/blob.der",
        &binary,
        MODE_PRIVATE,
    )];
    let document = render_cloud_config(&files);
    assert!(document.contains("    encoding: b64\n"));
    let back = read_back(&document);
    assert_eq!(back[0].2, "0600");
    assert_eq!(back[0].3, binary);
}

#[test]
fn unusual_paths_are_quoted() {
    let files = [node_file(
        "/etc/containerd/certs.d/[::1]:5000/hosts.toml",
        b"[host]\n",
        MODE_PUBLIC,
    )];
    let back = read_back(&render_cloud_config(&files));
    assert_eq!(back[0].0, "/etc/containerd/certs.d/[::1]:5000/hosts.toml");
}

/// The document writes the program and its runcmd runs that program: the decoded file and
/// the command, run against a stock config.toml, set `config_path` and then restart containerd.
#[test]
fn runcmd_runs_the_written_program_then_restarts_containerd() {
    let document = render_cloud_config(&[]);
    let written = read_back(&document);
    assert_eq!(written.len(), 1, "only the program: {written:?}");
    assert_eq!(written[0].0, PROGRAM_PATH);
    assert_eq!(written[0].3, node_program().into_bytes());
    assert!(document.contains("    encoding: gzip+base64\n"));

    let doc = parse(&document);
    let runcmd = doc["runcmd"].as_vec().expect("runcmd");
    assert_eq!(runcmd.len(), 1);
    let argv: Vec<&str> = runcmd[0]
        .as_vec()
        .expect("argv")
        .iter()
        .map(|a| a.as_str().expect("arg"))
        .collect();
    assert_eq!(argv[..2], ["sh", "-c"]);
    assert!(
        !argv[2].contains("awk"),
        "the program is not inlined: {}",
        argv[2]
    );
    let dir = tempfile::tempdir().expect("tmp");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "version = 2\n").expect("config.toml");
    let out = run_rendered(
        argv[2],
        &config,
        &dir.path().join("certs.d"),
        &dir.path().join("conf.d"),
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let edited = std::fs::read_to_string(&config).expect("config.toml");
    assert!(
        edited.contains("config_path = \"/etc/containerd/certs.d\""),
        "{edited}"
    );
    assert_eq!(out.systemctl, ["restart containerd"]);
}

#[test]
fn renders_the_scs_default_exactly_and_deterministically() {
    let hosts = "server = \"https://registry-1.docker.io\"\n\n[host.\"https://registry.scs.community/v2/docker.io\"]\n    capabilities = [\"pull\"]\n    override_path = true\n";
    let files = [node_file(
        "/etc/containerd/certs.d/docker.io/hosts.toml",
        hosts.as_bytes(),
        MODE_PUBLIC,
    )];
    let document = render_cloud_config(&files);
    let expected_head = "#cloud-config\nwrite_files:\n  - path: /etc/containerd/certs.d/docker.io/hosts.toml\n    owner: root:root\n    permissions: '0644'\n    content: |\n      server = \"https://registry-1.docker.io\"\n\n      [host.\"https://registry.scs.community/v2/docker.io\"]\n          capabilities = [\"pull\"]\n          override_path = true\n  - path: /etc/containerd/enable-config-path.sh\n    owner: root:root\n    permissions: '0644'\n    encoding: gzip+base64\n    content: ";
    assert!(document.starts_with(expected_head), "{document}");
    assert!(
        document.ends_with(
            "      sh '/etc/containerd/enable-config-path.sh'\n      systemctl restart containerd\n"
        ),
        "{document}"
    );
    assert_eq!(document, render_cloud_config(&files.clone()));
}
