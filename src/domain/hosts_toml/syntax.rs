//! TOML syntax as containerd's parsers read it.
//!
//! `toml_edit` implements TOML 1.1; containerd before 2.4 reads TOML 1.0
//! (go-toml v1.9.5 in 1.6/1.7, go-toml v2.2–2.3 in 2.0–2.3), 2.4 reads TOML
//! 1.1 (go-toml v2.4; checked with containerd 2.4.2's resolver). So unless
//! the version is pinned to 2.4 or later, after `toml_edit` accepts a document
//! the TOML 1.1 additions are reported as errors: `\e` and `\xHH` escapes, times without seconds, trailing commas
//! in inline tables, and newlines or comments inside inline tables. Two
//! parser quirks are reported as well, each only for the containerd line
//! that has it (checked against containerd 1.6.20's `ctr`):
//! - go-toml v1 ends a table header at the first `]` and rejects `[` inside
//!   it, even within quotes, and does not process escapes in header keys;
//! - go-toml v2 does not skip a UTF-8 byte order mark (v1 does).

use std::ops::Range;

use toml_edit::{Array, Document, InlineTable, Item, Key, RawString, Table, TableLike, Value};

use super::findings::Collector;
use super::key_path::KeyPath;
use super::rules::{Applies, Rules};
use super::tree::{self, Table as Tree};
use crate::domain::limits::{exceeded, MAX_FILE_BYTES, MAX_TABLES};

/// Parses the text, recording syntax errors; `None` when it is not TOML. `plain` is what
/// [`plain::read`] made of the text, if anything.
pub(super) fn parse<'t>(
    findings: &mut Collector<'t>,
    rules: &Rules,
    plain: Option<Tree<'t>>,
) -> Option<Tree<'t>> {
    let text = findings.text();
    if text.starts_with('\u{feff}') && rules.go_toml_v2() != Applies::Never {
        findings.error(
            Some(0..0),
            KeyPath::root(),
            "the file starts with a UTF-8 byte order mark, which containerd 2.x's TOML parser rejects; save it without BOM",
        );
    }
    if text.len() > MAX_FILE_BYTES {
        findings.error(
            None,
            KeyPath::root(),
            format!("the file is larger than the limit MAX_FILE_BYTES = {MAX_FILE_BYTES} bytes ({} bytes)", text.len()),
        );
        return None;
    }
    if let Some(tree) = plain {
        #[cfg(debug_assertions)]
        check_plain(text, &tree, rules);
        return Some(tree);
    }
    let bound = at_most_tables(text);
    match Document::parse(text) {
        Ok(document) => {
            debug_assert!(count_tables(document.as_table()) <= bound);
            let tables = if bound <= MAX_TABLES {
                0
            } else {
                count_tables(document.as_table())
            };
            if tables > MAX_TABLES {
                findings.error(
                    None,
                    KeyPath::root(),
                    format!("the file {}", exceeded("MAX_TABLES", MAX_TABLES, tables)),
                );
                return None;
            }
            Walker { findings, rules }.table(document.as_table(), KeyPath::root());
            Some(tree::from_document(document.as_table()))
        }
        Err(error) => {
            let message = error.message().trim().to_string();
            findings.error(
                error.span(),
                KeyPath::root(),
                format!("TOML syntax error: {message}"),
            );
            None
        }
    }
}

/// What a plain document must be: what `toml_edit` reads from it, with nothing to report.
#[cfg(debug_assertions)]
fn check_plain(text: &str, tree: &Tree, rules: &Rules) {
    let document = Document::parse(text).expect("plain TOML is TOML");
    assert_eq!(*tree, tree::from_document(document.as_table()), "{text:?}");
    let mut findings = Collector::new(text);
    Walker {
        findings: &mut findings,
        rules,
    }
    .table(document.as_table(), KeyPath::root());
    assert!(
        findings.problems.is_empty(),
        "{text:?}: {:?}",
        findings.problems
    );
}

/// An upper bound of [`count_tables`] from the text alone, which is far cheaper: every table
/// but the root opens with `[` or `{`, or is named by a dotted key or header, which has one
/// `.` per table it creates beyond the last.
fn at_most_tables(text: &str) -> usize {
    text.bytes()
        .filter(|b| matches!(b, b'[' | b'{' | b'.'))
        .count()
}

