//! Turning the user's hosts and certificate files into files on the node.
//!
//! Layout (as SCS's configure_containerd.sh does it): a hosts file named
//! after its registry namespace becomes
//! `/etc/containerd/certs.d/<namespace>/hosts.toml`; a certificate file
//! becomes `/etc/containerd/certs/<file name>`. Unlike SCS, files holding a
//! private key get mode 0600. Every input is checked, all problems are
//! collected (each naming its input and, for hosts files, line and key), and
//! nothing is rendered while any error remains.

use std::collections::BTreeMap;

use super::certificate::{inspect_pem, PemKind};
use super::hosts_toml::{self, ClientCertificate, HostSettings, HostsFile, Rules};
use super::limits::{exceeded, MAX_TOTAL_FILE_BYTES};
use super::namespace::validate_namespace;
use super::parallel::map_in_order;
use super::posix_path::{file_name, resolve};
use super::{Finding, Findings, Location, Reported, Severity};

/// Where containerd looks for per-registry directories.
pub const CERTS_D_DIR: &str = "/etc/containerd/certs.d";
/// Where certificate files are written.
pub const CERTS_DIR: &str = "/etc/containerd/certs";
pub const OWNER: &str = "root:root";
pub const MODE_PUBLIC: &str = "0644";
pub const MODE_PRIVATE: &str = "0600";

/// A file the user listed, read by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the user wrote it, for messages.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Which input list a file came from (the Terraform attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKind {
    Hosts,
    Certs,
}

impl InputKind {
    /// The attribute name in the provider schema.
    pub const fn attribute(self) -> &'static str {
        match self {
            InputKind::Hosts => "hosts",
            InputKind::Certs => "certs",
        }
    }
}

/// A file to write on the node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeFile {
    pub path: String,
    pub content: Vec<u8>,
    /// `"0644"` or `"0600"` (private keys).
    pub permissions: String,
    pub owner: String,
}

impl NodeFile {
    /// A file owned by root, mode `0600` when `private` (it holds a key or credentials), else
    /// `0644`.
    pub fn new(path: String, content: Vec<u8>, private: bool) -> Self {
        NodeFile {
            path,
            content,
            permissions: if private { MODE_PRIVATE } else { MODE_PUBLIC }.to_string(),
            owner: OWNER.to_string(),
        }
    }
}

/// The result of [`render_node_files`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NodeFiles {
    /// Sorted by path; empty while there are errors.
    pub files: Vec<NodeFile>,
    /// Each at its input and file, with a summary; the message names the file, and for
    /// hosts files the line and key.
    pub problems: Findings,
}

impl Reported for NodeFiles {
    fn findings(&self) -> &Findings {
        &self.problems
    }
}

/// Validates all inputs and maps them to node files. `now_unix` is the
/// current time (seconds since the Unix epoch) for certificate expiry.
pub fn render_node_files(
    hosts: &[SourceFile],
    certs: &[SourceFile],
    rules: &Rules,
    now_unix: i64,
) -> NodeFiles {
    let mut out = Renderer::default();
    let total: usize = hosts.iter().chain(certs).map(|f| f.bytes.len()).sum();
    if total > MAX_TOTAL_FILE_BYTES {
        let input = if hosts.is_empty() {
            InputKind::Certs
        } else {
            InputKind::Hosts
        };
        out.problem(
            input,
            "",
            Severity::Error,
            "Files too large",
            format!(
                "the files in hosts and certs together {}",
                exceeded("MAX_TOTAL_FILE_BYTES", MAX_TOTAL_FILE_BYTES, total)
            ),
        );
        return NodeFiles {
            files: Vec::new(),
            problems: out.problems,
        };
    }
    // Each hosts file is checked on its own, in parallel when there are many; only the
    // certificate references wait for the certificates.
    let checked = map_in_order(hosts, MIN_HOSTS_FILES_PER_WORKER, |source| {
        check_hosts_file(source, rules)
    });
    let mut pending = Vec::new();
    for file in checked {
        out.problems.extend(file.problems);
        if let Some(node_file) = file.node_file {
            out.add(InputKind::Hosts, file.path, node_file);
        }
        if !file.references.is_empty() {
            pending.push((file.path, file.references));
        }
    }
    for source in certs {
        out.cert_file(source, now_unix);
    }
    for (source, references) in &pending {
        for reference in references {
            out.check_reference(source, reference);
        }
    }
    NodeFiles {
        files: if out.problems.has_errors() {
            Vec::new()
        } else {
            out.files.into_values().map(|(file, _)| file).collect()
        },
        problems: out.problems,
    }
}

fn contains_ignoring_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

#[derive(Default)]
struct Renderer<'s> {
    /// Target path → (file, source path); a BTreeMap keeps output sorted.
    files: BTreeMap<String, (NodeFile, &'s str)>,
    /// Certificate target path → kind, for cross-checking references.
    cert_kinds: BTreeMap<String, Option<PemKind>>,
    problems: Findings,
}

