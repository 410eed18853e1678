//! Validating a containerd hosts.toml exactly as containerd reads it.
//!
//! containerd (`parseHostsFile` in `remotes/docker/config/hosts.go`, 1.6.20,
//! and `core/remotes/docker/config/hosts.go`, main) either accepts a
//! hosts.toml or logs "failed to decode hosts.toml" and silently pulls from
//! the upstream registry as if the file did not exist. So everything that
//! makes containerd reject the file is an **error** here, and everything it
//! silently ignores or reads differently from what the text suggests
//! (unknown keys, hosts 2.x never tries, a missing `[host]` table on
//! 1.6/1.7) is a **warning**. Each problem carries the 1-based line and the
//! TOML key path.
//!
//! The checks are portable across containerd 1.6+ unless [`Rules`] names a
//! version; see [`rules`].
//!
//! The text becomes a `tree` either through `plain`, a fast reader for the plain TOML
//! hosts files are written in, or through `toml_edit` and the TOML-dialect checks in
//! `syntax`; the decoders read only the tree.

mod endpoint;
mod fields;
mod findings;
mod hosts;
mod key_path;
pub mod model;
mod plain;
pub mod rules;
pub(crate) mod settings;
mod syntax;
mod tree;
mod unchecked;

pub use model::{
    Capability, ClientCertificate, ClientCertificates, Endpoint, HeaderValue, HostEntry,
    HostSettings, HostsFile, PathList,
};
pub use rules::{Applies, ContainerdVersion, Rules};

pub use super::{Finding, Findings, Reported, Severity};
use crate::domain::limits::MAX_FILE_BYTES;
use endpoint::check_endpoint;
use fields::{match_key, Field, KeyMatch};
use findings::Collector;
use key_path::KeyPath;
use settings::{Scope, SettingsDecoder};
use tree::{Item, Table};

/// The result of [`validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// Ordered by line (findings without a line first), then discovery.
    pub problems: Findings,
    /// The decoded file; `None` only when the text is not TOML or over a limit
    /// ([`limits`](crate::domain::limits)). Settings
    /// with errors are left out of it.
    pub parsed: Option<HostsFile>,
}

/// Errors: containerd would reject the file.
impl Reported for Validation {
    fn findings(&self) -> &Findings {
        &self.problems
    }
}

/// Checks `text` against containerd's hosts.toml rules.
pub fn validate(text: &str, rules: &Rules) -> Validation {
    // Plain TOML needs none of the rewriting below: it has no carriage return and no value out
    // of range.
    let plain = (text.len() <= MAX_FILE_BYTES)
        .then(|| plain::read(text))
        .flatten();
    // go-toml v1 (containerd 1.x) reads a carriage return without a line feed as a line break;
    // toml_edit and go-toml v2 reject it. Same length, so every span stays valid.
    let v1_text;
    let bare_cr = plain.is_none() && has_bare_carriage_return(text);
    let text = if bare_cr && rules.go_toml_v1() == Applies::Always {
        v1_text = replace_bare_carriage_returns(text);
        v1_text.as_str()
    } else {
        text
    };
    let (v2_text, unchecked) = match plain {
        Some(_) => Default::default(),
        None => unchecked::blank_unchecked_values(text, rules).unwrap_or_default(),
    };
    let text = if unchecked.is_empty() {
        text
    } else {
        v2_text.as_str()
    };
    let mut findings = Collector::new(text);
    for value in &unchecked {
        findings.warning(
            Some(value.at..value.at + 1),
            &KeyPath::root().key(&value.key),
            format!(
                "containerd 2.x does not read \"{}\", so it never checks its value ({}); containerd 1.x rejects the file",
                value.key, value.reason
            ),
        );
    }
    if bare_cr && rules.go_toml_v1() == Applies::Always {
        findings.warning(
            None,
            KeyPath::root(),
            "the file has a carriage return without a line feed: containerd 1.x reads it as a line break, containerd 2.x rejects the file; use \\n or \\r\\n line endings",
        );
    }
    let parsed = if text.is_empty() {
        findings.warning(
            None,
            KeyPath::root(),
            "the file is empty: containerd ignores an empty hosts.toml and looks for Docker-style *.crt/*.cert/*.key files in its directory instead",
        );
        Some(HostsFile::default())
    } else {
        syntax::parse(&mut findings, rules, plain).map(|root| decode(&mut findings, rules, &root))
    };
    let mut problems = findings.into_problems();
    problems.sort_by_key(|p| (p.location.line, p.severity));
    Validation {
        problems: problems.into_iter().collect(),
        parsed,
    }
}

