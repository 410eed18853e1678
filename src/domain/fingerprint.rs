//! A stable identity for a set of rendered node files.
//!
//! The SHA-256 covers every file's path, permissions, owner and content,
//! each length-prefixed so that no two different file sets hash the same
//! bytes (moving a byte from one field to the next changes the lengths).
//! It changes exactly when a rendered file changes, which lets the provider
//! show a single changed value and lets nodes be replaced when it changes.

use sha2::{Digest, Sha256};

use super::node_files::NodeFile;

/// Versioned so that a future change of the scheme cannot collide.
const DOMAIN: &[u8] = b"terraform-provider-containerd/node-files/v1\0";

/// Lower-case hex SHA-256 over `files` in the given order (callers pass
/// the sorted output of `render_node_files`).
pub fn fingerprint(files: &[NodeFile]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(DOMAIN);
    hasher.update((files.len() as u64).to_be_bytes());
    for file in files {
        for field in [
            file.path.as_bytes(),
            file.permissions.as_bytes(),
            file.owner.as_bytes(),
            file.content.as_slice(),
        ] {
            hasher.update((field.len() as u64).to_be_bytes());
            hasher.update(field);
        }
    }
    hex(&hasher.finalize())
}

/// Lower-case hex SHA-256 of one file's content, for showing which file changed.
pub fn content_sha256(content: &[u8]) -> String {
    hex(&Sha256::digest(content))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &[u8]) -> NodeFile {
        NodeFile {
            path: path.to_string(),
            content: content.to_vec(),
            permissions: "0644".to_string(),
            owner: "root:root".to_string(),
        }
    }

    #[test]
    fn is_hex_sha256_and_stable() {
        let files = [file(
            "/etc/containerd/certs.d/docker.io/hosts.toml",
            b"server = \"x\"\n",
        )];
        let a = fingerprint(&files);
        assert_eq!(a.len(), 64);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(a, fingerprint(&files.clone()));
    }

    #[test]
    fn empty_set_has_a_fixed_value() {
        // SHA-256 of DOMAIN followed by eight zero bytes.
        let mut hasher = Sha256::new();
        hasher.update(b"terraform-provider-containerd/node-files/v1\0");
        hasher.update([0u8; 8]);
        let expected: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(fingerprint(&[]), expected);
    }

    #[test]
    fn changes_when_any_field_changes() {
        let base = file("/a", b"x");
        let variants = [
            NodeFile {
                path: "/b".into(),
                ..base.clone()
            },
            NodeFile {
                content: b"y".to_vec(),
                ..base.clone()
            },
            NodeFile {
                permissions: "0600".into(),
                ..base.clone()
            },
            NodeFile {
                owner: "root:docker".into(),
                ..base.clone()
            },
        ];
        let original = fingerprint(std::slice::from_ref(&base));
        for variant in variants {
            assert_ne!(
                fingerprint(std::slice::from_ref(&variant)),
                original,
                "{variant:?}"
            );
        }
        assert_ne!(fingerprint(&[base.clone(), base.clone()]), original);
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        // Same concatenated bytes, different split between path and content.
        let a = file("/ab", b"c");
        let b = file("/a", b"bc");
        assert_ne!(fingerprint(&[a]), fingerprint(&[b]));
        // Same bytes split across two files vs. one.
        let one = [file("/a", b"xy")];
        let two = [file("/a", b"x"), file("y", b"")];
        assert_ne!(fingerprint(&one), fingerprint(&two));
    }

    #[test]
    fn content_hash_is_plain_sha256() {
        // FIPS 180-2 test vector.
        assert_eq!(
            content_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
