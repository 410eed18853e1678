//! A fast reader for plain TOML, the form hosts.toml files are written in: `[a."b"]` headers
//! and `key = value` lines whose values are strings without escapes, booleans, small decimal
//! integers and arrays of those, with comments, in printable ASCII and `\n` line ends.
//!
//! Such a document means the same to every containerd release and to `toml_edit`, and none of
//! the [`syntax`](super::syntax) checks apply to it. Anything else (a doubt included) returns
//! `None`, and the caller parses the text with `toml_edit`, so this reader never has to report
//! an error. Debug builds check that both give the same [`Table`].

use std::borrow::Cow;
use std::ops::Range;

use super::tree::{Entry, Item, Table, Value, ValueKind};
use crate::domain::limits::MAX_TABLES;

/// The tree of `text`, or `None` when it is not plain TOML.
pub(super) fn read(text: &str) -> Option<Table<'_>> {
    if !is_plain_text(text) {
        return None;
    }
    let mut reader = Reader { text, at: 0 };
    let mut root = Table {
        span: Some(0..0),
        ..Table::default()
    };
    // Where the entries go: the root, or a header table (its path from the root).
    let mut current: Vec<usize> = Vec::new();
    let mut headers = 0;
    let mut tables = 0;
    loop {
        reader.skip_blank();
        match reader.peek() {
            None => return Some(root),
            Some(b'\n') => reader.at += 1,
            Some(b'#') => reader.skip_comment(),
            Some(b'[') => {
                headers += 1;
                current = reader.header(&mut root, headers)?;
                // A header adds at most as many tables as it has keys; the rest go to
                // `toml_edit`, which counts them.
                tables += current.len();
                if tables > MAX_TABLES {
                    return None;
                }
                reader.end_of_line()?;
            }
            Some(_) => {
                let table = table_at(&mut root, &current)?;
                let (name, key_span) = reader.key()?;
                reader.skip_blank();
                reader.eat(b'=')?;
                reader.skip_blank();
                let value = reader.value(0)?;
                if table.entries.len() >= MAX_ENTRIES
                    || table.entries.iter().any(|e| e.name == name)
                {
                    return None;
                }
                table.entries.push(Entry {
                    name,
                    key_span: Some(key_span),
                    item: Item::Value(value),
                });
                reader.end_of_line()?;
            }
        }
    }
}

/// Printable ASCII, tabs and line feeds, without backslashes.
fn is_plain_text(text: &str) -> bool {
    // Without short-circuiting, so that the loop vectorises.
    text.bytes().fold(true, |plain, b| {
        plain & ((b' '..=b'~').contains(&b) & (b != b'\\') | (b == b'\n') | (b == b'\t'))
    })
}

/// Tables hold at most this many entries here, so that looking a key up stays cheap; larger
/// ones go to `toml_edit`, which indexes its keys.
const MAX_ENTRIES: usize = 64;

/// Headers name at most this many keys here; `toml_edit` refuses a path of 80 and more.
const MAX_HEADER_KEYS: usize = 16;

/// Arrays nest at most this deep here; deeper ones go to `toml_edit`, which has its own limit.
const MAX_DEPTH: usize = 8;

struct Reader<'t> {
    /// Printable ASCII, tabs and line feeds only.
    text: &'t str,
    at: usize,
}