impl<'s> Renderer<'s> {
    fn problem(
        &mut self,
        input: InputKind,
        source: &str,
        severity: Severity,
        summary: &'static str,
        detail: String,
    ) {
        self.problems
            .push(file_finding(input, source, severity, summary, detail));
    }

    fn cert_file(&mut self, source: &'s SourceFile, now_unix: i64) {
        let input = InputKind::Certs;
        let path = source.path.as_str();
        let name = file_name(path);
        if let Err(reason) = validate_file_name(name) {
            self.problem(
                input,
                path,
                Severity::Error,
                "Invalid certificate file name",
                format!("{path}: {reason}"),
            );
            return;
        }
        let check = inspect_pem(&source.bytes, now_unix);
        for p in &check.problems {
            let summary = match p.severity {
                Severity::Error => "Invalid certificate file",
                Severity::Warning => "Check certificate file",
            };
            self.problem(
                input,
                path,
                p.severity,
                summary,
                format!("{path}: {}", p.message),
            );
        }
        let target = format!("{CERTS_DIR}/{name}");
        self.cert_kinds.insert(target.clone(), check.kind);
        if check.has_errors() {
            return;
        }
        let private = check.kind.is_some_and(PemKind::contains_private_key);
        self.add(
            input,
            path,
            NodeFile::new(target, source.bytes.clone(), private),
        );
    }

    fn add(&mut self, input: InputKind, source: &'s str, file: NodeFile) {
        if let Some((_, first)) = self.files.get(&file.path) {
            let detail = format!(
                "{source} and {first} would both be written to {}; keep one of them",
                file.path
            );
            self.problem(
                input,
                source,
                Severity::Error,
                "Duplicate node file",
                detail,
            );
            return;
        }
        self.files.insert(file.path.clone(), (file, source));
    }

    /// Warns when a `ca`/`client` path points into /etc/containerd but at no file this
    /// configuration writes, or at a file of the wrong kind.
    fn check_reference(&mut self, source: &str, reference: &Reference) {
        let Reference {
            location,
            written,
            resolved,
            wanted,
        } = reference;
        let detail = match self.cert_kinds.get(resolved) {
            Some(Some(kind)) if !wanted.accepts(*kind) => format!(
                "{source}{location}: \"{written}\" is {resolved}, which holds {}, but containerd needs {} there",
                kind_text(*kind),
                wanted.text()
            ),
            Some(_) => return,
            None if resolved.starts_with("/etc/containerd/") => {
                let suggestion = self
                    .cert_kinds
                    .keys()
                    .find(|p| file_name(p) == file_name(resolved))
                    .map(|p| format!("; did you mean \"{p}\"?"))
                    .unwrap_or_else(|| format!("; certificate files are written to {CERTS_DIR}/<file name>"));
                format!(
                    "{source}{location}: \"{written}\" resolves to {resolved}, which this configuration does not create, so containerd's TLS setup for this host fails at pull time{suggestion}"
                )
            }
            None => return,
        };
        self.problem(
            InputKind::Hosts,
            source,
            Severity::Warning,
            "Certificate reference not satisfied",
            detail,
        );
    }
}

/// Below this many hosts files per extra thread, checking stays on the calling thread.
const MIN_HOSTS_FILES_PER_WORKER: usize = 256;

/// What one hosts file contributes, worked out without looking at the other files.
struct CheckedHostsFile<'s> {
    path: &'s str,
    problems: Vec<Finding>,
    /// `None` when the file has errors.
    node_file: Option<NodeFile>,
    references: Vec<Reference>,
}

fn file_finding(
    input: InputKind,
    source: &str,
    severity: Severity,
    summary: &'static str,
    detail: String,
) -> Finding {
    Finding::new(severity, Location::file(input.attribute(), source), detail).with_summary(summary)
}