/// Tables of every kind (headers, array-of-tables elements, dotted and inline tables), not
/// counting the root.
fn count_tables(table: &dyn TableLike) -> usize {
    table
        .iter()
        .map(|(_, item)| match item {
            Item::Table(sub) => 1 + count_tables(sub),
            Item::ArrayOfTables(tables) => tables.iter().map(|t| 1 + count_tables(t)).sum(),
            Item::Value(value) => count_inline_tables(value),
            Item::None => 0,
        })
        .sum()
}

fn count_inline_tables(value: &Value) -> usize {
    match value {
        Value::InlineTable(table) => 1 + count_tables(table),
        Value::Array(array) => array.iter().map(count_inline_tables).sum(),
        _ => 0,
    }
}

struct Walker<'a, 't> {
    findings: &'a mut Collector<'t>,
    rules: &'a Rules,
}

impl Walker<'_, '_> {
    fn table(&mut self, table: &Table, path: &KeyPath) {
        for (name, item) in table.iter() {
            let child = path.key(name);
            if let Some(key) = table.key(name) {
                self.key(key, &child);
            }
            match item {
                Item::Value(value) => self.value(value, &child),
                Item::Table(sub) => {
                    if !sub.is_implicit() && !sub.is_dotted() {
                        self.header(sub.span(), &child);
                    }
                    self.table(sub, &child);
                }
                Item::ArrayOfTables(tables) => {
                    for (i, sub) in tables.iter().enumerate() {
                        self.header(sub.span(), &child.index(i));
                        self.table(sub, &child.index(i));
                    }
                }
                Item::None => {}
            }
        }
    }

    /// go-toml v1 reads a header up to the first `]` and takes quoted
    /// header keys literally.
    fn header(&mut self, span: Option<Range<usize>>, path: &KeyPath) {
        if self.rules.go_toml_v1() == Applies::Never {
            return;
        }
        let Some(raw) = span.clone().and_then(|s| self.findings.text().get(s)) else {
            return;
        };
        let inner = raw.trim_start_matches('[').trim_end_matches(']');
        if inner.contains(['[', ']']) {
            self.findings.error(
                span,
                path,
                "containerd 1.x (go-toml v1) cannot read '[' or ']' inside a table header, even in quotes, and rejects the file (IPv6 host URLs in [host.\"…\"] headers work only with containerd 2.x)",
            );
        } else if inner.contains('\\') {
            self.findings.error(
                span,
                path,
                "containerd 1.x (go-toml v1) does not process escape sequences in table headers; write the key without backslashes",
            );
        }
    }

    fn key(&mut self, key: &Key, path: &KeyPath) {
        let raw = key.as_repr().and_then(|r| r.as_raw().span());
        self.basic_string_escapes(raw, path);
    }

    /// Whether every covered release reads TOML 1.1 (containerd 2.4 and later).
    fn toml_1_1(&self) -> bool {
        self.rules.reads_toml_1_1() == Applies::Always
    }

    fn value(&mut self, value: &Value, path: &KeyPath) {
        match value {
            Value::String(s) => {
                let raw = s.as_repr().and_then(|r| r.as_raw().span());
                self.basic_string_escapes(raw, path);
            }
            Value::Datetime(d) => {
                if d.value().time.is_some_and(|t| t.second.is_none()) && !self.toml_1_1() {
                    self.findings.error(
                        value.span(),
                        path,
                        "TOML 1.1 syntax: a time without seconds; containerd's TOML 1.0 parser rejects it (write HH:MM:SS)",
                    );
                }
            }
            Value::Array(array) => self.array(array, path),
            Value::InlineTable(table) => self.inline_table(table, path),
            Value::Integer(_) | Value::Float(_) | Value::Boolean(_) => {}
        }
    }

    fn array(&mut self, array: &Array, path: &KeyPath) {
        for (i, element) in array.iter().enumerate() {
            self.value(element, &path.index(i));
        }
    }