impl<'t> Reader<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    fn skip_comment(&mut self) {
        while !matches!(self.peek(), None | Some(b'\n')) {
            self.at += 1;
        }
    }

    /// Blanks, then an optional comment, then the end of the line or of the text.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blank();
        if self.peek() == Some(b'#') {
            self.skip_comment();
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.at += 1;
                Some(())
            }
            Some(_) => None,
        }
    }

    /// A bare or quoted key, not dotted.
    fn key(&mut self) -> Option<(Cow<'t, str>, Range<usize>)> {
        let start = self.at;
        let name = match self.peek()? {
            b'"' | b'\'' => self.quoted()?,
            _ => {
                while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    self.at += 1;
                }
                self.text.get(start..self.at).filter(|k| !k.is_empty())?
            }
        };
        Some((Cow::Borrowed(name), start..self.at))
    }

    /// A one-line string without escapes (the text has no backslash); its content.
    fn quoted(&mut self) -> Option<&'t str> {
        let quote = self.peek()?;
        let start = self.at + 1;
        let end = start + self.text.get(start..)?.find(char::from(quote))?;
        let content = self.text.get(start..end)?;
        // `"""` or `'''` opens a multi-line string; a line feed ends the line first.
        let opens_multi_line =
            content.is_empty() && self.text.as_bytes().get(end + 1) == Some(&quote);
        if content.contains('\n') || opens_multi_line {
            return None;
        }
        self.at = end + 1;
        Some(content)
    }

    fn value(&mut self, depth: usize) -> Option<Value<'t>> {
        let start = self.at;
        let kind = match self.peek()? {
            b'"' | b'\'' => ValueKind::String(Cow::Borrowed(self.quoted()?)),
            b'[' if depth < MAX_DEPTH => ValueKind::Array(self.array(depth)?),
            b't' | b'f' => {
                let word = self.word();
                ValueKind::Boolean(match word {
                    b"true" => true,
                    b"false" => false,
                    _ => return None,
                })
            }
            b'0'..=b'9' => {
                let word = self.word();
                let small = word.len() <= 18 && word.iter().all(u8::is_ascii_digit);
                if !small || (word.len() > 1 && word[0] == b'0') {
                    return None;
                }
                ValueKind::Integer
            }
            _ => return None,
        };
        Some(Value {
            kind,
            span: Some(start..self.at),
        })
    }

    /// The characters up to the next blank, separator or comment.
    fn word(&mut self) -> &'t [u8] {
        let start = self.at;
        while !matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b',' | b']' | b'#')
        ) {
            self.at += 1;
        }
        self.text.as_bytes().get(start..self.at).unwrap_or_default()
    }

    fn array(&mut self, depth: usize) -> Option<Vec<Value<'t>>> {
        self.eat(b'[')?;
        let mut values = Vec::new();
        loop {
            self.skip_layout();
            if self.eat(b']').is_some() {
                return Some(values);
            }
            values.push(self.value(depth + 1)?);
            self.skip_layout();
            if self.eat(b',').is_none() {
                self.eat(b']')?;
                return Some(values);
            }
        }
    }

    /// Blanks, line feeds and comments, which arrays may hold between their values.
    fn skip_layout(&mut self) {
        loop {
            self.skip_blank();
            match self.peek() {
                Some(b'\n') => self.at += 1,
                Some(b'#') => self.skip_comment(),
                _ => return,
            }
        }
    }

    /// A `[a.b]` header: opens its table, creating the implicit ones on the way, and returns
    /// the table's path of entry indices from the root.
    fn header(&mut self, root: &mut Table<'t>, position: isize) -> Option<Vec<usize>> {
        let start = self.at;
        self.eat(b'[')?;
        let mut keys = Vec::new();
        loop {
            self.skip_blank();
            let (name, span) = self.key()?;
            // go-toml v1 ends a header at the first `]` of a quoted key.
            if name.contains(['[', ']']) {
                return None;
            }
            keys.push((name, span));
            if keys.len() > MAX_HEADER_KEYS {
                return None;
            }
            self.skip_blank();
            if self.eat(b'.').is_none() {
                break;
            }
        }
        self.eat(b']')?;
        let span = start..self.at;
        let (last, parents) = keys.split_last()?;
        let mut path = Vec::with_capacity(keys.len());
        let mut table = root;
        for (name, key_span) in parents {
            let index = match table.entries.iter().position(|e| e.name == *name) {
                Some(index) => index,
                None if table.entries.len() >= MAX_ENTRIES => return None,
                None => {
                    table.entries.push(Entry {
                        name: name.clone(),
                        key_span: Some(key_span.clone()),
                        item: Item::Table(Table {
                            span: Some(key_span.clone()),
                            implicit: true,
                            ..Table::default()
                        }),
                    });
                    table.entries.len() - 1
                }
            };
            path.push(index);
            table = match &mut table.entries.get_mut(index)?.item {
                Item::Table(t) => t,
                _ => return None,
            };
        }
        // An implicit table may be declared once by its own header; `toml_edit` then moves it
        // after its siblings.
        let declared = match table.entries.iter().position(|e| e.name == last.0) {
            Some(index) => match table.entries.remove(index).item {
                Item::Table(t) if t.implicit && !t.dotted => t,
                _ => return None,
            },
            None if table.entries.len() >= MAX_ENTRIES => return None,
            None => Table::default(),
        };
        table.entries.push(Entry {
            name: last.0.clone(),
            key_span: Some(last.1.clone()),
            item: Item::Table(Table {
                span: Some(span),
                position: Some(position),
                implicit: false,
                dotted: false,
                ..declared
            }),
        });
        path.push(table.entries.len() - 1);
        Some(path)
    }
}

