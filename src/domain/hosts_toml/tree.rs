//! The parsed document the decoders read: tables, keys and values with the byte spans and
//! table forms (header, implicit, dotted, inline) that containerd's behaviour depends on.
//!
//! [`plain`](super::plain) builds it directly for the plain TOML that hosts.toml files are
//! written in; every other document goes through `toml_edit` and [`from_document`]. Both give
//! the same tree for the same text, which debug builds check on every plain document.

use std::borrow::Cow;
use std::ops::Range;

/// A table with its entries in `toml_edit`'s order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Table<'t> {
    pub entries: Vec<Entry<'t>>,
    /// A header table's `[…]`; for other tables what `toml_edit` reports.
    pub span: Option<Range<usize>>,
    /// The header's place among the document's headers (from 1).
    pub position: Option<isize>,
    /// Created by a header or dotted key naming a table inside it.
    pub implicit: bool,
    /// Created by a dotted key.
    pub dotted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry<'t> {
    pub name: Cow<'t, str>,
    pub key_span: Option<Range<usize>>,
    pub item: Item<'t>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item<'t> {
    Value(Value<'t>),
    Table(Table<'t>),
    ArrayOfTables(Vec<Table<'t>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Value<'t> {
    pub kind: ValueKind<'t>,
    pub span: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ValueKind<'t> {
    String(Cow<'t, str>),
    Integer,
    Float,
    Boolean(bool),
    Datetime,
    Array(Vec<Value<'t>>),
    /// An inline table `{ … }`, or a dotted key's table inside one.
    Table(Table<'t>),
}

impl<'t> Table<'t> {
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Item<'t>)> {
        self.entries.iter().map(|e| (e.name.as_ref(), &e.item))
    }

    /// Declared by its own `[…]` header.
    pub fn has_header(&self) -> bool {
        !self.implicit && !self.dotted
    }
}

impl<'t> Item<'t> {
    pub fn span(&self) -> Option<Range<usize>> {
        match self {
            Item::Value(v) => v.span.clone(),
            Item::Table(t) => t.span.clone(),
            Item::ArrayOfTables(tables) => {
                let first = tables.first()?.span.clone()?;
                let last = tables.last()?.span.clone()?;
                Some(first.start..last.end)
            }
        }
    }

    pub fn as_value(&self) -> Option<&Value<'t>> {
        match self {
            Item::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        self.as_value().and_then(Value::as_str)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.as_value()?.kind {
            ValueKind::Boolean(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'t>]> {
        self.as_value().and_then(Value::as_array)
    }

    /// A `[table]` (not an inline table).
    pub fn is_table(&self) -> bool {
        matches!(self, Item::Table(_))
    }

    /// A `[table]` or an inline table.
    pub fn as_table_like(&self) -> Option<&Table<'t>> {
        match self {
            Item::Table(t) => Some(t),
            Item::Value(v) => v.as_table(),
            Item::ArrayOfTables(_) => None,
        }
    }

    /// "a string", "a table", … for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Item::Value(v) => v.type_name(),
            Item::Table(_) => "a table",
            Item::ArrayOfTables(_) => "an array of tables",
        }
    }
}

impl<'t> Value<'t> {
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'t>]> {
        match &self.kind {
            ValueKind::Array(values) => Some(values),
            _ => None,
        }
    }

    pub fn as_table(&self) -> Option<&Table<'t>> {
        match &self.kind {
            ValueKind::Table(t) => Some(t),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self.kind {
            ValueKind::String(_) => "a string",
            ValueKind::Integer => "an integer",
            ValueKind::Float => "a float",
            ValueKind::Boolean(_) => "a boolean",
            ValueKind::Datetime => "a date-time",
            ValueKind::Array(_) => "an array",
            ValueKind::Table(_) => "a table",
        }
    }
}

/// The tree of a document `toml_edit` parsed.
pub(super) fn from_document(root: &toml_edit::Table) -> Table<'static> {
    from_table(root)
}

fn from_table(table: &toml_edit::Table) -> Table<'static> {
    Table {
        entries: table
            .iter()
            .map(|(name, item)| Entry {
                name: Cow::Owned(name.to_string()),
                key_span: table.key(name).and_then(toml_edit::Key::span),
                item: from_item(item),
            })
            .collect(),
        span: table.span(),
        position: table.position(),
        implicit: table.is_implicit(),
        dotted: table.is_dotted(),
    }
}

fn from_item(item: &toml_edit::Item) -> Item<'static> {
    match item {
        toml_edit::Item::Table(t) => Item::Table(from_table(t)),
        toml_edit::Item::ArrayOfTables(tables) => {
            Item::ArrayOfTables(tables.iter().map(from_table).collect())
        }
        toml_edit::Item::Value(v) => Item::Value(from_value(v)),
        // A parsed document holds no empty items; an empty table stands in.
        toml_edit::Item::None => Item::Table(Table::default()),
    }
}

fn from_value(value: &toml_edit::Value) -> Value<'static> {
    use toml_edit::Value as V;
    let kind = match value {
        V::String(s) => ValueKind::String(Cow::Owned(s.value().clone())),
        V::Integer(_) => ValueKind::Integer,
        V::Float(_) => ValueKind::Float,
        V::Boolean(b) => ValueKind::Boolean(*b.value()),
        V::Datetime(_) => ValueKind::Datetime,
        V::Array(array) => ValueKind::Array(array.iter().map(from_value).collect()),
        V::InlineTable(table) => ValueKind::Table(Table {
            entries: table
                .iter()
                .map(|(name, v)| Entry {
                    name: Cow::Owned(name.to_string()),
                    key_span: table.key(name).and_then(toml_edit::Key::span),
                    item: Item::Value(from_value(v)),
                })
                .collect(),
            span: table.span(),
            position: None,
            implicit: false,
            dotted: table.is_dotted(),
        }),
    };
    Value {
        kind,
        span: value.span(),
    }
}