    fn inline_table(&mut self, table: &InlineTable, path: &KeyPath) {
        if table.trailing_comma() && !self.toml_1_1() {
            self.findings.error(
                table.span(),
                path,
                "TOML 1.1 syntax: a trailing comma in an inline table; containerd's TOML 1.0 parser rejects it",
            );
        }
        let mut layout = vec![table.trailing()];
        for (name, value) in table.iter() {
            if let Some(key) = table.key(name) {
                self.key(key, &path.key(name));
                layout.extend(
                    [key.leaf_decor().prefix(), key.leaf_decor().suffix()]
                        .into_iter()
                        .flatten(),
                );
                layout.extend(
                    [key.dotted_decor().prefix(), key.dotted_decor().suffix()]
                        .into_iter()
                        .flatten(),
                );
            }
            layout.extend(
                [value.decor().prefix(), value.decor().suffix()]
                    .into_iter()
                    .flatten(),
            );
            self.value(value, &path.key(name));
        }
        self.inline_layout(&layout, table.span(), path);
    }

    /// Newlines and comments between the braces of an inline table are
    /// TOML 1.1; go-toml v1 tolerates newlines, go-toml v2 (2.x) does not.
    fn inline_layout(&mut self, layout: &[&RawString], span: Option<Range<usize>>, path: &KeyPath) {
        if self.rules.go_toml_v2() == Applies::Never || self.toml_1_1() {
            return;
        }
        let text = self.findings.text();
        let spans = layout.iter().filter_map(|raw| raw.span());
        let offending = spans
            .filter_map(|s| text.get(s.clone()).map(|t| (s, t)))
            .find(|(_, t)| t.contains(['\n', '#']));
        if let Some((at, _)) = offending {
            self.findings.error(
                Some(at).or(span),
                path,
                "TOML 1.1 syntax: a line break or comment inside an inline table { … }; containerd 2.x's TOML 1.0 parser rejects it (use a [table] instead)",
            );
        }
    }

