//! The `h1:` hash lock files record: Go's `dirhash.Hash1` over a provider package's files.

use base64::Engine as _;
use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One line `hex(sha256(content))  name\n` per file in sorted name order, then `h1:` +
/// base64(sha256(lines)).
pub fn hash1(files: &[(&str, &[u8])]) -> String {
    let mut files = files.to_vec();
    files.sort_by(|a, b| a.0.cmp(b.0));
    let lines: String = files
        .iter()
        .map(|(name, content)| format!("{}  {name}\n", sha256_hex(content)))
        .collect();
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(lines.as_bytes()))
    )
}