fn check_hosts_file<'s>(source: &'s SourceFile, rules: &Rules) -> CheckedHostsFile<'s> {
    let input = InputKind::Hosts;
    let path = source.path.as_str();
    let mut checked = CheckedHostsFile {
        path,
        problems: Vec::new(),
        node_file: None,
        references: Vec::new(),
    };
    let namespace = file_name(path);
    let namespace_error = validate_namespace(namespace).err();
    if let Some(reason) = &namespace_error {
        checked.problems.push(file_finding(
            input,
            path,
            Severity::Error,
            "Invalid registry namespace",
            format!(
                "{path}: the file name \"{namespace}\" is not a registry namespace: {reason}. The file name becomes the directory {CERTS_D_DIR}/<name>, which must be the registry host as written in image references (e.g. docker.io, registry.example.com:5000, _default)."
            ),
        ));
    }
    let Ok(text) = std::str::from_utf8(&source.bytes) else {
        checked.problems.push(file_finding(
            input,
            path,
            Severity::Error,
            "Invalid containerd hosts file",
            format!("{path} is not UTF-8 text; containerd's TOML parser rejects it and pulls from upstream."),
        ));
        return checked;
    };
    let validation = hosts_toml::validate(text, rules);
    for p in &validation.problems {
        let location = match (p.location.line, &p.location.key) {
            (Some(line), Some(key)) => format!(" line {line}, key {key}"),
            (Some(line), None) => format!(" line {line}"),
            (None, Some(key)) => format!(", key {key}"),
            (None, None) => String::new(),
        };
        let (summary, consequence) = match p.severity {
            Severity::Error => (
                "Invalid containerd hosts file",
                " — containerd would ignore this whole file and pull from upstream.",
            ),
            Severity::Warning => ("Check containerd hosts file", ""),
        };
        let at = Location {
            line: p.location.line,
            key: p.location.key.clone(),
            ..Location::file(input.attribute(), path)
        };
        let detail = format!("{path}{location}: {}{consequence}", p.message);
        checked
            .problems
            .push(Finding::new(p.severity, at, detail).with_summary(summary));
    }
    if let Some(parsed) = &validation.parsed {
        checked.references = file_references(namespace, parsed);
    }
    if namespace_error.is_none() && !validation.has_errors() {
        let target = [CERTS_D_DIR, "/", namespace, "/hosts.toml"].concat();
        // A file that sends an Authorization header holds a secret: keep it from other users.
        let private = contains_ignoring_ascii_case(&source.bytes, b"authorization");
        checked.node_file = Some(NodeFile::new(target, source.bytes.clone(), private));
    }
    checked
}

/// A `ca` or `client` path of a hosts file.
struct Reference {
    /// Line and key, as a message quotes them.
    location: String,
    /// As written in the file.
    written: String,
    /// The absolute path containerd opens.
    resolved: String,
    wanted: Wanted,
}

fn file_references(namespace: &str, file: &HostsFile) -> Vec<Reference> {
    let scopes = std::iter::once((None, None, &file.server_settings)).chain(
        file.hosts
            .iter()
            .map(|host| (Some(host.url.as_str()), host.line, &host.settings)),
    );
    let mut out = Vec::new();
    for (url, line, settings) in scopes {
        for (field, written, wanted) in references(settings) {
            let resolved = resolve(&written, &format!("{CERTS_D_DIR}/{namespace}"));
            let prefix = url.map_or(String::new(), |url| format!("host.{}.", quote_key(url)));
            let location = match line {
                Some(line) => format!(" line {line}, key {prefix}{field}"),
                None => format!(", key {prefix}{field}"),
            };
            out.push(Reference {
                location,
                written,
                resolved,
                wanted,
            });
        }
    }
    out
}

/// What a referenced file must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Certificate,
    Key,
    CertificateAndKey,
}

impl Wanted {
    fn accepts(self, kind: PemKind) -> bool {
        match self {
            Wanted::Certificate => kind.contains_certificate(),
            Wanted::Key => kind.contains_private_key(),
            Wanted::CertificateAndKey => kind == PemKind::CertificateAndKey,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Wanted::Certificate => "a certificate",
            Wanted::Key => "a private key",
            Wanted::CertificateAndKey => "a certificate and its private key",
        }
    }
}

fn kind_text(kind: PemKind) -> &'static str {
    match kind {
        PemKind::Certificates => "only certificates",
        PemKind::PrivateKey => "only a private key",
        PemKind::CertificateAndKey => "a certificate and a private key",
    }
}

/// Every file path in one host's settings: (field, path, expected kind).
fn references(settings: &HostSettings) -> Vec<(String, String, Wanted)> {
    let mut out = Vec::new();
    if let Some(ca) = &settings.ca {
        for path in ca.paths() {
            out.push(("ca".to_string(), path.to_string(), Wanted::Certificate));
        }
    }
    if let Some(client) = &settings.client {
        for entry in client.entries() {
            match entry {
                ClientCertificate::Combined(path) => {
                    out.push(("client".to_string(), path, Wanted::CertificateAndKey));
                }
                ClientCertificate::Pair { cert, key } => {
                    out.push(("client".to_string(), cert, Wanted::Certificate));
                    if !key.is_empty() {
                        out.push(("client".to_string(), key, Wanted::Key));
                    }
                }
            }
        }
    }
    out.retain(|(_, path, _)| !path.is_empty());
    out
}

fn quote_key(key: &str) -> String {
    format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A certificate file name must be usable as a file name on the node.
fn validate_file_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the path has no file name".to_string());
    }
    if name == "." || name == ".." {
        return Err(format!("\"{name}\" is not a file name"));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the file name contains the control character {c:?}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
