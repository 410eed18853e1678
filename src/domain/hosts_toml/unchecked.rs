//! Values containerd 2.x never checks. go-toml v2 converts a value only when it decodes it into
//! a field, so an out-of-range integer or date under a key containerd does not read (at the top
//! level or in a `[host."…"]` table) does not stop it, while `toml_edit` (and go-toml v1, so
//! containerd 1.x) refuses the whole file. For rules pinned to 2.x such values are blanked to a
//! same-length `0` so the rest of the file is still checked, and each one is reported.

use super::fields::{match_key, KeyMatch};
use super::rules::{Applies, Rules};

/// One value that was blanked.
pub(super) struct Unchecked {
    /// Byte offset of the value in the text.
    pub at: usize,
    pub key: String,
    pub reason: String,
}

/// The text with every unchecked value blanked, or `None` when there is none (or the rules do
/// not cover only 2.x, or an error is of another kind).
pub(super) fn blank_unchecked_values(
    text: &str,
    rules: &Rules,
) -> Option<(String, Vec<Unchecked>)> {
    if rules.go_toml_v2() != Applies::Always {
        return None;
    }
    let mut current = text.to_string();
    let mut found = Vec::new();
    for _ in 0..64 {
        let error = match toml_edit::Document::parse(current.as_str()) {
            Ok(_) => return (!found.is_empty()).then_some((current, found)),
            Err(error) => error,
        };
        let reason = error.message().trim().to_string();
        let range_error = reason.contains("overflow")
            || reason.starts_with("invalid date")
            || reason.starts_with("invalid time")
            || reason.starts_with("invalid offset");
        let at = error.span()?.start;
        if !range_error {
            return None;
        }
        let (key, value) = unread_value_at(&current, at, rules)?;
        let blank = format!("0{}", " ".repeat(value.len() - 1));
        current.replace_range(value.clone(), &blank);
        found.push(Unchecked {
            at: value.start,
            key,
            reason,
        });
    }
    None
}

/// The key and value range of the `key = value` line holding byte `at`, when the key is one
/// containerd does not read in its table.
fn unread_value_at(
    text: &str,
    at: usize,
    rules: &Rules,
) -> Option<(String, std::ops::Range<usize>)> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let (key_text, rest) = line.split_once('=')?;
    let keys = toml_edit::Key::parse(key_text.trim()).ok()?;
    let [key] = keys.as_slice() else { return None };
    if !matches!(match_key(key.get(), rules), KeyMatch::Unknown) {
        return None;
    }
    if !in_root_or_host_table(&text[..start]) {
        return None;
    }
    let value_start = start + key_text.len() + 1;
    let value_text = rest.split('#').next().unwrap_or("");
    let leading = value_text.len() - value_text.trim_start().len();
    let value = value_start + leading..value_start + value_text.trim_end().len();
    (!value.is_empty() && value.contains(&at)).then_some((key.get().to_string(), value))
}

/// Whether the last table header before this point is none (the top level) or `[host."…"]`.
fn in_root_or_host_table(before: &str) -> bool {
    let header = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['));
    let Some(header) = header else { return true };
    if header.starts_with("[[") {
        return false;
    }
    let inner = header.trim_start_matches('[');
    let Some((inner, _)) = inner.rsplit_once(']') else {
        return false;
    };
    match toml_edit::Key::parse(inner.trim()) {
        Ok(path) => path.len() == 2 && path[0].get() == "host",
        Err(_) => false,
    }
}
