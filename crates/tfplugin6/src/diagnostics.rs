//! Diagnostics with attribute paths, as the provider reports them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One step into a value: an attribute, a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Attribute(String),
    Key(String),
    Index(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttributePath(pub Vec<Step>);

impl AttributePath {
    pub fn root(attribute: &str) -> AttributePath {
        AttributePath(vec![Step::Attribute(attribute.to_string())])
    }

    pub fn attribute(mut self, name: &str) -> AttributePath {
        self.0.push(Step::Attribute(name.to_string()));
        self
    }

    pub fn key(mut self, key: &str) -> AttributePath {
        self.0.push(Step::Key(key.to_string()));
        self
    }

    pub fn index(mut self, index: i64) -> AttributePath {
        self.0.push(Step::Index(index));
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub summary: String,
    pub detail: String,
    pub attribute: Option<AttributePath>,
}

impl Diagnostic {
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            attribute: None,
        }
    }

    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(summary, detail)
        }
    }

    pub fn at(mut self, path: AttributePath) -> Diagnostic {
        self.attribute = Some(path);
        self
    }
}

/// A list of diagnostics with a helper to ask whether any is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}
