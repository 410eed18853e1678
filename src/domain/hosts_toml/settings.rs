//! Decoding the per-host fields (`hostFileConfig`) with containerd's type
//! rules.
//!
//! Each rule mirrors `parseHostConfig` in containerd's hosts.go (1.6.20 and
//! main) plus the go-toml struct decoding before it; a violation makes
//! containerd drop the whole file, so it is an error:
//! - `capabilities`: array of strings, each `pull`, `resolve` or `push`
//!   (case-insensitive; `referrers` from 2.2);
//! - `ca`: string or array of strings;
//! - `client`: string, or array of strings and `[cert, key]` string pairs
//!   (any other pair length is "invalid pair");
//! - `skip_verify`, `override_path`: booleans;
//! - `header`: table whose values are strings or arrays of strings;
//! - `dial_timeout`: a Go duration string (read from 2.0.7 on).

use super::fields::{match_key, suggest, Field, KeyMatch};
use super::findings::Collector;
use super::key_path::KeyPath;
use super::model::{
    Capability, ClientCertificate, ClientCertificates, HeaderValue, HostSettings, PathList,
};
use super::rules::{Applies, Rules};
use super::tree::{Item, Table, Value, ValueKind};
use crate::domain::enumeration::{release_name, Enumeration};
use crate::domain::go_duration::parse_go_duration;

/// Where a set of settings sits: the top level also holds `server` and
/// `host`, which the caller decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    Root,
    Host,
}

pub(super) struct SettingsDecoder<'a, 't> {
    pub findings: &'a mut Collector<'t>,
    pub rules: &'a Rules,
}

impl SettingsDecoder<'_, '_> {
    /// Decodes every per-host field in `table`, warning about keys
    /// containerd ignores.
    pub fn decode(&mut self, table: &Table, path: &KeyPath, scope: Scope) -> HostSettings {
        let mut settings = HostSettings::default();
        for entry in &table.entries {
            let (name, item) = (entry.name.as_ref(), &entry.item);
            let at = entry.key_span.clone().or_else(|| item.span());
            let child = path.key(name);
            let field = match match_key(name, self.rules) {
                KeyMatch::Exact(field) => field,
                KeyMatch::CaseVariant { field, read } => {
                    if scope == Scope::Root && field.is_root_only() {
                        continue;
                    }
                    self.findings.warning(
                        at.clone(),
                        &child,
                        format!(
                            "key \"{name}\" differs from \"{}\" only in letter case: containerd 2.x reads it anyway, containerd 1.x only as \"{}\" or \"{}\"; write \"{}\"",
                            field.name(),
                            field.name(),
                            field.name().to_ascii_uppercase(),
                            field.name()
                        ),
                    );
                    if read == Applies::Never {
                        continue;
                    }
                    field
                }
                KeyMatch::Unknown => {
                    self.unknown_key(name, item, at, &child, scope);
                    continue;
                }
            };
            match field {
                Field::Server | Field::Host if scope == Scope::Root => {}
                Field::Server | Field::Host => self.findings.warning(
                    at,
                    &child,
                    format!(
                        "containerd reads \"{}\" only at the top of the file and ignores it inside a host table",
                        field.name()
                    ),
                ),
                Field::Capabilities => settings.capabilities = self.capabilities(item, &child),
                Field::Ca => settings.ca = self.ca(item, &child),
                Field::Client => settings.client = self.client(item, &child),
                Field::SkipVerify => settings.skip_verify = self.boolean(item, &child, name),
                Field::OverridePath => settings.override_path = self.boolean(item, &child, name),
                Field::Header => settings.header = self.header(item, &child),
                Field::DialTimeout => settings.dial_timeout = self.dial_timeout(item, &child, at),
            }
        }
        settings
    }

    fn unknown_key(
        &mut self,
        name: &str,
        item: &Item,
        at: Option<std::ops::Range<usize>>,
        path: &KeyPath,
        scope: Scope,
    ) {
        if self.findings.full() {
            return self.findings.warning(at, path, String::new());
        }
        let mut message = format!("unknown key \"{name}\"");
        if let Some(s) = suggest(name) {
            message.push_str(&format!(" (did you mean \"{s}\"?)"));
        }
        message.push_str(": containerd ignores it");
        if item.is_table() {
            message.push_str(match scope {
                Scope::Host => "; an unquoted header like [host.mirror.example.com] splits the URL at its dots — quote it: [host.\"https://mirror.example.com\"]",
                Scope::Root => "; mirrors go in [host.\"https://…\"] tables",
            });
        }
        self.findings.warning(at, path, message);
    }