fn table_at<'a, 't>(root: &'a mut Table<'t>, path: &[usize]) -> Option<&'a mut Table<'t>> {
    let mut table = root;
    for &index in path {
        table = match &mut table.entries.get_mut(index)?.item {
            Item::Table(t) => t,
            _ => return None,
        };
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hosts_toml::tree::from_document;

    fn both(text: &str) -> (Option<Table<'_>>, Option<Table<'static>>) {
        let edited = toml_edit::Document::parse(text)
            .ok()
            .map(|d| from_document(d.as_table()));
        (read(text), edited)
    }

    #[test]
    fn plain_documents_read_as_toml_edit_reads_them() {
        for text in [
            "",
            "server = \"https://registry-1.docker.io\"\n\n[host.\"https://m.example/v2\"]\n  capabilities = [\"pull\", \"resolve\"]\n  skip_verify = true\n",
            "# c\n[host]\n[host.'a'] # c\nca = ['x', \"y\",]\nclient = [[\"c\", \"k\"], 'p']\n[host.'a'.header]\nx-a = [\n  \"1\", # one\n  \"2\"\n]\n",
            "[a.b]\nx = 1\n[a]\ny = 0\n[c]\n[a.d]\n",
            "[a.b]\n[c]\n[a]\n",
            "[ a . \"b c\" ]\nk = 42\n\"\" = false\n-_k = []",
            "[host.\"https://a\"]\n[host.\"https://b\"]\n[host.\"https://a\".header]\n",
        ] {
            let (fast, edited) = both(text);
            assert!(fast.is_some(), "{text:?}");
            assert_eq!(fast, edited, "{text:?}");
        }
    }

    #[test]
    fn the_files_this_provider_writes_are_plain() {
        use crate::domain::registry::{render_scs_file, SCS_PRESETS};
        for name in SCS_PRESETS {
            let text = render_scs_file(name).expect("preset");
            let (fast, edited) = both(&text);
            assert!(fast.is_some(), "{name}: {text}");
            assert_eq!(fast, edited, "{name}");
        }
    }

    #[test]
    fn large_tables_are_left_to_toml_edit() {
        let keys = |n: usize| (0..n).map(|i| format!("k{i} = 1\n")).collect::<String>();
        assert!(read(&keys(MAX_ENTRIES)).is_some());
        assert_eq!(read(&keys(MAX_ENTRIES + 1)), None);
        let hosts = |n: usize| {
            (0..n)
                .map(|i| format!("[host.\"https://m{i}\"]\n"))
                .collect::<String>()
        };
        assert!(read(&hosts(MAX_ENTRIES)).is_some());
        assert_eq!(read(&hosts(MAX_ENTRIES + 1)), None);
    }

    /// Found by the `parse_hosts_toml` fuzz target: toml_edit refuses a header of 80 keys
    /// ("recursion limit"), which the first version of this reader accepted.
    #[test]
    fn long_headers_are_left_to_toml_edit() {
        let header = |n: usize| format!("[{}]\n", vec!["k"; n].join("."));
        let longest = header(MAX_HEADER_KEYS);
        let (fast, edited) = both(&longest);
        assert!(fast.is_some());
        assert_eq!(fast, edited);
        assert_eq!(read(&header(MAX_HEADER_KEYS + 1)), None);
        assert_eq!(read(&header(100)), None);
        assert!(toml_edit::Document::parse(header(100)).is_err());
    }

    #[test]
    fn everything_else_is_left_to_toml_edit() {
        for text in [
            "a = \"\\u0041\"\n",
            "a = 1\r\n",
            "a = \"é\"\n",
            "a.b = 1\n",
            "[[a]]\n",
            "a = { b = 1 }\n",
            "a = \"\"\"x\"\"\"\n",
            "a = 1.5\n",
            "a = +1\n",
            "a = 1979-05-27\n",
            "a = 01\n",
            "[host.\"https://[::1]\"]\n",
            // Errors: `toml_edit` reports them.
            "a = 1\na = 2\n",
            "[a]\n[a]\n",
            "a = 1\n[a]\n",
            "a = 1\n[a.b]\n",
            "a = 1 b = 2\n",
            "a = [1,,]\n",
            "a = \"x\n",
            "a = truth\n",
            "[a\n",
            "= 1\n",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }
}
