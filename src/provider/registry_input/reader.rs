//! Reading one object of the `registries` input (or the `hosts_toml` function's dynamic
//! `registry` argument) attribute by attribute, each exactly once, into typed fields.
//!
//! Every problem is an error at the attribute's path: a value of the wrong type, a null list
//! element, an attribute the object does not have (only a dynamic function argument can carry
//! one), a string or list over its limit. Unknown values read as absent, so validation before
//! apply sees only what is known. Messages never quote a value: several attributes are
//! sensitive, and so is every header name.

use crate::domain::limits::{self, MAX_ELEMENTS, MAX_REGISTRIES_BYTES, MAX_STRING_BYTES};
use std::collections::BTreeMap;
use tfplugin6::{AttributePath, Diagnostic, Diagnostics, Value};

/// The attributes of one object, read by name; what was not read is reported by [`finish`].
///
/// [`finish`]: Fields::finish
pub(super) struct Fields<'v, 'd> {
    entries: Option<&'v BTreeMap<String, Value>>,
    path: AttributePath,
    diagnostics: &'d mut Diagnostics,
    read: Vec<&'static str>,
}

impl<'v, 'd> Fields<'v, 'd> {
    /// `value` must be an object (or map); null and unknown read as an empty object.
    pub fn new(value: &'v Value, path: AttributePath, diagnostics: &'d mut Diagnostics) -> Self {
        let entries = value.entries();
        if entries.is_none() && !value.is_null() && !value.is_unknown() {
            diagnostics.push(error(&path, "must be an object".to_string()));
        }
        Fields {
            entries,
            path,
            diagnostics,
            read: Vec::new(),
        }
    }

    pub fn diagnostics(&mut self) -> &mut Diagnostics {
        self.diagnostics
    }

    pub fn path_of(&self, name: &str) -> AttributePath {
        self.path.clone().attribute(name)
    }

