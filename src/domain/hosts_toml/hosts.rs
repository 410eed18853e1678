//! The `[host."<url>"]` tables: their shape and the order containerd tries
//! them in.
//!
//! containerd 2.x takes the host order from the table headers of the file
//! (`getSortedHosts` over go-toml's unstable parser): only `[host.X…]`
//! headers count, and a host is appended again whenever its header follows
//! another host's. So a host declared by dotted keys or an inline table is
//! decoded but never tried, and `[host."a"]`, `[host."b"]`,
//! `[host."a".header]` makes "a" appear twice. containerd 1.x sorts hosts
//! by line instead and accepts both forms.

use super::endpoint::check_endpoint;
use super::findings::Collector;
use super::key_path::KeyPath;
use super::model::HostEntry;
use super::rules::{Applies, Rules};
use super::settings::{Scope, SettingsDecoder};
use super::tree::{Item, Table};

/// Decodes the `host` item of the root table.
pub(super) fn decode_hosts(
    findings: &mut Collector<'_>,
    rules: &Rules,
    item: &Item,
) -> Vec<HostEntry> {
    let path = KeyPath::root().key("host");
    let table = match item {
        Item::ArrayOfTables(_) => {
            findings.error(
                item.span(),
                &path,
                "host must be a table of hosts written as [host.\"https://…\"], not an array of tables ([[host]])",
            );
            return Vec::new();
        }
        other => match other.as_table_like() {
            Some(table) => table,
            None => {
                findings.error(
                    other.span(),
                    &path,
                    format!(
                        "host must be a table of hosts written as [host.\"https://…\"], not {}",
                        other.type_name()
                    ),
                );
                return Vec::new();
            }
        },
    };

    let mut hosts = Vec::new();
    for host in &table.entries {
        let (url, entry) = (host.name.as_ref(), &host.item);
        let entry_path = path.key(url);
        let at = host.key_span.clone().or_else(|| entry.span());
        let (settings_table, has_header) = match entry {
            Item::Table(t) => (t, !t.dotted),
            other => match other.as_table_like() {
                Some(t) => (t, false),
                None => {
                    findings.error(
                        at,
                        &entry_path,
                        format!(
                            "each host must be a table of settings written as [host.\"{url}\"], not {}",
                            other.type_name()
                        ),
                    );
                    continue;
                }
            },
        };
        if !has_header && rules.go_toml_v2() != Applies::Never {
            findings.warning(
                at.clone(),
                &entry_path,
                format!(
                    "host \"{url}\" is not declared with its own [host.\"{url}\"] table header; containerd 2.x tries only hosts declared that way and silently skips this one"
                ),
            );
        }
        let line = findings.line(header_span(entry).or(at.clone()));
        let settings =
            SettingsDecoder { findings, rules }.decode(settings_table, &entry_path, Scope::Host);
        let endpoint = if url.is_empty() {
            findings.warning(
                at,
                &entry_path,
                "empty host URL: containerd has no host to send requests to for this entry",
            );
            None
        } else {
            let check = check_endpoint(url, settings.override_path.unwrap_or(false));
            if let Some(error) = check.error {
                findings.error(at.clone(), &entry_path, error);
            }
            for warning in check.warnings {
                findings.warning(at.clone(), &entry_path, warning);
            }
            check.endpoint
        };
        hosts.push(HostEntry {
            url: url.to_string(),
            line,
            endpoint,
            settings,
        });
    }
    if rules.go_toml_v2() != Applies::Never {
        warn_split_hosts(findings, item);
    }
    hosts
}

fn header_span(entry: &Item) -> Option<std::ops::Range<usize>> {
    match entry {
        Item::Table(t) if t.has_header() => t.span.clone(),
        _ => None,
    }
}

/// Warns when a host's tables are interleaved with another host's, which
/// makes containerd 2.x try it twice.
fn warn_split_hosts(findings: &mut Collector<'_>, host: &Item) {
    let Item::Table(hosts) = host else {
        return;
    };
    let mut headers = Vec::new();
    for (host, item) in hosts.iter() {
        if let Item::Table(table) = item {
            collect_headers(table, host, &mut headers);
        }
    }
    if headers.len() < 2 {
        return;
    }
    headers.sort_by_key(|h| h.position);

    let mut tried: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut previous: Option<&str> = None;
    for header in &headers {
        let host = header.host;
        if previous == Some(host) {
            continue;
        }
        previous = Some(host);
        if !tried.insert(host) {
            findings.warning(
                header.span.clone(),
                &KeyPath::root().key("host").key(host),
                format!(
                    "the tables of host \"{host}\" are separated by another host's table, so containerd 2.x tries this host twice; keep [host.\"{host}\"] and its sub-tables together"
                ),
            );
        }
    }
}

struct Header<'t> {
    position: isize,
    host: &'t str,
    span: Option<std::ops::Range<usize>>,
}

/// The `[host."…"…]` headers (not `[[…]]`) of one host's table and the tables inside it,
/// with their positions in the file.
fn collect_headers<'t>(table: &Table, host: &'t str, out: &mut Vec<Header<'t>>) {
    if let (true, Some(position)) = (table.has_header(), table.position) {
        out.push(Header {
            position,
            host,
            span: table.span.clone(),
        });
    }
    for (_, item) in table.iter() {
        if let Item::Table(sub) = item {
            collect_headers(sub, host, out);
        }
    }
}