    fn capabilities(&mut self, item: &Item, path: &KeyPath) -> Option<Vec<Capability>> {
        let Some(array) = item.as_array() else {
            self.type_error(
                item,
                path,
                "an array of strings like [\"pull\", \"resolve\"]",
            );
            return None;
        };
        let accepted = Capability::accepted_by(self.rules.containerd);
        let mut capabilities = Vec::new();
        let mut valid = true;
        for (i, element) in array.iter().enumerate() {
            let Some(name) = element.as_str() else {
                self.value_type_error(element, &path.index(i), "a string such as \"pull\"");
                valid = false;
                continue;
            };
            match Capability::from_name(name) {
                Some(capability) if !capability.allowed_for(self.rules.containerd) => {
                    let since = capability.choice().and_then(|c| c.since);
                    self.findings.error(
                        element.span.clone(),
                        path,
                        format!(
                            "capability \"{name}\" needs containerd {} or later; older versions reject it as an unknown capability ({} accept {accepted})",
                            since.map(release_name).unwrap_or_default(),
                            self.rules.describe()
                        ),
                    );
                    valid = false;
                }
                Some(capability) => capabilities.push(capability),
                None => {
                    self.findings.error(
                        element.span.clone(),
                        path,
                        format!("unknown capability \"{name}\" (containerd accepts {accepted})"),
                    );
                    valid = false;
                }
            }
        }
        valid.then_some(capabilities)
    }

    fn ca(&mut self, item: &Item, path: &KeyPath) -> Option<PathList> {
        if let Some(p) = item.as_str() {
            self.path_value(p, item.span(), path);
            return Some(PathList::One(p.to_string()));
        }
        let Some(array) = item.as_array() else {
            self.type_error(
                item,
                path,
                "a string or an array of strings (certificate file paths)",
            );
            return None;
        };
        let paths = self.strings(array, path, "a string (a certificate file path)")?;
        for (i, (p, element)) in paths.iter().zip(array).enumerate() {
            self.path_value(p, element.span.clone(), &path.index(i));
        }
        Some(PathList::Many(paths))
    }

    fn client(&mut self, item: &Item, path: &KeyPath) -> Option<ClientCertificates> {
        if let Some(p) = item.as_str() {
            self.path_value(p, item.span(), path);
            return Some(ClientCertificates::Combined(p.to_string()));
        }
        let Some(array) = item.as_array() else {
            self.type_error(
                item,
                path,
                "a string, or an array of strings and [cert, key] pairs",
            );
            return None;
        };
        let mut entries = Vec::new();
        let mut valid = true;
        for (i, element) in array.iter().enumerate() {
            let at = path.index(i);
            match &element.kind {
                ValueKind::String(p) => {
                    self.path_value(p, element.span.clone(), &at);
                    entries.push(ClientCertificate::Combined(p.to_string()));
                }
                ValueKind::Array(pair) => match self.client_pair(pair, element, &at) {
                    Some(entry) => entries.push(entry),
                    None => valid = false,
                },
                _ => {
                    self.value_type_error(element, &at, "a string or a [cert, key] pair");
                    valid = false;
                }
            }
        }
        valid.then_some(ClientCertificates::List(entries))
    }

    fn client_pair(
        &mut self,
        pair: &[Value],
        element: &Value,
        path: &KeyPath,
    ) -> Option<ClientCertificate> {
        let paths = self.strings(pair, path, "a string (a file path)")?;
        let [cert, key] = paths.as_slice() else {
            self.findings.error(
                element.span(),
                path,
                format!(
                    "invalid pair: a client pair is exactly [cert, key], this one has {} path(s)",
                    paths.len()
                ),
            );
            return None;
        };
        self.path_value(cert, element.span(), path);
        if key.is_empty() {
            self.findings.warning(
                element.span(),
                path,
                "empty key path: containerd resolves \"\" to the hosts.toml directory and fails at pull time; for a file holding certificate and key use the string form instead of a pair",
            );
        }
        Some(ClientCertificate::Pair {
            cert: cert.clone(),
            key: key.clone(),
        })
    }