    /// Basic strings (`"…"`, `"""…"""`) may not use the TOML 1.1 escapes
    /// `\e` and `\xHH`.
    fn basic_string_escapes(&mut self, raw: Option<Range<usize>>, path: &KeyPath) {
        let Some(text) = raw.clone().and_then(|s| self.findings.text().get(s)) else {
            return;
        };
        if !text.starts_with('"') || self.toml_1_1() {
            return;
        }
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                continue;
            }
            match chars.next() {
                // go-toml v2 (containerd 2.0 on) reads \e already.
                Some('e') if self.rules.go_toml_v2() == Applies::Always => continue,
                Some(e @ ('e' | 'x')) => {
                    self.findings.error(
                        raw,
                        path,
                        format!(
                            "TOML 1.1 syntax: the escape \\{e} is not TOML 1.0, so containerd's TOML parser rejects the file (use \\u00XX)"
                        ),
                    );
                    return;
                }
                _ => continue,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hosts_toml::rules::ContainerdVersion;
    use crate::domain::Finding;

    fn check(text: &str, rules: Rules) -> (bool, Vec<Finding>) {
        let mut findings = Collector::new(text);
        let parsed = parse(&mut findings, &rules, super::super::plain::read(text)).is_some();
        (parsed, findings.problems)
    }

    fn errors(text: &str) -> Vec<(Option<usize>, String)> {
        check(text, Rules::default())
            .1
            .into_iter()
            .map(|p| (p.location.line, p.message))
            .collect()
    }

    fn v(s: &str) -> Rules {
        Rules::for_version(ContainerdVersion::parse(s).expect("version"))
    }

    #[test]
    fn plain_toml_10_has_no_findings() {
        let text = "server = \"https://registry-1.docker.io\"\n\n[host.\"https://m.example/v2\"]\n  capabilities = [\"pull\", \"resolve\"]\n  x = { a = 1, b = \"\\u0041\\n\" }\n  t = 07:32:00\n";
        assert_eq!(check(text, Rules::default()), (true, vec![]));
    }

    #[test]
    fn duplicate_keys_and_tables_are_syntax_errors_with_lines() {
        let found = errors("server = \"a\"\nserver = \"b\"\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Some(2));
        assert!(
            found[0].1.starts_with("TOML syntax error: duplicate key"),
            "{:?}",
            found[0].1
        );

        let found = errors("[host.\"a\"]\n\n[host.\"a\"]\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Some(3), "{found:?}");
    }

    #[test]
    fn toml_11_additions_are_errors() {
        let cases = [
            ("x = \"\\e\"\n", 1, "escape \\e"),
            ("a = 1\nx = \"a\\x41\"\n", 2, "escape \\x"),
            ("\"k\\x41\" = 1\n", 1, "escape \\x"),
            ("t = 07:32\n", 1, "without seconds"),
            ("x = { a = 1, }\n", 1, "trailing comma"),
            ("x = { a = 1,\n  b = 2 }\n", 1, "line break or comment"),
            ("x = { a = 1, # c\n b = 2 }\n", 1, "line break or comment"),
        ];
        for (text, line, needle) in cases {
            let found = errors(text);
            assert_eq!(found.len(), 1, "{text:?}: {found:?}");
            assert_eq!(found[0].0, Some(line), "{text:?}");
            assert!(found[0].1.contains(needle), "{text:?}: {:?}", found[0].1);
        }
        // Escaped backslashes are not escapes; literal strings have none.
        assert_eq!(errors("x = \"\\\\e\"\ny = 'a\\x'\n"), vec![]);
        // Multi-line strings may contain newlines inside inline tables.
        assert_eq!(errors("x = { a = \"\"\"\nq\"\"\" }\n"), vec![]);
    }

    #[test]
    fn go_toml_v1_header_quirks_depend_on_version() {
        let ipv6 = "[host.\"https://[::1]:5000\"]\n";
        let found = errors(ipv6);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("'[' or ']'"), "{found:?}");
        assert_eq!(check(ipv6, v("2.0.0")).1, vec![]);
        assert_eq!(check(ipv6, v("1.7.20")).1.len(), 1);

        let escaped = "[host.\"https://a\\u0062\"]\n";
        assert!(errors(escaped)[0].1.contains("escape sequences"));
        assert_eq!(check(escaped, v("2.1.0")).1, vec![]);

        // Inline tables may span lines in 1.x, not in 2.x.
        let multiline = "x = { a = 1,\n b = 2 }\n";
        assert_eq!(check(multiline, v("1.6.20")).1, vec![]);
        assert_eq!(check(multiline, v("2.0.0")).1.len(), 1);
    }

    #[test]
    fn byte_order_mark_is_rejected_by_2x_only() {
        let text = "\u{feff}server = \"https://a\"\n";
        let (parsed, found) = check(text, Rules::default());
        assert!(parsed);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.line, Some(1));
        assert!(found[0].message.contains("byte order mark"));
        assert_eq!(check(text, v("1.6.20")), (true, vec![]));
    }

    #[test]
    fn files_over_the_size_or_table_limit_are_refused_before_they_are_checked() {
        let tables: String = (0..MAX_TABLES).map(|i| format!("[t{i}]\n")).collect();
        assert_eq!(check(&tables, Rules::default()), (true, vec![]));
        let inline = format!("{tables}x = {{ a = 1 }}\n");
        let (parsed, found) = check(&inline, Rules::default());
        assert!(!parsed);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("exceeds the limit MAX_TABLES = 4096 (it has 4097)"),
            "{found:?}"
        );
        let large = format!("#{}\n", "x".repeat(MAX_FILE_BYTES));
        let (parsed, found) = check(&large, Rules::default());
        assert!(!parsed);
        assert!(found[0].message.contains("MAX_FILE_BYTES"), "{found:?}");
    }

    #[test]
    fn the_text_bound_is_never_below_the_table_count() {
        for text in [
            "a.b.c = 1\n",
            "[a.b.c]\n[a.b.d]\n",
            "[[a.b]]\n[[a.b]]\nx = { y = { z = 1 } }\n",
            "a = [{ b = 1 }, { c.d = 2 }]\n",
            "\"a.b\" = 1\n[\"c\".d]\n",
        ] {
            let document = Document::parse(text).expect("TOML");
            let tables = count_tables(document.as_table());
            assert!(tables > 0, "{text:?}");
            assert!(at_most_tables(text) >= tables, "{text:?}: {tables}");
        }
    }

    #[test]
    fn unparsable_text_reports_the_error_line() {
        let (parsed, found) = check("a = 1\nb = \n", Rules::default());
        assert!(!parsed);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.line, Some(2));
        assert!(found[0].message.starts_with("TOML syntax error"));
    }
}