    /// The known, non-null value of `name`.
    pub fn value(&mut self, name: &'static str) -> Option<&'v Value> {
        self.read.push(name);
        self.entries?
            .get(name)
            .filter(|v| !v.is_null() && !v.is_unknown())
    }

    pub fn string(&mut self, name: &'static str) -> Option<String> {
        let value = self.value(name)?;
        let path = self.path_of(name);
        checked_string(value, &path, self.diagnostics)
    }

    pub fn bool(&mut self, name: &'static str) -> Option<bool> {
        let value = self.value(name)?;
        let bool = value.as_bool();
        if bool.is_none() {
            let path = self.path_of(name);
            self.diagnostics
                .push(error(&path, "must be true or false".to_string()));
        }
        bool
    }

    /// The known elements of a list (or set or tuple) attribute, at most [`MAX_ELEMENTS`] of
    /// them unless `limit` says otherwise.
    pub fn list(&mut self, name: &'static str, limit: (usize, &str)) -> Option<&'v [Value]> {
        let value = self.value(name)?;
        let path = self.path_of(name);
        let Some(elements) = value.elements() else {
            self.diagnostics
                .push(error(&path, "must be a list".to_string()));
            return None;
        };
        let (most, limit_name) = limit;
        if elements.len() > most {
            self.diagnostics.push(error(
                &path,
                limits::exceeded(limit_name, most, elements.len()),
            ));
            return None;
        }
        Some(elements)
    }

    /// A list of strings; a null element is an error, an unknown one is skipped.
    pub fn strings(&mut self, name: &'static str) -> Option<Vec<String>> {
        let elements = self.list(name, (MAX_ELEMENTS, "MAX_ELEMENTS"))?;
        let path = self.path_of(name);
        Some(strings(elements, &path, self.diagnostics))
    }

    /// Header names to values. Errors point at the attribute, never at a name.
    pub fn header(&mut self, name: &'static str) -> Option<BTreeMap<String, Vec<String>>> {
        let value = self.value(name)?;
        let path = self.path_of(name);
        let Some(entries) = value.entries() else {
            self.diagnostics.push(error(
                &path,
                "must be a map of header names to lists of values".to_string(),
            ));
            return None;
        };
        if entries.len() > MAX_ELEMENTS {
            self.diagnostics.push(error(
                &path,
                limits::exceeded("MAX_ELEMENTS", MAX_ELEMENTS, entries.len()),
            ));
            return None;
        }
        let mut header = BTreeMap::new();
        for (header_name, values) in entries {
            if values.is_unknown() {
                continue;
            }
            if header_name.len() > MAX_STRING_BYTES {
                self.diagnostics.push(error(
                    &path,
                    format!(
                        "a header name {}",
                        limits::exceeded("MAX_STRING_BYTES", MAX_STRING_BYTES, header_name.len())
                    ),
                ));
                continue;
            }
            let values = match values.elements() {
                Some(values) if values.len() <= MAX_ELEMENTS => {
                    strings(values, &path, self.diagnostics)
                }
                Some(values) => {
                    self.diagnostics.push(error(
                        &path,
                        format!(
                            "a header's list of values {}",
                            limits::exceeded("MAX_ELEMENTS", MAX_ELEMENTS, values.len())
                        ),
                    ));
                    continue;
                }
                None => {
                    self.diagnostics.push(error(
                        &path,
                        "every header needs a list of values, e.g. [\"…\"]; one has none (null or not a list)".to_string(),
                    ));
                    continue;
                }
            };
            header.insert(header_name.clone(), values);
        }
        Some(header)
    }

    /// Reports the attributes of the object that nothing read.
    pub fn finish(self) {
        let Some(entries) = self.entries else { return };
        for name in entries.keys() {
            if !self.read.contains(&name.as_str()) {
                self.diagnostics.push(error(
                    &self.path,
                    format!(
                        "has no attribute {name:?}; it would be ignored (known: {})",
                        self.read.join(", ")
                    ),
                ));
            }
        }
    }
}

fn strings(elements: &[Value], path: &AttributePath, diagnostics: &mut Diagnostics) -> Vec<String> {
    let mut out = Vec::new();
    for element in elements {
        if element.is_unknown() {
            continue;
        }
        if element.is_null() {
            diagnostics.push(error(
                path,
                "holds a null element, which would be ignored; remove it".to_string(),
            ));
            continue;
        }
        out.extend(checked_string(element, path, diagnostics));
    }
    out
}

fn checked_string(
    value: &Value,
    path: &AttributePath,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let Some(text) = value.as_str() else {
        diagnostics.push(error(path, "must be a string".to_string()));
        return None;
    };
    if text.len() > MAX_STRING_BYTES {
        diagnostics.push(error(
            path,
            limits::exceeded("MAX_STRING_BYTES", MAX_STRING_BYTES, text.len()),
        ));
        return None;
    }
    Some(text.to_string())
}

/// An error at `path`; the detail starts with the path's last attribute name.
pub(super) fn error(path: &AttributePath, detail: String) -> Diagnostic {
    let name = path
        .0
        .iter()
        .rev()
        .find_map(|step| match step {
            tfplugin6::Step::Attribute(name) => Some(format!("`{name}` ")),
            _ => None,
        })
        .unwrap_or_default();
    Diagnostic::error("Invalid registry attribute", format!("{name}{detail}.")).at(path.clone())
}

/// The error for a value whose strings (map keys included) hold more than
/// [`MAX_REGISTRIES_BYTES`] together; found in one pass before anything is converted.
pub(super) fn too_many_bytes(value: &Value, path: &AttributePath) -> Option<Diagnostic> {
    fn bytes(value: &Value) -> usize {
        match value {
            Value::String(s) => s.len(),
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
                items.iter().map(bytes).sum()
            }
            Value::Map(entries) | Value::Object(entries) => {
                entries.iter().map(|(k, v)| k.len() + bytes(v)).sum()
            }
            _ => 0,
        }
    }
    let total = bytes(value);
    (total > MAX_REGISTRIES_BYTES).then(|| {
        error(
            path,
            format!(
                "(all its strings together) {}",
                limits::exceeded("MAX_REGISTRIES_BYTES", MAX_REGISTRIES_BYTES, total)
            ),
        )
    })
}