    fn boolean(&mut self, item: &Item, path: &KeyPath, name: &str) -> Option<bool> {
        if let Some(b) = item.as_bool() {
            return Some(b);
        }
        let hint = match item.as_str() {
            Some(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                format!(
                    " — write {name} = {} without quotes",
                    s.to_ascii_lowercase()
                )
            }
            _ => String::new(),
        };
        let found = item.type_name();
        self.findings.error(
            item.span(),
            path,
            format!("must be a boolean (true or false), not {found}{hint}"),
        );
        None
    }

    fn header(&mut self, item: &Item, path: &KeyPath) -> Option<Vec<(String, HeaderValue)>> {
        let Some(table) = item.as_table_like() else {
            self.type_error(
                item,
                path,
                "a table of header names to strings or arrays of strings",
            );
            return None;
        };
        let mut headers = Vec::new();
        let mut valid = true;
        for entry in &table.entries {
            let (name, value) = (entry.name.as_ref(), &entry.item);
            let at = path.key(name);
            let span = value.span().or_else(|| entry.key_span.clone());
            if !is_http_token(name) {
                self.findings.warning(
                    span.clone(),
                    &at,
                    format!("\"{name}\" is not a valid HTTP header name; Go's HTTP client refuses to send requests with it"),
                );
            }
            if let Some(s) = value.as_str() {
                headers.push((name.to_string(), HeaderValue::One(s.to_string())));
            } else if let Some(array) = value.as_array() {
                match self.strings(array, &at, "a string") {
                    Some(values) => headers.push((name.to_string(), HeaderValue::Many(values))),
                    None => valid = false,
                }
            } else {
                self.type_error(value, &at, "a string or an array of strings");
                valid = false;
            }
        }
        valid.then_some(headers)
    }

    fn dial_timeout(
        &mut self,
        item: &Item,
        path: &KeyPath,
        at: Option<std::ops::Range<usize>>,
    ) -> Option<String> {
        if self.rules.reads_dial_timeout() == Applies::Never {
            self.findings.warning(
                at,
                path,
                format!(
                    "{} ignores dial_timeout (it is read from containerd 2.0.7 and 2.1 on)",
                    self.rules.describe()
                ),
            );
            return None;
        }
        let Some(text) = item.as_str() else {
            self.type_error(item, path, "a Go duration string like \"30s\"");
            return None;
        };
        if text.is_empty() {
            return None;
        }
        match parse_go_duration(text) {
            Ok(nanos) => {
                if nanos < 0 {
                    self.findings.warning(
                        item.span(),
                        path,
                        "a negative dial_timeout makes every connection attempt to this host fail at once",
                    );
                }
                Some(text.to_string())
            }
            Err(e) => {
                self.findings.error(
                    item.span(),
                    path,
                    format!("dial_timeout \"{text}\" is not a Go duration ({e}); write e.g. \"30s\" or \"1m30s\""),
                );
                None
            }
        }
    }

    /// All elements must be strings (containerd's `makeStringSlice`).
    fn strings(&mut self, values: &[Value], path: &KeyPath, expected: &str) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut valid = true;
        for (i, value) in values.iter().enumerate() {
            match value.as_str() {
                Some(s) => out.push(s.to_string()),
                None => {
                    self.value_type_error(value, &path.index(i), expected);
                    valid = false;
                }
            }
        }
        valid.then_some(out)
    }

    /// containerd joins relative paths to the hosts.toml directory; `""`
    /// becomes the directory itself.
    fn path_value(
        &mut self,
        path_text: &str,
        span: Option<std::ops::Range<usize>>,
        path: &KeyPath,
    ) {
        if path_text.is_empty() {
            self.findings.warning(
                span,
                path,
                "empty path: containerd resolves \"\" to the hosts.toml directory itself and fails at pull time",
            );
        }
    }

    fn type_error(&mut self, item: &Item, path: &KeyPath, expected: &str) {
        let found = item.type_name();
        self.findings.error(
            item.span(),
            path,
            format!("must be {expected}, not {found}"),
        );
    }

    fn value_type_error(&mut self, value: &Value, path: &KeyPath, expected: &str) {
        let found = value.type_name();
        self.findings.error(
            value.span.clone(),
            path,
            format!("must be {expected}, not {found}"),
        );
    }
}

/// RFC 9110 token characters, which Go's HTTP client requires of header
/// names.
pub(crate) fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_tokens() {
        assert!(is_http_token("Authorization"));
        assert!(is_http_token("X-Custom_Header.1"));
        assert!(!is_http_token("Bad Header"));
        assert!(!is_http_token("a:b"));
        assert!(!is_http_token(""));
    }
}