fn has_bare_carriage_return(text: &str) -> bool {
    text.match_indices('\r')
        .any(|(i, _)| !text[i + 1..].starts_with('\n'))
}

/// go-toml v1's reading of bare carriage returns: a line break, except inside a comment, which
/// it continues (there it becomes a space, which a comment may hold).
fn replace_bare_carriage_returns(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_comment = false;
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        let bare_cr = c == '\r' && chars.peek() != Some(&'\n');
        match c {
            _ if bare_cr && in_comment => out.push(' '),
            _ if bare_cr => {
                out.push('\n');
                quote = None;
            }
            '\n' => {
                in_comment = false;
                out.push(c);
            }
            '#' if quote.is_none() => {
                in_comment = true;
                out.push(c);
            }
            '"' | '\'' if !in_comment => {
                match quote {
                    Some(q) if q == c => quote = None,
                    None => quote = Some(c),
                    Some(_) => {}
                }
                out.push(c);
            }
            '\\' if quote == Some('"') => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn decode(findings: &mut Collector<'_>, rules: &Rules, root: &Table) -> HostsFile {
    let server_settings =
        SettingsDecoder { findings, rules }.decode(root, KeyPath::root(), Scope::Root);
    let mut file = HostsFile {
        server_settings,
        ..HostsFile::default()
    };
    let mut host_table_seen = false;
    for entry in &root.entries {
        let (name, item) = (entry.name.as_ref(), &entry.item);
        let at = entry.key_span.clone().or_else(|| item.span());
        let path = KeyPath::root().key(name);
        match match_key(name, rules) {
            KeyMatch::Exact(Field::Server) => {
                let override_path = file.server_settings.override_path.unwrap_or(false);
                decode_server(findings, &mut file, item, override_path, &path);
            }
            KeyMatch::Exact(Field::Host) => {
                host_table_seen = item.as_table_like().is_some();
                file.hosts = hosts::decode_hosts(findings, rules, item);
            }
            KeyMatch::CaseVariant {
                field: field @ (Field::Server | Field::Host),
                ..
            } => findings.warning(
                at,
                &path,
                format!(
                    "write \"{}\" in lower case: containerd's host lookup and 1.x's decoder only read \"{}\"{}",
                    field.name(),
                    field.name(),
                    if field == Field::Host { ", so these hosts are ignored" } else { "" }
                ),
            ),
            _ => {}
        }
    }
    if !host_table_seen {
        warn_missing_host_table(findings, rules);
    }
    file
}

fn decode_server(
    findings: &mut Collector<'_>,
    file: &mut HostsFile,
    item: &Item,
    override_path: bool,
    path: &KeyPath,
) {
    let Some(server) = item.as_str() else {
        findings.error(
            item.span(),
            path,
            format!(
                "must be a string URL like \"https://registry-1.docker.io\", not {}",
                item.type_name()
            ),
        );
        return;
    };
    if server.is_empty() {
        return;
    }
    let check = check_endpoint(server, override_path);
    if let Some(error) = check.error {
        findings.error(item.span(), path, error);
    }
    for warning in check.warnings {
        findings.warning(item.span(), path, warning);
    }
    file.server = Some(server.to_string());
    file.server_endpoint = check.endpoint;
}

/// containerd 1.6.x and 1.7.0–1.7.31 fail with "invalid `host` tree" on a
/// file without a `host` table. Without a pinned version, as for every file
/// some supported release refuses, that is an error.
fn warn_missing_host_table(findings: &mut Collector<'_>, rules: &Rules) {
    let message = "no [host] table: containerd 1.6.x and 1.7.0–1.7.31 reject a hosts.toml without one (\"invalid `host` tree\") and pull from upstream; add a [host.\"https://…\"] table, or an empty [host] table if the server alone is meant, or set containerd_version to 1.7.32 or later";
    if rules.requires_host_table() != Applies::Never {
        findings.error(None, KeyPath::root(), message);
    }
}

#[cfg(test)]
mod tests;
