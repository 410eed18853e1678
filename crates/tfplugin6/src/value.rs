//! Terraform values as plain Rust data.
//!
//! `Value` does not carry its type: the codec takes the schema's type alongside, which is how
//! Terraform itself exchanges values. Lists, sets and tuples stay distinct variants so a value can
//! be re-encoded with a `dynamic` type.

use crate::diagnostics::{AttributePath, Step};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    /// Not known until apply.
    Unknown,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Value>),
    Set(Vec<Value>),
    Tuple(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Object(BTreeMap<String, Value>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    pub fn object<'a>(attributes: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
        Value::Object(
            attributes
                .into_iter()
                .map(|(name, value)| (name.to_string(), value))
                .collect(),
        )
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// True when neither this value nor anything inside it is unknown.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
                items.iter().all(Value::is_wholly_known)
            }
            Value::Map(entries) | Value::Object(entries) => {
                entries.values().all(Value::is_wholly_known)
            }
            _ => true,
        }
    }

    /// The path to the first unknown value inside this one, for a diagnostic; `None` when it is
    /// wholly known. A path into a set stops at the set, since set elements have no index.
    pub fn unknown_path(&self) -> Option<AttributePath> {
        let mut steps = Vec::new();
        self.find_unknown(&mut steps)
            .then_some(AttributePath(steps))
    }

    fn find_unknown(&self, steps: &mut Vec<Step>) -> bool {
        let mut descend = |step: Step, value: &Value| {
            steps.push(step);
            if value.find_unknown(steps) {
                return true;
            }
            steps.pop();
            false
        };
        match self {
            Value::Unknown => true,
            Value::Set(items) => !items.iter().all(Value::is_wholly_known),
            Value::List(items) | Value::Tuple(items) => items
                .iter()
                .enumerate()
                .any(|(index, item)| descend(Step::Index(index as i64), item)),
            Value::Map(entries) => entries
                .iter()
                .any(|(key, item)| descend(Step::Key(key.clone()), item)),
            Value::Object(entries) => entries
                .iter()
                .any(|(name, item)| descend(Step::Attribute(name.clone()), item)),
            _ => false,
        }
    }

    /// An object's attribute (or a map's entry); `Null` when absent or when `self` is neither.
    pub fn attr(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        match self {
            Value::Object(attributes) | Value::Map(attributes) => {
                attributes.get(name).unwrap_or(&NULL)
            }
            _ => &NULL,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Elements of a list, set or tuple.
    pub fn elements(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// Entries of a map or object.
    pub fn entries(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(entries) | Value::Object(entries) => Some(entries),
            _ => None,
        }
    }
}
