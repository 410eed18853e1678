//! A tiny OCI image layout written by the test: per tag one uncompressed layer (a tar with one
//! file naming the tag), an image config for this machine's platform, and a manifest.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// One image in the layout.
#[derive(Clone, Debug)]
pub struct Image {
    pub tag: String,
    /// "sha256:…" of the config: the image ID the CRI reports.
    pub config_digest: String,
}

pub struct Layout {
    pub dir: PathBuf,
    pub images: Vec<Image>,
}

impl Layout {
    pub fn image(&self, tag: &str) -> &Image {
        self.images
            .iter()
            .find(|i| i.tag == tag)
            .unwrap_or_else(|| panic!("no image tagged {tag}"))
    }
}

pub fn sha256(data: &[u8]) -> String {
    let d = Sha256::digest(data);
    format!(
        "sha256:{}",
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn put_blob(dir: &Path, data: &[u8]) -> String {
    let digest = sha256(data);
    let hex = digest.trim_start_matches("sha256:");
    std::fs::write(dir.join("blobs/sha256").join(hex), data).expect("write blob");
    digest
}

/// A POSIX ustar archive holding one regular file.
fn tar_one_file(name: &str, content: &[u8]) -> Vec<u8> {
    let mut h = [0u8; 512];
    fn field(h: &mut [u8; 512], at: usize, len: usize, v: &[u8]) {
        h[at..at + v.len().min(len)].copy_from_slice(&v[..v.len().min(len)]);
    }
    field(&mut h, 0, 100, name.as_bytes());
    field(&mut h, 100, 8, b"0000644\0");
    field(&mut h, 108, 8, b"0000000\0");
    field(&mut h, 116, 8, b"0000000\0");
    field(
        &mut h,
        124,
        12,
        format!("{:011o}\0", content.len()).as_bytes(),
    );
    field(&mut h, 136, 12, b"00000000000\0");
    field(&mut h, 148, 8, b"        ");
    h[156] = b'0';
    field(&mut h, 257, 6, b"ustar\0");
    field(&mut h, 263, 2, b"00");
    field(&mut h, 265, 32, b"root");
    field(&mut h, 297, 32, b"root");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    field(&mut h, 148, 8, format!("{sum:06o}\0 ").as_bytes());
    let mut out = h.to_vec();
    out.extend_from_slice(content);
    out.resize(out.len().div_ceil(512) * 512, 0);
    out.extend_from_slice(&[0u8; 1024]);
    out
}

fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64le",
        other => other,
    }
}

/// Writes an OCI layout at `dir` with one image per tag; `salt` makes contents unique per run.
pub fn build(dir: &Path, tags: &[&str], salt: &str) -> Layout {
    std::fs::create_dir_all(dir.join("blobs/sha256")).expect("layout dir");
    std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#)
        .expect("oci-layout");
    let mut images = Vec::new();
    let mut index_entries = Vec::new();
    for tag in tags {
        let layer = tar_one_file(
            "e2e.txt",
            format!("node e2e image {tag} {salt}\n").as_bytes(),
        );
        let layer_digest = put_blob(dir, &layer);
        let config = serde_json::json!({
            "architecture": go_arch(),
            "os": "linux",
            "config": {"Cmd": ["/e2e.txt"], "Labels": {"e2e.tag": tag}},
            "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
        });
        let config_bytes = serde_json::to_vec(&config).expect("config json");
        let config_digest = put_blob(dir, &config_bytes);
        let manifest = serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": config_digest,
                "size": config_bytes.len(),
            },
            "layers": [{
                "mediaType": "application/vnd.oci.image.layer.v1.tar",
                "digest": layer_digest,
                "size": layer.len(),
            }],
        });
        let manifest_bytes = serde_json::to_vec(&manifest).expect("manifest json");
        let manifest_digest = put_blob(dir, &manifest_bytes);
        index_entries.push(serde_json::json!({
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": manifest_digest,
            "size": manifest_bytes.len(),
            "annotations": {"org.opencontainers.image.ref.name": tag},
        }));
        images.push(Image {
            tag: tag.to_string(),
            config_digest,
        });
    }
    let index = serde_json::json!({"schemaVersion": 2, "manifests": index_entries});
    std::fs::write(
        dir.join("index.json"),
        serde_json::to_vec(&index).expect("index json"),
    )
    .expect("index.json");
    Layout {
        dir: dir.to_path_buf(),
        images,
    }
}
