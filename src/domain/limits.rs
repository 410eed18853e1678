//! The documented limits on input size, declared once. Each is checked before the work whose
//! cost depends on it, and each error names its limit ([`exceeded`]). Together they bound one
//! data source read to about a second and 256 MiB (see `benches/cost_bounds.rs`).

/// Bytes of one file listed in `hosts` or `certs`, enforced while reading.
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Paths in `hosts`, and again in `certs`.
pub const MAX_FILES: usize = 10_000;
/// Bytes of all files in `hosts` and `certs` together, checked before any is validated.
pub const MAX_TOTAL_FILE_BYTES: usize = 4 << 20;
/// Entries in `registries`.
pub const MAX_REGISTRIES: usize = 256;
/// Mirrors of one registry.
pub const MAX_MIRRORS: usize = 64;
/// Findings listed for one hosts.toml; the rest are counted in one more finding.
pub const MAX_FINDINGS: usize = 100;
/// Tables (`[…]` headers, inline tables and dotted-key tables) in one hosts.toml.
pub const MAX_TABLES: usize = 4096;
/// Bytes of one string in `registries` or a function argument (an inline PEM bundle included).
pub const MAX_STRING_BYTES: usize = 1 << 20;
/// Bytes of all strings in `registries` together (or in the `hosts_toml` function's `registry`
/// argument), checked before any entry is converted.
pub const MAX_REGISTRIES_BYTES: usize = 4 << 20;
/// Elements of one list or map in `registries` (`ca`, `capabilities`, `header` names, the
/// values of one header).
pub const MAX_ELEMENTS: usize = 1024;

/// The message for a limit that `actual` exceeds, naming the limit: "exceeds the limit
/// MAX_MIRRORS = 64 (it has 100)".
pub fn exceeded(limit: &str, most: usize, actual: usize) -> String {
    format!("exceeds the limit {limit} = {most} (it has {actual}); see the provider's documented limits")
}

/// The error for a `hosts` or `certs` list longer than [`MAX_FILES`], before any is read.
pub fn too_many_files(count: usize) -> Option<String> {
    (count > MAX_FILES).then(|| format!("The list {}.", exceeded("MAX_FILES", MAX_FILES, count)))
}
